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
 * - kind 1059 wraps: addressed (`p`) to this node's desk and carrying the required work, or
 *   signed by the desk itself (its replies to reporters), to anyone;
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
    if (recipients.length !== 1 || recipients[0] !== policy.deskPubkey) {
      throw reject('wrong_recipient', "a wrap must be addressed (one p tag) to this node's desk key");
    }
    requireWork(e, policy);
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
