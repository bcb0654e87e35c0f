// Desk analysis: automatic coding suggestion time per report, and duplicate clustering of
// 100,000 reports made by varying the dev corpus (numbers, days, towns).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  clusterReports,
  corpusExamples,
  loadShippedModel,
  suggestCodes,
  trainCodingModel,
} from '../dist/analysis/index.js';
import { InboxQuerySchema, listInbox } from '../dist/desk/inbox.js';
import { createInboxTables } from '../dist/desk/inbox-projection.js';
import { openDatabase } from '../dist/store/db.js';

const fmt = (n) => n.toLocaleString('en-US');
const CORPUS = fileURLToPath(new URL('../../shared/corpus/reports.dev.jsonl', import.meta.url));

/** Town names swapped into generated reports, by script; each corpus town is replaced now and then. */
const TOWNS = {
  cyr: [
    'Атырау',
    'Актобе',
    'Тараз',
    'Семей',
    'Павлодар',
    'Костанай',
    'Кызылорда',
    'Кентау',
    'Сатпаев',
    'Риддер',
  ],
  lat: [
    'Atyrau',
    'Aktobe',
    'Taraz',
    'Semey',
    'Pavlodar',
    'Kostanay',
    'Kyzylorda',
    'Kentau',
    'Satpayev',
    'Ridder',
  ],
};
const CORPUS_TOWNS = [
  /Жанаозен|Жаңаөзен|Актау|Ақтау|Жезказган|Жезқазған|Экибастуз|Екібастұз|Караганд|Қарағанд|Уральск|Орал|Шымкент|Темиртау|Павлодар|Рудный/g,
  /Zhanaozen|zhanaozen|janaozen|Aktau|aktau|Ekibastuz|ekibastuz|Temirtau|Pavlodar|pavlodar|Kostanay|Shymkent|shymkent|uralsk|rudny/g,
];

function generate(base, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const b = base[i % base.length];
    const round = Math.floor(i / base.length);
    const shift = (round % 400) * 86_400_000;
    const received = b.received_at ? new Date(Date.parse(b.received_at) + shift).toISOString() : undefined;
    let text = b.text.replace(/\d+/g, (d) => String(Number(d) + (round % 7)));
    if (round % 3 === 1) {
      text = text
        .replace(CORPUS_TOWNS[0], () => TOWNS.cyr[round % TOWNS.cyr.length])
        .replace(CORPUS_TOWNS[1], () => TOWNS.lat[round % TOWNS.lat.length]);
    }
    out.push({ id: `g${i}`, text, lang: b.lang, channel: b.channel, received_at: received });
  }
  return out;
}

