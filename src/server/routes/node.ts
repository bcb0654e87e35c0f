import type { FastifyPluginAsync } from 'fastify';
import { type TilshiNode, VERSION } from '../../node/node.js';

/** What a node tells anyone about itself: enough for a report page or a peer to talk to it. */
export function presentNode(node: TilshiNode) {
  return {
    name: node.config.name,
    role: node.config.role,
    version: VERSION,
    node_pubkey: node.nodeKey.publicKey,
    desk_pubkey: node.deskPubkey,
    pow_difficulty: node.config.pow_difficulty,
    /** The number correspondents may text instead (the SMS gateway phone), if any. */
    sms_number: node.config.sms_number,
    limits: {
      body_bytes: node.config.limits.body_bytes,
      frame_bytes: node.config.limits.frame_bytes,
      events_per_request: node.config.limits.events_per_request,
    },
  };
}

export const nodeRoutes: FastifyPluginAsync<{ node: TilshiNode }> = async (app, { node }) => {
  app.get('/healthz', async () => ({ ok: true, role: node.config.role, version: VERSION }));
  app.get('/api/v1/node', async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
    return presentNode(node);
  });
};
