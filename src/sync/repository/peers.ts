import { cachedStatement, type Db } from '../../store/db.js';

/*
 * The SQL of the peers this node syncs with (`sync_peers`, migrations 003 and 006): one row a
 * peer, with its cursors, when it was last reached and what moved each way.
 */

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

/** The row of a peer by its node key. */
export function peerByPubkey(db: Db, pubkey: string): PeerRow | undefined {
  return cachedStatement(db, 'SELECT * FROM sync_peers WHERE node_pubkey = ?').get(pubkey) as
    | PeerRow
    | undefined;
}

/** The row of the peer at a URL reached last (two keys may have answered at one URL). */
export function peerByUrl(db: Db, url: string): PeerRow | undefined {
  return cachedStatement(
    db,
    'SELECT * FROM sync_peers WHERE url = ? ORDER BY last_reached_at DESC LIMIT 1',
  ).get(url) as PeerRow | undefined;
}

/** Every peer's row, in the order they were first met. */
export function allPeers(db: Db): PeerRow[] {
  return cachedStatement(db, 'SELECT * FROM sync_peers ORDER BY first_seen_at').all() as PeerRow[];
}

/** How many peer rows are kept. */
export function peerCount(db: Db): number {
  return (cachedStatement(db, 'SELECT count(*) AS n FROM sync_peers').get() as { n: number }).n;
}

/** Add a peer's row, first met at `at`; for a known peer, keep a given URL up to date. */
export function upsertPeer(db: Db, pubkey: string, url: string | null, at: number): void {
  cachedStatement(
    db,
    `INSERT INTO sync_peers (node_pubkey, url, first_seen_at) VALUES (?, ?, ?)
     ON CONFLICT (node_pubkey) DO UPDATE SET url = coalesce(excluded.url, url)`,
  ).run(pubkey, url, at);
}

/** Move the pull cursor (what we hold of the peer's log) forward to `seq`, never back. */
export function raiseReceived(db: Db, pubkey: string, seq: number): void {
  cachedStatement(
    db,
    'UPDATE sync_peers SET received_upto = max(received_upto, ?) WHERE node_pubkey = ?',
  ).run(seq, pubkey);
}

/** Move the push cursor (what the peer holds of our log) forward to `seq`, never back. */
export function raiseAcked(db: Db, pubkey: string, seq: number): void {
  cachedStatement(db, 'UPDATE sync_peers SET acked_upto = max(acked_upto, ?) WHERE node_pubkey = ?').run(
    seq,
    pubkey,
  );
}

/** Both cursors back to 0 and the withheld count cleared. */
export function resetPeerCursors(db: Db, pubkey: string): void {
  cachedStatement(
    db,
    'UPDATE sync_peers SET received_upto = 0, acked_upto = 0, withheld = 0, withheld_reason = NULL WHERE node_pubkey = ?',
  ).run(pubkey);
}

/** Count `n` more sealed records the peer kept back, and keep its latest reason. */
export function addPeerWithheld(db: Db, pubkey: string, n: number, reason: string): void {
  cachedStatement(
    db,
    'UPDATE sync_peers SET withheld = withheld + ?, withheld_reason = ? WHERE node_pubkey = ?',
  ).run(n, reason, pubkey);
}

/** What one contact with a peer moved, and how it ended. */
export interface PeerContact {
  bytesIn: number;
  bytesOut: number;
  eventsIn: number;
  eventsOut: number;
  /** When the contact was tried. */
  at: number;
  /** The peer answered (its last-reached time becomes `at`). */
  reached: boolean;
  error: string | null;
}

/** Add a contact's bytes and events to the peer's totals and note when and how it went. */
export function recordPeerContact(db: Db, pubkey: string, c: PeerContact): void {
  cachedStatement(
    db,
    `UPDATE sync_peers SET bytes_in = bytes_in + ?, bytes_out = bytes_out + ?,
       events_in = events_in + ?, events_out = events_out + ?, last_attempt_at = ?,
       last_reached_at = CASE WHEN ? THEN ? ELSE last_reached_at END, last_error = ?
     WHERE node_pubkey = ?`,
  ).run(c.bytesIn, c.bytesOut, c.eventsIn, c.eventsOut, c.at, c.reached ? 1 : 0, c.at, c.error, pubkey);
}
