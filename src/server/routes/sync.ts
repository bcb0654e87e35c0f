import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';
import type { TilshiNode } from '../../node/node.js';
import {
  type Encoding,
  MAX_OFFER_IDS,
  offerAfter,
  receivePush,
  recordServed,
  streamWanted,
  syncAccessFor,
  wantOf,
} from '../../sync/serve-sync.js';
import { EVENTS_MEDIA_TYPE } from '../../sync/wire.js';
import { HttpAuth } from '../nip98.js';

const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const OfferBody = z
  .object({ after: seq, limit: z.number().int().min(1).max(MAX_OFFER_IDS).optional() })
  .strict();
const EventsBody = z
  .object({
    after: seq,
    upto: seq,
    want: z.string().max(16_000),
    encoding: z.enum(['identity', 'deflate']).default('deflate'),
  })
  .strict();
const WantBody = z.object({ ids: z.string().max(600_000) }).strict();

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ValidationError(
      'invalid_sync_request',
      `${issue?.path.join('.') || 'body'}: ${issue?.message}`,
    );
  }
  return r.data;
}

/**
 * Node-to-node sync (docs/sync.md): cursor pull (`offer`, then `events`) and push (`want`,
 * then `push`). A NIP-98 header signed by a node key is optional; without it, or from a node
 * this one does not list as a peer, only public records are offered.
 */
export const syncRoutes: FastifyPluginAsync<{ node: TilshiNode }> = async (app, { node }) => {
  const auth = new HttpAuth();
  const maxPushBytes = node.config.limits.body_bytes;
  app.addContentTypeParser(
    EVENTS_MEDIA_TYPE,
    { parseAs: 'buffer', bodyLimit: maxPushBytes },
    (_r, body, done) => done(null, body),
  );
  const caller = (request: FastifyRequest): string | null =>
    request.headers.authorization ? auth.authenticate(request) : null;

  app.post('/api/v1/sync/offer', async (request) => {
    const pubkey = caller(request);
    const body = parse(OfferBody, request.body);
    return offerAfter(node, body.after, syncAccessFor(node, pubkey), body.limit);
  });

  app.post('/api/v1/sync/events', async (request, reply) => {
    const pubkey = caller(request);
    const body = parse(EventsBody, request.body);
    const stream = streamWanted(node, body, syncAccessFor(node, pubkey), (events, bytes) =>
      recordServed(node, pubkey, { eventsOut: events, bytesOut: bytes }),
    );
    return reply.type(EVENTS_MEDIA_TYPE).header('x-tilshi-encoding', body.encoding).send(stream);
  });

  app.post('/api/v1/sync/want', async (request) => {
    caller(request);
    return wantOf(node, parse(WantBody, request.body).ids);
  });

  app.post('/api/v1/sync/push', async (request) => {
    const pubkey = caller(request);
    if (!Buffer.isBuffer(request.body)) {
      throw new ValidationError('invalid_sync_request', `send an event stream (${EVENTS_MEDIA_TYPE})`);
    }
    const encoding = (request.headers['x-tilshi-encoding'] ?? 'identity') as Encoding;
    if (encoding !== 'identity' && encoding !== 'deflate') {
      throw new ValidationError('invalid_sync_request', 'x-tilshi-encoding is identity or deflate');
    }
    const answer = await receivePush(node, request.body, encoding, maxPushBytes * 8);
    recordServed(node, pubkey, { eventsIn: answer.accepted, bytesIn: request.body.length });
    return answer;
  });
};
