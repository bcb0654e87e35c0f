import type { Migration } from './migration.js';

/**
 * Publishing public records to other Nostr relays (config `relays`, `tilshi publish`): per relay
 * a cursor (every publishable record up to this log position is settled there: accepted or
 * refused for good) and counts; per refused record, the relay's reason, kept.
 */
export const publishRelays: Migration = {
  id: 7,
  name: 'publish-relays',
  up: `
    CREATE TABLE publish_relays (
      url TEXT PRIMARY KEY,
      sent_upto INTEGER NOT NULL DEFAULT 0,
      sent INTEGER NOT NULL DEFAULT 0,
      accepted INTEGER NOT NULL DEFAULT 0,
      duplicates INTEGER NOT NULL DEFAULT 0,
      refused INTEGER NOT NULL DEFAULT 0,
      retries INTEGER NOT NULL DEFAULT 0,
      failures INTEGER NOT NULL DEFAULT 0,
      last_attempt_at INTEGER,
      last_success_at INTEGER,
      last_error TEXT,
      next_attempt_at INTEGER
    );
    CREATE TABLE publish_refusals (
      url TEXT NOT NULL,
      id TEXT NOT NULL,
      kind INTEGER NOT NULL,
      reason TEXT NOT NULL,
      at INTEGER NOT NULL,
      PRIMARY KEY (url, id)
    );
  `,
};
