import type { Migration } from './migration.js';

/**
 * What a peer kept back: sealed records it did not offer this node (its key is not a peer
 * there), counted per peer so that `tilshi status` says so until a sync from the start.
 */
export const peerWithheld: Migration = {
  id: 6,
  name: 'peer-withheld',
  up: `
    ALTER TABLE sync_peers ADD COLUMN withheld INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sync_peers ADD COLUMN withheld_reason TEXT;
  `,
};
