import { validateRecordContent } from '../core/content.js';
import { TilshiError } from '../core/errors.js';
import type { NostrEvent } from '../core/event.js';
import { tagValues } from '../core/event.js';
import { DESK_PUBLIC_KINDS, Kind, PRIVATE_RUMOR_KINDS } from '../core/kinds.js';
import { powOf } from '../crypto/pow.js';

/** What a node accepts, from its config. */
export interface AcceptPolicy {
  /** The desk this node holds or forwards to; null for a relay not yet told. */
  deskPubkey: string | null;
  /** NIP-13 bits required on wraps and node announcements. */
  powDifficulty: number;
}

/** Public records dated further ahead than this are refused (a wrong clock or a trick). */
const MAX_FUTURE_SECONDS = 60 * 60;

const reject = (code: string, message: string, status = 400) => new TilshiError(code, message, status);

/**
 * Whether this node takes an event whose shape and id are already checked (signature is
 * checked after, being the costly part). Throws a TilshiError with a stable code.
 *
 * - kind 1059 wraps addressed (`p`) to this node's desk, carrying the required work;
 * - kind 1059 wraps to another key (the desk's replies, sealed to a reporter's reply key and
 *   signed by a one-time key like a report): the shape of a wrap and nothing more (one `p`, at
 *   most a NIP-13 nonce, a NIP-44 v2 payload) and the same work, so that each costs its sender
 *   what a report costs and a relay cannot tell who sent it;
 * - kind 1059 wraps the desk key signs: its records to itself, and replies made before replies
 *   were sealed by one-time keys (still carried, so that those reporters get them);
 * - public desk kinds: signed by the desk key, with valid content;
 * - node announcements (10620): carrying the work, announcing this node's desk;
 * - nothing else: private kinds travel only inside wraps, and this is not a general relay.
 */
export function checkAcceptable(
  e: NostrEvent,
  policy: AcceptPolicy,
  now = Math.floor(Date.now() / 1000),
): void {
  if (e.kind === Kind.GiftWrap && policy.deskPubkey && e.pubkey === policy.deskPubkey) {
    // The desk's own wraps (replies to reporters, records for other desk nodes): to anyone.
    if (tagValues(e, 'p').length !== 1) throw reject('wrong_recipient', 'a wrap has exactly one p tag');
    return;
  }
  if (e.kind === Kind.GiftWrap) {
    if (!policy.deskPubkey) {
      throw reject(
        'no_desk_configured',
        'this node has not been told which desk it forwards reports to',
        503,
      );
    }
    const recipients = tagValues(e, 'p');
    if (recipients.length !== 1) throw reject('wrong_recipient', 'a wrap has exactly one p tag');
    if (recipients[0] !== policy.deskPubkey) checkReplyWrap(e, recipients[0]!);
    requireWork(e, policy);
    return;
  }
  if (e.kind === Kind.Deletion) {
    checkDeletion(e, policy, now);
    return;
  }
  if (DESK_PUBLIC_KINDS.has(e.kind)) {
    if (!policy.deskPubkey || e.pubkey !== policy.deskPubkey) {
      throw reject('not_desk_signed', `kind ${e.kind} is accepted only when signed by the desk key`, 403);
    }
    checkNotFuture(e, now);
    validateRecordContent(e);
    return;
  }
  if (e.kind === Kind.NodeAnnouncement) {
    requireWork(e, policy);
    checkNotFuture(e, now);
    validateRecordContent(e);
    const announced = (JSON.parse(e.content) as { desk_pubkey?: string }).desk_pubkey;
    if (!policy.deskPubkey || announced !== policy.deskPubkey) {
      throw reject('foreign_network', 'the node announces a different desk than this one');
    }
    return;
  }
  if (e.kind === Kind.Seal || PRIVATE_RUMOR_KINDS.has(e.kind)) {
    throw reject('kind_not_accepted', `kind ${e.kind} is private and travels only inside a gift wrap (1059)`);
  }
  throw reject('kind_not_accepted', `this node does not store kind ${e.kind}`);
}

/** NIP-44 v2 payloads in base64: 1 byte of plaintext gives the shortest, 65,535 the longest. */
const NIP44_PAYLOAD_CHARS = { min: 132, max: 87_472 } as const;

/**
 * A wrap to a key that is not the desk's can only be a reply to a reporter: it may carry what
 * a wrap carries and nothing else, so that a node stores no other kind of message for strangers.
 */
function checkReplyWrap(e: NostrEvent, recipient: string): void {
  if (!/^[0-9a-f]{64}$/.test(recipient)) {
    throw reject('wrong_recipient', 'a wrap is addressed (p tag) to a 64-hex public key');
  }
  if (e.tags.some((t) => t[0] !== 'p' && t[0] !== 'nonce') || e.tags.length > 2) {
    throw reject('bad_reply_wrap', 'a wrap to a reporter carries its p tag and a NIP-13 nonce, nothing else');
  }
  const c = e.content;
  const payload =
    c.length >= NIP44_PAYLOAD_CHARS.min &&
    c.length <= NIP44_PAYLOAD_CHARS.max &&
    /^[A-Za-z0-9+/]+={0,2}$/.test(c) &&
    Buffer.from(c.slice(0, 4), 'base64')[0] === 2;
  if (!payload) throw reject('bad_reply_wrap', 'the content of a wrap is a NIP-44 v2 payload');
}

/** Events one deletion may name. */
const DELETION_MAX_IDS = 1_000;

/**
 * A NIP-09 deletion (kind 5) is honoured only when the desk key signs it (expired one-on-one
 * notes, purged join requests): it names events by id (`e` tags, with `k` tags for their
 * kinds) and nothing else. The log removes the named events the desk signed or that are
 * addressed to it, and keeps a tombstone of every id so that sync never brings them back.
 */
function checkDeletion(e: NostrEvent, policy: AcceptPolicy, now: number): void {
  if (!policy.deskPubkey || e.pubkey !== policy.deskPubkey) {
    throw reject('not_desk_signed', 'a deletion (kind 5) is accepted only when signed by the desk key', 403);
  }
  checkNotFuture(e, now);
  const ids = e.tags.filter((t) => t[0] === 'e');
  const wellFormed =
    ids.length > 0 &&
    ids.length <= DELETION_MAX_IDS &&
    ids.every((t) => /^[0-9a-f]{64}$/.test(t[1] ?? '')) &&
    e.tags.every((t) => t[0] === 'e' || (t[0] === 'k' && /^\d{1,5}$/.test(t[1] ?? '')));
  if (!wellFormed) {
    throw reject(
      'invalid_content',
      `a deletion names 1-${DELETION_MAX_IDS} events in e tags, and has only e and k tags`,
    );
  }
}

function requireWork(e: NostrEvent, policy: AcceptPolicy): void {
  const bits = powOf(e.id);
  if (bits < policy.powDifficulty) {
    throw reject(
      'insufficient_pow',
      `the event id has ${bits} leading zero bits; this node requires ${policy.powDifficulty} (NIP-13)`,
    );
  }
}

function checkNotFuture(e: NostrEvent, now: number): void {
  if (e.created_at > now + MAX_FUTURE_SECONDS) {
    throw reject('bad_created_at', 'the event is dated more than an hour in the future');
  }
}
