// biome-ignore-all assist/source/organizeImports: the order of imports is the order of modules in the page's script, and its gzip size (at the budget) depends on it: the page's own modules first
// The report page's state and what it does: seal, mine, queue, send with retries, fetch and
// open replies, wipe. No DOM here; main.ts draws `state` whenever `changed()` is called.
import { getConversationKey } from 'nostr-tools/nip44';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import type { ReportContent } from '../../../src/core/content.js';
import type { NostrEvent } from '../../../src/core/event.js';
import { batches, fetchNode, fetchReplies, NetError, type NodeInfo, submit } from '../shared/net.js';
import { minePow, stopMining } from '../shared/pow-client.js';
import { due, nextRetryAt, type OutboxItem, queue, retryLater, settle } from '../shared/queue.js';
import type { OpenedReply } from '../shared/open-sealed.js';
import { sealReport, signWrap } from '../shared/seal.js';
import { kit, loadMore, more } from './later.js';
import * as store from '../shared/store.js';

export interface State {
  ready: boolean;
  node?: NodeInfo;
  pubkey?: string;
  items: OutboxItem[];
  replies: OpenedReply[];
  /** Reports the desk has told this phone it has (its receipts, and any report it answered). */
  receipts: Set<string>;
  /** Replies (wrap ids) fetched while this page is open, not kept ones: shown highlighted. */
  fresh: Set<string>;
  /** Proof-of-work progress of the report being prepared: nonces tried / expected. */
  work?: { tries: number; expected: number };
  checking: boolean;
  checkError?: string;
  wiped: boolean;
}

export const state: State = {
  ready: false,
  items: [],
  replies: [],
  receipts: new Set(),
  fresh: new Set(),
  checking: false,
  wiped: false,
};

let key: Uint8Array | undefined;
/** A key made ahead of the first report (kept only in memory until that report is sealed). */
let spare: Uint8Array | undefined;
let nodeRequest: Promise<void> | undefined;
let listener = () => {};
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let pollTimer: ReturnType<typeof setInterval> | undefined;
let mining: Promise<void> = Promise.resolve();
const ownText = new Map<string, ReportContent | null>();
let deskConversation: { desk: string; key: Uint8Array } | undefined;

const REPLY_POLL_MS = 60_000;
/** How far back each reply check looks again, for wraps stored while the last check ran. */
const REPLY_OVERLAP_S = 600;
/** The reply keys of this many newest delivered reports are checked (one request each). */
const REPLY_KEYS_CHECKED = 20;
const publicKeys = new WeakMap<Uint8Array, string>();

function publicOf(secret: Uint8Array): string {
  let pub = publicKeys.get(secret);
  if (!pub) {
    pub = getPublicKey(secret);
    publicKeys.set(secret, pub);
  }
  return pub;
}

export function onChange(fn: () => void): void {
  listener = fn;
}

function changed(): void {
  if (!state.wiped) listener();
}

function setItem(item: OutboxItem): void {
  const i = state.items.findIndex((x) => x.id === item.id);
  if (i >= 0) state.items[i] = item;
  else state.items.push(item);
}

/** Read what the phone keeps, learn the node's desk key, and resume unfinished work. */
export async function boot(): Promise<void> {
  const asking = refreshNode();
  key = await store.get<Uint8Array>('key');
  // The first use of the curve builds its tables (half a second here, seconds on a cheap
  // phone): do it now, while the node answers and the reporter types, not after Send.
  if (!key) spare = generateSecretKey();
  state.pubkey = key && getPublicKey(key);
  if (spare) getPublicKey(spare);
  state.node = await store.get<NodeInfo>('node');
  state.items = await store.outbox();
  const kept = await store.replies();
  // Opening replies and the reporter's own words is the later chunk's: fetch it when needed.
  if (kept.length || state.items.length) await loadMore().catch(() => {});
  for (const wrap of kept) addReply(wrap);
  changed();
  for (const item of state.items) if (item.state === 'mining') void mine(item);
  await asking;
  // A node that did not answer (a moment without network) is asked once more; only then may the
  // page say that it knows none, not while the first answer is on its way.
  if (!state.node) await refreshNode();
  state.ready = true;
  changed();
  void flush(true);
  addEventListener('online', () => {
    changed();
    void flush(true);
    void checkReplies(false);
  });
  addEventListener('offline', changed);
  pollTimer = setInterval(() => {
    if (document.visibilityState === 'visible') void checkReplies(false);
  }, REPLY_POLL_MS);
  void checkReplies(false);
}

/**
 * Ask the node for its desk key and difficulty (one request at a time); where no node answers
 * the API but a static mirror's `mirror.json` does, the page runs as the mirror's report page.
 */
function refreshNode(): Promise<void> {
  nodeRequest ??= fetchNode()
    .catch((err) =>
      err instanceof NetError && err.status > 0
        ? loadMore().then((m) => m.fetchMirror())
        : Promise.reject(err),
    )
    .then(async (node) => {
      state.node = node;
      await store.put('node', node);
      changed();
    })
    .catch(() => {
      // Offline: what the phone remembers of the node will do.
    })
    .finally(() => {
      nodeRequest = undefined;
    });
  return nodeRequest;
}

