import { describe, expect, it } from 'vitest';
import { decodeRings, isMapFile, pathOf } from './map-data.js';

describe('decodeRings', () => {
  it('reads delta-coded integer rings back into degrees', () => {
    // Zhanaozen-ish: 52.86 E, 43.34 N, then 0.5° east, then back.
    expect(decodeRings([[5286, 4334, 50, 0, -50, 0]], 100)).toEqual([
      [
        [52.86, 43.34],
        [53.36, 43.34],
        [52.86, 43.34],
      ],
    ]);
  });
});

describe('pathOf', () => {
  const identity = (lon: number, lat: number): [number, number] => [lon, lat];

  it('draws closed rings once each, without repeating the closing point', () => {
    const square: [number, number][] = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ];
    expect(pathOf([square], identity)).toBe('M0 0L1 0L1 1L0 1Z');
    expect(pathOf([square, square], identity)).toBe('M0 0L1 0L1 1L0 1ZM0 0L1 0L1 1L0 1Z');
  });

  it('drops points that fall on the same tenth of a unit, and rings too small to draw', () => {
    const ring: [number, number][] = [
      [0, 0],
      [0.01, 0.01],
      [5, 0],
      [5, 5],
      [0, 0],
    ];
    expect(pathOf([ring], identity)).toBe('M0 0L5 0L5 5Z');
    expect(
      pathOf(
        [
          [
            [0, 0],
            [0.02, 0],
            [0, 0],
          ],
        ],
        identity,
      ),
    ).toBe('');
  });
});

describe('isMapFile', () => {
  it('accepts the built shape and refuses anything else', () => {
    expect(isMapFile({ v: 1, scale: 100, bbox: [44, 36, 92, 58], countries: [], regions: [] })).toBe(true);
    expect(isMapFile({ v: 2, scale: 100, bbox: [], countries: [], regions: [] })).toBe(false);
    expect(isMapFile(null)).toBe(false);
    expect(isMapFile('<html>')).toBe(false);
  });
});
