// Situation: the dashboard's aggregate query over 1,000,000 coded events, answered from the
// incremental rollups of the coded_events projection, next to DuckDB computing the same
// aggregates over the same rows and a plain GROUP BY over the raw rows in SQLite.

import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  DEMAND_CLASS,
  ORGANIZATIONS,
  SECTORS,
  STATE_RESPONSES,
  SUB_EVENT_TYPE_TO_EVENT_TYPE,
} from '../dist/core/taxonomy.js';
import { querySituation } from '../dist/situation/query.js';
import { openDatabase } from '../dist/store/db.js';
import { bulkLoadCodedEvents, codedEvents } from '../dist/store/projections/coded-events.js';
import { codedRow } from '../dist/store/projections/contributions.js';

const fmt = (n) => n.toLocaleString('en-US');
const ms = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS = [
  'Mangystau Region',
  'Almaty',
  'Karaganda Region',
  'Atyrau Region',
  'Aktobe Region',
  'West Kazakhstan Region',
  'Kyzylorda Region',
  'Turkestan Region',
  'Shymkent',
  'Zhambyl Region',
  'Almaty Region',
  'Astana',
  'Akmola Region',
  'Kostanay Region',
  'North Kazakhstan Region',
  'Pavlodar Region',
  'East Kazakhstan Region',
];
const SUBS = Object.keys(SUB_EVENT_TYPE_TO_EVENT_TYPE);
const DEMANDS = Object.keys(DEMAND_CLASS);
const RESPONSES = STATE_RESPONSES;
const ROLES = [
  'workers',
  'residents',
  'youth',
  'union',
  'collective',
  'opposition',
  'rioters',
  'state_forces',
  'government',
];
const ORGS = ORGANIZATIONS;
const START = Date.UTC(2021, 0, 1);
const DAYS = 3 * 365;

/** Skewed pick: early items are more likely (a few regions and demands dominate, as in life). */
const skew = (r, xs) => xs[Math.floor(r() ** 2 * xs.length)];
const some = (r, xs, max) => [
  ...new Set(Array.from({ length: Math.floor(r() * (max + 1)) }, () => skew(r, xs))),
];

/** The million coded events, in date order, deterministic. */
function* rows(n) {
  const r = rng(42);
  const places = REGIONS.flatMap((admin1, i) =>
    Array.from({ length: 18 }, (_, j) => ({
      admin1,
      settlement: `Town ${i}-${j}`,
      lat: 41 + i * 0.6 + j * 0.01,
      lon: 50 + i + j * 0.02,
    })),
  );
  const enterprises = Array.from({ length: 250 }, (_, i) => ({
    name: `Enterprise ${i}`,
    sector: SECTORS[i % SECTORS.length],
  }));
  for (let i = 0; i < n; i++) {
    const date = new Date(START + Math.floor((i / n) * DAYS) * 86_400_000).toISOString().slice(0, 10);
    const sub = skew(r, SUBS);
    const national = r() < 0.03;
    const p = skew(r, places);
    const enterprise = r() < 0.4 ? skew(r, enterprises) : null;
    const content = {
      id: `e${i}`,
      event_type: SUB_EVENT_TYPE_TO_EVENT_TYPE[sub],
      sub_event_type: sub,
      date,
      time_precision: 1,
      location: national
        ? { settlement: null, admin1: null, country: 'Kazakhstan', lat: null, lon: null, geo_precision: 3 }
        : {
            settlement: p.settlement,
            admin1: p.admin1,
            country: 'Kazakhstan',
            lat: p.lat,
            lon: p.lon,
            geo_precision: 1,
          },
      actors: some(r, ROLES, 2).map((role) => ({ name: role, role })),
      enterprise,
      tactics: [],
      demands: some(r, DEMANDS, 3),
      state_responses: some(r, RESPONSES, 2),
      size: r() < 0.6 ? { low: Math.floor(r() * 3000), high: null, text: '' } : null,
      fatalities: r() < 0.02 ? Math.floor(r() * 5) : null,
      injured: null,
      detained: r() < 0.1 ? Math.floor(r() * 40) : null,
      organization: skew(r, ORGS),
      verification: 'corroborated',
      notes: `Event ${i}`,
    };
    const row = codedRow(content);
    yield {
      pubkey: 'd'.repeat(64),
      d: content.id,
      seq: i + 1,
      id: i.toString(16).padStart(64, '0'),
      created_at: 1_600_000_000 + i,
      content: JSON.stringify(content),
      ...row,
    };
  }
}

