import type { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AuthError, TilshiError, ValidationError } from '../../core/errors.js';
import { issueText } from '../../core/zod-util.js';
import { parsePublicKey } from '../../crypto/keys.js';
import type { TilshiNode } from '../../node/node.js';
import { exportBundle, importBundle } from '../../sync/bundle.js';
import { SYMBOLS_MEDIA_TYPE } from '../../sync/riblt-wire.js';
import { checkSymbolRange, fetchSeqs, SALT_HEX, symbolsOf } from '../../sync/serve-symbols.js';
import {
  type Encoding,
  eventStream,
  MAX_OFFER_IDS,
  offerAfter,
  receivePush,
  recordServed,
  streamWanted,
  syncAccessFor,
  wantOf,
} from '../../sync/serve-sync.js';
import { peerStatus } from '../../sync/status.js';
import { EVENTS_MEDIA_TYPE } from '../../sync/wire.js';
import { WorkQueue } from '../../sync/work-queue.js';
import { HttpAuth } from '../nip98.js';
import { deskAuthorizer } from './desk.js';

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
const SymbolsBody = z
  .object({
    salt: z.string().regex(SALT_HEX, 'salt is 32 lowercase hex digits'),
    // Past the caps is `too_many_symbols`, before any work (symbolsOf).
    start: seq,
    count: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    upto: seq.optional(),
  })
  .strict();
const FetchBody = z
  .object({ ids: z.string().max(600_000), encoding: z.enum(['identity', 'deflate']).default('deflate') })
  .strict();
const WantBody = z.object({ ids: z.string().max(600_000) }).strict();
const BundleQuery = z.object({ peer: z.string().max(100).optional() }).strict();

/** Bundles may be larger than an API body: a shutdown's worth of reports (compressed bytes). */
export const MAX_BUNDLE_UPLOAD = 64 * 1024 * 1024;

/** The chunks of an upload as they arrive; stopping early leaves the socket open for the answer. */
async function* chunksOf(body: Readable): AsyncGenerator<Uint8Array> {
  for await (const chunk of body.iterator({ destroyOnReturn: false })) yield chunk as Uint8Array;
}

