import { checkContent, type TrustedRelaysContent } from '../core/content.js';
import { TilshiError } from '../core/errors.js';
import type { NostrEvent } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { buildTrustedRelays } from '../core/records.js';
import type { TrustedRelay } from '../core/trusted-relays.js';
import { signEvent } from '../crypto/keys.js';
import type { TilshiNode } from '../node/node.js';
import { trustedListRaw } from './repository/index.js';

/**
 * The current list of trusted relays (kind 10621) this node holds, signed by its desk; null
 * when it holds none. Read from the store on each call: a list that arrives by sync counts at
 * once, with no restart.
 */
export function currentTrustedList(node: TilshiNode): NostrEvent | null {
  if (!node.deskPubkey) return null;
  const raw = trustedListRaw(node.db, node.deskPubkey);
  return raw === undefined ? null : (JSON.parse(raw) as NostrEvent);
}

/** The relays of the current list (none without one). */
export function trustedRelays(node: TilshiNode): TrustedRelay[] {
  const list = currentTrustedList(node);
  if (!list) return [];
  // Stored records passed the same check on the way in; a list stored by an older version that
  // no longer parses trusts nobody rather than failing every sync.
  try {
    return checkContent(Kind.TrustedRelays, JSON.parse(list.content)).relays;
  } catch {
    return [];
  }
}

/** Whether the desk's list names this node key. */
export function isTrustedRelay(node: TilshiNode, pubkey: string): boolean {
  return trustedRelays(node).some((r) => r.pubkey === pubkey);
}

/**
 * Sign and store a new version of the list with `relay` added (or its URL and name updated) or,
 * with `trusted: false`, removed; on a desk node only. The new version names the one it
 * replaces in `prev`, so that two editors at once get `stale_edit` instead of losing a change.
 * Returns the relays now listed.
 */
export async function setTrusted(
  node: TilshiNode,
  relay: TrustedRelay,
  trusted: boolean,
): Promise<TrustedRelay[]> {
  const deskKey = node.deskKey;
  if (!deskKey)
    throw new TilshiError('desk_locked', 'only an unlocked desk node signs the list of trusted relays', 503);
  const current = currentTrustedList(node);
  const relays = trustedRelays(node);
  const others = relays.filter((r) => r.pubkey !== relay.pubkey);
  if (!trusted && others.length === relays.length) {
    throw new TilshiError('unknown_relay', 'this node key is not on the list of trusted relays', 404);
  }
  const old = relays.find((r) => r.pubkey === relay.pubkey);
  const next: TrustedRelaysContent = { relays: trusted ? [...others, { ...old, ...relay }] : others };
  // Replaceable records are ordered by created_at: a quick second change must still be newer.
  const createdAt = Math.max(Math.floor(Date.now() / 1000), (current?.created_at ?? 0) + 1);
  const event = signEvent(
    buildTrustedRelays(next, {
      pubkey: deskKey.publicKey,
      createdAt,
      ...(current ? { prev: current.id } : {}),
    }),
    deskKey,
  );
  const [result] = await node.ingest.submit([event], 'submit');
  if (!result?.ok) {
    throw new TilshiError(
      result?.code ?? 'internal_error',
      result?.message ?? 'the list was not stored',
      result?.ok === false ? result.status : 500,
    );
  }
  return next.relays;
}
