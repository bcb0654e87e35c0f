import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { ConflictError, ValidationError } from '../../core/errors.js';
import { Hex64Schema } from '../../core/zod-util.js';
import { npubOf, parsePublicKey } from '../../crypto/keys.js';
import { writeAudit } from '../../desk/audit.js';
import { saveConfig } from '../../node/config.js';
import type { TilshiNode } from '../../node/node.js';
import { syncWithPeer } from '../../sync/client.js';
import { fetchPeerKey, normalPeerUrl, withoutPeer, withPeer, withPeerName } from '../../sync/peer-list.js';
import { publishStatus } from '../../sync/publish.js';
import { peerStatus } from '../../sync/status.js';
import { setTrusted, trustedRelays } from '../../sync/trusted-relays.js';
import { deskAuthorizer, parseBody } from './desk.js';

const ADMINS = ['admin'] as const;
const Url = z.string().min(1).max(2_000);
const UrlBody = z.object({ url: Url }).strict();
/** A node key as an admin types or pastes it: hex (any case) or npub1… (`bad_pubkey` otherwise). */
const TypedKey = z
  .string()
  .min(1)
  .max(100)
  .transform((v) => parsePublicKey(/^\s*[0-9a-f]{64}\s*$/i.test(v) ? v.toLowerCase() : v));
