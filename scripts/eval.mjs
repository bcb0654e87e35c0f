#!/usr/bin/env node
// `npm run eval [-- FILE…] [--errors loco|loto|in] [--quick]`: coding suggestions and duplicate
// clusters scored against the `gold` of every labelled corpus in ../shared/corpus/ (or the files
// given). Three figures per field:
//   in-sample — the shipped model, trained on these very reports, and every data-file entry on;
//   LOCO      — leave-one-cluster-out: each event's reports coded by a model trained without them;
//   LOTO      — leave-one-town-out: each town's reports coded by a model trained without that
//               town, with the data-file entries that name the town or its enterprises off.
// LOTO is the figure to quote. Then per language (LOTO), the confusion of event types (LOTO) and
// the calibration of the confidences (LOTO: share correct per confidence band).
// `--rules-only` scores the rules without the model. Run after `npm run build`.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  clusterReports,
  corpusExamples,
  holdoutOf,
  loadShippedModel,
  suggestCodes,
  trainCodingModel,
} from '../dist/analysis/index.js';
import { bcubed, calibration, confusion, isNoise, scoreRows, TARGETS } from './eval-metrics.mjs';

const { values, positionals } = parseArgs({
  options: { errors: { type: 'string' }, 'rules-only': { type: 'boolean' } },
  allowPositionals: true,
});
const corpusDir = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
const files =
  positionals.length > 0
    ? positionals
    : readdirSync(corpusDir)
        .filter((f) => /^reports\..*\.jsonl$/.test(f))
        .sort()
        .map((f) => corpusDir + f);
const reports = files.flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l)),
);
const all = reports.map((_, i) => i);

/** Suggestions for every report, each fold coded by a model trained on the other folds. */
function crossValidate(foldOf) {
  const folds = new Map();
  reports.forEach((r, i) => {
    const k = foldOf(r);
    if (!folds.has(k)) folds.set(k, []);
    folds.get(k).push(i);
  });
  const out = new Array(reports.length);
  let trainMs = 0;
  for (const idx of folds.values()) {
    const inFold = new Set(idx);
    const t0 = performance.now();
    const model = values['rules-only']
      ? null
      : trainCodingModel(corpusExamples(reports.filter((_, i) => !inFold.has(i))));
    trainMs += performance.now() - t0;
    const gold = idx.map((i) => reports[i].gold).filter((g) => g && !isNoise(g));
    const holdout = holdoutOf(
      gold.map((g) => g.settlement).filter(Boolean),
      gold.map((g) => g.enterprise?.name).filter(Boolean),
    );
    for (const i of idx) out[i] = suggestCodes(reports[i], { model, holdout });
  }
  return { suggestions: out, folds: folds.size, trainMs: trainMs / folds.size };
}

const townOf = (r) =>
  isNoise(r.gold)
    ? `noise:${r.id}`
    : (r.gold.settlement ?? r.gold.admin1 ?? `national:${r.gold.cluster ?? r.id}`);
const clusterOf = (r) => (isNoise(r.gold) ? `noise:${r.id}` : `cluster:${r.gold.cluster ?? r.id}`);

const shipped = values['rules-only'] ? null : loadShippedModel();
const t0 = performance.now();
const inSample = reports.map((r) => suggestCodes(r, { model: shipped }));
const suggestMs = (performance.now() - t0) / reports.length;
const loco = crossValidate(clusterOf);
const loto = crossValidate(townOf);

const score = (suggestions, idx, errors) => {
  const rows = scoreRows(reports, suggestions, idx, errors);
  const sub = idx.map((i) => reports[i]);
  const clusters = clusterReports(sub.map((r, j) => ({ ...r, suggestion: suggestions[idx[j]] })));
  rows.push(['clusters', 'B-cubed F1', bcubed(sub, clusters), idx.length]);
  return rows;
};
const errs = { in: [], loco: [], loto: [] };
const rowsIn = score(inSample, all, errs.in);
const rowsLoco = score(loco.suggestions, all, errs.loco);
const rowsLoto = score(loto.suggestions, all, errs.loto);

const fmt = (x) => (Number.isNaN(x) ? '–' : x.toFixed(3));
console.log(
  `# eval: ${reports.length} reports (${reports.filter((r) => !isNoise(r.gold)).length} events) from ${files.map((f) => f.split('/').pop()).join(', ')}`,
);
console.log(
  `folds: ${loco.folds} clusters, ${loto.folds} towns; the model is retrained per fold (mean ${loco.trainMs.toFixed(0)} ms)\n`,
);
console.log('| field | measure | in-sample | LOCO | LOTO | target | n |');
console.log('|---|---|---:|---:|---:|---|---:|');
rowsIn.forEach(([field, measure, s, n], k) => {
  const target = TARGETS[field];
  console.log(
    `| ${field} | ${measure} | ${fmt(s)} | ${fmt(rowsLoco[k][2])} | ${fmt(rowsLoto[k][2])} | ${target ? `≥ ${target.toFixed(2)}` : ''} | ${n} |`,
  );
});

const langs = ['ru', 'kk', 'en'];
const byLang = langs.map((l) => all.filter((i) => (reports[i].lang ?? 'ru') === l));
const langRows = byLang.map((idx) => score(loto.suggestions, idx));
console.log(
  `\n## LOTO per language (${langs.map((l, k) => `${l} ${byLang[k].length}`).join(', ')} reports)\n`,
);
console.log(`| field | ${langs.join(' | ')} |`);
console.log(`|---|${langs.map(() => '---:').join('|')}|`);
langRows[0].forEach(([field], k) => {
  if (!Object.hasOwn(TARGETS, field) && !['date', 'tactics', 'actor_roles'].includes(field)) return;
  console.log(`| ${field} | ${langRows.map((rows) => fmt(rows[k][2])).join(' | ')} |`);
});

console.log('\n## LOTO confusion of event types\n');
console.log(confusion(reports, loto.suggestions));
console.log('\n## LOTO calibration: share correct (reports) per confidence band\n');
console.log(
  calibration(reports, loto.suggestions, [
    'event_type',
    'sub_event_type',
    'settlement',
    'date',
    'demands',
    'state_responses',
    'noise',
  ]),
);
console.log(`\nsuggestion: ${suggestMs.toFixed(3)} ms per report (in-sample pass, first use loads the data)`);
if (values.errors) {
  const list = errs[values.errors];
  if (!list) throw new Error('--errors takes in, loco or loto');
  console.log(`\n## errors (${values.errors})\n${list.join('\n')}`);
}
