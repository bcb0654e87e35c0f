import { Kind } from '../core/kinds.js';
import { cachedStatement, type Db } from '../store/db.js';
import { hasRealEvents } from '../store/projections/coded-events.js';

/*
 * All of the situation's SQL. It reads what the store's projections keep (proj_coded_events, one
 * row per published event; proj_situation_rollup, the sums per bucket of time) and the public
 * records of the log; it writes nothing. The modules beside it turn these rows into views.
 */

/** Which published events are visible: demo events only while no real event exists. */
export interface Visibility {
  /** Real events exist, so demo events are hidden. */
  realOnly: boolean;
  /** The events shown are demo events (none real exists yet). */
  demo: boolean;
}

/** Which events the situation shows now. */
export function visibility(db: Db): Visibility {
  if (hasRealEvents(db)) return { realOnly: true, demo: false };
  const anyDemo = cachedStatement(db, 'SELECT 1 FROM proj_coded_events WHERE demo = 1 LIMIT 1').get();
  return { realOnly: false, demo: anyDemo !== undefined };
}

const visibleSql = (v: Visibility) => (v.realOnly ? 'demo = 0' : '1 = 1');

/** The earliest and latest day of the visible events, or nulls when there is none. */
export function eventDayRange(db: Db, v: Visibility): { min: string | null; max: string | null } {
  // Two subqueries, so that each is one step down an index (min and max together in one
  // SELECT make SQLite scan the whole index: 40 ms at a million events). Without real events
  // every row is shown; with them, the (demo, date) index answers `demo = 0` in one step too.
  const where = v.realOnly ? 'WHERE demo = 0' : '';
  const row = cachedStatement(
    db,
    `SELECT (SELECT min(date) FROM proj_coded_events ${where}) AS min,
            (SELECT max(date) FROM proj_coded_events ${where}) AS max`,
  ).get() as { min: string | null; max: string | null };
  return { min: row.min, max: row.max };
}

/** A visible event as the list of the latest shows it, its notes cut to 400 characters. */
export interface LatestEventRow {
  id: string;
  date: string;
  event_type: string;
  sub_event_type: string;
  settlement: string | null;
  admin1: string | null;
  demo: number;
  notes: string | null;
}

/** The newest visible events of a period (and region, type), newest day first. */
export function latestEventRows(
  db: Db,
  v: Visibility,
  filter: { from: string; to: string; admin1: string | null; eventType: string | null },
  limit: number,
): LatestEventRow[] {
  const where = ['date BETWEEN ? AND ?', visibleSql(v)];
  const params: string[] = [filter.from, filter.to];
  if (filter.admin1 !== null) {
    where.push('admin1 = ?');
    params.push(filter.admin1);
  }
  if (filter.eventType !== null) {
    where.push('event_type = ?');
    params.push(filter.eventType);
  }
  return cachedStatement(
    db,
    `SELECT d AS id, date, event_type, sub_event_type, settlement, admin1, demo,
            substr(json_extract(content, '$.notes'), 1, 400) AS notes
     FROM proj_coded_events WHERE ${where.join(' AND ')}
     ORDER BY date DESC, created_at DESC, d ASC LIMIT ${Math.trunc(limit)}`,
  ).all(...params) as LatestEventRow[];
}

/** The current visible version of one event (by its `d` tag): signer, record id, content. */
export function visibleEventRow(
  db: Db,
  v: Visibility,
  d: string,
): { pubkey: string; id: string; content: string; demo: number } | undefined {
  return cachedStatement(
    db,
    `SELECT pubkey, id, content, demo FROM proj_coded_events WHERE d = ? AND ${visibleSql(v)}
     ORDER BY created_at DESC LIMIT 1`,
  ).get(d) as { pubkey: string; id: string; content: string; demo: number } | undefined;
}