// ---------------------------------------------------------------- the same aggregates, by GROUP BY

/** SQL of the dashboard over raw rows; `L(col)` is how a dialect lists a multi-valued column. */
function rawQueries(dialect, f) {
  const T = dialect === 'duckdb' ? 'events' : 'raw_events';
  const where = ['date BETWEEN $from AND $to'];
  if (f.admin1) where.push('admin1 = $admin1');
  if (f.event_type) where.push('event_type = $event_type');
  const w = `WHERE ${where.join(' AND ')}`;
  const unnest = (col) =>
    dialect === 'duckdb'
      ? `SELECT unnest(${col}) AS v FROM ${T} ${w}`
      : `SELECT m.v FROM ${T} e JOIN ${T}_${col} m ON m.ev = e.rowid ${w.replaceAll('date', 'e.date')}`;
  return {
    totals: `SELECT count(*) AS events, count(DISTINCT coalesce(admin1, '') || '|' || settlement) AS settlements, count(DISTINCT admin1) AS regions, coalesce(sum(participants), 0) AS participants, coalesce(sum(detained), 0) AS detained, coalesce(sum(fatalities), 0) AS fatalities FROM ${T} ${w}`,
    by_day: `SELECT date, event_type, count(*) AS count FROM ${T} ${w} GROUP BY date, event_type ORDER BY date, event_type`,
    by_region: `SELECT admin1, count(*) AS count FROM ${T} ${w} GROUP BY admin1 ORDER BY count DESC`,
    by_sub_event_type: `SELECT sub_event_type, count(*) AS count FROM ${T} ${w} GROUP BY sub_event_type ORDER BY count DESC`,
    by_sector: `SELECT sector, count(*) AS count FROM ${T} ${w} AND sector IS NOT NULL GROUP BY sector ORDER BY count DESC`,
    by_organization: `SELECT organization, count(*) AS count FROM ${T} ${w} GROUP BY organization`,
    top_demands: `SELECT v AS demand, count(*) AS count FROM (${unnest('demands')}) GROUP BY v ORDER BY count DESC, v LIMIT 10`,
    by_demand_class: `SELECT c.class, count(DISTINCT x.ev) AS count FROM (${
      dialect === 'duckdb'
        ? `SELECT rowid AS ev, unnest(demands) AS v FROM ${T} ${w}`
        : `SELECT m.ev, m.v FROM ${T} e JOIN ${T}_demands m ON m.ev = e.rowid ${w.replaceAll('date', 'e.date')}`
    }) x JOIN demand_class c ON c.demand = x.v GROUP BY c.class`,
    by_state_response: `SELECT v AS response, count(*) AS count FROM (${unnest('responses')}) GROUP BY v ORDER BY count DESC`,
    map: `SELECT settlement, admin1, avg(lat) AS lat, avg(lon) AS lon, count(*) AS count, sum(participants) AS participants FROM ${T} ${w} AND settlement IS NOT NULL AND lat IS NOT NULL GROUP BY settlement, admin1 ORDER BY count DESC`,
    latest: `SELECT d AS id, date, event_type, sub_event_type, settlement, admin1 FROM ${T} ${w} ORDER BY date DESC, created_at DESC LIMIT 20`,
  };
}

function sqliteRaw(db, f) {
  const params = {
    from: f.from,
    to: f.to,
    ...(f.admin1 ? { admin1: f.admin1 } : {}),
    ...(f.event_type ? { event_type: f.event_type } : {}),
  };
  const out = {};
  for (const [k, sql] of Object.entries(rawQueries('sqlite', f))) out[k] = db.prepare(sql).all(params);
  return out;
}

async function duckRaw(conn, f) {
  const out = {};
  const params = {
    from: f.from,
    to: f.to,
    ...(f.admin1 ? { admin1: f.admin1 } : {}),
    ...(f.event_type ? { event_type: f.event_type } : {}),
  };
  for (const [k, sql] of Object.entries(rawQueries('duckdb', f))) {
    out[k] = (await conn.runAndReadAll(sql, params)).getRowObjectsJS();
  }
  return out;
}

