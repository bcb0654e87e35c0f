import { TilshiError, ValidationError } from '../core/errors.js';
import { type NodeConfig, type PeerConfig, PeerConfigSchema } from '../node/config.js';
import { checkAnswer, NodeDocSchema } from './peer-http.js';

/** A peer's base URL as config.json keeps it: no trailing slash. */
export function normalPeerUrl(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  const parsed = PeerConfigSchema.shape.url.safeParse(trimmed);
  if (!parsed.success) throw new ValidationError('bad_peer_url', `${url} is not an http(s) URL`);
  return parsed.data;
}

/**
 * The node key a node announces at `GET /api/v1/node`, to be shown to the operator before it is
 * trusted (the answer is not authenticated: the operator compares it with what the peer's
 * operator says, or gives `--pubkey`). Throws `peer_unreachable` or `peer_error`.
 */
export async function fetchPeerKey(
  url: string,
  timeoutMs = 10_000,
): Promise<{ pubkey: string; name: string | null }> {
  let text: string;
  try {
    const res = await fetch(`${url}/api/v1/node`, { signal: AbortSignal.timeout(timeoutMs) });
    text = await res.text();
  } catch (err) {
    throw new TilshiError('peer_unreachable', `cannot reach ${url}: ${(err as Error).message}`, 502);
  }
  const doc = checkAnswer('/api/v1/node', text, NodeDocSchema);
  if (!doc.node_pubkey) throw new TilshiError('peer_error', `${url} does not say its node key`, 502);
  return { pubkey: doc.node_pubkey, name: doc.name ?? null };
}

/**
 * The config with `peer` listed: an entry with the same URL or key is replaced (its other
 * settings kept), so adding twice changes nothing.
 */
export function withPeer(config: NodeConfig, peer: PeerConfig): NodeConfig {
  const same = (p: PeerConfig) => p.url === peer.url || (peer.pubkey && p.pubkey === peer.pubkey);
  const old = config.peers.find(same);
  const entry = PeerConfigSchema.parse({ ...old, ...peer });
  const peers = old ? config.peers.map((p) => (p === old ? entry : p)) : [...config.peers, entry];
  if (peers.length > 100) throw new ValidationError('too_many_peers', 'a node lists at most 100 peers');
  return { ...config, peers };
}

/** The config without the peer of this URL or key (hex); throws `unknown_peer` if none. */
export function withoutPeer(config: NodeConfig, urlOrKey: string): NodeConfig {
  const peers = config.peers.filter((p) => p.url !== urlOrKey && p.pubkey !== urlOrKey);
  if (peers.length === config.peers.length) {
    throw new ValidationError('unknown_peer', `no peer ${urlOrKey} in config.json`);
  }
  return { ...config, peers };
}

/**
 * The config with the peer of this URL named `name`, or unnamed when `name` is empty; its key
 * and other settings kept. Throws `unknown_peer` if no peer has this URL.
 */
export function withPeerName(config: NodeConfig, url: string, name: string): NodeConfig {
  const old = config.peers.find((p) => p.url === url);
  if (!old) throw new ValidationError('unknown_peer', `no peer ${url} in config.json`);
  const { name: _old, ...rest } = old;
  const entry = PeerConfigSchema.parse(name ? { ...rest, name } : rest);
  return { ...config, peers: config.peers.map((p) => (p === old ? entry : p)) };
}
