import { Kind } from '../core/kinds.js';
import type { Db } from '../store/db.js';
import type { LogEntry, LogPage, SyncAccess } from './log-types.js';
import {
  countsUpTo,
  idPrefixRowsUpTo,
  type LogRow,
  logRowsAfter,
  logRowsByIdPrefix,
  logRowsThrough,
  maxSeq,
} from './repository/index.js';
import { syncClass } from './wire.js';

/*
 * The log as sync offers it: log positions classified for sending (sealed reports and replies,
 * desk-private records, public records), with what a public reader may not have held back, and
 * the items of a first-contact reconciliation. The rows come from the repository.
 */

/** Whether a row is sealed (a wrap or a seal), which a public reader may not have. */
const isSealed = (r: LogRow) => r.kind === Kind.GiftWrap || r.kind === Kind.Seal;

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
  const lastSeq = maxSeq(db);
  const rows =
    options.upto !== undefined
      ? logRowsThrough(db, after, options.upto)
      : logRowsAfter(db, after, options.limit);
  const upto =
    options.upto ?? (rows.length === options.limit ? rows[rows.length - 1]!.seq : Math.max(lastSeq, after));
  let withheld = 0;
  const entries: LogEntry[] = [];
  for (const r of rows) {
    if (options.access === 'public' && isSealed(r)) {
      withheld++;
      continue;
    }
    entries.push({ seq: r.seq, id: r.id, cls: syncClass(r, options.deskPubkey) });
  }
  entries.sort((a, b) => a.cls - b.cls || a.seq - b.seq);
  return { entries, upto, lastSeq, withheld };
}

/** Events at log positions up to `upto` a reader may have, and how many sealed ones it may not. */
export function countUpTo(db: Db, upto: number, access: SyncAccess): { size: number; withheld: number } {
  const row = countsUpTo(db, upto);
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
  const rows = idPrefixRowsUpTo(db, upto, access);
  const seqs = new Float64Array(rows.length);
  const hex: string[] = new Array(rows.length);
  rows.forEach((r, i) => {
    seqs[i] = r[0];
    hex[i] = r[1];
  });
  return { keys: new Uint8Array(Buffer.from(hex.join(''), 'hex')), seqs };
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
  const seen = new Set<number>();
  const entries: LogEntry[] = [];
  for (const r of logRowsByIdPrefix(db, prefixes)) {
    if (seen.has(r.seq)) continue;
    if (access === 'public' && isSealed(r)) continue;
    seen.add(r.seq);
    entries.push({ seq: r.seq, id: r.id, cls: syncClass(r, deskPubkey) });
  }
  entries.sort((a, b) => a.cls - b.cls || a.seq - b.seq);
  return entries;
}