export async function run(args) {
  const { values } = parseArgs({ args, options: { reports: { type: 'string', default: '100000' } } });
  const n = Number(values.reports);
  const base = readFileSync(CORPUS, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));

  let t = performance.now();
  suggestCodes(base[0]);
  const loadMs = performance.now() - t;

  const sample = generate(base, 20_000);
  const times = [];
  t = performance.now();
  for (const r of sample) {
    const s = performance.now();
    suggestCodes(r);
    times.push(performance.now() - s);
  }
  const perReport = (performance.now() - t) / sample.length;
  times.sort((a, b) => a - b);
  const p99 = times[Math.floor(times.length * 0.99)];

  const reports = generate(base, n);
  t = performance.now();
  const suggestions = reports.map((r) => suggestCodes(r));
  const suggestAllMs = performance.now() - t;
  t = performance.now();
  const clusters = clusterReports(reports.map((r, i) => ({ ...r, suggestion: suggestions[i] })));
  const clusterMs = performance.now() - t;
  // The desk retrains on its decisions: 10,000 corpus reports varied as above, each a decision.
  const decisions = corpusExamples(
    generate(base, 10_000).map((r, i) => ({ ...r, gold: base[i % base.length].gold })),
    3,
  );
  t = performance.now();
  trainCodingModel(decisions, { init: loadShippedModel() });
  const trainMs = performance.now() - t;
  const distinct = new Set(clusters.filter((c) => c !== null)).size;

  console.log('| what | figure | target |');
  console.log('|---|---|---|');
  console.log(`| gazetteer and lexicons, first use (once per process) | ${loadMs.toFixed(0)} ms | |`);
  console.log(
    `| suggestion per report, mean over ${fmt(sample.length)} | ${perReport.toFixed(3)} ms | ≤ 2 ms |`,
  );
  console.log(`| suggestion per report, 99th percentile | ${p99.toFixed(3)} ms | |`);
  console.log(
    `| clustering ${fmt(n)} reports, suggestions stored (as the desk has them) | ${(clusterMs / 1000).toFixed(2)} s | ≤ 30 s |`,
  );
  console.log(
    `| clustering ${fmt(n)} reports from raw text (suggest + cluster) | ${((suggestAllMs + clusterMs) / 1000).toFixed(2)} s | ≤ 30 s |`,
  );
  console.log(`| clusters found | ${fmt(distinct)} | |`);
  console.log(
    `| training the coding model on ${fmt(decisions.length)} decisions | ${(trainMs / 1000).toFixed(1)} s | ≤ 30 s |`,
  );
  const inbox = inboxPages(reports, suggestions, clusters);
  for (const [what, ms] of inbox)
    console.log(
      `| inbox page (50 reports), ${fmt(n)} in the store: ${what} | ${ms.toFixed(1)} ms | ≤ 200 ms |`,
    );
}

/**
 * The inbox's page query over a store holding every generated report. Rows go straight into
 * the inbox's tables (what opening each wrap would put there), since the page cost is the query.
 * Each figure is the median of 15 runs.
 */
function inboxPages(reports, suggestions, clusters) {
  const db = openDatabase(':memory:');
  createInboxTables(db);
  const insert = db.prepare(
    `INSERT INTO proj_reports (id, wrap_id, seq, author, created_at, channel, lang, text, hints, suggestion, settlement, event_type, noise, cluster, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, 'new')`,
  );
  const fts = db.prepare('INSERT INTO proj_reports_fts (id, text) VALUES (?, ?)');
  const hex = (i, salt) => (salt + i.toString(16)).padStart(64, '0');
  db.transaction(() => {
    reports.forEach((r, i) => {
      const s = suggestions[i];
      const id = hex(i, 'a');
      const at = Math.floor(Date.parse(r.received_at ?? '2022-01-05T00:00:00Z') / 1000);
      insert.run(
        id,
        hex(i, 'b'),
        i + 1,
        hex(i % 40_000, 'c'),
        at,
        r.channel ?? 'web',
        r.lang ?? null,
        r.text,
        JSON.stringify(s),
        s.settlement,
        s.event_type,
        s.noise ? 1 : 0,
        clusters[i] ?? id,
      );
      fts.run(id, r.text);
    });
  })();
  const time = (query) => {
    const q = InboxQuerySchema.parse(query);
    const runs = [];
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      listInbox(db, q);
      runs.push(performance.now() - t);
    }
    return runs.sort((a, b) => a - b)[7];
  };
  let cursor;
  for (let page = 0; page < 100; page++)
    cursor = listInbox(db, InboxQuerySchema.parse({ cursor })).next ?? cursor;
  const busiest = db
    .prepare(
      'SELECT settlement FROM proj_reports WHERE settlement IS NOT NULL GROUP BY settlement ORDER BY count(*) DESC LIMIT 1',
    )
    .get();
  return [
    ['first page, unprocessed', time({})],
    ['page 101 (cursor)', time({ cursor })],
    [`settlement ${busiest.settlement}`, time({ settlement: busiest.settlement })],
    ['search "забастовка"', time({ q: 'забастовка' })],
    ['all statuses, channel sms', time({ status: 'all', channel: 'sms' })],
    ['least sure first (sort=confidence)', time({ sort: 'confidence' })],
  ];
}