/** A refused upload may still be arriving: close the connection after the answer instead of reading on. */
async function closingOnError<T>(reply: FastifyReply, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    reply.header('connection', 'close');
    throw err;
  }
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body);
  if (!r.success) {
    throw new ValidationError('invalid_sync_request', issueText(r.error));
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

  const desk = deskAuthorizer(node.db);
  // The upload is handed over unread: it is inflated and checked as it arrives, not buffered.
  app.addContentTypeParser('application/gzip', (_r, payload, done) => done(null, payload));
  const imports = new WorkQueue({ running: 1, waiting: 4 });
  // Coded symbols cost CPU over the whole set: one request at a time, a short line, then `busy`.
  const symbolJobs = new WorkQueue(
    { running: 1, waiting: 4 },
    'the node is serving other first contacts; try again in a minute',
  );

  /** The peers, for the desk's status panel (signed-in desk users). */
  app.get('/api/v1/sync/peers', async (request) => {
    desk(request);
    return { peers: peerStatus(node) };
  });

  /**
   * Download a bundle: what `peer` has not acknowledged (everything without it). For signed-in
   * editors and admins of the desk, or a node this one lists as a peer (NIP-98).
   */
  app.get('/api/v1/sync/bundle', async (request, reply) => {
    const query = BundleQuery.safeParse(request.query);
    if (!query.success) throw new ValidationError('invalid_sync_request', 'the only parameter is peer');
    if (request.headers.authorization) {
      if (syncAccessFor(node, auth.authenticate(request)) !== 'all') {
        throw new AuthError('forbidden', 'bundles go to the desk and to listed peers', 403);
      }
    } else {
      desk(request, ['admin', 'editor']);
    }
    let peer: string | undefined;
    try {
      peer = query.data.peer ? parsePublicKey(query.data.peer) : undefined;
    } catch {
      throw new ValidationError('invalid_sync_request', 'peer is a node key (hex or npub)');
    }
    const { bytes } = exportBundle(node, peer ? { peer } : {});
    return reply
      .type('application/gzip')
      .header(
        'content-disposition',
        `attachment; filename="tilshi-${new Date().toISOString().slice(0, 10)}.tilshi"`,
      )
      .send(bytes);
  });

  /**
   * Upload a bundle (body: the file, application/gzip): every event is verified and stored as
   * by sync. Only a signed-in desk user (session cookie and CSRF token, as the Transfer panel
   * sends) or a listed peer (NIP-98) may upload, and the caller is checked before a byte of
   * the body is read. Imports run one at a time, with at most four waiting.
   */
  app.post(
    '/api/v1/sync/bundle',
    {
      onRequest: async (request, reply) =>
        closingOnError(reply, () => {
          if (request.headers.authorization) {
            if (syncAccessFor(node, auth.authenticate(request)) !== 'all') {
              throw new AuthError('forbidden', 'bundles come from the desk and from listed peers', 403);
            }
          } else {
            desk(request);
          }
          const length = Number(request.headers['content-length'] ?? 0);
          if (length > MAX_BUNDLE_UPLOAD) {
            throw new TilshiError(
              'bundle_too_large',
              `a bundle upload may be at most ${MAX_BUNDLE_UPLOAD} bytes`,
              413,
            );
          }
        }),
    },
    async (request, reply) =>
      closingOnError(reply, async () => {
        const body = request.body as Readable | undefined;
        if (!body || typeof (body as Readable).iterator !== 'function') {
          throw new ValidationError('invalid_sync_request', 'send the bundle file as application/gzip');
        }
        const { newIds: _ids, ...result } = await imports.run(() =>
          importBundle(node, chunksOf(body), { maxBytes: MAX_BUNDLE_UPLOAD }),
        );
        return result;
      }),
  );

  app.post('/api/v1/sync/offer', async (request) => {
    const pubkey = caller(request);
    const body = parse(OfferBody, request.body);
    return offerAfter(node, body.after, syncAccessFor(node, pubkey), body.limit, pubkey);
  });

  app.post('/api/v1/sync/events', async (request, reply) => {
    const pubkey = caller(request);
    const body = parse(EventsBody, request.body);
    const stream = streamWanted(node, body, syncAccessFor(node, pubkey), (events, bytes) =>
      recordServed(node, pubkey, { eventsOut: events, bytesOut: bytes }),
    );
    return reply.type(EVENTS_MEDIA_TYPE).header('x-tilshi-encoding', body.encoding).send(stream);
  });

  /**
   * First contact (docs/sync.md): coded symbols of the set this caller may receive, at most
   * MAX_SYMBOLS_PER_REQUEST per request and none past MAX_SYMBOL_INDEX.
   */
  app.post('/api/v1/sync/symbols', async (request, reply) => {
    const pubkey = caller(request);
    const body = parse(SymbolsBody, request.body);
    checkSymbolRange(body.start, body.count);
    const answer = await symbolJobs.run(() => symbolsOf(node, body, syncAccessFor(node, pubkey), pubkey));
    recordServed(node, pubkey, { bytesOut: answer.length });
    return reply.type(SYMBOLS_MEDIA_TYPE).send(answer);
  });

  /** The events a first contact found missing, by id prefix, as an event stream. */
  app.post('/api/v1/sync/fetch', async (request, reply) => {
    const pubkey = caller(request);
    const body = parse(FetchBody, request.body);
    const seqs = fetchSeqs(node, body.ids, syncAccessFor(node, pubkey));
    const stream = eventStream(node, seqs, body.encoding, (events, bytes) =>
      recordServed(node, pubkey, { eventsOut: events, bytesOut: bytes }),
    );
    return reply
      .type(EVENTS_MEDIA_TYPE)
      .header('x-tilshi-encoding', body.encoding)
      .header('x-tilshi-count', String(seqs.length))
      .send(stream);
  });

  app.post('/api/v1/sync/want', async (request) => {
    const pubkey = caller(request);
    return wantOf(node, parse(WantBody, request.body).ids, syncAccessFor(node, pubkey));
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
    const answer = await receivePush(
      node,
      request.body,
      encoding,
      { maxInflated: maxPushBytes * 8, maxEvents: node.config.limits.events_per_request },
      syncAccessFor(node, pubkey),
    );
    recordServed(node, pubkey, { eventsIn: answer.accepted, bytesIn: request.body.length });
    return answer;
  });
};
