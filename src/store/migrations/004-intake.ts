import type { Migration } from './index.js';

/**
 * What the SMS intake has seen, so that a resent webhook or a duplicated SMS is stored once.
 * Keys are HMACs with the node's `sms.key`: the table holds no phone number and no text.
 */
export const intake: Migration = {
  id: 4,
  name: 'intake',
  up: `
    CREATE TABLE sms_seen (
      key     TEXT    PRIMARY KEY,
      wrap_id TEXT    NOT NULL,
      seen_at INTEGER NOT NULL
    );
    CREATE INDEX sms_seen_at ON sms_seen (seen_at);
  `,
};
