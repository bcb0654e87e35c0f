import { timingSafeEqual } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { getPublicKey } from 'nostr-tools/pure';
import { z } from 'zod';
import { detectLanguage } from '../analysis/index.js';
import { AuthError, TilshiError, ValidationError } from '../core/errors.js';
import { Kind } from '../core/kinds.js';
import { buildReportRumor } from '../core/records.js';
import { issueText } from '../core/zod-util.js';
import { sealRumorOffThread } from '../crypto/seal.js';
import type { TilshiNode } from '../node/node.js';
import { claimOf, findSeen, forgetSeen, hmac, intakeKey, recordSeen } from './seen.js';
import { sealSmsReturn } from './sms-reply.js';

/**
 * The webhook of SMS Gateway for Android (capcom6/android-sms-gateway, Apache-2.0), event
 * `sms:received`: https://docs.sms-gate.app/features/webhooks/ — signed with HMAC-SHA256 over
 * the raw body followed by the `X-Timestamp` header, hex in `X-Signature`.
 */
export const SmsWebhookSchema = z.object({
  deviceId: z.string().max(200).optional(),
  event: z.string().max(64),
  id: z.string().min(1).max(200),
  webhookId: z.string().max(200).optional(),
  payload: z.unknown(),
});

export const SmsReceivedSchema = z.object({
  messageId: z.string().max(200).optional(),
  message: z.string().min(1).max(5_000),
  phoneNumber: z.string().min(1).max(64),
  simNumber: z.number().int().nullable().optional(),
  receivedAt: z.string().max(64),
});

/** Signatures older or newer than this are refused (replays). */
export const SMS_MAX_SKEW_SECONDS = 300;
/** How long the intake remembers an SMS to recognise a resend. */
const SEEN_DAYS = 14;

export type SmsResult =
  | { status: 'stored'; wrapId: string }
  | { status: 'duplicate'; wrapId: string }
  | { status: 'ignored'; event: string };

/** Digits only, so that "+7 701 …" and "8701…" style variants of one number group together. */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  // Kazakhstan's trunk prefix 8 and country code 7 name the same number.
  return digits.length === 11 && digits.startsWith('8') ? `7${digits.slice(1)}` : digits;
}

/**
 * The reporter key of an SMS sender: derived from the number with the node's secret, so that
 * the desk sees messages from one sender as one source, and nothing stored names the number.
 */
export function senderKey(key: Buffer, phone: string): Uint8Array {
  for (let i = 0; ; i++) {
    const candidate = new Uint8Array(hmac(key, `sender:${i}:${normalizePhone(phone)}`));
    if (secp256k1.utils.isValidSecretKey(candidate)) return candidate;
  }
}

/** Check `X-Signature` = hex HMAC-SHA256(signing key, raw body + X-Timestamp). */
export function checkSmsSignature(
  signingKey: string,
  rawBody: string,
  headers: { signature?: string; timestamp?: string },
  now = Math.floor(Date.now() / 1000),
): void {
  const ts = Number(headers.timestamp);
  if (!headers.signature || !headers.timestamp || !Number.isInteger(ts)) {
    throw new AuthError('bad_signature', 'X-Signature and X-Timestamp headers are required');
  }
  if (Math.abs(now - ts) > SMS_MAX_SKEW_SECONDS) {
    throw new AuthError(
      'stale_timestamp',
      'X-Timestamp is more than five minutes from now; check the phone clock',
    );
  }
  const expected = Buffer.from(hmac(signingKey, rawBody + headers.timestamp).toString('hex'));
  const given = Buffer.from(headers.signature.toLowerCase());
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new AuthError('bad_signature', 'X-Signature does not match the body and the signing key');
  }
}

/**
 * Take one webhook call from the SMS gateway phone: check its signature, seal the text to the
 * desk at once (the plain text lives only in this call), and store it once, however often the
 * gateway resends it or the network duplicates the SMS.
 *
 * @example
 *   const r = await receiveSms(node, rawBody, { signature, timestamp }); // { status: 'stored', wrapId }
 */
export async function receiveSms(
  node: TilshiNode,
  rawBody: string,
  headers: { signature?: string; timestamp?: string },
): Promise<SmsResult> {
  const signingKey = node.config.sms_signing_key;
  if (!signingKey) {
    throw new TilshiError(
      'sms_not_configured',
      'set sms_signing_key in config.json to take SMS on this node',
      503,
    );
  }
  if (!node.deskPubkey)
    throw new TilshiError('no_desk_configured', 'this node does not know its desk key', 503);
  checkSmsSignature(signingKey, rawBody, headers);

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new ValidationError('invalid_json', 'the webhook body is not JSON');
  }
  const hook = SmsWebhookSchema.safeParse(json);
  if (!hook.success)
    throw new ValidationError('invalid_sms', 'not an SMS gateway webhook (event, id, payload)');
  if (hook.data.event !== 'sms:received') return { status: 'ignored', event: hook.data.event };
  const parsed = SmsReceivedSchema.safeParse(hook.data.payload);
  if (!parsed.success) {
    throw new ValidationError('invalid_sms', `payload.${issueText(parsed.error, '')}`);
  }
  const sms = parsed.data;
  const received = Date.parse(sms.receivedAt);
  const createdAt = Number.isFinite(received) ? Math.floor(received / 1000) : Math.floor(Date.now() / 1000);

  const key = intakeKey(node.dataDir);
  const claims = [
    claimOf(key, `webhook:${hook.data.id}`),
    claimOf(key, `sms:${normalizePhone(sms.phoneNumber)}|${createdAt}|${sms.message}`),
  ];
  const already = findSeen(node.db, claims);
  if (already) return { status: 'duplicate', wrapId: already };

  const author = senderKey(key, sms.phoneNumber);
  // The language the desk files it under and answers in: an SMS declares none.
  const lang = detectLanguage(sms.message);
  const rumor = buildReportRumor(
    { text: sms.message, channel: 'sms', lang, sms_return: sealSmsReturn(key, sms.phoneNumber) },
    { pubkey: getPublicKey(author), createdAt },
  );
  const wrap = await sealRumorOffThread(
    { kind: Kind.Report, content: rumor.content, tags: rumor.tags, created_at: createdAt },
    author,
    node.deskPubkey,
    { powDifficulty: node.config.pow_difficulty },
  );
  let duplicateOf: string | undefined;
  node.ingest.storeOwn([wrap], () => {
    // Checked again inside the write: a resend may have been sealed meanwhile.
    duplicateOf = findSeen(node.db, claims);
    if (duplicateOf) return false;
    forgetSeen(node.db, 'sms', SEEN_DAYS);
    recordSeen(node.db, 'sms', claims, wrap.id);
    return true;
  });
  return duplicateOf ? { status: 'duplicate', wrapId: duplicateOf } : { status: 'stored', wrapId: wrap.id };
}
