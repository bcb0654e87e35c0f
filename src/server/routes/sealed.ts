import type { FastifyRequest } from 'fastify';
import { TilshiError, ValidationError } from '../../core/errors.js';
import { Kind } from '../../core/kinds.js';
import type { TilshiNode } from '../../node/node.js';

/**
 * A sealed record sent over HTTP (a join request, a ballot) is one gift wrap: under NIP-44's
 * 65,535 bytes of ciphertext, so its JSON stays under 96 KB; anything longer is refused while
 * it is read.
 */
export const SEALED_BODY_LIMIT = 96 * 1024;

/**
 * Take one gift wrap addressed to the desk, as a report is taken: any node stores it and never
 * sees inside (the desk opens it). `what` names it in the messages. Answers the node's word:
 * 201 stored, 200 a duplicate; the ingest's stable codes otherwise.
 */
export async function acceptSealed(
  node: TilshiNode,
  request: FastifyRequest,
  what: string,
): Promise<{ status: 200 | 201; id: string; duplicate: boolean }> {
  const desk = node.deskPubkey;
  if (!desk) throw new TilshiError('no_desk_configured', 'this node knows no desk to seal to', 503);
  const body = request.body as { kind?: unknown; tags?: unknown } | null;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError('invalid_event', `send one sealed ${what} (a gift wrap, a JSON object)`);
  }
  // Only a wrap to the desk: anything else has its own route.
  const recipients = Array.isArray(body.tags)
    ? body.tags.filter((t): t is string[] => Array.isArray(t) && t[0] === 'p')
    : [];
  if (body.kind !== Kind.GiftWrap || recipients.length !== 1 || recipients[0]![1] !== desk) {
    throw new ValidationError(
      'not_for_desk',
      `a ${what} is a gift wrap (kind 1059) with one p tag: the desk`,
    );
  }
  const [result] = await node.ingest.submit([body], 'submit', { source: request.source });
  if (!result!.ok) throw new TilshiError(result!.code, result!.message, result!.status);
  return { status: result!.duplicate ? 200 : 201, id: result!.id, duplicate: result!.duplicate };
}
