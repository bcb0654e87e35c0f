import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeRings, isMapFile, type MapFile } from './map-data.js';

/** The map file as the build wrote it (scripts/map-data.mjs through scripts/build-web.mjs). */
function builtMap(): { name: string; text: string } {
  const dir = new URL('../../dist/assets/', import.meta.url);
  const name = readdirSync(dir).find((f) => /^map-[A-Z0-9_-]+\.json$/i.test(f));
  if (!name) throw new Error('web/dist has no map file: run `node scripts/build-web.mjs` first');
  return { name, text: readFileSync(new URL(name, dir), 'utf8') };
}

describe('the built map file', () => {
  const { text } = builtMap();
  const data: unknown = JSON.parse(text);

  it('is small: a few thousand points, well under 24 KB gzipped', () => {
    expect(isMapFile(data)).toBe(true);
    expect(gzipSync(text).length).toBeLessThan(24 * 1024);
  });

  it('holds Kazakhstan, its neighbours and its 16 regions of January 2022, all inside the map box', () => {
    const map = data as MapFile;
    const codes = map.countries.map((c) => c.code);
    for (const code of ['kaz', 'rus', 'chn', 'kgz', 'uzb', 'tkm']) expect(codes).toContain(code);
    expect(new Set(map.regions.map((r) => r.admin1)).size).toBe(16);
    const [x0, y0, x1, y1] = map.bbox;
    for (const shape of [...map.countries, ...map.regions]) {
      for (const ring of decodeRings(shape.rings, map.scale)) {
        expect(ring.length).toBeGreaterThanOrEqual(3);
        for (const [lon, lat] of ring) {
          expect(lon).toBeGreaterThanOrEqual(x0 - 0.01);
          expect(lon).toBeLessThanOrEqual(x1 + 0.01);
          expect(lat).toBeGreaterThanOrEqual(y0 - 0.01);
          expect(lat).toBeLessThanOrEqual(y1 + 0.01);
        }
      }
    }
  });

  it('draws Kazakhstan where it is: Zhanaozen, Almaty and Astana inside its outline', () => {
    const map = data as MapFile;
    const kaz = decodeRings(map.countries.find((c) => c.code === 'kaz')!.rings, map.scale);
    const inside = (lon: number, lat: number) =>
      kaz.filter((ring) => contains(ring, lon, lat)).length % 2 === 1;
    expect(inside(52.86, 43.34)).toBe(true);
    expect(inside(76.95, 43.25)).toBe(true);
    expect(inside(71.45, 51.17)).toBe(true);
    // Bishkek and Tashkent are not.
    expect(inside(74.59, 42.87)).toBe(false);
    expect(inside(69.24, 41.3)).toBe(false);
  });
});

function contains(ring: [number, number][], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
