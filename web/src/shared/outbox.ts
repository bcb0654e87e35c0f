// The outbox of a page that sends one sealed wrap at a time to a route of its own (/join to
// POST /api/v1/join, /vote to POST /api/v1/vote): each item's work is mined, the signed wrap
// kept in the page's IndexedDB, and sent until the node takes or refuses it; what fails for want
// of a network is tried again later (queue.ts decides when). The page keeps its items in its
// state; this updates them in place and tells the page when to draw.
import { call, NetError } from './net.js';
import { minePow } from './pow-client.js';
import {
  due,
  nextRetryAt,
  type OutboxItem,
  type QueuedItem,
  queue,
  retryLater,
  type SubmitAnswer,
  settle,
} from './queue.js';
import { signWrap } from './seal.js';
import { saveItem } from './store.js';

export interface OutboxHooks {
  /** The route that takes one wrap. */
  path: string;
  /** The page's items (its state's list, which the page may replace). */
  items(): OutboxItem[];
  /** Something the page draws has changed. */
  changed(): void;
  /** True once the page was wiped: nothing more is mined, stored or sent. */
  stopped?(): boolean;
  /** The work of one item: begun, its tries so far, done. */
  work?: { begin(item: Extract<OutboxItem, { state: 'mining' }>): void; tries(n: number): void; end(): void };
  /** After each round of sending, with whether it delivered something. */
  sent?(delivered: boolean): Promise<void> | void;
}

/**
 * @example
 *   const outbox = createOutbox({ path: '/api/v1/vote', items: () => state.items, changed: draw });
 *   outbox.track(item); void outbox.mine(item);
 */
export function createOutbox(h: OutboxHooks) {
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let mining: Promise<void> = Promise.resolve();
  let sending: Promise<unknown> = Promise.resolve();
  const stopped = () => h.stopped?.() ?? false;

  /** Put an item in the page's list, in place of its older state. */
  function track(item: OutboxItem): void {
    const items = h.items();
    const i = items.findIndex((x) => x.id === item.id);
    if (i >= 0) items[i] = item;
    else items.push(item);
  }

  /** Mine an item's work (one item at a time), then keep it queued and send. */
  function mine(item: Extract<OutboxItem, { state: 'mining' }>): Promise<void> {
    mining = mining
      .then(async () => {
        if (stopped()) return;
        h.work?.begin(item);
        const nonce = await minePow(item.wrap, item.difficulty, (n) => h.work?.tries(n));
        if (stopped()) return;
        const queued = queue(item, signWrap(item.wrap, item.wrap_key, nonce, item.difficulty), Date.now());
        await saveItem(queued);
        track(queued);
        h.work?.end();
        h.changed();
        void flush(true);
      })
      .catch(() => {});
    return mining;
  }

  /** POST one wrap, answered as the outbox's state machine reads answers. */
  async function submitOne(item: QueuedItem): Promise<SubmitAnswer> {
    try {
      const answer = await call<{ id: string }>(h.path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(item.wrap),
      });
      return { accepted: [answer.id] };
    } catch (err) {
      // A 4xx is the node's word on this wrap; anything else (no network, 5xx) is tried again.
      if (err instanceof NetError && err.status >= 400 && err.status < 500) {
        return { rejected: [{ id: item.wrap.id, code: err.code }] };
      }
      throw err;
    }
  }

  async function sendDue(force: boolean): Promise<void> {
    if (stopped() || navigator.onLine === false) return;
    let delivered = false;
    for (const item of due(h.items(), Date.now(), force)) {
      let result: OutboxItem;
      try {
        result = settle(item, await submitOne(item), Date.now());
      } catch (err) {
        result = retryLater(item, Date.now(), err instanceof NetError ? err.code : 'network');
      }
      if (stopped()) return;
      await saveItem(result);
      track(result);
      delivered ||= result.state === 'delivered';
      h.changed();
      if (result.state === 'queued') break;
    }
    await h.sent?.(delivered);
  }

  /** Send what is due (all queued when `force`), one request at a time. */
  function flush(force = false): Promise<unknown> {
    sending = sending
      .then(() => sendDue(force))
      .catch(() => {})
      .then(() => {
        clearTimeout(retryTimer);
        const at = nextRetryAt(h.items());
        if (at !== undefined && !stopped())
          retryTimer = setTimeout(() => void flush(), Math.max(0, at - Date.now()));
      });
    return sending;
  }

  /** No more retries (the page was wiped). */
  function stop(): void {
    clearTimeout(retryTimer);
  }

  return { track, mine, flush, stop };
}
