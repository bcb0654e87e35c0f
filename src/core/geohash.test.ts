import { describe, expect, it } from 'vitest';
import { decodeGeohash, encodeGeohash } from './geohash.js';

describe('encodeGeohash', () => {
  it('matches published reference values', () => {
    // The worked example of the geohash article (Jutland, Denmark) and of geohash.org.
    expect(encodeGeohash(57.64911, 10.40744)).toBe('u4pruy');
    expect(encodeGeohash(57.64911, 10.40744, 11)).toBe('u4pruydqqvj');
    expect(encodeGeohash(42.6, -5.6, 5)).toBe('ezs42');
  });

  it('puts the corners and the origin of the grid in the right cells', () => {
    expect(encodeGeohash(0, 0)).toBe('s00000');
    expect(encodeGeohash(-90, -180)).toBe('000000');
    expect(encodeGeohash(90, 180)).toBe('zzzzzz');
  });

  it('gives nearby points a common prefix', () => {
    const aktau = encodeGeohash(43.65, 51.17);
    const aktauPort = encodeGeohash(43.6, 51.2);
    expect(aktau.slice(0, 3)).toBe(aktauPort.slice(0, 3));
  });

  it('refuses points off the globe and impossible precisions', () => {
    expect(() => encodeGeohash(91, 0)).toThrow(expect.objectContaining({ code: 'invalid_coordinates' }));
    expect(() => encodeGeohash(0, -181)).toThrow(expect.objectContaining({ code: 'invalid_coordinates' }));
    expect(() => encodeGeohash(Number.NaN, 0)).toThrow(
      expect.objectContaining({ code: 'invalid_coordinates' }),
    );
    expect(() => encodeGeohash(0, 0, 0)).toThrow(expect.objectContaining({ code: 'invalid_coordinates' }));
    expect(() => encodeGeohash(0, 0, 13)).toThrow(expect.objectContaining({ code: 'invalid_coordinates' }));
  });
});

describe('decodeGeohash', () => {
  it('returns a cell that contains the encoded point', () => {
    const cell = decodeGeohash('u4pruydqqvj');
    expect(cell.lat).toBeCloseTo(57.64911, 4);
    expect(cell.lon).toBeCloseTo(10.40744, 4);
    for (const [lat, lon] of [
      [43.3412, 52.8619],
      [-33.86, 151.21],
      [51.1694, 71.4491],
    ] as const) {
      const c = decodeGeohash(encodeGeohash(lat, lon));
      expect(Math.abs(c.lat - lat)).toBeLessThanOrEqual(c.latError);
      expect(Math.abs(c.lon - lon)).toBeLessThanOrEqual(c.lonError);
    }
  });

  it('halves the cell with every bit (longitude first)', () => {
    // One character: 3 longitude bits (360° / 8) and 2 latitude bits (180° / 4).
    expect(decodeGeohash('u')).toMatchObject({ latError: 22.5, lonError: 22.5 });
    // Six characters: 15 bits each.
    expect(decodeGeohash('u4pruy')).toMatchObject({ latError: 90 / 2 ** 15, lonError: 180 / 2 ** 15 });
  });

  it('refuses strings that are not geohashes', () => {
    expect(() => decodeGeohash('')).toThrow(expect.objectContaining({ code: 'invalid_geohash' }));
    expect(() => decodeGeohash('u4pa')).toThrow(expect.objectContaining({ code: 'invalid_geohash' }));
    expect(() => decodeGeohash('u'.repeat(13))).toThrow(expect.objectContaining({ code: 'invalid_geohash' }));
  });
});
