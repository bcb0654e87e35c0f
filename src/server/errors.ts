import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseDamage, TilshiError } from '../core/errors.js';

/** The one place errors become HTTP answers: `{"error": {"code", "message"}}`. */
export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details?: unknown,
) {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ error: { code, message, ...(details ? { details } : {}) } });
}

/** Fastify's own errors (body parsing, limits) mapped to stable codes. */
const FASTIFY_CODES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body_too_large', 'the request body is larger than this node accepts'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    'unsupported_media_type',
    'send JSON (content-type: application/json)',
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json', 'the body is empty'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json', 'the body is not valid JSON'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad_request', 'content-length does not match the body'],
};

export function errorHandler(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (err instanceof TilshiError) {
    // Refusals that pass (rate_limited, busy) say when to come back, in the header clients read.
    const retryAfter = err.details?.retry_after;
    if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
    return sendError(reply, err.status, err.code, err.message, err.details);
  }
  const code = (err as FastifyError).code;
  const known = code ? FASTIFY_CODES[code] : undefined;
  if (known) return sendError(reply, known[0], known[1], known[2]);
  if (err instanceof SyntaxError || (err as FastifyError).statusCode === 400) {
    return sendError(reply, 400, 'invalid_json', 'the body is not valid JSON');
  }
  if (isDatabaseDamage(err)) {
    // Retrying cannot help and serving on may spread the damage: say so where the operator looks.
    request.log.fatal(
      { code: 'db_damaged', err: { type: err.name, message: err.message } },
      'the database is damaged: stop the node, then `tilshi serve` checks it and names the backup to restore (`tilshi restore FILE`)',
    );
    return sendError(
      reply,
      503,
      'db_damaged',
      'the node cannot read its database; its operator must restore it',
    );
  }
  // Unknown: log the error kind and stack, never the body.
  request.log.error({ err: { type: err.name, message: err.message, stack: err.stack } }, 'unhandled error');
  return sendError(reply, 500, 'internal_error', 'the node failed to handle this request');
}
