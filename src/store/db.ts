import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import Database from 'better-sqlite3-multiple-ciphers';
import { isDatabaseDamage, TilshiError } from '../core/errors.js';
import { checkSchemaKnown } from './integrity.js';
import { migrateToLatest } from './migrations/index.js';

export type Db = Database.Database;

/**
 * How an encrypted store is keyed. `raw`: 32 bytes used directly as the SQLCipher key (a desk:
 * derived from the desk key, see crypto/db-key.ts). `passphrase`: SQLCipher 4's own
 * PBKDF2-HMAC-SHA512 (256,000 rounds, a random salt in the file's first 16 bytes); a relay
 * whose operator asked for encryption.
 */
export type DatabaseKey = { raw: Uint8Array } | { passphrase: string };

export interface OpenOptions {
  /**
   * `full` (default) fsyncs the WAL on every commit: an acknowledged event survives a power
   * cut. `normal` survives a killed process but may lose the last commits on a power cut.
   */
  durability?: 'full' | 'normal';
  readonly?: boolean;
  /** The key of an encrypted store; without it the file must be a plain SQLite database. */
  key?: DatabaseKey;
}

/** What a database file is, from its first bytes, without opening it. */
export type DatabaseFileState = 'missing' | 'empty' | 'plain' | 'encrypted';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Tell a plain SQLite file from an encrypted one (SQLCipher starts with a random salt). */
export function databaseFileState(path: string): DatabaseFileState {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return 'missing';
  }
  if (size === 0) return 'empty';
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  return head.equals(SQLITE_MAGIC) ? 'plain' : 'encrypted';
}

/**
 * Key a fresh connection; must come before anything reads a page. SQLCipher 4's format
 * (AES-256-CBC, HMAC-SHA512 per page), so the `sqlcipher` tool opens the file with the same key.
 * WAL frames go through the same cipher; temp files never reach the disk (temp_store = MEMORY).
 */
export function applyKey(db: Db, key: DatabaseKey, pragma: 'key' | 'rekey' = 'key'): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  if ('raw' in key) {
    if (key.raw.length !== 32) throw new TilshiError('bad_key', 'a database key is 32 bytes');
    db.pragma(`${pragma} = "x'${bytesToHex(key.raw)}'"`);
  } else {
    if (key.passphrase.length === 0 || key.passphrase.includes('\0'))
      throw new TilshiError('bad_passphrase', 'the database passphrase is empty or holds a NUL');
    db.pragma(`${pragma} = '${key.passphrase.replaceAll("'", "''")}'`);
  }
}

function openError(err: unknown, path: string, key: DatabaseKey | undefined): unknown {
  if (err instanceof TilshiError || !isDatabaseDamage(err)) return err;
  const sqlite = (err as Error).message;
  if ((err as { code?: string }).code === 'SQLITE_NOTADB') {
    if (key)
      return new TilshiError(
        'db_wrong_key',
        `${path} does not open with this key: it was encrypted with another key, or its first page is damaged`,
        503,
      );
    if (databaseFileState(path) === 'encrypted')
      return new TilshiError(
        'db_encrypted',
        `${path} is encrypted (or not a database): it needs its key`,
        503,
      );
  }
  return new TilshiError('db_damaged', `${path} is damaged: ${sqlite}`, 503);
}

/**
 * Open (and migrate) the node's SQLite store in WAL mode. One writer per file: the node
 * process; CLI verbs that read open it read-only. Throws `db_wrong_key`, `db_encrypted`,
 * `db_damaged` or `db_too_new` (a TilshiError naming the file) instead of a raw SqliteError.
 *
 * @example
 *   const db = openDatabase('data/tilshi.db', { key: { raw: deskDatabaseKey(deskKey) } });
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const readonly = options.readonly ?? false;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let db: Db;
  try {
    db = new Database(path, { readonly, fileMustExist: readonly });
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CANTOPEN')
      throw new TilshiError('db_missing', `cannot open ${path}: ${(err as Error).message}`, 503);
    throw err;
  }
  try {
    if (options.key) applyKey(db, options.key);
    // The first read decrypts page 1: a wrong key or a file that is not a database shows here.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.pragma('busy_timeout = 5000');
    db.pragma('temp_store = MEMORY');
    checkSchemaKnown(db, path);
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
      db.pragma('foreign_keys = ON');
      db.pragma('cache_size = -65536');
      // What a deletion (an expired note) frees is overwritten, not left readable in free pages.
      db.pragma('secure_delete = ON');
      migrateToLatest(db);
    }
  } catch (err) {
    db.close();
    throw openError(err, path, options.key);
  }
  return db;
}

/**
 * A consistent copy of the open database in `target` (a new file), encrypted with the same key
 * as the source. Runs in one read transaction, so a node may keep writing meanwhile.
 */
export function snapshotInto(db: Db, target: string): void {
  db.prepare('VACUUM INTO ?').run(target);
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
