import type { FastifyPluginAsync } from 'fastify';
import { FILTER_LIMITS } from '../../core/filter.js';
import { type TilshiNode, VERSION } from '../../node/node.js';
import { RelaySession } from '../../sync/relay-session.js';
import { ConnectionBucket } from '../rate-limit.js';
import type { StaticFile } from '../static-files.js';
import { sendFile } from './pages.js';

/** A slow reader that lets this much pile up unsent is disconnected. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** NIP-11 relay information document. */
export function relayInfo(node: TilshiNode) {
  return {
    name: node.config.name,
    description: 'Tilshi node: sealed reports for the desk, coded events, news and briefs',
    pubkey: node.nodeKey.publicKey,
    supported_nips: [1, 11, 13, 42, 44, 59, 77],
    software: 'tilshi',
    version: VERSION,
    limitation: {
      max_message_length: node.config.limits.frame_bytes,
      max_subscriptions: node.config.limits.subscriptions_per_connection,
      max_limit: FILTER_LIMITS.maxLimit,
      min_pow_difficulty: node.config.pow_difficulty,
      auth_required: false,
      payment_required: false,
      restricted_writes: true,
    },
  };
}

/**
 * `/`: a WebSocket upgrade is a Nostr relay connection (NIP-01, NIP-42); an HTTP GET asking
 * for `application/nostr+json` gets the NIP-11 document; any other GET gets the public page.
 */
export const relayRoute: FastifyPluginAsync<{ node: TilshiNode; files: Map<string, StaticFile> }> = async (
  app,
  { node, files },
) => {
  app.route({
    method: 'GET',
    url: '/',
    handler: (request, reply) => {
      if ((request.headers.accept ?? '').includes('application/nostr+json')) {
        return reply
          .header('access-control-allow-origin', '*')
          .header('access-control-allow-headers', '*')
          .type('application/nostr+json')
          .send(relayInfo(node));
      }
      return sendFile(request, reply, files.get('/index.html'));
    },
    wsHandler: (socket, request) => {
      const bucket = new ConnectionBucket(node.config.limits.ws_messages_per_second);
      const session = new RelaySession(
        node,
        (message) => {
          if (socket.readyState !== socket.OPEN) return;
          if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
            socket.close(1008, 'reading too slowly');
            return;
          }
          socket.send(JSON.stringify(message));
        },
        {
          host: request.headers.host ?? '',
          maxSubscriptions: node.config.limits.subscriptions_per_connection,
          allow: () => bucket.take(),
        },
      );
      socket.on('message', (data, isBinary) => {
        if (isBinary) {
          socket.send(JSON.stringify(['NOTICE', 'invalid: binary_frame: send text frames']));
          return;
        }
        session.handle(data.toString()).catch((err: unknown) => {
          request.log.error(
            { err: { type: (err as Error).name, message: (err as Error).message } },
            'relay message failed',
          );
          socket.send(JSON.stringify(['NOTICE', 'error: internal_error: the relay failed on that message']));
        });
      });
      socket.on('close', () => session.close());
      socket.on('error', () => session.close());
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
