import type Database from 'better-sqlite3';
import { TilshiError } from '../core/errors.js';
import { MIGRATIONS } from './migrations/index.js';

/**
 * Refuse a store whose schema this code does not know: a migration id it has never heard of
 * means a newer Tilshi wrote the file, and running old code on it could lose data.
 */
export function checkSchemaKnown(db: Database.Database, path: string): void {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (!table) {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as {
      n: number;
    };
    // A new, empty file is a store about to be created; tables without migrations are not ours.
    if (tables.n > 0)
      throw new TilshiError('db_damaged', `${path} is not a Tilshi store (no schema_migrations table)`, 503);
    return;
  }
  const known = new Set(MIGRATIONS.map((m) => m.id));
  const ids = (db.prepare('SELECT id FROM schema_migrations ORDER BY id').all() as { id: number }[]).map(
    (r) => r.id,
  );
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new TilshiError(
      'db_too_new',
      `${path} has schema migration ${unknown.join(', ')}, which this Tilshi does not know ` +
        `(it knows up to ${Math.max(...known)}): run the Tilshi version that wrote it`,
      503,
    );
  }
}

/**
 * SQLite's quick_check (every page read and its structure checked; with encryption every page
 * also passes its HMAC). Throws `db_damaged` with SQLite's first findings.
 */
export function checkPages(db: Database.Database, path: string): void {
  let rows: { quick_check: string }[];
  try {
    rows = db.pragma('quick_check(5)') as { quick_check: string }[];
  } catch (err) {
    throw new TilshiError('db_damaged', `${path} is damaged: ${(err as Error).message}`, 503);
  }
  const findings = rows
    .map((r) =>
      r.quick_check
        .replace(/\*\*\* in database \w+ \*\*\*/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((s) => s !== 'ok' && s !== '');
  if (findings.length > 0)
    throw new TilshiError('db_damaged', `${path} is damaged: ${findings.join('; ')}`, 503);
}
