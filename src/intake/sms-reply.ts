import { v2 as nip44 } from 'nostr-tools/nip44';
import { TilshiError } from '../core/errors.js';
import type { TilshiNode } from '../node/node.js';
import { hmac, intakeKey } from './seen.js';

/*
 * Replies to SMS reporters. The node that takes an SMS keeps no number: it puts the number in
 * the sealed report as `sms_return`, encrypted (NIP-44 v2) with a key derived from its own
 * `intake.key`, so the desk holds a token it cannot read, relays see nothing, and only this
 * node can turn the token back into a number, at the moment it sends a reply through the
 * gateway phone.
 */

/** How long the gateway phone has to take a reply. */
const GATEWAY_TIMEOUT_MS = 10_000;

const returnKey = (key: Buffer) => new Uint8Array(hmac(key, 'sms-return:v1'));

/** The sender's number as a token only the node holding `key` (its intake key) can open. */
export function sealSmsReturn(key: Buffer, phone: string): string {
  return nip44.encrypt(phone, returnKey(key));
}

/** The number in a token this node sealed; null for a token from another node (or damaged). */
export function openSmsReturn(key: Buffer, token: string): string | null {
  try {
    return nip44.decrypt(token, returnKey(key));
  } catch {
    return null;
  }
}

/**
 * Whether a reply to this SMS report can go out from this node: it has a gateway to send
 * through (`sms_gateway` in config.json) and it is the node that took the SMS.
 */
export function canReplyBySms(node: Pick<TilshiNode, 'config' | 'dataDir'>, token: string | null): boolean {
  return !!node.config.sms_gateway && !!token && openSmsReturn(intakeKey(node.dataDir), token) !== null;
}

/**
 * Send a reply by SMS through the gateway phone (SMS Gateway for Android's send endpoint:
 * `{"textMessage": {"text"}, "phoneNumbers": [number]}`, basic auth). Throws
 * `sms_reply_unavailable` (no gateway, or a token this node did not seal) and
 * `sms_gateway_failed` (the phone did not take it). Nothing is logged: neither number nor text.
 *
 * @example await sendSmsReply(node, report.sms_return, 'Thank you. Which day was it?');
 */
export async function sendSmsReply(
  node: Pick<TilshiNode, 'config' | 'dataDir'>,
  token: string | null,
  text: string,
): Promise<void> {
  const gateway = node.config.sms_gateway;
  if (!gateway) {
    throw new TilshiError(
      'sms_reply_unavailable',
      'this node has no SMS gateway to send replies through (sms_gateway in config.json)',
      409,
    );
  }
  const phone = token ? openSmsReturn(intakeKey(node.dataDir), token) : null;
  if (!phone) {
    throw new TilshiError(
      'sms_reply_unavailable',
      'this SMS came in through another node: reply from the node whose gateway took it',
      409,
    );
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (gateway.username !== undefined) {
    const pair = `${gateway.username}:${gateway.password ?? ''}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  }
  let res: Response;
  try {
    res = await fetch(gateway.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ textMessage: { text }, phoneNumbers: [phone] }),
      signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
    });
  } catch {
    throw new TilshiError('sms_gateway_failed', 'the SMS gateway phone did not answer', 502);
  }
  // The body is not read: it repeats the number and the text.
  await res.body?.cancel();
  if (!res.ok) {
    throw new TilshiError(
      'sms_gateway_failed',
      `the SMS gateway refused the reply (HTTP ${res.status})`,
      502,
    );
  }
}
