import { Kind } from '../../core/kinds.js';
import { cachedStatement, type Db } from '../../store/db.js';
import type { WrapToOpen } from '../inbox-types.js';
import { INBOX } from './inbox-tables.js';

/*
 * The SQL of the desk queue: the inbox's cursor in `projection_state`, and the wraps addressed
 * to the desk that the event log holds after it.
 */

/** The inbox's cursor: the shape its tables were made in, and the last log position opened. */
export function inboxCursor(db: Db): { version: number; last_seq: number } | undefined {
  return db
    .prepare<[string], { version: number; last_seq: number }>(
      'SELECT version, last_seq FROM projection_state WHERE name = ?',
    )
    .get(INBOX.name);
}

/** Save the inbox's cursor, with the shape of its tables now. */
export function saveInboxCursor(db: Db, seq: number): void {
  cachedStatement(
    db,
    `INSERT INTO projection_state (name, version, last_seq) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, last_seq = excluded.last_seq`,
  ).run(INBOX.name, INBOX.version, seq);
}

/** How many wraps to `desk` the log holds after position `after`. */
export function wrapsWaiting(db: Db, desk: string, after: number): number {
  return (
    cachedStatement(
      db,
      `SELECT count(*) AS n FROM events WHERE recipient = ? AND seq > ? AND kind = ${Kind.GiftWrap}`,
    ).get(desk, after) as { n: number }
  ).n;
}

/** The next wraps to `desk` after position `after`, in log order (at most `limit`). */
export function wrapsAfter(db: Db, desk: string, after: number, limit: number): WrapToOpen[] {
  return cachedStatement(
    db,
    `SELECT seq, raw FROM events WHERE recipient = ? AND seq > ? AND kind = ${Kind.GiftWrap} ORDER BY seq LIMIT ?`,
  ).all(desk, after, limit) as WrapToOpen[];
}

/** The log position of a stored event, if it is stored. */
export function seqOfEvent(db: Db, id: string): number | undefined {
  const row = cachedStatement(db, 'SELECT seq FROM events WHERE id = ?').get(id) as
    | { seq: number }
    | undefined;
  return row?.seq;
}

/** The highest log position (0 for an empty log). */
export function maxSeq(db: Db): number {
  return (cachedStatement(db, 'SELECT max(seq) AS s FROM events').get() as { s: number | null }).s ?? 0;
}
