import { Kind } from '../../core/kinds.js';
import { cachedStatement, type Db } from '../../store/db.js';

/*
 * The SQL of publishing to other Nostr relays (migration 007): one row a relay
 * (`publish_relays`: its cursor in the log, counts, backoff), the records each refused for good
 * (`publish_refusals`), and the publishable records of the log after a relay's cursor.
 */

/** What this node keeps about one relay it publishes to. */
export interface PublishRelayRow {
  url: string;
  /** The log position up to which every publishable record was answered by the relay. */
  sent_upto: number;
  sent: number;
  accepted: number;
  duplicates: number;
  refused: number;
  retries: number;
  /** Runs in a row that stopped early (the backoff grows with them); 0 after a full run. */
  failures: number;
  last_attempt_at: number | null;
  last_success_at: number | null;
  last_error: string | null;
  next_attempt_at: number | null;
}

/**
 * What is published: current versions of these kinds signed by the desk, and node
 * announcements by any node.
 */
export interface Publishable {
  kinds: readonly number[];
  desk: string;
}

/** The WHERE of the publishable records: the kinds are a fixed list, so the text is too. */
const publishableSql = (p: Publishable) =>
  `kind IN (${p.kinds.map((k) => Math.trunc(k)).join(',')}) AND head = 1 AND (pubkey = ? OR kind = ${Kind.NodeAnnouncement})`;

/** A relay's row, added (all counts 0) when it is new. */
export function ensureRelayRow(db: Db, url: string): PublishRelayRow {
  cachedStatement(db, 'INSERT OR IGNORE INTO publish_relays (url) VALUES (?)').run(url);
  return cachedStatement(db, 'SELECT * FROM publish_relays WHERE url = ?').get(url) as PublishRelayRow;
}

/** Every relay published to before, by URL. */
export function allRelayRows(db: Db): PublishRelayRow[] {
  return cachedStatement(db, 'SELECT * FROM publish_relays ORDER BY url').all() as PublishRelayRow[];
}

/** How many records a relay refused, by the prefix of its reason (`invalid`, `blocked`, …). */
export function refusalCounts(db: Db, url: string): { prefix: string; n: number }[] {
  return cachedStatement(
    db,
    "SELECT substr(reason, 1, instr(reason || ':', ':') - 1) AS prefix, count(*) AS n FROM publish_refusals WHERE url = ? GROUP BY prefix",
  ).all(url) as { prefix: string; n: number }[];
}

/** A record a relay refused for good, with the relay's reason. */
export interface PublishRefusal {
  id: string;
  kind: number;
  reason: string;
  at: number;
}

/** The records a relay refused, newest first (at most `limit`). */
export function refusalsOf(db: Db, url: string, limit: number): PublishRefusal[] {
  return cachedStatement(
    db,
    'SELECT id, kind, reason, at FROM publish_refusals WHERE url = ? ORDER BY at DESC LIMIT ?',
  ).all(url, limit) as PublishRefusal[];
}

/** Keep a refusal (a record refused again keeps its latest reason). */
export function insertRefusal(db: Db, url: string, r: PublishRefusal): void {
  cachedStatement(
    db,
    'INSERT OR REPLACE INTO publish_refusals (url, id, kind, reason, at) VALUES (?, ?, ?, ?, ?)',
  ).run(url, r.id, r.kind, r.reason, r.at);
}

/** How many publishable records lie after log position `after`. */
export function publishableCount(db: Db, p: Publishable, after: number): number {
  return (
    cachedStatement(db, `SELECT count(*) AS n FROM events WHERE seq > ? AND ${publishableSql(p)}`).get(
      after,
      p.desk,
    ) as { n: number }
  ).n;
}

/** The next publishable records after log position `after`, in log order (at most 200). */
export function publishablePage(db: Db, p: Publishable, after: number): { seq: number; raw: string }[] {
  return cachedStatement(
    db,
    `SELECT seq, raw FROM events WHERE seq > ? AND ${publishableSql(p)} ORDER BY seq LIMIT 200`,
  ).all(after, p.desk) as { seq: number; raw: string }[];
}

/** Note that a run to this relay started at `at`. */
export function markRelayAttempt(db: Db, url: string, at: number): void {
  cachedStatement(db, 'UPDATE publish_relays SET last_attempt_at = ? WHERE url = ?').run(at, url);
}

/** How the relay answered one record. */
export type RelayAnswer = 'accepted' | 'duplicate' | 'refused';

/** The relay answered the record at `seq`: the cursor moves to it and the answer is counted. */
export function settleRecord(db: Db, url: string, seq: number, answer: RelayAnswer): void {
  cachedStatement(
    db,
    `UPDATE publish_relays SET sent_upto = ?, sent = sent + 1, accepted = accepted + ?, duplicates = duplicates + ?,
       refused = refused + ? WHERE url = ?`,
  ).run(
    seq,
    answer === 'accepted' ? 1 : 0,
    answer === 'duplicate' ? 1 : 0,
    answer === 'refused' ? 1 : 0,
    url,
  );
}

/** Count one more refusal for now (the record stays first in line). */
export function addRelayRetry(db: Db, url: string): void {
  cachedStatement(db, 'UPDATE publish_relays SET retries = retries + 1 WHERE url = ?').run(url);
}

/** How a run to a relay ended. */
export interface RelayRunEnd {
  /** Runs in a row that stopped early, this one included (0 when it did not). */
  failures: number;
  error: string | null;
  /** When to try again (unix seconds), or null when no retry is due. */
  nextAttemptAt: number | null;
  /** The run ended at `at` without an error. */
  succeeded: boolean;
  at: number;
}

/** Keep how a run ended: its error and backoff, or the time of its success. */
export function saveRelayRunEnd(db: Db, url: string, end: RelayRunEnd): void {
  cachedStatement(
    db,
    `UPDATE publish_relays SET failures = ?, last_error = ?, next_attempt_at = ?,
       last_success_at = CASE WHEN ? THEN ? ELSE last_success_at END WHERE url = ?`,
  ).run(end.failures, end.error, end.nextAttemptAt, end.succeeded ? 1 : 0, end.at, url);
}
