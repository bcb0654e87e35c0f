import type { Migration } from './migration.js';

/**
 * What the intake channels have seen (SMS webhooks, imported reports), so that a resent
 * webhook, a duplicated SMS or a file imported twice is stored once. Keys are HMACs with the
 * node's `intake.key`: the table holds no phone number and no text.
 */
export const intake: Migration = {
  id: 4,
  name: 'intake',
  up: `
    CREATE TABLE intake_seen (
      key     TEXT    PRIMARY KEY,
      channel TEXT    NOT NULL,
      wrap_id TEXT    NOT NULL,
      seen_at INTEGER NOT NULL
    );
    CREATE INDEX intake_seen_at ON intake_seen (channel, seen_at);
  `,
};