const PeerBody = z
  .object({
    url: Url,
    pubkey: TypedKey,
    name: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
const SyncBody = z.object({ url: Url, from_start: z.boolean().optional() }).strict();
const RenameBody = z.object({ url: Url, name: z.string().trim().max(100) }).strict();
const KeyParams = z.object({ pubkey: Hex64Schema }).strict();

/**
 * A sync started from the desk waits at most this long for each request to the peer: the admin
 * is waiting for the answer (the scheduler of `serve` allows a minute).
 */
const DESK_SYNC_TIMEOUT_MS = 20_000;

/**
 * The peers of this desk node and the desk's list of trusted relays, for admins (what
 * `tilshi peer` does on the command line; docs/sync.md). A key is fetched for the admin to
 * compare before anything is written: `lookup` only reads, `peers` and `trusted-relays` write.
 * Every change is written to the audit log under the admin's name.
 */
export const deskPeerRoutes: FastifyPluginAsync<{ node: TilshiNode }> = async (app, { node }) => {
  if (node.config.role !== 'desk') return;
  const authorize = deskAuthorizer(node.db);
  /** One sync from the desk at a time: each holds a peer's link and the ingest queue for a while. */
  let syncing = false;

  const present = () => {
    const trusted = trustedRelays(node);
    // peerStatus lists the peers of config.json first, in their order, then peers met otherwise.
    const status = peerStatus(node).filter((s) => s.configured);
    return {
      node_npub: npubOf(node.nodeKey.publicKey),
      peers: node.config.peers.map((p, i) => {
        const s = status[i];
        return {
          ...p,
          npub: p.pubkey ? npubOf(p.pubkey) : null,
          trusted: p.pubkey ? trusted.some((r) => r.pubkey === p.pubkey) : false,
          sync: {
            last_attempt_at: s?.last_attempt_at ?? null,
            last_reached_at: s?.last_reached_at ?? null,
            last_error: s?.last_error ?? null,
            events_in: s?.events_in ?? 0,
            events_out: s?.events_out ?? 0,
            bytes_in: s?.bytes_in ?? 0,
            bytes_out: s?.bytes_out ?? 0,
            waiting: s?.waiting ?? 0,
            withheld: s?.withheld ?? 0,
            withheld_reason: s?.withheld_reason ?? null,
          },
        };
      }),
      trusted_relays: trusted.map((r) => ({ ...r, npub: npubOf(r.pubkey) })),
      publish: publishStatus(node),
    };
  };
  /** config.json and the running node both: a listed peer may pull sealed records at once. */
  const savePeers = (next: typeof node.config) => {
    saveConfig(node.dataDir, next);
    node.config.peers = next.peers;
  };
  const audit = (actor: string, action: string, target: string, details?: Record<string, unknown>) =>
    writeAudit(node.db, { actor, action, target, details: details ?? null });
  const listedUrl = (url: string) => {
    const peer = node.config.peers.find((p) => p.url === url);
    if (!peer) throw new ValidationError('unknown_peer', `no peer ${url} in config.json`);
    return peer;
  };

  app.get('/api/v1/desk/peers', async (request) => {
    authorize(request, [...ADMINS]);
    return present();
  });

  app.post('/api/v1/desk/peers/lookup', async (request) => {
    authorize(request, [...ADMINS]);
    const url = normalPeerUrl(parseBody(UrlBody, request.body).url);
    const found = await fetchPeerKey(url);
    return {
      url,
      pubkey: found.pubkey,
      npub: npubOf(found.pubkey),
      name: found.name,
      own: found.pubkey === node.nodeKey.publicKey,
    };
  });

  app.post('/api/v1/desk/peers', async (request) => {
    const session = authorize(request, [...ADMINS]);
    const body = parseBody(PeerBody, request.body);
    const url = normalPeerUrl(body.url);
    if (body.pubkey === node.nodeKey.publicKey)
      throw new ConflictError('own_node', 'this is the node key of this node itself');
    savePeers(withPeer(node.config, { url, pubkey: body.pubkey, ...(body.name ? { name: body.name } : {}) }));
    audit(session.account.username, 'peer.add', url, { npub: npubOf(body.pubkey) });
    return present();
  });

  app.patch('/api/v1/desk/peers', async (request) => {
    const session = authorize(request, [...ADMINS]);
    const body = parseBody(RenameBody, request.body);
    const url = normalPeerUrl(body.url);
    savePeers(withPeerName(node.config, url, body.name));
    audit(session.account.username, 'peer.rename', url, body.name ? { name: body.name } : undefined);
    return present();
  });

  app.delete<{ Params: { pubkey: string } }>('/api/v1/desk/peers/:pubkey', async (request) => {
    const session = authorize(request, [...ADMINS]);
    const pubkey = parseBody(KeyParams, request.params).pubkey;
    savePeers(withoutPeer(node.config, pubkey));
    audit(session.account.username, 'peer.remove', npubOf(pubkey));
    return present();
  });

  /** A peer listed without a node key has only its URL to be named by. */
  app.delete('/api/v1/desk/peers', async (request) => {
    const session = authorize(request, [...ADMINS]);
    const url = normalPeerUrl(parseBody(UrlBody, request.query).url);
    savePeers(withoutPeer(node.config, url));
    audit(session.account.username, 'peer.remove', url);
    return present();
  });

  app.post('/api/v1/desk/peers/sync', async (request) => {
    const session = authorize(request, [...ADMINS]);
    const body = parseBody(SyncBody, request.body);
    const peer = listedUrl(normalPeerUrl(body.url));
    if (syncing) throw new ConflictError('sync_running', 'a sync started from the desk is still running');
    syncing = true;
    try {
      const r = await syncWithPeer(node, peer.url, {
        timeoutMs: DESK_SYNC_TIMEOUT_MS,
        ...(body.from_start ? { fromStart: true } : {}),
      });
      const result = {
        url: r.url,
        npub: r.peer ? npubOf(r.peer) : null,
        pulled: r.pull.events,
        pushed: r.push.events,
        rejected: sumOf(r.pull.rejected) + sumOf(r.push.rejected),
        withheld: r.pull.withheld,
        withheld_reason: r.pull.withheldReason,
        bytes_in: r.pull.bytesReceived + r.push.bytesReceived,
        bytes_out: r.pull.bytesSent + r.push.bytesSent,
        ms: r.ms,
      };
      audit(session.account.username, 'peer.sync', peer.url, {
        pulled: result.pulled,
        pushed: result.pushed,
      });
      return { result, ...present() };
    } catch (err) {
      // The peer's row keeps the error too (last_error); the log says who asked.
      audit(session.account.username, 'peer.sync', peer.url, {
        error: (err as { code?: string }).code ?? 'sync_failed',
      });
      throw err;
    } finally {
      syncing = false;
    }
  });

  app.post('/api/v1/desk/trusted-relays', async (request) => {
    const session = authorize(request, [...ADMINS]);
    const body = parseBody(PeerBody, request.body);
    const url = normalPeerUrl(body.url);
    await setTrusted(node, { pubkey: body.pubkey, url, ...(body.name ? { name: body.name } : {}) }, true);
    audit(session.account.username, 'relay.trust', url, { npub: npubOf(body.pubkey) });
    return present();
  });

  app.delete<{ Params: { pubkey: string } }>('/api/v1/desk/trusted-relays/:pubkey', async (request) => {
    const session = authorize(request, [...ADMINS]);
    const pubkey = parseBody(KeyParams, request.params).pubkey;
    await setTrusted(node, { pubkey }, false);
    audit(session.account.username, 'relay.untrust', npubOf(pubkey));
    return present();
  });
};

const sumOf = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
