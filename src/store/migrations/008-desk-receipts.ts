import type { Migration } from './migration.js';

/**
 * The desk's receipts ("the desk has it", kind 4624): one row per report whose receipt this node
 * sealed and stored, so that a rebuilt inbox never sends one twice. Receipts cannot be rebuilt
 * from the log (each is sealed to a reporter's key and signed by a one-time key). Reports stored
 * before this table existed get none: `desk_receipts_from` keeps the log position it started at.
 */
export const deskReceipts: Migration = {
  id: 8,
  name: 'desk-receipts',
  up: `
    CREATE TABLE desk_receipts (
      report_id TEXT PRIMARY KEY,
      wrap_id   TEXT NOT NULL,
      sent_at   INTEGER NOT NULL
    );
    CREATE TABLE desk_receipts_from (
      seq INTEGER NOT NULL
    );
    INSERT INTO desk_receipts_from (seq) SELECT coalesce(max(seq), 0) FROM events;
  `,
};