/** Seal a report and keep it on the phone; the proof of work and sending follow by themselves. */
export async function sendReport(content: ReportContent): Promise<void> {
  // On a mirror, a node may answer beside it by now: the report then names it and gets replies.
  if (!state.node || state.node.mirror) await refreshNode();
  const node = state.node;
  if (!node) throw new NetError('no_node');
  if (!key) {
    key = spare ?? generateSecretKey();
    await store.put('key', key);
    state.pubkey = getPublicKey(key);
  }
  // A key for this report's replies alone: the wrap a reply comes in names it, not the device.
  // A mirror's page cannot fetch replies, so its reports ask for none.
  const replyKey = node.mirror ? undefined : generateSecretKey();
  const sealed = sealReport(
    {
      ...content,
      ...(replyKey ? { reply_key: publicOf(replyKey) } : {}),
      // Where this page fetches replies: the desk warns when it cannot route them there.
      ...(node.node_pubkey ? { via: node.node_pubkey } : {}),
    },
    key,
    node.desk_pubkey,
  );
  const item: OutboxItem = {
    id: sealed.rumorId,
    created_at: sealed.createdAt,
    seal: sealed.seal,
    ...(replyKey ? { reply_key: replyKey } : {}),
    state: 'mining',
    wrap: sealed.wrap,
    wrap_key: sealed.wrapKey,
    difficulty: node.pow_difficulty,
  };
  await store.saveItem(item);
  ownText.set(item.id, content);
  setItem(item);
  changed();
  void mine(item);
}

/** Mine one report at a time: the workers already use every core. */
function mine(item: Extract<OutboxItem, { state: 'mining' }>): Promise<void> {
  mining = mining.then(async () => {
    if (state.wiped) return;
    const expected = 2 ** item.difficulty;
    state.work = { tries: 0, expected };
    changed();
    let shown = 0;
    const nonce = await minePow(item.wrap, item.difficulty, (tries) => {
      const now = Date.now();
      if (state.work && now - shown > 200) {
        shown = now;
        state.work.tries = tries;
        changed();
      }
    });
    if (state.wiped) return;
    const queued = queue(item, signWrap(item.wrap, item.wrap_key, nonce, item.difficulty), Date.now());
    await store.saveItem(queued);
    setItem(queued);
    state.work = undefined;
    changed();
    void flush(true);
  });
  // One failure (storage full, say) must not stop the reports after it: they stay 'mining'.
  mining = mining.catch(() => {});
  return mining;
}

let sending: Promise<unknown> = Promise.resolve();

/**
 * Send what is due (everything queued when `force`). One sender at a time in this tab, and one
 * across tabs where the browser has Web Locks; the queue is read again from the database
 * first, so an item another tab delivered is not sent again.
 */
export function flush(force = false): Promise<unknown> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  sending = sending
    .then(
      () =>
        (locks
          ? locks.request('tilshi-report-send', () => sendDue(force))
          : sendDue(force)) as Promise<unknown>,
    )
    .catch(() => {})
    .then(scheduleRetry);
  return sending;
}

async function sendDue(force: boolean): Promise<void> {
  if (state.wiped || navigator.onLine === false) return;
  // No node known yet, or a mirror with none to send to (its reports leave by "Save to file"):
  // one may answer by now.
  if (!state.node || state.node.mirror) await refreshNode();
  if (!state.node || state.node.mirror) return;
  for (const item of await store.outbox()) setItem(item);
  const ready = due(state.items, Date.now(), force);
  for (const batch of batches(ready, state.node?.limits)) {
    let results: OutboxItem[];
    try {
      const answer = await submit(batch.map((i) => i.wrap));
      results = batch.map((i) => settle(i, answer, Date.now()));
    } catch (err) {
      const code = err instanceof NetError ? err.code : 'network';
      // A single wrap refused with a 4xx is refused for good; anything else is tried again.
      const final = batch.length === 1 && err instanceof NetError && err.status >= 400 && err.status < 500;
      results = batch.map((i) =>
        final
          ? settle(i, { rejected: [{ id: i.wrap.id, code }] }, Date.now())
          : retryLater(i, Date.now(), code),
      );
    }
    if (state.wiped) return;
    for (const r of results) {
      await store.saveItem(r);
      setItem(r);
    }
    changed();
    if (results.some((r) => r.state === 'queued')) break;
  }
  void checkReplies(false);
}

function scheduleRetry(): void {
  clearTimeout(retryTimer);
  const at = nextRetryAt(state.items);
  // On a mirror, ask once a minute whether a node answers (not at once: nothing would change).
  if (at !== undefined && !state.wiped)
    retryTimer = setTimeout(() => void flush(), Math.max(state.node?.mirror ? 6e4 : 0, at - Date.now()));
}

