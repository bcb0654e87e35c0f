import { getConversationKey, v2 as nip44 } from 'nostr-tools/nip44';
import { createRumor, createSeal } from 'nostr-tools/nip59';
import { finalizeEvent, generateSecretKey, getPublicKey, verifyEvent } from 'nostr-tools/pure';
import { ValidationError } from '../core/errors.js';
import {
  computeEventId,
  type NostrEvent,
  NostrEventSchema,
  tagValue,
  type UnsignedEvent,
} from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { plainEvent } from './keys.js';
import { minePow } from './pow.js';
import { minePowOffThread } from './pow-worker.js';

/** The inner, unsigned record of a gift wrap (NIP-59 rumor): it has an id but no signature. */
export interface Rumor {
  id: string;
  pubkey: string;
  created_at: number;
  kind: number;
  tags: string[][];
  content: string;
}

export interface SealOptions {
  /** NIP-13 work on the outer wrap, so that relays can refuse floods cheaply. */
  powDifficulty?: number;
  /**
   * Sign the outer wrap with this key instead of a one-time key. The desk signs the records it
   * seals to itself (marks, links, copies of its replies) so that nodes accept them as the
   * desk's without proof of work; replies to reporters keep a one-time key, so that no relay
   * learns which keys the desk answers.
   */
  wrapSecretKey?: Uint8Array;
  /**
   * Tags on the outer wrap beside its `p`: a NIP-40 `expiration` on a record the desk deletes
   * when it lapses (a one-on-one's note), so that relays holding the wrap may drop it too.
   */
  wrapTags?: string[][];
}

/**
 * Seal a private record for one recipient: rumor → seal (kind 13, signed by the author,
 * NIP-44 encrypted) → gift wrap (kind 1059, one-time key, `p`-tagged to the recipient, with
 * NIP-13 work). Pure apart from randomness; nothing is stored.
 *
 * @example
 *   const wrap = sealRumor({ kind: 4620, content: JSON.stringify({ text, channel: 'web' }) }, reporterKey, deskPubkey, { powDifficulty: 16 });
 */
export function sealRumor(
  rumor: RumorTemplate,
  authorSecretKey: Uint8Array,
  recipientPubkey: string,
  options: SealOptions = {},
): NostrEvent {
  const { unsigned, wrapKey } = prepareWrap(rumor, authorSecretKey, recipientPubkey, options);
  const mined = options.powDifficulty ? minePow(unsigned, options.powDifficulty) : unsigned;
  return signWrap(mined, wrapKey);
}

/**
 * `sealRumor` with the proof of work mined on a worker thread: what a serving node uses, so
 * that sealing an SMS does not hold up other requests.
 */
export async function sealRumorOffThread(
  rumor: RumorTemplate,
  authorSecretKey: Uint8Array,
  recipientPubkey: string,
  options: SealOptions = {},
): Promise<NostrEvent> {
  const { unsigned, wrapKey } = prepareWrap(rumor, authorSecretKey, recipientPubkey, options);
  const mined = options.powDifficulty ? await minePowOffThread(unsigned, options.powDifficulty) : unsigned;
  return signWrap(mined, wrapKey);
}

/** What a sealed record is made from. */
export interface RumorTemplate {
  kind: number;
  content: string;
  tags?: string[][];
  created_at?: number;
}

function prepareWrap(
  rumor: RumorTemplate,
  authorSecretKey: Uint8Array,
  recipientPubkey: string,
  options: SealOptions,
) {
  const inner = createRumor({ tags: [], ...rumor }, authorSecretKey);
  const seal = createSeal(inner, authorSecretKey, recipientPubkey);
  const wrapKey = options.wrapSecretKey ?? generateSecretKey();
  const unsigned = {
    kind: Kind.GiftWrap,
    pubkey: getPublicKey(wrapKey),
    created_at: Math.floor(Date.now() / 1000),
    tags: [['p', recipientPubkey], ...(options.wrapTags ?? [])],
    content: nip44.encrypt(JSON.stringify(seal), getConversationKey(wrapKey, recipientPubkey)),
  };
  return { unsigned, wrapKey };
}

