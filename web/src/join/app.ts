// The join page's state and what it does, with the report page's parts (web/src/shared): seal
// on the phone (a 4622 to the desk), mine the work in the worker, keep the request in the
// outbox (its own IndexedDB database) until POST /api/v1/join takes it, fetch the desk's
// replies with the request's reply key, wipe. No DOM here; main.ts draws `state`.
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import type { JoinRequestContent } from '../../../src/core/content.js';
import type { NostrEvent } from '../../../src/core/event.js';
import { fetchNode, fetchReplies, NetError, type NodeInfo } from '../shared/net.js';
import { type OpenedReply, openReply } from '../shared/open-sealed.js';
import { createOutbox } from '../shared/outbox.js';
import { stopMining } from '../shared/pow-client.js';
import type { OutboxItem } from '../shared/queue.js';
import { sealReport } from '../shared/seal.js';
import { sealCrypto } from '../shared/seal-crypto.js';
import * as store from '../shared/store.js';

store.useDatabase('tilshi-join');

const KIND_JOIN_REQUEST = 4622;

const REPLY_OVERLAP_S = 600;

export interface State {
  ready: boolean;
  node?: NodeInfo;
  items: OutboxItem[];
  replies: OpenedReply[];
  work?: { tries: number; expected: number };
  wiped: boolean;
}

export const state: State = { ready: false, items: [], replies: [], wiped: false };

let key: Uint8Array | undefined;
let listener = () => {};

export function onChange(fn: () => void): void {
  listener = fn;
}

function changed(): void {
  if (!state.wiped) listener();
}

const outbox = createOutbox({
  path: '/api/v1/join',
  items: () => state.items,
  changed,
  stopped: () => state.wiped,
  work: {
    begin(item) {
      state.work = { tries: 0, expected: 2 ** item.difficulty };
      changed();
    },
    tries(n) {
      if (state.work) state.work.tries = n;
    },
    end() {
      state.work = undefined;
    },
  },
  sent: () => checkReplies(),
});
const { mine, flush } = outbox;

async function refreshNode(): Promise<void> {
  try {
    state.node = await fetchNode();
    await store.put('node', state.node);
    changed();
  } catch {
    // Offline: what the phone remembers of the node will do.
  }
}

/** Read what the phone keeps, learn the node's desk key, resume unfinished work. */
export async function boot(): Promise<void> {
  const asking = refreshNode();
  key = await store.get<Uint8Array>('key');
  state.node = (await store.get<NodeInfo>('node')) ?? state.node;
  state.items = await store.outbox();
  for (const wrap of await store.replies()) addReply(wrap);
  state.ready = true;
  changed();
  for (const item of state.items) if (item.state === 'mining') void mine(item);
  await asking;
  void flush(true);
  addEventListener('online', () => {
    changed();
    void flush(true);
  });
  addEventListener('offline', changed);
}

/** Seal a join request and keep it on the phone; the work and sending follow by themselves. */
export async function sendJoin(content: JoinRequestContent): Promise<void> {
  if (!state.node) await refreshNode();
  const node = state.node;
  if (!node) throw new NetError('no_node');
  if (!key) {
    key = generateSecretKey();
    await store.put('key', key);
  }
  const replyKey = generateSecretKey();
  const sealed = sealReport(
    { ...content, reply_key: getPublicKey(replyKey) },
    key,
    node.desk_pubkey,
    KIND_JOIN_REQUEST,
  );
  const item: OutboxItem = {
    id: sealed.rumorId,
    created_at: sealed.createdAt,
    seal: sealed.seal,
    reply_key: replyKey,
    state: 'mining',
    wrap: sealed.wrap,
    wrap_key: sealed.wrapKey,
    difficulty: node.pow_difficulty,
  };
  await store.saveItem(item);
  outbox.track(item);
  changed();
  void mine(item);
}

function addReply(wrap: NostrEvent): boolean {
  if (!state.node || state.replies.some((r) => r.wrapId === wrap.id)) return false;
  const to = wrap.tags.find((t) => t[0] === 'p')?.[1];
  const secret = state.items.find((i) => i.reply_key && getPublicKey(i.reply_key) === to)?.reply_key;
  const opened = secret && openReply(sealCrypto, wrap, secret, state.node.desk_pubkey);
  if (opened) state.replies.push(opened);
  return !!opened;
}

/** Fetch the desk's replies to the requests this phone sent. */
export async function checkReplies(): Promise<void> {
  if (!state.node || state.wiped) return;
  const started = Math.floor(Date.now() / 1000);
  for (const item of state.items) {
    if (item.state !== 'delivered' || !item.reply_key) continue;
    const cursor = `replies_since:${item.id}`;
    const since = (await store.get<number>(cursor)) ?? 0;
    for (const wrap of await fetchReplies(since, item.reply_key)) {
      if (addReply(wrap)) await store.saveReply(wrap);
    }
    await store.put(cursor, Math.max(0, started - REPLY_OVERLAP_S));
  }
  changed();
}

/** Remove the key, the requests, the replies, the cached page and its service worker. */
export async function wipe(): Promise<void> {
  state.wiped = true;
  outbox.stop();
  stopMining();
  key = undefined;
  const jobs: Promise<unknown>[] = [store.deleteAll()];
  if ('caches' in self) {
    jobs.push(
      caches
        .keys()
        .then((keys) =>
          Promise.all(keys.filter((k) => k.startsWith('tilshi-join-')).map((k) => caches.delete(k))),
        ),
    );
  }
  const sw = await navigator.serviceWorker?.getRegistration('/join').catch(() => undefined);
  if (sw) jobs.push(sw.unregister());
  await Promise.all(jobs);
  Object.assign(state, { ready: true, node: undefined, items: [], replies: [], work: undefined });
}