/** The ids (`d` tags) of the published events dated within a period. */
export function eventIdsInPeriod(db: Db, from: string, to: string): string[] {
  return (
    cachedStatement(db, 'SELECT d FROM proj_coded_events WHERE date >= ? AND date <= ?').all(from, to) as {
      d: string;
    }[]
  ).map((r) => r.d);
}

/** The current version of every published event, oldest day first, from `since` on. */
export function* publishedEventRows(db: Db, since: string): Generator<{ id: string; content: string }> {
  // Not a cached statement: an iterating statement is busy until the walk ends.
  const stmt = db.prepare('SELECT id, content FROM proj_coded_events WHERE date >= ? ORDER BY date, d');
  yield* stmt.iterate(since) as IterableIterator<{ id: string; content: string }>;
}

/** The signed record (JSON) of a stored event, by its id. */
export function rawEvent(db: Db, id: string): string | undefined {
  return (cachedStatement(db, 'SELECT raw FROM events WHERE id = ?').get(id) as { raw: string } | undefined)
    ?.raw;
}

/** The current version (JSON) of an addressable record by kind, signer and `d` tag. */
export function currentAddressable(db: Db, kind: number, pubkey: string, d: string): string | undefined {
  return (
    cachedStatement(
      db,
      'SELECT raw FROM events WHERE kind = ? AND pubkey = ? AND d = ? AND head = 1 ORDER BY created_at DESC LIMIT 1',
    ).get(kind, pubkey, d) as { raw: string } | undefined
  )?.raw;
}

/** The current versions (JSON) of the public collective profiles (kind 30621), newest first. */
export function collectiveProfileRecords(db: Db): string[] {
  return (
    cachedStatement(
      db,
      `SELECT raw FROM events WHERE kind = ${Kind.Collective} AND head = 1 ORDER BY created_at DESC, id ASC`,
    ).all() as { raw: string }[]
  ).map((r) => r.raw);
}

/** One row of the rollups: value, then the measures n, p, x, f and the place (lat, lon, geohash). */
export type RollupRow = [string, number, number, number, number, number, number, number];

/** The rollup rows of one cell (region, type), level and breakdown over buckets lo..hi. */
export function rollupRows(
  db: Db,
  cell: { admin1: string; eventType: string },
  level: string,
  dim: string,
  lo: string,
  hi: string,
): RollupRow[] {
  return cachedStatement(
    db,
    `SELECT v, n, p, x, f, lat, lon, g FROM proj_situation_rollup
     WHERE a = ? AND t = ? AND l = ? AND dim = ? AND b BETWEEN ? AND ?`,
  )
    .raw(true)
    .all(cell.admin1, cell.eventType, level, dim, lo, hi) as RollupRow[];
}

/** Events per day of one cell (region, type) from the day rollups: [day, count]. */
export function dailyTotals(
  db: Db,
  cell: { admin1: string; eventType: string },
  from: string,
  to: string,
): [string, number][] {
  return cachedStatement(
    db,
    `SELECT b, n FROM proj_situation_rollup
     WHERE a = ? AND t = ? AND l = 'd' AND dim = 'tot' AND b BETWEEN ? AND ? AND v = ''`,
  )
    .raw(true)
    .all(cell.admin1, cell.eventType, from, to) as [string, number][];
}

/** The regions present in the year rollups (a few hundred rows, where the events are a million). */
export function rollupRegions(db: Db): string[] {
  return (
    cachedStatement(
      db,
      `SELECT DISTINCT v FROM proj_situation_rollup WHERE a = '' AND t = '' AND l = 'y' AND dim = 'reg'`,
    ).all() as { v: string }[]
  ).map((r) => r.v);
}

/** The raw JSON of the newest published programs (30622, head versions), newest first. */
export function latestProgramRaws(db: Db, limit: number): string[] {
  return (
    cachedStatement(
      db,
      `SELECT raw FROM events WHERE kind = ${Kind.DemandsProgram} AND d = 'program' AND head = 1
       ORDER BY created_at DESC, id ASC LIMIT ?`,
    ).all(limit) as { raw: string }[]
  ).map((r) => r.raw);
}
