import { cachedStatement, type Db } from '../../store/db.js';
import type { OpenedBallot, OpenedJoinRequest } from '../inbox-types.js';

/*
 * The SQL of the desk's conversations: the copies of its replies (proj_replies), the join
 * requests it opened (proj_join_requests), the ballots (proj_ballots), and where a reply to a report or a request is sealed.
 */

/** The desk's copy of a reply it sent (the same rumor sealed to itself). */
export interface ReplyCopy {
  id: string;
  wrapId?: string;
  reportId: string | null;
  reporter: string;
  createdAt: number;
  text: string;
}

export function insertReply(db: Db, r: ReplyCopy): void {
  cachedStatement(
    db,
    'INSERT OR IGNORE INTO proj_replies (id, wrap_id, report_id, reporter, created_at, text) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(r.id, r.wrapId ?? null, r.reportId, r.reporter, r.createdAt, r.text);
}

/** The replies the desk sent to one reporter, oldest first. */
export function repliesTo(db: Db, reporter: string) {
  return db
    .prepare(
      'SELECT id, report_id, created_at, text FROM proj_replies WHERE reporter = ? ORDER BY created_at',
    )
    .all(reporter) as { id: string; report_id: string | null; created_at: number; text: string }[];
}

/** The replies sent to a join request, oldest first. */
export function repliesToRequest(db: Db, requestId: string) {
  return cachedStatement(
    db,
    'SELECT id, created_at, text FROM proj_replies WHERE report_id = ? ORDER BY created_at, id',
  ).all(requestId) as { id: string; created_at: number; text: string }[];
}

/** The wraps of the desk's copies of its replies to a join request. */
export function replyWrapsOfRequest(db: Db, requestId: string): string[] {
  return (
    cachedStatement(db, 'SELECT wrap_id FROM proj_replies WHERE report_id = ? AND wrap_id IS NOT NULL').all(
      requestId,
    ) as { wrap_id: string }[]
  ).map((r) => r.wrap_id);
}

/** A join request as stored: the wrap that brought it and the request as JSON. */
export type JoinRequestRow = { wrap_id: string; content: string };

export function insertJoinRequest(db: Db, seq: number, wrapId: string, request: OpenedJoinRequest): void {
  cachedStatement(
    db,
    `INSERT OR IGNORE INTO proj_join_requests (id, wrap_id, seq, author, created_at, reply_key, content)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    request.id,
    wrapId,
    seq,
    request.author,
    request.createdAt,
    request.replyKey,
    JSON.stringify(request),
  );
}

/** A ballot the desk queue opened (its code already replaced by the code's hash). */
export function insertBallot(db: Db, seq: number, wrapId: string, b: OpenedBallot): void {
  cachedStatement(
    db,
    `INSERT OR IGNORE INTO proj_ballots (id, wrap_id, seq, created_at, vote, code_hash, channel, choices, problem)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    b.id,
    wrapId,
    seq,
    b.createdAt,
    b.vote,
    b.codeHash,
    b.channel,
    b.choices ? JSON.stringify(b.choices) : null,
    b.problem,
  );
}

export function joinRequestRow(db: Db, id: string): JoinRequestRow | undefined {
  return cachedStatement(db, 'SELECT wrap_id, content FROM proj_join_requests WHERE id = ?').get(id) as
    | JoinRequestRow
    | undefined;
}

/** Join requests, newest first (at most `limit`). */
/**
 * Which join requests a page or a count takes: only these ids, or all but these; `before` the
 * newest request to skip to (a page's cursor: its last request's time and id).
 */
export interface JoinRequestFilter {
  only?: readonly string[];
  except?: readonly string[];
  before?: { createdAt: number; id: string };
}

function joinRequestWhere(filter: JoinRequestFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.only) {
    parts.push('id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(filter.only));
  }
  if (filter.except?.length) {
    parts.push('id NOT IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(filter.except));
  }
  if (filter.before) {
    parts.push('(created_at < ? OR (created_at = ? AND id < ?))');
    params.push(filter.before.createdAt, filter.before.createdAt, filter.before.id);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** One page of join requests' rows, newest first: at most `limit`, after `filter.before`. */
export function joinRequestPage(db: Db, filter: JoinRequestFilter, limit: number): JoinRequestRow[] {
  const w = joinRequestWhere(filter);
  return cachedStatement(
    db,
    `SELECT wrap_id, content FROM proj_join_requests ${w.sql} ORDER BY created_at DESC, id DESC LIMIT ?`,
  ).all(...w.params, limit) as JoinRequestRow[];
}

/** How many join requests the filter takes. */
export function joinRequestCount(db: Db, filter: JoinRequestFilter): number {
  const w = joinRequestWhere(filter);
  return (
    cachedStatement(db, `SELECT count(*) AS n FROM proj_join_requests ${w.sql}`).get(...w.params) as {
      n: number;
    }
  ).n;
}

/** Whether the store has the join requests' table (the desk queue made the inbox's tables). */
export function hasJoinRequestTable(db: Db): boolean {
  return (
    cachedStatement(
      db,
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'proj_join_requests'",
    ).get() !== undefined
  );
}

/** Delete the join request and the reply copy a wrap brought, if any. */
export function deleteRowsOfWrap(db: Db, wrapId: string): void {
  cachedStatement(db, 'DELETE FROM proj_join_requests WHERE wrap_id = ?').run(wrapId);
  cachedStatement(db, 'DELETE FROM proj_replies WHERE wrap_id = ?').run(wrapId);
}

/** Who wrote a report or a join request, and the key it asks replies to be sealed to. */
export type ReplyTarget = { author: string; reply_key: string | null };

export function reportReplyTarget(db: Db, reportId: string): ReplyTarget | undefined {
  return cachedStatement(db, 'SELECT author, reply_key FROM proj_reports WHERE id = ?').get(reportId) as
    | ReplyTarget
    | undefined;
}

export function joinRequestReplyTarget(db: Db, requestId: string): ReplyTarget | undefined {
  return cachedStatement(db, 'SELECT author, reply_key FROM proj_join_requests WHERE id = ?').get(
    requestId,
  ) as ReplyTarget | undefined;
}

/** The reply key of the reporter's newest report that has one. */
export function newestReplyKey(db: Db, reporter: string): string | undefined {
  const row = cachedStatement(
    db,
    `SELECT reply_key FROM proj_reports WHERE author = ? AND reply_key IS NOT NULL
     ORDER BY created_at DESC LIMIT 1`,
  ).get(reporter) as { reply_key: string } | undefined;
  return row?.reply_key;
}

/** A ballot's row in `proj_ballots`. */
export type BallotRow = {
  id: string;
  seq: number;
  created_at: number;
  vote: string | null;
  code_hash: string | null;
  channel: 'web' | 'paper' | null;
  choices: string | null;
  problem: string | null;
};

/** Every ballot row in log order: one vote's, or all of them (none before the inbox is made). */
export function ballotRows(db: Db, vote?: string): BallotRow[] {
  const made =
    cachedStatement(
      db,
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'proj_ballots'",
    ).get() !== undefined;
  if (!made) return [];
  return (
    vote === undefined
      ? cachedStatement(db, 'SELECT * FROM proj_ballots ORDER BY seq, id').all()
      : cachedStatement(db, 'SELECT * FROM proj_ballots WHERE vote = ? ORDER BY seq, id').all(vote)
  ) as BallotRow[];
}

/** Where a report says it came from, as the inbox keeps it: its channel, node and SMS way back. */
export interface RouteOfReport {
  channel: string;
  via: string | null;
  sms_return: string | null;
}

/**
 * The route facts of the report a reply to `reporter` answers: the one named, else the
 * reporter's newest. Undefined when the desk holds no report of theirs.
 */
export function reportRouteRow(db: Db, reporter: string, reportId?: string): RouteOfReport | undefined {
  return (
    reportId
      ? cachedStatement(
          db,
          'SELECT channel, via, sms_return FROM proj_reports WHERE id = ? AND author = ?',
        ).get(reportId, reporter)
      : cachedStatement(
          db,
          'SELECT channel, via, sms_return FROM proj_reports WHERE author = ? ORDER BY created_at DESC LIMIT 1',
        ).get(reporter)
  ) as RouteOfReport | undefined;
}

/** The log position from which reports get receipts (0 when receipts began with the store). */
export function receiptsFromSeq(db: Db): number {
  const row = cachedStatement(db, 'SELECT seq FROM desk_receipts_from LIMIT 1').get() as
    | { seq: number }
    | undefined;
  return row?.seq ?? 0;
}

/** Whether this node has sealed a receipt for the report. */
export function hasReceipt(db: Db, reportId: string): boolean {
  return cachedStatement(db, 'SELECT 1 FROM desk_receipts WHERE report_id = ?').get(reportId) !== undefined;
}

/** Record the receipt sealed for a report (its wrap). */
export function insertReceipt(db: Db, reportId: string, wrapId: string, sentAt: number): void {
  cachedStatement(db, 'INSERT INTO desk_receipts (report_id, wrap_id, sent_at) VALUES (?, ?, ?)').run(
    reportId,
    wrapId,
    sentAt,
  );
}
