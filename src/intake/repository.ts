import { cachedStatement, type Db } from '../store/db.js';

/*
 * All of intake's SQL: the claims an intake channel remembers (`intake_seen`, migration 004),
 * keyed hashes of what it took in, each with the wrap it was stored as.
 */

/** The wrap stored for a claim, if one was. */
export function seenWrap(db: Db, claim: string): string | undefined {
  const row = cachedStatement(db, 'SELECT wrap_id FROM intake_seen WHERE key = ?').get(claim) as
    | { wrap_id: string }
    | undefined;
  return row?.wrap_id;
}

/** Remember a claim of a channel for a stored wrap (a claim already kept stays as it was). */
export function insertSeen(db: Db, claim: string, channel: string, wrapId: string, seenAt: number): void {
  cachedStatement(
    db,
    'INSERT OR IGNORE INTO intake_seen (key, channel, wrap_id, seen_at) VALUES (?, ?, ?, ?)',
  ).run(claim, channel, wrapId, seenAt);
}

/** Forget the claims of a channel seen before `before` (unix seconds). */
export function deleteSeenBefore(db: Db, channel: string, before: number): void {
  cachedStatement(db, 'DELETE FROM intake_seen WHERE channel = ? AND seen_at < ?').run(channel, before);
}
