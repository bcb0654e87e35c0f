import { cachedStatement, type Db } from '../store/db.js';
import { type SyncClass, syncClass } from './wire.js';

/** Who reads the log for sync: `all` (the desk, a listed peer, the node itself) or the public. */
export type SyncAccess = 'all' | 'public';

export interface LogEntry {
  seq: number;
  id: string;
  cls: SyncClass;
}

export interface LogPage {
  /** Entries in send order: by class, then by log position. */
  entries: LogEntry[];
  /** The page covers log positions (after, upto]. */
  upto: number;
  /** The highest log position now. */
  lastSeq: number;
  /** Entries in the range this reader may not have (wraps for a public reader). */
  withheld: number;
}

interface Row {
  seq: number;
  id: string;
  kind: number;
  pubkey: string;
  recipient: string | null;
}

const PRIVATE_KINDS = '(1059, 13)';

/**
 * The log after `after`, at most `limit` positions, ordered for sending: sealed reports and
 * replies first, then desk-private records, then public records.
 *
 * @example
 *   const page = readLogPage(node.db, cursor, { access: 'all', deskPubkey, limit: 50_000 });
 */
export function readLogPage(
  db: Db,
  after: number,
  options: { access: SyncAccess; deskPubkey: string | null; limit: number; upto?: number },
): LogPage {
  const lastSeq =
    (cachedStatement(db, 'SELECT max(seq) AS s FROM events').get() as { s: number | null }).s ?? 0;
  const rows = (
    options.upto !== undefined
      ? cachedStatement(
          db,
          'SELECT seq, id, kind, pubkey, recipient FROM events WHERE seq > ? AND seq <= ? ORDER BY seq',
        ).all(after, options.upto)
      : cachedStatement(
          db,
          'SELECT seq, id, kind, pubkey, recipient FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
        ).all(after, options.limit)
  ) as Row[];
  const upto =
    options.upto ?? (rows.length === options.limit ? rows[rows.length - 1]!.seq : Math.max(lastSeq, after));
  let withheld = 0;
  const entries: LogEntry[] = [];
  for (const r of rows) {
    if (options.access === 'public' && (r.kind === 1059 || r.kind === 13)) {
      withheld++;
      continue;
    }
    entries.push({ seq: r.seq, id: r.id, cls: syncClass(r, options.deskPubkey) });
  }
  entries.sort((a, b) => a.cls - b.cls || a.seq - b.seq);
  return { entries, upto, lastSeq, withheld };
}

/** The stored JSON of events by log position, in the order asked. */
export function rawsBySeq(db: Db, seqs: readonly number[]): string[] {
  const stmt = cachedStatement(db, 'SELECT raw FROM events WHERE seq = ?');
  return seqs.map((s) => (stmt.get(s) as { raw: string }).raw);
}

/**
 * Whether an event whose id starts with this hex prefix is stored; for a public reader, only
 * public records count (whether a sealed one is here is not theirs to know).
 */
export function hasIdPrefix(db: Db, prefixHex: string, access: SyncAccess = 'all'): boolean {
  const sql =
    access === 'all'
      ? 'SELECT 1 FROM events WHERE id >= ? AND id < ? LIMIT 1'
      : `SELECT 1 FROM events WHERE id >= ? AND id < ? AND kind NOT IN ${PRIVATE_KINDS} LIMIT 1`;
  return cachedStatement(db, sql).get(prefixHex, `${prefixHex}g`) !== undefined;
}

/** How many stored events lie after a log position (what waits for a peer). */
export function countAfter(db: Db, after: number, access: SyncAccess = 'all'): number {
  const sql =
    access === 'all'
      ? 'SELECT count(*) AS n FROM events WHERE seq > ?'
      : `SELECT count(*) AS n FROM events WHERE seq > ? AND kind NOT IN ${PRIVATE_KINDS}`;
  return (cachedStatement(db, sql).get(after) as { n: number }).n;
}

/** (created_at, id) of the events matching simple NIP-01 criteria, for negentropy. */
export function negentropyItems(
  db: Db,
  where: { sql: string; params: (string | number)[] },
  max: number,
): { created_at: number; id: string }[] {
  return db
    .prepare(`SELECT created_at, id FROM events ${where.sql ? `WHERE ${where.sql}` : ''} LIMIT ${max + 1}`)
    .all(...where.params) as { created_at: number; id: string }[];
}

/** Events at log positions up to `upto` a reader may have, and how many sealed ones it may not. */
export function countUpTo(db: Db, upto: number, access: SyncAccess): { size: number; withheld: number } {
  const row = cachedStatement(
    db,
    `SELECT count(*) AS n, coalesce(sum(kind IN ${PRIVATE_KINDS}), 0) AS sealed FROM events WHERE seq <= ?`,
  ).get(upto) as { n: number; sealed: number };
  return access === 'all' ? { size: row.n, withheld: 0 } : { size: row.n - row.sealed, withheld: row.sealed };
}

/**
 * The first 8 bytes of the id of every event at log positions up to `upto` a reader may have,
 * concatenated (the items of a first-contact reconciliation), with their log positions.
 */
export function idPrefixesUpTo(
  db: Db,
  upto: number,
  access: SyncAccess,
): { keys: Uint8Array; seqs: Float64Array } {
  const sql =
    access === 'all'
      ? 'SELECT seq, substr(id, 1, 16) AS k FROM events WHERE seq <= ? ORDER BY seq'
      : `SELECT seq, substr(id, 1, 16) AS k FROM events WHERE seq <= ? AND kind NOT IN ${PRIVATE_KINDS} ORDER BY seq`;
  const rows = cachedStatement(db, sql).raw(true).all(upto) as [number, string][];
  const seqs = new Float64Array(rows.length);
  const hex: string[] = new Array(rows.length);
  rows.forEach((r, i) => {
    seqs[i] = r[0];
    hex[i] = r[1];
  });
  return { keys: new Uint8Array(Buffer.from(hex.join(''), 'hex')), seqs };
}

/** Log positions of the sealed records (wraps, seals) up to `upto`. */
export function sealedEntriesUpTo(db: Db, upto: number): LogEntry[] {
  return cachedStatement(
    db,
    `SELECT seq, id, 0 AS cls FROM events WHERE seq <= ? AND kind IN ${PRIVATE_KINDS} ORDER BY seq`,
  ).all(upto) as LogEntry[];
}

/**
 * The events whose ids start with these hex prefixes that a reader may have, in send order
 * (sealed reports first, as an offer lists them). A prefix that matches nothing is skipped.
 */
export function entriesByPrefix(
  db: Db,
  prefixes: readonly string[],
  access: SyncAccess,
  deskPubkey: string | null,
): LogEntry[] {
  const stmt = cachedStatement(
    db,
    'SELECT seq, id, kind, pubkey, recipient FROM events WHERE id >= ? AND id < ? LIMIT 4',
  );
  const seen = new Set<number>();
  const entries: LogEntry[] = [];
  for (const p of prefixes) {
    for (const r of stmt.all(p, `${p}g`) as Row[]) {
      if (seen.has(r.seq)) continue;
      if (access === 'public' && (r.kind === 1059 || r.kind === 13)) continue;
      seen.add(r.seq);
      entries.push({ seq: r.seq, id: r.id, cls: syncClass(r, deskPubkey) });
    }
  }
  entries.sort((a, b) => a.cls - b.cls || a.seq - b.seq);
  return entries;
}
