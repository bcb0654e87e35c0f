import type { CodedEventContent } from '../../core/content.js';
import { Kind } from '../../core/kinds.js';
import { cachedStatement, type Db } from '../db.js';
import type { Projection } from '../projections.js';
import {
  ALL,
  bucketsOf,
  type CodedRow,
  type Contribution,
  codedRow,
  contributions,
  keptIn,
  type Measures,
  NATIONAL,
} from './contributions.js';

/*
 * The published coded events (kind 30620), one row per record address with the coded fields in
 * columns, and the situation rollups kept in step with them. An edit subtracts the old
 * version's contribution and adds the new one; an event marked `false` counts nowhere.
 *
 * Rollup key: region (or ALL), event type (or ALL), level ('d' day, 'm' month, 'y' year),
 * breakdown, bucket, value. A query for a period reads whole years, then whole months, then
 * the days at its edges.
 */

export const CODED_EVENTS_TABLE = 'proj_coded_events';
export const ROLLUP_TABLE = 'proj_situation_rollup';

const CREATE = `
CREATE TABLE IF NOT EXISTS proj_coded_events (
  pubkey TEXT NOT NULL, d TEXT NOT NULL,
  seq INTEGER NOT NULL, id TEXT NOT NULL, created_at INTEGER NOT NULL,
  date TEXT NOT NULL, admin1 TEXT, settlement TEXT, lat REAL, lon REAL,
  event_type TEXT NOT NULL, sub_event_type TEXT NOT NULL, organization TEXT NOT NULL,
  verification TEXT NOT NULL, sector TEXT, enterprise TEXT,
  participants INTEGER, detained INTEGER, fatalities INTEGER,
  demands TEXT NOT NULL, responses TEXT NOT NULL, roles TEXT NOT NULL,
  content TEXT NOT NULL, demo INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (pubkey, d)
);
CREATE INDEX IF NOT EXISTS proj_coded_events_date ON proj_coded_events (date, created_at);
CREATE INDEX IF NOT EXISTS proj_coded_events_admin1 ON proj_coded_events (admin1, date);
CREATE INDEX IF NOT EXISTS proj_coded_events_type ON proj_coded_events (event_type, date);
CREATE INDEX IF NOT EXISTS proj_coded_events_created ON proj_coded_events (created_at);
CREATE INDEX IF NOT EXISTS proj_coded_events_demo ON proj_coded_events (demo, date, created_at);
CREATE TABLE IF NOT EXISTS proj_situation_rollup (
  a TEXT NOT NULL, t TEXT NOT NULL, l TEXT NOT NULL, dim TEXT NOT NULL, b TEXT NOT NULL, v TEXT NOT NULL,
  n INTEGER NOT NULL, p INTEGER NOT NULL, x INTEGER NOT NULL, f INTEGER NOT NULL,
  lat REAL NOT NULL, lon REAL NOT NULL, g INTEGER NOT NULL,
  PRIMARY KEY (a, t, l, dim, b, v)
) WITHOUT ROWID;
`;

const UPSERT = `INSERT INTO proj_situation_rollup (a, t, l, dim, b, v, n, p, x, f, lat, lon, g)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (a, t, l, dim, b, v) DO UPDATE SET n = n + excluded.n, p = p + excluded.p,
    x = x + excluded.x, f = f + excluded.f, lat = lat + excluded.lat, lon = lon + excluded.lon, g = g + excluded.g`;
const PRUNE =
  'DELETE FROM proj_situation_rollup WHERE a = ? AND t = ? AND l = ? AND dim = ? AND b = ? AND v = ? AND n <= 0';

const ROW_COLUMNS = [
  'pubkey',
  'd',
  'seq',
  'id',
  'created_at',
  'date',
  'admin1',
  'settlement',
  'lat',
  'lon',
  'event_type',
  'sub_event_type',
  'organization',
  'verification',
  'sector',
  'enterprise',
  'participants',
  'detained',
  'fatalities',
  'demands',
  'responses',
  'roles',
  'content',
  'demo',
] as const;
const INSERT_ROW = `INSERT OR REPLACE INTO proj_coded_events (${ROW_COLUMNS.join(', ')})
  VALUES (${ROW_COLUMNS.map((c) => `@${c}`).join(', ')})`;

/** A row of the projection: the record's address and version, and its coded columns. */
export interface StoredCodedRow extends CodedRow {
  pubkey: string;
  d: string;
  seq: number;
  id: string;
  created_at: number;
  content: string;
  /** 1 for a demo event (tagged `t`=`demo`): it counts only while no real event exists. */
  demo?: number;
}

/** Each (region, type) cell an event counts in: its own and "all" on both axes. */
function cells(row: CodedRow): [string, string][] {
  const a = row.admin1 ?? NATIONAL;
  return [
    [ALL, ALL],
    [a, ALL],
    [ALL, row.event_type],
    [a, row.event_type],
  ];
}

function applyRollup(db: Db, row: CodedRow, sign: 1 | -1): void {
  const upsert = cachedStatement(db, UPSERT);
  const prune = cachedStatement(db, PRUNE);
  const buckets = bucketsOf(row.date);
  for (const c of contributions(row)) {
    const m = c.m;
    for (const [a, t] of cells(row)) {
      if (!keptIn(c.dim, a, t)) continue;
      for (const [l, b] of buckets) {
        upsert.run(
          a,
          t,
          l,
          c.dim,
          b,
          c.value,
          sign * m.n,
          sign * m.p,
          sign * m.x,
          sign * m.f,
          sign * m.lat,
          sign * m.lon,
          sign * m.g,
        );
        if (sign < 0) prune.run(a, t, l, c.dim, b, c.value);
      }
    }
  }
}

