#!/usr/bin/env node
// `npm run eval [-- FILE] [--half 1|2] [--errors]`: coding suggestions and duplicate clusters over a
// labelled corpus (default ../shared/corpus/reports.dev.jsonl), scored against its `gold`:
// accuracy per single-valued field, micro-F1 per multi-valued field (both over the reports whose
// gold is an event), noise-detection F1, and B-cubed F1 of the clusters. Run after `npm run build`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { clusterReports, suggestCodes } from '../dist/analysis/index.js';

const { values, positionals } = parseArgs({
  options: { half: { type: 'string' }, errors: { type: 'boolean' } },
  allowPositionals: true,
});
const file =
  positionals[0] ?? fileURLToPath(new URL('../../shared/corpus/reports.dev.jsonl', import.meta.url));
let reports = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));
// Halves by position (odd/even lines), for developing on one and checking on the other.
if (values.half) reports = reports.filter((_, i) => i % 2 === Number(values.half) - 1);

const t0 = performance.now();
const suggestions = reports.map((r) => suggestCodes(r));
const t1 = performance.now();
const clusters = clusterReports(reports.map((r, i) => ({ ...r, suggestion: suggestions[i] })));

const SINGLE = [
  'event_type',
  'sub_event_type',
  'date',
  'settlement',
  'admin1',
  'enterprise',
  'organization',
  'size',
];
const MULTI = ['actor_roles', 'tactics', 'demands', 'state_responses'];
const norm = (field, v) => {
  if (v === undefined || v === null) return null;
  if (field === 'enterprise') return v.name;
  if (field === 'size') return `${v.low}-${v.high ?? ''}`;
  return v;
};
const isNoise = (g) => !g || g.event_type === null;

const rows = [];
const errors = [];
for (const field of SINGLE) {
  let n = 0;
  let ok = 0;
  reports.forEach((r, i) => {
    if (isNoise(r.gold)) return;
    n++;
    const want = norm(field, r.gold[field]);
    const got = suggestions[i].noise ? undefined : norm(field, suggestions[i][field]);
    if (want === got) ok++;
    else errors.push(`${r.id} ${field}: want ${JSON.stringify(want)} got ${JSON.stringify(got ?? null)}`);
  });
  rows.push([field, 'accuracy', ok / n, n]);
}
for (const field of MULTI) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let n = 0;
  reports.forEach((r, i) => {
    if (isNoise(r.gold)) return;
    n++;
    const want = new Set(r.gold[field] ?? []);
    const got = new Set(suggestions[i][field] ?? []);
    for (const x of got) want.has(x) ? tp++ : fp++;
    for (const x of want) if (!got.has(x)) fn++;
    if ([...got].some((x) => !want.has(x)) || [...want].some((x) => !got.has(x))) {
      errors.push(`${r.id} ${field}: want ${JSON.stringify([...want])} got ${JSON.stringify([...got])}`);
    }
  });
  rows.push([field, 'micro-F1', f1(tp, fp, fn), n]);
}
{
  let tp = 0;
  let fp = 0;
  let fn = 0;
  reports.forEach((r, i) => {
    const want = isNoise(r.gold);
    const got = suggestions[i].noise;
    if (got && want) tp++;
    else if (got) fp++;
    else if (want) fn++;
    if (got !== want) errors.push(`${r.id} noise: want ${want} got ${got}`);
  });
  rows.push(['noise', 'F1', f1(tp, fp, fn), reports.length]);
}
rows.push(['clusters', 'B-cubed F1', bcubed(reports, clusters), reports.length]);

const TARGETS = {
  event_type: 0.85,
  settlement: 0.9,
  demands: 0.8,
  state_responses: 0.75,
  noise: 0.9,
  clusters: 0.8,
};
console.log(`# eval over ${file}${values.half ? ` (half ${values.half})` : ''}: ${reports.length} reports`);
console.log('| field | measure | score | target | n |');
console.log('|---|---|---|---|---|');
for (const [field, measure, score, n] of rows) {
  const target = TARGETS[field];
  console.log(
    `| ${field} | ${measure} | ${score.toFixed(3)} | ${target ? `≥ ${target.toFixed(2)}` : ''} | ${n} |`,
  );
}
console.log(
  `\nsuggestion: ${((t1 - t0) / reports.length).toFixed(3)} ms per report (first use includes loading the gazetteer)`,
);
if (values.errors) console.log(`\n${errors.join('\n')}`);

function f1(tp, fp, fn) {
  if (tp + fp + fn === 0) return 1;
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  return p + r ? (2 * p * r) / (p + r) : 0;
}

/** B-cubed F1; reports without a gold cluster (noise), or without a predicted one, stand alone. */
function bcubed(reps, predicted) {
  const gold = reps.map((r, i) => r.gold?.cluster ?? `gold-alone-${i}`);
  const pred = predicted.map((c, i) => c ?? `pred-alone-${i}`);
  let p = 0;
  let r = 0;
  for (let i = 0; i < reps.length; i++) {
    let samePred = 0;
    let sameGold = 0;
    let both = 0;
    for (let j = 0; j < reps.length; j++) {
      const g = gold[j] === gold[i];
      const q = pred[j] === pred[i];
      if (q) samePred++;
      if (g) sameGold++;
      if (g && q) both++;
    }
    p += both / samePred;
    r += both / sameGold;
  }
  p /= reps.length;
  r /= reps.length;
  return (2 * p * r) / (p + r);
}
