import type { Migration } from './migration.js';

/**
 * Events deleted by a NIP-09 deletion (kind 5) the node honoured: their ids stay here so that
 * sync, a bundle or a relay never brings them back.
 */
export const tombstones: Migration = {
  id: 5,
  name: 'tombstones',
  up: `
    CREATE TABLE tombstones (
      id         TEXT    PRIMARY KEY,   -- the deleted event's id
      deletion   TEXT    NOT NULL,      -- the kind 5 event that deleted it
      deleted_at INTEGER NOT NULL
    );
  `,
};
