// The outbox of sealed reports, as a pure state machine (store.ts keeps it in IndexedDB):
//
//   mining ──signed──► queued ──accepted──► delivered
//                        │  ▲
//          network error │  │ retry after a backoff, or at once when the phone is online again
//                        ▼  │
//                      (queued, attempts+1, next_at)      queued ──refused for good──► refused
//
// A delivered item keeps no wrap, so it can never be sent again; a resend of a queued one is
// safe (the node counts a duplicate as accepted).
import type { NostrEvent } from '../../../src/core/event.js';
import type { PowTemplate } from './pow.js';

interface ItemBase {
  /** The report's rumor id. */
  id: string;
  /** When it was written (unix seconds). */
  created_at: number;
  /** The seal, which the device key opens to show the reporter's own words. */
  seal: NostrEvent;
  /**
   * The secret of the key made for this report alone (its public half travels inside the
   * report): the desk seals its replies to it, and the page fetches them with it.
   */
  reply_key?: Uint8Array;
}

/** What every state of an item keeps. */
function base(item: ItemBase): ItemBase {
  return {
    id: item.id,
    created_at: item.created_at,
    seal: item.seal,
    ...(item.reply_key ? { reply_key: item.reply_key } : {}),
  };
}

export type OutboxItem =
  | (ItemBase & { state: 'mining'; wrap: PowTemplate; wrap_key: Uint8Array; difficulty: number })
  | (ItemBase & { state: 'queued'; wrap: NostrEvent; attempts: number; next_at: number; error?: string })
  | (ItemBase & { state: 'delivered'; wrap_id: string; delivered_at: number })
  | (ItemBase & { state: 'refused'; wrap_id: string; error: string });

export type QueuedItem = Extract<OutboxItem, { state: 'queued' }>;

/** The node's answer to POST /api/v1/events. */
export interface SubmitAnswer {
  accepted?: string[];
  rejected?: Array<{ id: string; code: string; message?: string }>;
}

/** Codes that another try may cure; any other refusal is final. */
const TRANSIENT = new Set(['rate_limited', 'internal_error', 'no_desk_configured', 'network']);

const BACKOFF_MIN_MS = 2_000;
const BACKOFF_MAX_MS = 5 * 60_000;

/** Wait before try number `attempts + 1`: doubling from 2 s up to 5 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.max(0, attempts - 1));
}

/** The mined and signed wrap takes its place in the queue. */
export function queue(item: OutboxItem, wrap: NostrEvent, now: number): QueuedItem {
  return {
    ...base(item),
    state: 'queued',
    wrap,
    attempts: 0,
    next_at: now,
  };
}

/** Items to send now (all queued ones when `force`, as when the connection has just come back). */
export function due(items: readonly OutboxItem[], now: number, force = false): QueuedItem[] {
  return items.filter((i): i is QueuedItem => i.state === 'queued' && (force || i.next_at <= now));
}

/** A try that did not reach the node (or got a transient refusal): wait longer next time. */
export function retryLater(item: QueuedItem, now: number, error = 'network'): QueuedItem {
  const attempts = item.attempts + 1;
  return { ...item, attempts, next_at: now + backoffMs(attempts), error };
}

/** What the node's answer means for one item that was in the request. */
export function settle(item: QueuedItem, answer: SubmitAnswer, now: number): OutboxItem {
  const id = item.wrap.id;
  if (answer.accepted?.includes(id)) {
    return {
      ...base(item),
      state: 'delivered',
      wrap_id: id,
      delivered_at: now,
    };
  }
  const refusal = answer.rejected?.find((r) => r.id === id);
  if (refusal && !TRANSIENT.has(refusal.code)) {
    return {
      ...base(item),
      state: 'refused',
      wrap_id: id,
      error: refusal.code,
    };
  }
  return retryLater(item, now, refusal?.code);
}

/** When the next retry is due, if any item waits. */
export function nextRetryAt(items: readonly OutboxItem[]): number | undefined {
  let next: number | undefined;
  for (const i of items)
    if (i.state === 'queued' && (next === undefined || i.next_at < next)) next = i.next_at;
  return next;
}