function signWrap(mined: UnsignedEvent & { id?: string }, wrapKey: Uint8Array): NostrEvent {
  const { id: _id, ...template } = mined;
  return plainEvent(finalizeEvent(template, wrapKey));
}

/** What a recipient learns from a wrap: the rumor and who really wrote it. */
export interface OpenedWrap {
  rumor: Rumor;
  /** The seal's signer, equal to the rumor's pubkey (checked). */
  author: string;
}

function decryptJson(content: string, conversationKey: () => Uint8Array, layer: 'wrap' | 'seal'): unknown {
  let plain: string;
  try {
    plain = nip44.decrypt(content, conversationKey());
  } catch {
    throw new ValidationError('undecryptable', `the ${layer} does not open with this key`);
  }
  try {
    return JSON.parse(plain);
  } catch {
    // Opened, so it was meant for this key: say so, rather than that it does not open.
    const inner = layer === 'wrap' ? 'bad_seal' : 'bad_rumor';
    throw new ValidationError(inner, `the ${layer} opens but holds no JSON event`);
  }
}

/** Ways to open many wraps faster; the result is the same as without them. */
export interface OpenWrapOptions {
  /**
   * The NIP-44 conversation key with a seal's signer, for a caller that keeps them (one
   * reporter's reports share it); by default it is derived each time.
   */
  sealConversationKey?: (sealPubkey: string) => Uint8Array;
  /** The same for the wrap's signer (the desk opening the wraps it signed to itself). */
  wrapConversationKey?: (wrapPubkey: string) => Uint8Array;
  /** Verify the seal's BIP-340 signature over its id, already checked to be its hash. */
  verifySeal?: (seal: NostrEvent) => boolean;
}

/**
 * Open a gift wrap addressed to `recipientSecretKey`: decrypt, verify the seal's signature,
 * check that the seal's signer wrote the rumor and that the rumor's id is right.
 * Throws ValidationError (`undecryptable`, `bad_seal`, `bad_rumor`).
 */
export function openWrap(
  wrap: NostrEvent,
  recipientSecretKey: Uint8Array,
  options: OpenWrapOptions = {},
): OpenedWrap {
  if (wrap.kind !== Kind.GiftWrap)
    throw new ValidationError('not_a_wrap', `kind ${wrap.kind} is not a gift wrap`);
  const sealRaw = decryptJson(
    wrap.content,
    () =>
      options.wrapConversationKey
        ? options.wrapConversationKey(wrap.pubkey)
        : getConversationKey(recipientSecretKey, wrap.pubkey),
    'wrap',
  );
  const seal = NostrEventSchema.safeParse(sealRaw);
  const signed =
    seal.success &&
    seal.data.kind === Kind.Seal &&
    (options.verifySeal
      ? computeEventId(seal.data) === seal.data.id && options.verifySeal(seal.data)
      : verifyEvent({ ...seal.data }));
  if (!seal.success || !signed) {
    throw new ValidationError('bad_seal', 'the seal inside the wrap is not a validly signed kind 13 event');
  }
  const sealPubkey = seal.data.pubkey;
  const rumorRaw = decryptJson(
    seal.data.content,
    () =>
      options.sealConversationKey
        ? options.sealConversationKey(sealPubkey)
        : getConversationKey(recipientSecretKey, sealPubkey),
    'seal',
  ) as Partial<Rumor>;
  const rumorCheck = NostrEventSchema.omit({ sig: true }).safeParse(rumorRaw);
  if (!rumorCheck.success) throw new ValidationError('bad_rumor', 'the rumor inside the seal is malformed');
  const rumor = rumorCheck.data;
  if (rumor.pubkey !== seal.data.pubkey) {
    throw new ValidationError('bad_rumor', 'the rumor was not written by the seal signer');
  }
  if (computeEventId(rumor) !== rumor.id)
    throw new ValidationError('bad_rumor', 'the rumor id does not match');
  return { rumor, author: seal.data.pubkey };
}

/** The recipient a wrap is addressed to (its `p` tag). */
export function wrapRecipient(wrap: Pick<NostrEvent, 'tags'>): string | undefined {
  return tagValue(wrap, 'p');
}
