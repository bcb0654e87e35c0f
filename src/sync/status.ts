import { npubOf } from '../crypto/keys.js';
import type { TilshiNode } from '../node/node.js';
import { PeerStore } from './peers.js';
import { countAfter, type PeerRow } from './repository/index.js';
import { syncAccessFor } from './serve-sync.js';

export interface PeerStatus {
  name: string | null;
  url: string | null;
  node_npub: string | null;
  /** Listed in config.json (synced by `serve`), or only met by `tilshi sync` or a bundle. */
  configured: boolean;
  last_reached_at: number | null;
  last_attempt_at: number | null;
  last_error: string | null;
  /** Events this node stored that the peer has not acknowledged (what the next sync or bundle carries at most). */
  waiting: number;
  received_upto: number;
  acked_upto: number;
  bytes_in: number;
  bytes_out: number;
  events_in: number;
  events_out: number;
  /** Sealed records the peer kept back from this node since the cursors were reset, and why. */
  withheld: number;
  withheld_reason: string | null;
  /** What makes the peer hand them over, when it withheld any. */
  withheld_fix: string | null;
}

/**
 * What to do about sealed records a peer withheld: the peer must list this node's key, then a
 * sync from the start asks for them again (the cursor moved past them).
 *
 * @example withheldFix('not_a_peer', 'https://relay.example.org', nodePubkey)
 */
export function withheldFix(reason: string, url: string | null, nodePubkey: string): string {
  const where = url ?? 'the peer';
  const why =
    reason === 'not_a_peer' ? `${where} does not list this node's key as a peer` : `${where} said: ${reason}`;
  const npub = npubOf(nodePubkey);
  return `${why}; its operator runs \`tilshi peer add URL_OF_THIS_NODE --pubkey ${npub}\` (or the desk trusts this relay for the whole network: \`tilshi peer trust URL_OF_THIS_NODE --pubkey ${npub}\`), then here \`tilshi sync ${url ?? 'URL'} --from-start\``;
}

/**
 * Every peer this node knows: those in config.json and those it met by sync or bundle, with
 * when each was last reached, what waits for it, and what moved each way.
 *
 * @example
 *   for (const p of peerStatus(node)) console.log(p.url, p.waiting);
 */
export function peerStatus(node: TilshiNode): PeerStatus[] {
  let rows: PeerRow[] = [];
  try {
    rows = new PeerStore(node.db).all();
  } catch {
    // A store opened read-only before migration 003 ran has no peer table yet.
  }
  const out: PeerStatus[] = [];
  const seen = new Set<PeerRow>();
  const present = (
    row: PeerRow | undefined,
    configured: boolean,
    name: string | null,
    url: string | null,
    pubkey?: string,
  ) => {
    const key = row?.node_pubkey ?? pubkey ?? null;
    const acked = row?.acked_upto ?? 0;
    out.push({
      name,
      url: url ?? row?.url ?? null,
      node_npub: key ? npubOf(key) : null,
      configured,
      last_reached_at: row?.last_reached_at ?? null,
      last_attempt_at: row?.last_attempt_at ?? null,
      last_error: row?.last_error ?? null,
      waiting: countAfter(node.db, acked, key ? syncAccessFor(node, key) : 'public'),
      received_upto: row?.received_upto ?? 0,
      acked_upto: acked,
      bytes_in: row?.bytes_in ?? 0,
      bytes_out: row?.bytes_out ?? 0,
      events_in: row?.events_in ?? 0,
      events_out: row?.events_out ?? 0,
      withheld: row?.withheld ?? 0,
      withheld_reason: row?.withheld_reason ?? null,
      withheld_fix: row?.withheld
        ? withheldFix(row.withheld_reason ?? 'not_a_peer', url ?? row.url, node.nodeKey.publicKey)
        : null,
    });
  };
  for (const p of node.config.peers) {
    const row = rows.find(
      (r) => (p.pubkey && r.node_pubkey === p.pubkey) || r.url === p.url.replace(/\/+$/, ''),
    );
    if (row) seen.add(row);
    present(row, true, p.name ?? null, p.url, p.pubkey);
  }
  for (const row of rows) if (!seen.has(row)) present(row, false, null, row.url);
  return out;
}
