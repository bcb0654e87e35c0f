import type { Filter } from '../../core/filter.js';
import { Kind } from '../../core/kinds.js';
import { cachedStatement, type Db } from '../../store/db.js';
import { type Access, filterWhere } from '../../store/event-log.js';
import type { LogEntry, SyncAccess } from '../log-types.js';

/*
 * The SQL of sync's reads of the event log (`events`): pages of log positions to offer, the
 * stored JSON to send, the id prefixes of a reconciliation, the sets negentropy compares, and
 * the desk's current list of trusted relays. The log is written by the store's ingest only;
 * nothing here writes it. Every statement a sync runs once per page, prefix or event is cached.
 */

/** The sealed kinds (wraps and seals): a public reader may not have them, nor know they are here. */
const PRIVATE_KINDS = `(${Kind.GiftWrap}, ${Kind.Seal})`;

/** One log position as sync classifies it: what, from whom, to whom. */
export interface LogRow {
  seq: number;
  id: string;
  kind: number;
  pubkey: string;
  recipient: string | null;
}

/** The highest log position (0 for an empty log). */
export function maxSeq(db: Db): number {
  return (cachedStatement(db, 'SELECT max(seq) AS s FROM events').get() as { s: number | null }).s ?? 0;
}

/** The first `limit` log positions after `after`, in log order. */
export function logRowsAfter(db: Db, after: number, limit: number): LogRow[] {
  return cachedStatement(
    db,
    'SELECT seq, id, kind, pubkey, recipient FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
  ).all(after, limit) as LogRow[];
}

/** Every log position in (after, upto], in log order. */
export function logRowsThrough(db: Db, after: number, upto: number): LogRow[] {
  return cachedStatement(
    db,
    'SELECT seq, id, kind, pubkey, recipient FROM events WHERE seq > ? AND seq <= ? ORDER BY seq',
  ).all(after, upto) as LogRow[];
}

/**
 * The log positions whose event ids start with each of these hex prefixes (at most 4 a prefix),
 * prefix after prefix; a position matched by two prefixes comes twice.
 */
export function logRowsByIdPrefix(db: Db, prefixes: readonly string[]): LogRow[] {
  const stmt = cachedStatement(
    db,
    'SELECT seq, id, kind, pubkey, recipient FROM events WHERE id >= ? AND id < ? LIMIT 4',
  );
  const rows: LogRow[] = [];
  for (const p of prefixes) rows.push(...(stmt.all(p, `${p}g`) as LogRow[]));
  return rows;
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

/** How many stored events a reader may have lie after a log position (what waits for a peer). */
export function countAfter(db: Db, after: number, access: SyncAccess = 'all'): number {
  const sql =
    access === 'all'
      ? 'SELECT count(*) AS n FROM events WHERE seq > ?'
      : `SELECT count(*) AS n FROM events WHERE seq > ? AND kind NOT IN ${PRIVATE_KINDS}`;
  return (cachedStatement(db, sql).get(after) as { n: number }).n;
}

/** How many events lie at log positions up to `upto`, and how many of them are sealed. */
export function countsUpTo(db: Db, upto: number): { n: number; sealed: number } {
  return cachedStatement(
    db,
    `SELECT count(*) AS n, coalesce(sum(kind IN ${PRIVATE_KINDS}), 0) AS sealed FROM events WHERE seq <= ?`,
  ).get(upto) as { n: number; sealed: number };
}

/**
 * `[seq, first 16 hex digits of the id]` of every event up to `upto` a reader may have, in log
 * order: the items of a first-contact reconciliation, as arrays rather than objects (it reads
 * every row of the log).
 */
export function idPrefixRowsUpTo(db: Db, upto: number, access: SyncAccess): [number, string][] {
  const sql =
    access === 'all'
      ? 'SELECT seq, substr(id, 1, 16) AS k FROM events WHERE seq <= ? ORDER BY seq'
      : `SELECT seq, substr(id, 1, 16) AS k FROM events WHERE seq <= ? AND kind NOT IN ${PRIVATE_KINDS} ORDER BY seq`;
  return cachedStatement(db, sql).raw(true).all(upto) as [number, string][];
}

/** Log positions of the sealed records (wraps, seals) up to `upto`, as entries of class 0. */
export function sealedEntriesUpTo(db: Db, upto: number): LogEntry[] {
  return cachedStatement(
    db,
    `SELECT seq, id, 0 AS cls FROM events WHERE seq <= ? AND kind IN ${PRIVATE_KINDS} ORDER BY seq`,
  ).all(upto) as LogEntry[];
}

/**
 * (created_at, id) of the events a NIP-01 filter selects for this reader, at most `max + 1` (one
 * more than allowed, so the caller sees the set is too big); with `currentOnly`, the current
 * versions of replaceable records only. Prepared anew each time: the statement's text follows
 * the filter's shape, which a peer chooses, so caching it would let peers grow the cache.
 */
export function negentropyItems(
  db: Db,
  filter: Filter,
  access: Access,
  max: number,
  options: { currentOnly?: boolean } = {},
): { created_at: number; id: string }[] {
  const where = filterWhere(filter, access);
  const sql = [options.currentOnly ? 'head = 1' : '', where.sql].filter(Boolean).join(' AND ');
  return db
    .prepare(`SELECT created_at, id FROM events ${sql ? `WHERE ${sql}` : ''} LIMIT ${Math.trunc(max) + 1}`)
    .all(...where.params) as { created_at: number; id: string }[];
}

/**
 * The stored JSON of the newest current list of trusted relays (kind 10621) signed by `desk`,
 * or undefined when none is stored.
 */
export function trustedListRaw(db: Db, desk: string): string | undefined {
  const row = cachedStatement(
    db,
    `SELECT raw FROM events WHERE kind = ${Kind.TrustedRelays} AND pubkey = ? AND head = 1
     ORDER BY created_at DESC, id ASC LIMIT 1`,
  ).get(desk) as { raw: string } | undefined;
  return row?.raw;
}
