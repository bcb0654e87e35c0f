import { tagValues } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import type { Db } from '../store/db.js';
import type { Projection } from '../store/projections.js';
import type { OpenedJoinRequest } from './inbox-types.js';
import {
  deleteRowsOfWrap,
  hasJoinRequestTable,
  type JoinRequestFilter,
  type JoinRequestRow,
  joinRequestCount,
  joinRequestPage,
  joinRequestRow,
  repliesToRequest,
  replyWrapsOfRequest,
} from './repository/index.js';

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

const toRequest = (r: JoinRequestRow): StoredJoinRequest => ({
  ...(JSON.parse(r.content) as OpenedJoinRequest),
  wrapId: r.wrap_id,
});

/** One join request by its rumor id. */
export function getJoinRequest(db: Db, id: string): StoredJoinRequest | undefined {
  const row = joinRequestRow(db, id);
  return row ? toRequest(row) : undefined;
}

export type { JoinRequestFilter } from './repository/index.js';

/** One page of join requests, newest first: at most `limit`, after `filter.before`. */
export function pageJoinRequests(db: Db, filter: JoinRequestFilter, limit: number): StoredJoinRequest[] {
  return joinRequestPage(db, filter, limit).map(toRequest);
}

/** How many join requests the filter takes (its `before` ignored: the whole list's count). */
export function countJoinRequests(db: Db, filter: Omit<JoinRequestFilter, 'before'>): number {
  const { before: _before, ...all } = filter as JoinRequestFilter;
  return joinRequestCount(db, all);
}

/** The desk's copies of its replies to a join request (their wraps): purged with it. */
export function joinReplyWraps(db: Db, requestId: string): string[] {
  return replyWrapsOfRequest(db, requestId);
}

/** The replies sent to a join request, oldest first. */
export function joinReplies(db: Db, requestId: string) {
  return repliesToRequest(db, requestId);
}

function forgetWraps(db: Db, wrapIds: readonly string[]): void {
  if (!hasJoinRequestTable(db)) return;
  for (const id of wrapIds) deleteRowsOfWrap(db, id);
}

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
