import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';
import { Kind } from '../../core/kinds.js';
import type { TilshiNode } from '../../node/node.js';
import { HttpAuth } from '../nip98.js';

const WrapsQuery = z
  .object({
    since: z
      .string()
      .regex(/^\d{1,12}$/)
      .transform(Number)
      .optional(),
    limit: z
      .string()
      .regex(/^\d{1,4}$/)
      .transform(Number)
      .optional(),
  })
  .strict();

/**
 * Wraps addressed to the caller (NIP-98 auth proves the key): how a reporter's page fetches
 * the desk's replies without a WebSocket. The same wraps are served over the relay after
 * NIP-42 auth.
 */
export const wrapRoutes: FastifyPluginAsync<{ node: TilshiNode }> = async (app, { node }) => {
  const auth = new HttpAuth();
  app.get('/api/v1/wraps', async (request) => {
    const pubkey = auth.authenticate(request);
    const query = WrapsQuery.safeParse(request.query);
    if (!query.success) throw new ValidationError('invalid_filter', 'since and limit are whole numbers');
    const events = node.log.query(
      {
        kinds: [Kind.GiftWrap],
        tags: { p: [pubkey] },
        ...(query.data.since !== undefined ? { since: query.data.since } : {}),
        limit: Math.min(query.data.limit ?? 100, 500),
      },
      { as: 'recipient', pubkey },
    );
    return { events };
  });
};
