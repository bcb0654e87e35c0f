// The vote page's state and what it does, with the report page's parts (web/src/shared): read
// the one-time code (from the address's fragment, which no server sees, or typed), learn the
// vote's planks from the desk by the code's hash, seal the ballot on the phone (a 4623 to the
// desk, by a key made for this ballot and then forgotten), mine the work, keep it in the
// outbox (its own IndexedDB database) until POST /api/v1/vote takes it, and, once the vote is
// closed, check the published list of used codes for this code's hash. No DOM here.
import { generateSecretKey } from 'nostr-tools/pure';
import { ballotCodeHash, normalizeBallotCode } from '../../../src/core/ballot-code.js';
import type { VoteResultContent } from '../../../src/core/vote-records.js';
import { call, fetchNode, NetError, type NodeInfo } from '../shared/net.js';
import { createOutbox } from '../shared/outbox.js';
import type { OutboxItem } from '../shared/queue.js';
import { sealReport } from '../shared/seal.js';
import * as store from '../shared/store.js';

store.useDatabase('tilshi-vote');

const KIND_BALLOT = 4623;

export type Choice = 'agree' | 'abstain' | 'disagree' | 'block';
export type Text = { ru?: string; kk?: string; en?: string };

/** What the desk shows the holder of a code (POST /api/v1/vote/lookup). */
export interface VoteView {
  id: string;
  title: Text;
  status: 'open' | 'closed';
  planks: { id: string; text: Text }[];
}

/**
 * The ballot on this phone: its code until it is cast (then only the hash stays, to check the
 * published list), the vote, and the outbox item once cast.
 */
export interface Current {
  code: string | null;
  hash: string;
  vote: VoteView;
  used: boolean;
  cast: string | null;
}

export interface State {
  ready: boolean;
  node?: NodeInfo;
  current?: Current;
  items: OutboxItem[];
  result?: VoteResultContent;
}

export const state: State = { ready: false, items: [] };

let listener = () => {};

export function onChange(fn: () => void): void {
  listener = fn;
}

const { track, mine, flush } = createOutbox({
  path: '/api/v1/vote',
  items: () => state.items,
  changed: () => listener(),
  // A delivered ballot: ask whether its code now counts.
  sent: (delivered) => {
    if (delivered) void refresh();
  },
});

/** The item of the current ballot, if it was cast. */
export function currentItem(): OutboxItem | undefined {
  return state.items.find((i) => i.id === state.current?.cast);
}

async function saveCurrent(): Promise<void> {
  await store.put('current', state.current ?? null);
}

async function refreshNode(): Promise<void> {
  try {
    state.node = await fetchNode();
    await store.put('node', state.node);
  } catch {
    // Offline: what the phone remembers of the node will do.
  }
}

/**
 * Read what the phone keeps; take a code from the fragment (`#code=…`) and take it out of the
 * address at once, so it stays in no history; resume unfinished work.
 */
export async function boot(fragment: string): Promise<string | null> {
  const asking = refreshNode();
  state.node = (await store.get<NodeInfo>('node')) ?? state.node;
  state.current = (await store.get<Current>('current')) ?? undefined;
  state.items = await store.outbox();
  state.ready = true;
  listener();
  for (const item of state.items) if (item.state === 'mining') void mine(item);
  const typed = new URLSearchParams(fragment.replace(/^#/, '')).get('code');
  let problem: string | null = null;
  if (typed !== null) problem = await open(typed);
  else if (state.current) void refresh();
  await asking;
  void flush(true);
  addEventListener('online', () => {
    listener();
    void flush(true);
  });
  addEventListener('offline', listener);
  return problem;
}

/** The vote a code's hash belongs to, and whether the code was counted (the desk answers). */
function lookup(hash: string): Promise<{ vote: VoteView; used: boolean }> {
  return call('/api/v1/vote/lookup', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code_hash: hash }),
  });
}

/**
 * Open the ballot of a code: the desk answers its vote's planks and whether it was used.
 * Answers a problem (`bad_code`, `unknown_code`, `network`…) or null.
 */
export async function open(typed: string): Promise<string | null> {
  const code = normalizeBallotCode(typed);
  if (!code) return 'bad_code';
  const hash = ballotCodeHash(code);
  try {
    const found = await lookup(hash);
    state.current = { code, hash, vote: found.vote, used: found.used, cast: null };
    state.result = undefined;
    await saveCurrent();
    if (found.vote.status === 'closed') await fetchResult();
    listener();
    return null;
  } catch (err) {
    return err instanceof NetError ? err.code : 'network';
  }
}

/** Ask the desk again whether the current code was counted, and fetch the result once closed. */
export async function refresh(): Promise<void> {
  const c = state.current;
  if (!c) return;
  try {
    const found = await lookup(c.hash);
    c.vote = found.vote;
    c.used = found.used;
    await saveCurrent();
    if (c.vote.status === 'closed') await fetchResult();
    listener();
  } catch {
    // Offline or the desk away: what the phone knows stands.
  }
}

async function fetchResult(): Promise<void> {
  if (!state.current) return;
  try {
    state.result = await call<VoteResultContent>(
      `/api/v1/votes/${encodeURIComponent(state.current.vote.id)}`,
    );
  } catch {
    state.result = undefined;
  }
}

/** Whether the published list of used codes holds this code's hash. */
export function counted(): boolean | undefined {
  if (!state.result || !state.current) return undefined;
  return state.result.collectives.some((c) => c.used.includes(state.current!.hash));
}

/** Put the ballot aside (another member votes on this phone): its code is forgotten. */
export async function forget(): Promise<void> {
  state.current = undefined;
  state.result = undefined;
  await saveCurrent();
  listener();
}

/**
 * Seal the ballot and keep it on the phone; the work and sending follow by themselves. The key
 * that seals it is made for it and not kept: nothing on the phone can open the ballot again.
 */
export async function cast(
  choices: { plank: string; choice: Choice; reason?: string }[],
  lang: 'ru' | 'kk' | 'en',
): Promise<void> {
  if (!state.node) await refreshNode();
  const node = state.node;
  const c = state.current;
  if (!node) throw new NetError('no_node');
  if (!c?.code) throw new NetError('no_code');
  const sealed = sealReport(
    { vote: c.vote.id, code: c.code, choices, channel: 'web', lang },
    generateSecretKey(),
    node.desk_pubkey,
    KIND_BALLOT,
  );
  const item: OutboxItem = {
    id: sealed.rumorId,
    created_at: sealed.createdAt,
    seal: sealed.seal,
    state: 'mining',
    wrap: sealed.wrap,
    wrap_key: sealed.wrapKey,
    difficulty: node.pow_difficulty,
  };
  await store.saveItem(item);
  track(item);
  state.current = { ...c, code: null, cast: item.id };
  await saveCurrent();
  listener();
  void mine(item);
}