async function time(fn, warmRuns) {
  let t = performance.now();
  const first = await fn();
  const cold = performance.now() - t;
  const runs = [];
  for (let i = 0; i < warmRuns; i++) {
    t = performance.now();
    await fn();
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  return { cold, warm: runs[Math.floor(runs.length / 2)], first };
}

export async function run(argv) {
  const { values } = parseArgs({
    args: argv,
    options: { events: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '15' } },
  });
  const n = Number(values.events);
  const warmRuns = Number(values.runs);
  const dir = mkdtempSync(join(tmpdir(), 'tilshi-bench-situation-'));
  try {
    console.log(
      `${fmt(n)} coded events over ${DAYS} days, ${REGIONS.length} regions, ${REGIONS.length * 18} settlements.`,
    );
    console.log('Rows go straight into the projection tables (bulkLoadCodedEvents, no signatures: signing');
    console.log('and verifying a million events would take minutes and measure something else).');

    // 1. The projection and its rollups.
    const path = join(dir, 'tilshi.db');
    let db = openDatabase(path, { durability: 'normal' });
    codedEvents.create(db);
    let t = performance.now();
    bulkLoadCodedEvents(db, rows(n));
    const loadMs = performance.now() - t;
    const rollups = db.prepare('SELECT count(*) AS n FROM proj_situation_rollup').get().n;

    // 2. Raw rows for the plain GROUP BY: the projection's table with the multi-valued columns
    //    split into side tables (what a normalised schema without rollups would hold).
    t = performance.now();
    db.exec(`
      CREATE TABLE raw_events AS SELECT * FROM proj_coded_events;
      CREATE TABLE raw_events_demands (ev INTEGER, v TEXT);
      CREATE TABLE raw_events_responses (ev INTEGER, v TEXT);
      CREATE TABLE demand_class (demand TEXT PRIMARY KEY, class TEXT);
    `);
    const insD = db.prepare('INSERT INTO raw_events_demands VALUES (?, ?)');
    const insR = db.prepare('INSERT INTO raw_events_responses VALUES (?, ?)');
    db.transaction(() => {
      const page = db.prepare(
        'SELECT rowid AS ev, demands, responses FROM raw_events WHERE rowid > ? ORDER BY rowid LIMIT 50000',
      );
      for (let last = 0; ; ) {
        const batch = page.all(last);
        if (batch.length === 0) break;
        for (const r of batch) {
          if (r.demands) for (const v of r.demands.split(',')) insD.run(r.ev, v);
          if (r.responses) for (const v of r.responses.split(',')) insR.run(r.ev, v);
        }
        last = batch[batch.length - 1].ev;
      }
      const c = db.prepare('INSERT INTO demand_class VALUES (?, ?)');
      for (const [d, cls] of Object.entries(DEMAND_CLASS)) c.run(d, cls);
    })();
    db.exec(`
      CREATE INDEX raw_events_date ON raw_events (date);
      CREATE INDEX raw_events_admin1 ON raw_events (admin1, date);
      CREATE INDEX raw_events_demands_ev ON raw_events_demands (ev);
      CREATE INDEX raw_events_responses_ev ON raw_events_responses (ev);
      ANALYZE;
    `);
    const rawMs = performance.now() - t;
    db.close();
    const size = statSync(path).size;

    // 3. DuckDB: the same rows, from a CSV of them.
    t = performance.now();
    const csvPath = join(dir, 'events.csv');
    const out = createWriteStream(csvPath);
    const q = (s) => (s === null || s === undefined ? '' : `"${String(s).replaceAll('"', '""')}"`);
    for (const r of rows(n)) {
      const line = `${[r.d, r.date, r.created_at, r.admin1, r.settlement, r.lat, r.lon, r.event_type, r.sub_event_type, r.organization, r.sector, r.participants, r.detained, r.fatalities, r.demands, r.responses].map(q).join(',')}\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const duck = await DuckDBInstance.create(':memory:');
    const conn = await duck.connect();
    await conn.run(`CREATE TABLE events AS SELECT d, date::VARCHAR AS date, created_at, admin1, settlement, lat, lon, event_type, sub_event_type, organization, sector, participants, detained, fatalities,
      CASE WHEN demands = '' OR demands IS NULL THEN []::VARCHAR[] ELSE string_split(demands, ',') END AS demands,
      CASE WHEN responses = '' OR responses IS NULL THEN []::VARCHAR[] ELSE string_split(responses, ',') END AS responses
      FROM read_csv('${csvPath}', header = false, quote = '"', nullstr = '', columns = {
        'd': 'VARCHAR', 'date': 'DATE', 'created_at': 'BIGINT', 'admin1': 'VARCHAR', 'settlement': 'VARCHAR', 'lat': 'DOUBLE', 'lon': 'DOUBLE',
        'event_type': 'VARCHAR', 'sub_event_type': 'VARCHAR', 'organization': 'VARCHAR', 'sector': 'VARCHAR', 'participants': 'BIGINT',
        'detained': 'BIGINT', 'fatalities': 'BIGINT', 'demands': 'VARCHAR', 'responses': 'VARCHAR'})`);
    await conn.run('CREATE TABLE demand_class (demand VARCHAR, class VARCHAR)');
    for (const [d, cls] of Object.entries(DEMAND_CLASS))
      await conn.run(`INSERT INTO demand_class VALUES ('${d}', '${cls}')`);
    const duckMs = performance.now() - t;

    console.log(
      `Load: projection + rollups ${fmt(Math.round(loadMs))} ms (${fmt(rollups)} rollup rows); raw side tables ${fmt(Math.round(rawMs))} ms; DuckDB ${fmt(Math.round(duckMs))} ms. SQLite file ${fmt(Math.round(size / 1e6))} MB.`,
    );

    const shapes = [
      ['all time, no filter', { from: '2021-01-01', to: '2023-12-31' }],
      ['one region, one quarter', { from: '2023-04-01', to: '2023-06-30', admin1: 'Almaty' }],
      ['one type, 45 days', { from: '2022-05-17', to: '2022-06-30', event_type: 'labour_action' }],
    ];
    const table = [];
    for (const [label, f] of shapes) {
      // Cold: a connection just opened (SQLite's page cache empty; the OS cache is what it is).
      db = openDatabase(path, { durability: 'normal' });
      const ours = await time(() => querySituation(db, f), warmRuns);
      db.close();
      db = openDatabase(path, { durability: 'normal' });
      const raw = await time(() => sqliteRaw(db, f), Math.max(3, Math.floor(warmRuns / 3)));
      db.close();
      const dk = await time(() => duckRaw(conn, f), warmRuns);
      // The same numbers from all three.
      const same =
        ours.first.totals.events === Number(raw.first.totals[0].events) &&
        ours.first.totals.events === Number(dk.first.totals[0].events) &&
        ours.first.totals.participants === Number(dk.first.totals[0].participants) &&
        ours.first.totals.settlements === Number(raw.first.totals[0].settlements) &&
        JSON.stringify(ours.first.top_demands.map((d) => [d.demand, d.count])) ===
          JSON.stringify(dk.first.top_demands.map((d) => [d.demand, Number(d.count)]));
      table.push({ label, ours, raw, dk, same, events: ours.first.totals.events });
    }
    console.log('');
    console.log(
      '| query (events in it)                     | engine                          | cold ms | warm ms | warm vs rollups |',
    );
    console.log(
      '| ---------------------------------------- | ------------------------------- | ------- | ------- | --------------- |',
    );
    for (const r of table) {
      const name = `${r.label} (${fmt(r.events)})`.padEnd(40);
      const row = (engine, x) =>
        console.log(
          `| ${name} | ${engine.padEnd(31)} | ${ms(x.cold).padStart(7)} | ${ms(x.warm).padStart(7)} | ${`${(x.warm / r.ours.warm).toFixed(1)}×`.padStart(15)} |`,
        );
      row('Tilshi rollups (SQLite)', r.ours);
      row('DuckDB over the rows', r.dk);
      row('SQLite GROUP BY over the rows', r.raw);
    }
    console.log('');
    for (const r of table)
      console.log(`${r.label}: the three agree on totals and top demands: ${r.same ? 'yes' : 'NO'}`);
    const worst = Math.max(...table.map((r) => r.ours.warm));
    const slower = table.filter((r) => r.ours.warm > r.dk.warm).length;
    console.log(
      `Target warm ≤ 50 ms: ${worst <= 50 ? 'met' : 'MISSED'} (worst ${ms(worst)} ms); not slower than DuckDB: ${slower === 0 ? 'met' : `MISSED in ${slower}`}.`,
    );
    conn.closeSync?.();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
