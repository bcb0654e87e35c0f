import { TilshiError } from '../core/errors.js';
import { computeEventId, type NostrEvent } from '../core/event.js';
import { buildReplyRumor } from '../core/records.js';
import { sealRumor, sealRumorOffThread } from '../crypto/seal.js';
import type { TilshiNode } from '../node/node.js';
import type { Db } from '../store/db.js';
import { writeAudit } from './audit.js';
import type { OpenedBody } from './inbox-types.js';
import { joinRequestReplyTarget, newestReplyKey, reportReplyTarget } from './repository/index.js';

/** A node whose desk queue, when it runs, is told of the desk's own records at once. */
type InboxNode = TilshiNode & {
  desk?:
    | { applyOwn(wrapId: string, item: Extract<OpenedBody, { type: 'desk_record' | 'reply_copy' }>): void }
    | undefined;
};

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
 * Answer a reporter. The 4621 rumor (its `p` naming the reporter, `e` the report) is sealed by
 * the desk to the report's reply key, a key the reporter's page made for that report alone and
 * sent inside the sealed report; reports from before reply keys get it at their device key.
 * The wrap around it is signed by a one-time key and carries the NIP-13 work a report carries,
 * so that a relay sees what it sees of a report: a one-time signer, one `p`, a nonce. It never
 * learns that the desk wrote it, nor the reporter's device key (docs/intake.md, "What a reply
 * reveals"). A copy sealed to the desk keeps the conversation in the inbox. The audit log
 * records that a reply went out, never its text.
 *
 * @example
 *   await replyToReporter(node, { to: reporterPubkey, reportId, text: 'Which day was it?', actor: 'aigul' });
 */
export async function replyToReporter(node: InboxNode, input: ReplyInput): Promise<NostrEvent> {
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
  const recipient = replyAddress(node.db, input.to, input.reportId);
  const wrap = await sealRumorOffThread(rumor, desk.secretKey, recipient, {
    powDifficulty: node.config.pow_difficulty,
  });
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
  node.desk?.applyOwn(copy.id, {
    type: 'reply_copy',
    id: computeEventId(rumor),
    reporter: input.to,
    reportId: input.reportId ?? null,
    createdAt: rumor.created_at,
    text: input.text,
  });
  return wrap;
}

/**
 * Where a reply is sealed: the reply key of the report it answers, else of the reporter's
 * newest report that has one (their page fetches with the keys of its recent reports), else
 * the reporter's device key (reports sent before reply keys existed). A join request is named
 * like a report and answered at its own reply key.
 */
export function replyAddress(db: Db, reporter: string, reportId?: string): string {
  if (reportId) {
    const named = reportReplyTarget(db, reportId);
    if (named && named.author !== reporter) {
      throw new TilshiError('unknown_report', 'that report was not sent by this reporter', 404);
    }
    if (named?.reply_key) return named.reply_key;
    // A join request (from /join) carries its own reply key, as a report does.
    const join = joinRequestReplyTarget(db, reportId);
    if (join && join.author !== reporter) {
      throw new TilshiError('unknown_report', 'that join request was not sent by this person', 404);
    }
    if (join?.reply_key) return join.reply_key;
  }
  return newestReplyKey(db, reporter) ?? reporter;
}
