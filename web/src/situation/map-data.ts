/**
 * The map file that scripts/map-data.mjs writes at build time: Kazakhstan, its regions and its
 * neighbours as rings of integer coordinates (1/scale degrees, delta-coded).
 */
import type { Project } from './projection.js';

export interface MapFile {
  v: 1;
  scale: number;
  bbox: [number, number, number, number];
  countries: { code: string; rings: number[][] }[];
  /** A region may have several shapes; its main one carries the label's position. */
  regions: { admin1: string; rings: number[][]; label: [number, number] | null }[];
  labels: {
    countries: { code: string; at: [number, number] }[];
    cities: { admin1: string; at: [number, number] }[];
  };
}

/** Rings as [lon, lat] pairs. */
export function decodeRings(rings: readonly (readonly number[])[], scale: number): [number, number][][] {
  return rings.map((ring) => {
    const out: [number, number][] = [];
    let x = 0;
    let y = 0;
    for (let i = 0; i + 1 < ring.length; i += 2) {
      x += ring[i]!;
      y += ring[i + 1]!;
      out.push([x / scale, y / scale]);
    }
    return out;
  });
}

/**
 * An SVG path for rings (closed, one decimal: the view is about 1000 units wide). Holes and
 * islands are rings of the same path, drawn with fill-rule evenodd.
 *
 * @example pathOf([[[0, 0], [1, 0], [1, 1], [0, 0]]], (lon, lat) => [lon, lat]) // 'M0 0L1 0L1 1Z'
 */
export function pathOf(rings: readonly (readonly [number, number])[][], project: Project): string {
  let d = '';
  for (const ring of rings) {
    const points: string[] = [];
    for (const [lon, lat] of ring) {
      const [x, y] = project(lon, lat);
      const point = `${round1(x)} ${round1(y)}`;
      if (point !== points[points.length - 1]) points.push(point);
    }
    // A closed ring repeats its first point: "Z" draws that edge.
    if (points.length > 1 && points[0] === points[points.length - 1]) points.pop();
    if (points.length >= 3) d += `M${points.join('L')}Z`;
  }
  return d;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Whether a parsed file has the shape this page reads. */
export function isMapFile(data: unknown): data is MapFile {
  const d = data as Partial<MapFile> | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    d.v === 1 &&
    typeof d.scale === 'number' &&
    Array.isArray(d.bbox) &&
    Array.isArray(d.countries) &&
    Array.isArray(d.regions)
  );
}