/**
 * The keys to fetch replies with: the reply keys of the newest delivered reports, and the
 * device key while a report sent before reply keys existed is among them.
 */
function replyKeys(): Uint8Array[] {
  const delivered = state.items
    .filter((i) => i.state === 'delivered')
    .sort((a, b) => b.created_at - a.created_at);
  const keys = delivered.flatMap((i) => (i.reply_key ? [i.reply_key] : [])).slice(0, REPLY_KEYS_CHECKED);
  if (key && delivered.some((i) => !i.reply_key)) keys.push(key);
  return keys;
}

/** The secret that opens a wrap: the one whose public key the wrap is addressed to. */
function keyFor(wrap: NostrEvent): Uint8Array | undefined {
  const to = wrap.tags.find((t) => t[0] === 'p')?.[1];
  const candidates = [
    ...state.items.flatMap((i) => (i.reply_key ? [i.reply_key] : [])),
    ...(key ? [key] : []),
  ];
  return candidates.find((k) => publicOf(k) === to);
}

/** Take a reply or a receipt in; true when it is one (and new to this page). */
function addReply(wrap: NostrEvent): boolean {
  if (!state.node || !more || state.replies.some((r) => r.wrapId === wrap.id)) return false;
  const secret = keyFor(wrap);
  const opened = secret && more.openFromDesk(kit, wrap, secret, state.node.desk_pubkey);
  if (!opened) return false;
  if ('receipt' in opened) {
    state.receipts.add(opened.receipt);
    return true;
  }
  state.replies.push(opened);
  // A reply to a report also says the desk has it.
  if (opened.reportId) state.receipts.add(opened.reportId);
  if (state.ready) state.fresh.add(opened.wrapId);
  return true;
}

/** Fetch the desk's replies to this device. `manual`: the reporter asked, so say what happened. */
export async function checkReplies(manual: boolean): Promise<void> {
  if (!key || !state.node || state.node.mirror || state.checking || state.wiped) return;
  if (!manual && !state.items.some((i) => i.state === 'delivered')) return;
  state.checking = true;
  state.checkError = undefined;
  if (manual) changed();
  const started = Math.floor(Date.now() / 1000);
  try {
    await loadMore();
    for (const secret of replyKeys()) {
      // The device key keeps the cursor it always had; each reply key has its own.
      const cursor = secret === key ? 'replies_since' : `replies_since:${publicOf(secret)}`;
      const since = (await store.get<number>(cursor)) ?? 0;
      for (const wrap of await fetchReplies(since, secret)) {
        if (addReply(wrap)) await store.saveReply(wrap);
      }
      await store.put(cursor, Math.max(0, started - REPLY_OVERLAP_S));
    }
  } catch (err) {
    state.checkError = err instanceof NetError && err.code === 'network' ? 'network' : 'unknown';
  } finally {
    state.checking = false;
    changed();
  }
}

/** The reporter's own words of a report, opened from its seal with the device key. */
export function ownContent(item: OutboxItem): ReportContent | null {
  const cached = ownText.get(item.id);
  if (cached !== undefined) return cached;
  if (!key || !state.node) return null;
  if (!more) {
    void loadMore().then(changed, () => {});
    return null;
  }
  if (deskConversation?.desk !== state.node.desk_pubkey) {
    deskConversation = { desk: state.node.desk_pubkey, key: getConversationKey(key, state.node.desk_pubkey) };
  }
  const content = more.openOwnSeal(kit, item.seal, deskConversation.key) ?? null;
  ownText.set(item.id, content);
  return content;
}

/** The wraps still waiting to be sent (what "Save to file" writes). */
export function queuedWraps(): NostrEvent[] {
  return state.items.flatMap((i) => (i.state === 'queued' ? [i.wrap] : []));
}

/** Remove the key, the queue, the replies, the cached page and the service worker. */
export async function wipe(): Promise<void> {
  state.wiped = true;
  clearTimeout(retryTimer);
  clearInterval(pollTimer);
  stopMining();
  key = spare = undefined;
  ownText.clear();
  const jobs: Promise<unknown>[] = [store.deleteAll()];
  if ('caches' in self) {
    jobs.push(
      caches
        .keys()
        .then((keys) =>
          Promise.all(keys.filter((k) => k.startsWith('tilshi-report-')).map((k) => caches.delete(k))),
        ),
    );
  }
  if (navigator.serviceWorker) {
    jobs.push(
      navigator.serviceWorker.getRegistrations().then((regs) => Promise.all(regs.map((r) => r.unregister()))),
    );
  }
  try {
    localStorage.removeItem('tilshi.lang');
  } catch {
    // Storage switched off: nothing was kept there.
  }
  await Promise.all(jobs);
  Object.assign(state, {
    ready: true,
    node: undefined,
    pubkey: undefined,
    items: [],
    replies: [],
    receipts: new Set(),
    fresh: new Set(),
    work: undefined,
  });
}