/** Whether a version counts in the situation: everything but events an editor marked false. */
const counts = (row: CodedRow) => row.verification !== 'false';

/** Whether any real (not demo) event is in the projection: demo events then count nowhere. */
export function hasRealEvents(db: Db): boolean {
  return cachedStatement(db, 'SELECT 1 FROM proj_coded_events WHERE demo = 0 LIMIT 1').get() !== undefined;
}

/** Whether a stored row is in the rollups, given whether real events exist. */
const inRollups = (row: StoredCodedRow, real: boolean) => counts(row) && (!row.demo || !real);

export const codedEvents: Projection = {
  name: 'coded_events',
  version: 3,
  create(db) {
    db.exec(CREATE);
  },
  reset(db) {
    // Dropped rather than emptied: a new version may change the columns (3 made sizes nullable).
    db.exec('DROP TABLE IF EXISTS proj_coded_events; DROP TABLE IF EXISTS proj_situation_rollup;');
    db.exec(CREATE);
  },
  apply(db, stored) {
    const e = stored.event;
    if (e.kind !== Kind.CodedEvent || !stored.head) return;
    const d = e.tags.find((t) => t[0] === 'd')?.[1] ?? '';
    // The log already holds this version with its head flag; of the current versions of the
    // address (two, while a conflict between desks waits for an editor) the newest is shown.
    const best = cachedStatement(
      db,
      `SELECT seq, id, created_at, raw FROM events WHERE kind = ? AND pubkey = ? AND d = ? AND head = 1
       ORDER BY created_at DESC, id ASC LIMIT 1`,
    ).get(Kind.CodedEvent, e.pubkey, d) as
      | { seq: number; id: string; created_at: number; raw: string }
      | undefined;
    const current = cachedStatement(db, 'SELECT * FROM proj_coded_events WHERE pubkey = ? AND d = ?').get(
      e.pubkey,
      d,
    ) as StoredCodedRow | undefined;
    if (current && best && current.id === best.id) return;
    const hadReal = hasRealEvents(db);
    if (current) {
      cachedStatement(db, 'DELETE FROM proj_coded_events WHERE pubkey = ? AND d = ?').run(e.pubkey, d);
      if (inRollups(current, hadReal)) applyRollup(db, current, -1);
    }
    if (best) {
      const raw = JSON.parse(best.raw) as { content: string; tags: string[][] };
      const content = JSON.parse(raw.content) as CodedEventContent;
      const row: StoredCodedRow = {
        pubkey: e.pubkey,
        d,
        seq: best.seq,
        id: best.id,
        created_at: best.created_at,
        content: JSON.stringify(content),
        ...codedRow(content),
        demo: raw.tags.some((t) => t[0] === 't' && t[1] === 'demo') ? 1 : 0,
      };
      if (counts(row)) {
        cachedStatement(db, INSERT_ROW).run(row);
        if (inRollups(row, hadReal)) applyRollup(db, row, 1);
      }
    }
    // The first real event takes the demo events out of the rollups; removing the last one puts
    // them back. Live and replayed, the rollups hold the same: demo counts iff nothing real exists.
    const hasReal = hasRealEvents(db);
    if (hasReal !== hadReal) {
      const demo = cachedStatement(
        db,
        'SELECT * FROM proj_coded_events WHERE demo = 1',
      ).all() as StoredCodedRow[];
      for (const r of demo) applyRollup(db, r, hasReal ? -1 : 1);
    }
  },
};

/**
 * Load many coded events straight into the projection's tables, summing the rollups in memory
 * first. For the benchmark, which fills a million rows without signing a million events; a
 * node never calls it (its events come through the log).
 *
 * @example bulkLoadCodedEvents(db, rows) // rows: StoredCodedRow[], in one transaction
 */
export function bulkLoadCodedEvents(db: Db, rows: Iterable<StoredCodedRow>): number {
  const sums = new Map<string, Measures>();
  const insert = db.prepare(INSERT_ROW);
  const upsert = db.prepare(UPSERT);
  // Partial sums are flushed now and then: the upsert adds, so flushing early only costs time.
  const flush = () => {
    // In key order, so that the b-tree grows by appending rather than splitting at random.
    for (const key of [...sums.keys()].sort()) {
      const s = sums.get(key) as Measures;
      const [a, t, l, b, dim, v] = key.split('\u0000') as [string, string, string, string, string, string];
      upsert.run(a, t, l, dim, b, v, s.n, s.p, s.x, s.f, s.lat, s.lon, s.g);
    }
    sums.clear();
  };
  let n = 0;
  db.transaction(() => {
    for (const row of rows) {
      insert.run({ demo: 0, ...row });
      n++;
      const buckets = bucketsOf(row.date).map(([l, b]) => `${l}\u0000${b}`);
      for (const c of contributions(row) as Contribution[]) {
        for (const [a, t] of cells(row)) {
          if (!keptIn(c.dim, a, t)) continue;
          for (const lb of buckets) {
            const key = `${a}\u0000${t}\u0000${lb}\u0000${c.dim}\u0000${c.value}`;
            const s = sums.get(key);
            if (s) {
              s.n += c.m.n;
              s.p += c.m.p;
              s.x += c.m.x;
              s.f += c.m.f;
              s.lat += c.m.lat;
              s.lon += c.m.lon;
              s.g += c.m.g;
            } else sums.set(key, { ...c.m });
          }
        }
      }
      if (sums.size > 400_000) flush();
    }
    flush();
  })();
  return n;
}
