import type Database from 'better-sqlite3';
import { eventLog } from './001-event-log.js';
import { deskAccounts } from './002-desk-accounts.js';
import { syncPeers } from './003-sync-peers.js';
import { intake } from './004-intake.js';
import { tombstones } from './005-tombstones.js';
import { peerWithheld } from './006-peer-withheld.js';
import { publishRelays } from './007-publish-relays.js';
import { deskReceipts } from './008-desk-receipts.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [
  eventLog,
  deskAccounts,
  syncPeers,
  intake,
  tombstones,
  peerWithheld,
  publishRelays,
  deskReceipts,
].sort((a, b) => a.id - b.id);

/** Apply the migrations this database has not seen, each in its own transaction. */
export function migrateToLatest(db: Database.Database, upTo = Number.POSITIVE_INFINITY): number {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const done = new Set(
    (db.prepare('SELECT id FROM schema_migrations').all() as { id: number }[]).map((r) => r.id),
  );
  let applied = 0;
  for (const m of MIGRATIONS) {
    if (m.id > upTo || done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(
        m.id,
        m.name,
        Math.floor(Date.now() / 1000),
      );
    })();
    applied++;
  }
  return applied;
}

/** The ids of the migrations this database has applied, in order. */
export function appliedMigrations(db: Database.Database): number[] {
  return (db.prepare('SELECT id FROM schema_migrations ORDER BY id').all() as { id: number }[]).map(
    (r) => r.id,
  );
}
