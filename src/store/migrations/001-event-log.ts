import type { Migration } from './migration.js';

/** The event log: every stored event once, in arrival order (`seq`), with its raw JSON. */
export const eventLog: Migration = {
  id: 1,
  name: 'event-log',
  up: `
    CREATE TABLE events (
      seq         INTEGER PRIMARY KEY AUTOINCREMENT,
      id          TEXT    NOT NULL UNIQUE,
      pubkey      TEXT    NOT NULL,
      created_at  INTEGER NOT NULL,
      kind        INTEGER NOT NULL,
      d           TEXT,
      recipient   TEXT,
      head        INTEGER NOT NULL DEFAULT 1,
      received_at INTEGER NOT NULL,
      raw         TEXT    NOT NULL
    );
    CREATE INDEX events_created ON events (created_at DESC);
    CREATE INDEX events_kind_created ON events (kind, created_at DESC);
    CREATE INDEX events_pubkey_created ON events (pubkey, created_at DESC);
    CREATE INDEX events_address ON events (kind, pubkey, d) WHERE d IS NOT NULL;
    CREATE INDEX events_recipient ON events (recipient, seq) WHERE recipient IS NOT NULL;

    CREATE TABLE event_tags (
      seq   INTEGER NOT NULL REFERENCES events (seq) ON DELETE CASCADE,
      name  TEXT    NOT NULL,
      value TEXT    NOT NULL
    );
    CREATE INDEX event_tags_lookup ON event_tags (name, value, seq);
    CREATE INDEX event_tags_seq ON event_tags (seq);

    CREATE TABLE projection_state (
      name     TEXT    PRIMARY KEY,
      version  INTEGER NOT NULL,
      last_seq INTEGER NOT NULL
    );
  `,
};
