import type { FastifyPluginAsync } from 'fastify';
import { receiveSms } from '../../intake/sms.js';
import type { TilshiNode } from '../../node/node.js';

/** SMS webhooks are small; a gateway sends one message per call. */
const SMS_BODY_LIMIT = 64 * 1024;

/**
 * `POST /api/v1/intake/sms`: the webhook of SMS Gateway for Android. The body is kept raw,
 * since the signature covers the bytes as sent.
 */
export const intakeRoutes: FastifyPluginAsync<{ node: TilshiNode }> = async (app, { node }) => {
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: SMS_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );
  app.post('/api/v1/intake/sms', { bodyLimit: SMS_BODY_LIMIT }, async (request, reply) => {
    const result = await receiveSms(node, String(request.body ?? ''), {
      signature: request.headers['x-signature'] as string | undefined,
      timestamp: request.headers['x-timestamp'] as string | undefined,
    });
    if (result.status === 'ignored') return reply.code(200).send({ ignored: result.event });
    return reply
      .code(result.status === 'stored' ? 201 : 200)
      .send({ status: result.status, id: result.wrapId });
  });
};
