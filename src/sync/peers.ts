import type { Db } from '../store/db.js';

/** What this node keeps about another node it syncs with (migration 003). */
export interface PeerRow {
  node_pubkey: string;
  url: string | null;
  received_upto: number;
  acked_upto: number;
  first_seen_at: number;
  last_attempt_at: number | null;
  last_reached_at: number | null;
  last_error: string | null;
  bytes_in: number;
  bytes_out: number;
  events_in: number;
  events_out: number;
  /** Sealed records this peer kept back since the cursors were last reset (migration 006). */
  withheld: number;
  withheld_reason: string | null;
}

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
    return this.db.prepare('SELECT * FROM sync_peers WHERE node_pubkey = ?').get(pubkey) as
      | PeerRow
      | undefined;
  }

  byUrl(url: string): PeerRow | undefined {
    return this.db
      .prepare('SELECT * FROM sync_peers WHERE url = ? ORDER BY last_reached_at DESC LIMIT 1')
      .get(url) as PeerRow | undefined;
  }

  all(): PeerRow[] {
    return this.db.prepare('SELECT * FROM sync_peers ORDER BY first_seen_at').all() as PeerRow[];
  }

  /** The row for a peer, created on first contact; a known URL is kept up to date. */
  ensure(pubkey: string, url?: string): PeerRow {
    this.db
      .prepare(
        `INSERT INTO sync_peers (node_pubkey, url, first_seen_at) VALUES (?, ?, ?)
         ON CONFLICT (node_pubkey) DO UPDATE SET url = coalesce(excluded.url, url)`,
      )
      .run(pubkey, url ?? null, now());
    return this.get(pubkey)!;
  }

  /**
   * The row for a sender, created only while fewer than `max` rows exist: a key anyone can
   * make must not grow the table without limit.
   */
  ensureIfRoom(pubkey: string, max = MAX_PEER_ROWS): PeerRow | undefined {
    const row = this.get(pubkey);
    if (row) return row;
    const { n } = this.db.prepare('SELECT count(*) AS n FROM sync_peers').get() as { n: number };
    return n < max ? this.ensure(pubkey) : undefined;
  }

  /** We hold everything the peer stored up to its log position `seq` (never moves back). */
  setReceived(pubkey: string, seq: number): void {
    this.db
      .prepare('UPDATE sync_peers SET received_upto = max(received_upto, ?) WHERE node_pubkey = ?')
      .run(seq, pubkey);
  }

  /** The peer holds everything we stored up to our log position `seq` (never moves back). */
  setAcked(pubkey: string, seq: number): void {
    this.db
      .prepare('UPDATE sync_peers SET acked_upto = max(acked_upto, ?) WHERE node_pubkey = ?')
      .run(seq, pubkey);
  }

  /** Start over with a peer: the next sync re-offers everything (offers are cheap). */
  resetCursors(pubkey: string): void {
    // From the start, the peer offers again what it withheld: the count starts over with it.
    this.db
      .prepare(
        'UPDATE sync_peers SET received_upto = 0, acked_upto = 0, withheld = 0, withheld_reason = NULL WHERE node_pubkey = ?',
      )
      .run(pubkey);
  }

  /**
   * The peer kept back `n` sealed records of the range it offered: the pull cursor moves past
   * them, so they are counted here until a sync from the start (`--from-start`) asks again.
   */
  addWithheld(pubkey: string, n: number, reason: string): void {
    this.db
      .prepare('UPDATE sync_peers SET withheld = withheld + ?, withheld_reason = ? WHERE node_pubkey = ?')
      .run(n, reason, pubkey);
  }

  record(
    pubkey: string,
    moved: { bytesIn?: number; bytesOut?: number; eventsIn?: number; eventsOut?: number },
    outcome: { reached: boolean; error?: string | null },
  ): void {
    const t = now();
    this.db
      .prepare(
        `UPDATE sync_peers SET bytes_in = bytes_in + ?, bytes_out = bytes_out + ?,
           events_in = events_in + ?, events_out = events_out + ?, last_attempt_at = ?,
           last_reached_at = CASE WHEN ? THEN ? ELSE last_reached_at END, last_error = ?
         WHERE node_pubkey = ?`,
      )
      .run(
        moved.bytesIn ?? 0,
        moved.bytesOut ?? 0,
        moved.eventsIn ?? 0,
        moved.eventsOut ?? 0,
        t,
        outcome.reached ? 1 : 0,
        t,
        outcome.error ?? null,
        pubkey,
      );
  }
}
