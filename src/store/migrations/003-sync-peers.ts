import type { Migration } from './migration.js';

/**
 * Per-peer sync state, one row per other node (by its node key). `received_upto` is the
 * peer's log position up to which this node holds everything the peer stored; `acked_upto` is
 * this node's log position up to which the peer is known to hold everything (from a finished
 * push or the acknowledgement state of a bundle it sent). Counters are totals since first contact.
 */
export const syncPeers: Migration = {
  id: 3,
  name: 'sync-peers',
  up: `
    CREATE TABLE sync_peers (
      node_pubkey      TEXT    PRIMARY KEY,
      url              TEXT,
      received_upto    INTEGER NOT NULL DEFAULT 0,
      acked_upto       INTEGER NOT NULL DEFAULT 0,
      first_seen_at    INTEGER NOT NULL,
      last_attempt_at  INTEGER,
      last_reached_at  INTEGER,
      last_error       TEXT,
      bytes_in         INTEGER NOT NULL DEFAULT 0,
      bytes_out        INTEGER NOT NULL DEFAULT 0,
      events_in        INTEGER NOT NULL DEFAULT 0,
      events_out       INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX sync_peers_url ON sync_peers (url) WHERE url IS NOT NULL;
  `,
};
