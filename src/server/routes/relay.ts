import type { FastifyPluginAsync } from 'fastify';
import type { WebSocket } from 'ws';
import { TilshiError } from '../../core/errors.js';
import { FILTER_LIMITS } from '../../core/filter.js';
import { HOMEPAGE, type TilshiNode, VERSION } from '../../node/node.js';
import { RelaySession } from '../../sync/relay-session.js';
import { ConnectionBucket, type SourceGate } from '../rate-limit.js';
import type { StaticFile } from '../static-files.js';
import { sendFile } from './pages.js';

/** A slow reader that lets this much pile up unsent is disconnected. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Every connection is pinged this often; one that has not answered the last ping is dropped. */
const PING_MS = 30_000;
/** A client told to go away (1008) that does not close the connection itself is cut after this. */
const CLOSE_GRACE_MS = 1_000;
/** A source whose connection was closed for flooding may not open another for this long. */
const FLOOD_BAR_MS = 10_000;

/**
 * The NIPs this relay implements, and nothing else: 1 (protocol), 11 (this document), 13 (the
 * work asked of wraps and announcements), 42 (AUTH: wraps only to their recipient), 59 (gift
 * wraps stored and served as NIP-59 says), 77 (negentropy). NIP-09 is left out: only the desk's
 * deletions are honoured; NIP-44 is encryption between clients, nothing a relay does.
 */
export const SUPPORTED_NIPS = [1, 11, 13, 42, 59, 77] as const;

/** Longest subscription id (NIP-01 allows up to 64 characters). */
export const MAX_SUBSCRIPTION_ID = 64;

/**
 * NIP-11 relay information document; `limitation` says the limits this node enforces, from its
 * config. `origin` is where the document was asked for: the software's page is the node's own
 * public page unless package.json names a home page.
 */
export function relayInfo(node: TilshiNode, origin: string) {
  return {
    name: node.config.name,
    description: 'Tilshi node: sealed reports for the desk, coded events, news and briefs',
    pubkey: node.nodeKey.publicKey,
    supported_nips: [...SUPPORTED_NIPS],
    software: HOMEPAGE ?? `${origin}/`,
    version: VERSION,
    limitation: {
      max_message_length: node.config.limits.frame_bytes,
      max_subscriptions: node.config.limits.subscriptions_per_connection,
      max_limit: FILTER_LIMITS.maxLimit,
      default_limit: FILTER_LIMITS.defaultLimit,
      max_subid_length: MAX_SUBSCRIPTION_ID,
      min_pow_difficulty: node.config.pow_difficulty,
      // Anyone may connect and read public records; wraps need AUTH (NIP-42) as their recipient.
      auth_required: false,
      payment_required: false,
      // Only sealed reports, replies, the desk's records and node announcements are taken.
      restricted_writes: true,
    },
  };
}

/**
 * `/`: a WebSocket upgrade is a Nostr relay connection (NIP-01, NIP-42); an HTTP GET asking
 * for `application/nostr+json` gets the NIP-11 document; any other GET gets the public page.
 *
 * A connection is admitted within the caps of its source and of the node (`gate`); each frame
 * is counted before it is parsed (binary and broken ones too); frames over the limit are
 * dropped with one NOTICE, and a connection that keeps sending them is closed with 1008.
 */
export const relayRoute: FastifyPluginAsync<{
  node: TilshiNode;
  files: Map<string, StaticFile>;
  gate: SourceGate;
}> = async (app, { node, files, gate }) => {
  const limits = node.config.limits;
  const alive = new Map<WebSocket, boolean>();
  const heartbeat = setInterval(() => {
    for (const [socket, answered] of alive) {
      if (!answered) {
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, PING_MS);
  heartbeat.unref();
  app.addHook('onClose', async () => clearInterval(heartbeat));

  app.route({
    method: 'GET',
    url: '/',
    onRequest: async (request) => {
      if (!request.ws) return;
      const refused = gate.refusal(request.source);
      if (refused === 'barred') {
        throw new TilshiError(
          'rate_limited',
          'a connection from this address was closed for flooding; wait before connecting again',
          429,
          { retry_after: gate.barredFor(request.source) },
        );
      }
      if (refused === 'source') {
        throw new TilshiError(
          'too_many_connections',
          `at most ${limits.ws_connections_per_source} relay connections from one address`,
          429,
        );
      }
      if (refused === 'total') {
        throw new TilshiError('busy', 'the relay has as many connections as it takes; try again later', 503);
      }
    },
    handler: (request, reply) => {
      if ((request.headers.accept ?? '').includes('application/nostr+json')) {
        return reply
          .header('access-control-allow-origin', '*')
          .header('access-control-allow-headers', '*')
          .type('application/nostr+json')
          .send(relayInfo(node, `${request.protocol}://${request.host}`));
      }
      return sendFile(request, reply, files.get('/index.html'));
    },
    wsHandler: (socket, request) => {
      const source = request.source;
      // Checked again here: connections from one source may have raced through the hook.
      if (!gate.openConnection(source)) {
        socket.close(1008, 'too many connections');
        return;
      }
      alive.set(socket, true);
      socket.on('pong', () => alive.set(socket, true));
      let closing = false;
      let warnedAt = 0;
      const shut = (reason: string) => {
        closing = true;
        socket.close(1008, reason);
        // Read nothing more: frames still in flight would cost parsing for nothing.
        socket.pause();
        setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
      };
      const send = (message: unknown[]) => {
        if (closing || socket.readyState !== socket.OPEN) return;
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          shut('reading too slowly');
          return;
        }
        socket.send(JSON.stringify(message));
      };
      const bucket = new ConnectionBucket(limits.ws_messages_per_second);
      const session = new RelaySession(node, send, {
        host: request.headers.host ?? '',
        source,
        maxSubscriptions: limits.subscriptions_per_connection,
        allowQuery: () => gate.takeQuery(source),
        claimSubscription: () => gate.claimSubscription(source),
        releaseSubscriptions: (n) => gate.releaseSubscriptions(source, n),
      });
      socket.on('message', (data, isBinary) => {
        if (closing) return;
        const bytes = Array.isArray(data)
          ? data.reduce((n, b) => n + b.length, 0)
          : (data as Buffer | ArrayBuffer).byteLength;
        const admission = bucket.admit(bytes, (cost) => gate.takeMessages(source, cost));
        if (admission === 'close') {
          gate.bar(source, FLOOD_BAR_MS);
          shut('rate limit exceeded');
          return;
        }
        if (admission === 'drop') {
          // One notice a second at most: answering every dropped frame would be the flood's echo.
          const now = Date.now();
          if (now - warnedAt > 1_000) {
            warnedAt = now;
            send(['NOTICE', 'rate-limited: rate_limited: slow down; messages over the limit are dropped']);
          }
          return;
        }
        if (isBinary) {
          send(['NOTICE', 'invalid: binary_frame: send text frames']);
          return;
        }
        session.handle(data.toString()).catch((err: unknown) => {
          request.log.error(
            { err: { type: (err as Error).name, message: (err as Error).message } },
            'relay message failed',
          );
          send(['NOTICE', 'error: internal_error: the relay failed on that message']);
        });
      });
      let counted = true;
      const done = () => {
        if (!counted) return;
        counted = false;
        alive.delete(socket);
        gate.closeConnection(source);
        session.close();
      };
      socket.on('close', done);
      socket.on('error', done);
    },
  });
  app.options('/', (_request, reply) =>
    reply
      .header('access-control-allow-origin', '*')
      .header('access-control-allow-headers', '*')
      .header('access-control-allow-methods', 'GET')
      .code(204)
      .send(),
  );
};
