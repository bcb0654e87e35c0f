import { tagValues } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { cachedStatement, type Db } from '../store/db.js';
import type { Projection } from '../store/projections.js';
import type { OpenedJoinRequest } from './inbox-types.js';

/*
 * Join requests (4622) as the desk queue opened them into `proj_join_requests` (made with the
 * inbox's tables, rebuilt with them). Their triage lives in organizing's join_status records;
 * the server hands these queries to it as a port.
 */

export type { OpenedJoinRequest } from './inbox-types.js';

/** A stored join request and the wrap that brought it. */
export interface StoredJoinRequest extends OpenedJoinRequest {
  wrapId: string;
}

type Row = { wrap_id: string; content: string };
const toRequest = (r: Row): StoredJoinRequest => ({
  ...(JSON.parse(r.content) as OpenedJoinRequest),
  wrapId: r.wrap_id,
});

/** One join request by its rumor id. */
export function getJoinRequest(db: Db, id: string): StoredJoinRequest | undefined {
  const row = cachedStatement(db, 'SELECT wrap_id, content FROM proj_join_requests WHERE id = ?').get(id) as
    | Row
    | undefined;
  return row ? toRequest(row) : undefined;
}

/**
 * Which join requests a page or a count takes: only these ids, or all but these; `before` the
 * newest request to skip to (a page's cursor: its last request's time and id).
 */
export interface JoinRequestFilter {
  only?: readonly string[];
  except?: readonly string[];
  before?: { createdAt: number; id: string };
}

function where(filter: JoinRequestFilter): { sql: string; params: unknown[] } {
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

/** One page of join requests, newest first: at most `limit`, after `filter.before`. */
export function pageJoinRequests(db: Db, filter: JoinRequestFilter, limit: number): StoredJoinRequest[] {
  const w = where(filter);
  return (
    cachedStatement(
      db,
      `SELECT wrap_id, content FROM proj_join_requests ${w.sql} ORDER BY created_at DESC, id DESC LIMIT ?`,
    ).all(...w.params, limit) as Row[]
  ).map(toRequest);
}

/** How many join requests the filter takes (its `before` ignored: the whole list's count). */
export function countJoinRequests(db: Db, filter: Omit<JoinRequestFilter, 'before'>): number {
  const { before: _before, ...all } = filter as JoinRequestFilter;
  const w = where(all);
  return (
    cachedStatement(db, `SELECT count(*) AS n FROM proj_join_requests ${w.sql}`).get(...w.params) as {
      n: number;
    }
  ).n;
}

/** The desk's copies of its replies to a join request (their wraps): purged with it. */
export function joinReplyWraps(db: Db, requestId: string): string[] {
  return (
    cachedStatement(db, 'SELECT wrap_id FROM proj_replies WHERE report_id = ? AND wrap_id IS NOT NULL').all(
      requestId,
    ) as { wrap_id: string }[]
  ).map((r) => r.wrap_id);
}

/** The replies sent to a join request, oldest first. */
export function joinReplies(db: Db, requestId: string) {
  return cachedStatement(
    db,
    'SELECT id, created_at, text FROM proj_replies WHERE report_id = ? ORDER BY created_at, id',
  ).all(requestId) as { id: string; created_at: number; text: string }[];
}

function forgetWraps(db: Db, wrapIds: readonly string[]): void {
  if (!hasTables(db)) return;
  for (const id of wrapIds) {
    cachedStatement(db, 'DELETE FROM proj_join_requests WHERE wrap_id = ?').run(id);
    cachedStatement(db, 'DELETE FROM proj_replies WHERE wrap_id = ?').run(id);
  }
}

const hasTables = (db: Db) =>
  cachedStatement(
    db,
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'proj_join_requests'",
  ).get() !== undefined;

/**
 * The desk queue is not a log projection, so a honoured deletion (a purged join request: the
 * desk's kind 5) would leave its rows behind. This projection keeps no table of its own: it
 * removes from the inbox's tables what came from wraps the log removed, live (`forget`) and on
 * a replay that meets the deletion again (`apply`).
 */
export function joinForgetProjection(deskPubkey: string): Projection {
  return {
    name: 'desk_join_forget',
    version: 1,
    create() {},
    reset() {},
    apply(db, stored) {
      const e = stored.event;
      if (e.kind === Kind.Deletion && e.pubkey === deskPubkey) forgetWraps(db, tagValues(e, 'e'));
    },
    forget(db, deleted) {
      forgetWraps(
        db,
        deleted.filter((d) => d.event.kind === Kind.GiftWrap).map((d) => d.event.id),
      );
    },
  };
}
