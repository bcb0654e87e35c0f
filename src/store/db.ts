import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrateToLatest } from './migrations/index.js';

export type Db = Database.Database;

export interface OpenOptions {
  /**
   * `full` (default) fsyncs the WAL on every commit: an acknowledged event survives a power
   * cut. `normal` survives a killed process but may lose the last commits on a power cut.
   */
  durability?: 'full' | 'normal';
  readonly?: boolean;
}

/**
 * Open (and migrate) the node's SQLite store in WAL mode. One writer per file: the node
 * process; CLI verbs that read open it read-only.
 *
 * @example
 *   const db = openDatabase('data/tilshi.db');
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -65536');
    migrateToLatest(db);
  }
  return db;
}

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/** A prepared statement, prepared once per connection (for code that runs per event). */
export function cachedStatement(db: Db, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}
