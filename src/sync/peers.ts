import type { Db } from '../store/db.js';
import {
  addPeerWithheld,
  allPeers,
  type PeerRow,
  peerByPubkey,
  peerByUrl,
  peerCount,
  raiseAcked,
  raiseReceived,
  recordPeerContact,
  resetPeerCursors,
  upsertPeer,
} from './repository/index.js';

const now = () => Math.floor(Date.now() / 1000);

/**
 * Rows a node keeps for senders it learns of by itself (bundle headers). Peers the operator
 * syncs with are always kept; past this, a new sender's bundle is still imported, without a row.
 */
export const MAX_PEER_ROWS = 1_000;

/**
 * Per-peer sync state: cursors (what we hold of theirs, what they hold of ours), when the peer
 * was last reached, and the bytes and events moved each way.
 *
 * @example
 *   const peers = new PeerStore(node.db);
 *   peers.ensure(pubkey, url); peers.setReceived(pubkey, 120);
 */
export class PeerStore {
  constructor(private readonly db: Db) {}

  get(pubkey: string): PeerRow | undefined {
    return peerByPubkey(this.db, pubkey);
  }

  byUrl(url: string): PeerRow | undefined {
    return peerByUrl(this.db, url);
  }

  all(): PeerRow[] {
    return allPeers(this.db);
  }

  /** The row for a peer, created on first contact; a known URL is kept up to date. */
  ensure(pubkey: string, url?: string): PeerRow {
    upsertPeer(this.db, pubkey, url ?? null, now());
    return this.get(pubkey)!;
  }

  /**
   * The row for a sender, created only while fewer than `max` rows exist: a key anyone can
   * make must not grow the table without limit.
   */
  ensureIfRoom(pubkey: string, max = MAX_PEER_ROWS): PeerRow | undefined {
    const row = this.get(pubkey);
    if (row) return row;
    return peerCount(this.db) < max ? this.ensure(pubkey) : undefined;
  }

  /** We hold everything the peer stored up to its log position `seq` (never moves back). */
  setReceived(pubkey: string, seq: number): void {
    raiseReceived(this.db, pubkey, seq);
  }

  /** The peer holds everything we stored up to our log position `seq` (never moves back). */
  setAcked(pubkey: string, seq: number): void {
    raiseAcked(this.db, pubkey, seq);
  }

  /** Start over with a peer: the next sync re-offers everything (offers are cheap). */
  resetCursors(pubkey: string): void {
    // From the start, the peer offers again what it withheld: the count starts over with it.
    resetPeerCursors(this.db, pubkey);
  }

  /**
   * The peer kept back `n` sealed records of the range it offered: the pull cursor moves past
   * them, so they are counted here until a sync from the start (`--from-start`) asks again.
   */
  addWithheld(pubkey: string, n: number, reason: string): void {
    addPeerWithheld(this.db, pubkey, n, reason);
  }

  record(
    pubkey: string,
    moved: { bytesIn?: number; bytesOut?: number; eventsIn?: number; eventsOut?: number },
    outcome: { reached: boolean; error?: string | null },
  ): void {
    recordPeerContact(this.db, pubkey, {
      bytesIn: moved.bytesIn ?? 0,
      bytesOut: moved.bytesOut ?? 0,
      eventsIn: moved.eventsIn ?? 0,
      eventsOut: moved.eventsOut ?? 0,
      at: now(),
      reached: outcome.reached,
      error: outcome.error ?? null,
    });
  }
}
