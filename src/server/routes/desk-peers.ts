import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { Hex64Schema } from '../../core/zod-util.js';
import { npubOf } from '../../crypto/keys.js';
import { saveConfig } from '../../node/config.js';
import type { TilshiNode } from '../../node/node.js';
import { fetchPeerKey, normalPeerUrl, withoutPeer, withPeer } from '../../sync/peer-list.js';
import { publishStatus } from '../../sync/publish.js';
import { setTrusted, trustedRelays } from '../../sync/trusted-relays.js';
import { deskAuthorizer, parseBody } from './desk.js';

const ADMINS = ['admin'] as const;
const UrlBody = z.object({ url: z.string().min(1).max(2_000) }).strict();
const PeerBody = z
  .object({
    url: z.string().min(1).max(2_000),
    pubkey: Hex64Schema,
    name: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
const KeyParams = z.object({ pubkey: Hex64Schema }).strict();

/**
 * The peers of this desk node and the desk's list of trusted relays, for admins (what
 * `tilshi peer` does on the command line; docs/sync.md). A key is fetched for the admin to
 * compare before anything is written: `lookup` only reads, `peers` and `trusted-relays` write.
 */
export const deskPeerRoutes: FastifyPluginAsync<{ node: TilshiNode }> = async (app, { node }) => {
  if (node.config.role !== 'desk') return;
  const authorize = deskAuthorizer(node.db);
  const present = () => ({
    peers: node.config.peers.map((p) => ({ ...p, npub: p.pubkey ? npubOf(p.pubkey) : null })),
    trusted_relays: trustedRelays(node).map((r) => ({ ...r, npub: npubOf(r.pubkey) })),
    publish: publishStatus(node),
  });
  /** config.json and the running node both: a listed peer may pull sealed records at once. */
  const savePeers = (next: typeof node.config) => {
    saveConfig(node.dataDir, next);
    node.config.peers = next.peers;
  };

  app.get('/api/v1/desk/peers', async (request) => {
    authorize(request, [...ADMINS]);
    return present();
  });

  app.post('/api/v1/desk/peers/lookup', async (request) => {
    authorize(request, [...ADMINS]);
    const url = normalPeerUrl(parseBody(UrlBody, request.body).url);
    const found = await fetchPeerKey(url);
    return { url, pubkey: found.pubkey, npub: npubOf(found.pubkey), name: found.name };
  });

  app.post('/api/v1/desk/peers', async (request) => {
    authorize(request, [...ADMINS]);
    const body = parseBody(PeerBody, request.body);
    const url = normalPeerUrl(body.url);
    savePeers(withPeer(node.config, { url, pubkey: body.pubkey, ...(body.name ? { name: body.name } : {}) }));
    return present();
  });

  app.delete<{ Params: { pubkey: string } }>('/api/v1/desk/peers/:pubkey', async (request) => {
    authorize(request, [...ADMINS]);
    savePeers(withoutPeer(node.config, parseBody(KeyParams, request.params).pubkey));
    return present();
  });

  app.post('/api/v1/desk/trusted-relays', async (request) => {
    authorize(request, [...ADMINS]);
    const body = parseBody(PeerBody, request.body);
    const url = normalPeerUrl(body.url);
    await setTrusted(node, { pubkey: body.pubkey, url, ...(body.name ? { name: body.name } : {}) }, true);
    return present();
  });

  app.delete<{ Params: { pubkey: string } }>('/api/v1/desk/trusted-relays/:pubkey', async (request) => {
    authorize(request, [...ADMINS]);
    await setTrusted(node, { pubkey: parseBody(KeyParams, request.params).pubkey }, false);
    return present();
  });
};
