import { TilshiError } from '../core/errors.js';
import type { NostrEvent } from '../core/event.js';
import { buildReplyRumor } from '../core/records.js';
import { sealRumor } from '../crypto/seal.js';
import type { TilshiNode } from '../node/node.js';
import { writeAudit } from './audit.js';

export interface ReplyInput {
  /** The reporter's key (the author of the report's seal). */
  to: string;
  text: string;
  lang?: 'ru' | 'kk' | 'en';
  /** The report (rumor id) this answers. */
  reportId?: string;
  /** Who sends it, for the audit log. */
  actor: string;
}

/**
 * Answer a reporter: a 4621 rumor sealed by the desk to the reporter's key, in a wrap the
 * desk signs (so relays carry it to a key that is not the desk's), stored like any event.
 * A copy sealed to the desk keeps the conversation in the inbox. The audit log records that a
 * reply went out, never its text.
 *
 * @example
 *   replyToReporter(node, { to: reporterPubkey, text: 'Which day was it?', actor: 'aigul' });
 */
export function replyToReporter(node: TilshiNode, input: ReplyInput): NostrEvent {
  const desk = node.deskKey;
  if (!desk) throw new TilshiError('desk_locked', 'the desk key is not unlocked on this node', 503);
  const rumor = buildReplyRumor(
    { text: input.text, ...(input.lang ? { lang: input.lang } : {}) },
    {
      pubkey: desk.publicKey,
      createdAt: Math.floor(Date.now() / 1000),
      to: input.to,
      ...(input.reportId ? { reportId: input.reportId } : {}),
    },
  );
  const wrap = sealRumor(rumor, desk.secretKey, input.to, { wrapSecretKey: desk.secretKey });
  // The same rumor sealed to the desk: the desk's own copy of the conversation.
  const copy = sealRumor(rumor, desk.secretKey, desk.publicKey, { wrapSecretKey: desk.secretKey });
  node.ingest.storeOwn([wrap, copy], () => {
    writeAudit(node.db, {
      actor: input.actor,
      action: 'reply.send',
      target: input.to,
      details: { wrap: wrap.id },
    });
    return true;
  });
  return wrap;
}
