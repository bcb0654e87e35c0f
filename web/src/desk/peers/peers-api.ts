// The desk's calls for peers and the trusted relays (routes in src/server/routes/desk-peers.ts).
import { api } from '../../shared/http.js';

/** What this node knows of its syncs with a listed peer (src/sync/status.ts). */
export interface PeerSync {
  last_attempt_at: number | null;
  last_reached_at: number | null;
  /** `code: message` of the last sync that failed; null after one that worked. */
  last_error: string | null;
  events_in: number;
  events_out: number;
  bytes_in: number;
  bytes_out: number;
  /** Records this node stored that the peer has not acknowledged. */
  waiting: number;
  /** Sealed records the peer kept back since the cursors were reset, and why (`not_a_peer`). */
  withheld: number;
  withheld_reason: string | null;
}

export interface Peer {
  url: string;
  pubkey?: string;
  name?: string;
  npub: string | null;
  /** On the desk's list of trusted relays (kind 10621). */
  trusted: boolean;
  sync: PeerSync;
}

export interface TrustedRelay {
  pubkey: string;
  url?: string;
  name?: string;
  npub: string;
}

export interface PeersAnswer {
  node_npub: string;
  peers: Peer[];
  trusted_relays: TrustedRelay[];
}

export interface LookedUp {
  url: string;
  pubkey: string;
  npub: string;
  name: string | null;
  /** The key is this node's own. */
  own: boolean;
}

export interface SyncRun {
  url: string;
  npub: string | null;
  pulled: number;
  pushed: number;
  rejected: number;
  withheld: number;
  withheld_reason: string | null;
  bytes_in: number;
  bytes_out: number;
  ms: number;
}

const BASE = '/api/v1/desk/peers';

export function listPeers(): Promise<PeersAnswer> {
  return api(BASE);
}

export function lookUpPeer(csrf: string, url: string): Promise<LookedUp> {
  return api(`${BASE}/lookup`, { method: 'POST', csrf, body: { url } });
}

export function addPeer(
  csrf: string,
  peer: { url: string; pubkey: string; name?: string },
): Promise<PeersAnswer> {
  return api(BASE, { method: 'POST', csrf, body: peer });
}

export function renamePeer(csrf: string, url: string, name: string): Promise<PeersAnswer> {
  return api(BASE, { method: 'PATCH', csrf, body: { url, name } });
}

/** A peer is removed by its key, or by its URL when config.json gives it none. */
export function removePeer(csrf: string, peer: Pick<Peer, 'url' | 'pubkey'>): Promise<PeersAnswer> {
  const path = peer.pubkey ? `${BASE}/${peer.pubkey}` : `${BASE}?url=${encodeURIComponent(peer.url)}`;
  return api(path, { method: 'DELETE', csrf });
}

export function syncPeer(
  csrf: string,
  url: string,
  fromStart: boolean,
): Promise<PeersAnswer & { result: SyncRun }> {
  return api(`${BASE}/sync`, {
    method: 'POST',
    csrf,
    body: { url, ...(fromStart ? { from_start: true } : {}) },
  });
}

export function trustRelay(
  csrf: string,
  relay: { url: string; pubkey: string; name?: string },
): Promise<PeersAnswer> {
  return api('/api/v1/desk/trusted-relays', { method: 'POST', csrf, body: relay });
}

export function untrustRelay(csrf: string, pubkey: string): Promise<PeersAnswer> {
  return api(`/api/v1/desk/trusted-relays/${pubkey}`, { method: 'DELETE', csrf });
}
