/**
 * The map's projection: Lambert conformal conic, the projection of the official maps of
 * Kazakhstan (standard parallels 45° and 52° N, central meridian 67° E), so that the country
 * has its familiar shape. Output units are the Earth's radius; y grows downwards (SVG).
 */

export type Point = readonly [number, number];
export type Project = (lon: number, lat: number) => [number, number];

const RAD = Math.PI / 180;

/**
 * @example const p = lambertConformalConic(); p(67, 48) // [0, 0]
 */
export function lambertConformalConic(
  parallels: readonly [number, number] = [45, 52],
  center: Point = [67, 48],
): Project {
  const phi1 = parallels[0] * RAD;
  const phi2 = parallels[1] * RAD;
  const t = (phi: number) => Math.tan(Math.PI / 4 + phi / 2);
  const n =
    phi1 === phi2 ? Math.sin(phi1) : Math.log(Math.cos(phi1) / Math.cos(phi2)) / Math.log(t(phi2) / t(phi1));
  const f = (Math.cos(phi1) * t(phi1) ** n) / n;
  const rho = (lat: number) => f / t(lat * RAD) ** n;
  const rho0 = rho(center[1]);
  const lon0 = center[0];
  return (lon, lat) => {
    const theta = n * (lon - lon0) * RAD;
    const r = rho(lat);
    return [r * Math.sin(theta), -(rho0 - r * Math.cos(theta))];
  };
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The bounding box of projected points. */
export function boundsOf(points: Iterable<readonly [number, number]>): Box {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const [x, y] of points) {
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * A projection that maps `box` (projected units) into a view of `width` × `height`, centred,
 * keeping the aspect, with `padding` on each side.
 *
 * @example fitProjection(project, kazakhstanBox, 1000, 620, 10)(67, 48) // a point near the middle
 */
export function fitProjection(
  project: Project,
  box: Box,
  width: number,
  height: number,
  padding = 0,
): Project {
  const k = Math.min((width - 2 * padding) / box.width, (height - 2 * padding) / box.height);
  const dx = (width - k * box.width) / 2 - k * box.x;
  const dy = (height - k * box.height) / 2 - k * box.y;
  return (lon, lat) => {
    const [x, y] = project(lon, lat);
    return [x * k + dx, y * k + dy];
  };
}

/** Pan and zoom: a view point is `k * p + [x, y]`. */
export interface Zoom {
  k: number;
  x: number;
  y: number;
}

export const IDENTITY: Zoom = { k: 1, x: 0, y: 0 };

/**
 * Zoom by `factor` keeping the view point `at` where it is, within [minK, maxK].
 * @example zoomAt({ k: 1, x: 0, y: 0 }, 2, [50, 50]) // { k: 2, x: -50, y: -50 }
 */
export function zoomAt(z: Zoom, factor: number, at: Point, minK = 1, maxK = 16): Zoom {
  const k = Math.max(minK, Math.min(maxK, z.k * factor));
  const f = k / z.k;
  return { k, x: at[0] - (at[0] - z.x) * f, y: at[1] - (at[1] - z.y) * f };
}

/**
 * Keep the map covering the view: the view of `width` × `height` never shows past the map's
 * edges (at k = 1 the map fills the view exactly).
 */
export function clampZoom(z: Zoom, width: number, height: number): Zoom {
  const minX = width - width * z.k;
  const minY = height - height * z.k;
  return { k: z.k, x: Math.min(0, Math.max(minX, z.x)), y: Math.min(0, Math.max(minY, z.y)) };
}
