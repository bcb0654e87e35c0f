import { chmodSync, existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TilshiError } from '../core/errors.js';
import { deskDatabaseKey } from '../crypto/db-key.js';
import type { KeyPair } from '../crypto/keys.js';
import { type DatabaseKey, type Db, databaseFileState, openDatabase } from '../store/db.js';
import { encryptDatabaseFile, recoverInterruptedEncryption } from '../store/encryption.js';
import { checkPages } from '../store/integrity.js';
import { dataPaths, type NodeConfig } from './config.js';

/**
 * The key of this node's store: a desk's is derived from its desk key (always encrypted); a
 * relay's is the operator's database passphrase when `encrypt_database` is set, else none.
 */
export function storeKey(
  config: NodeConfig,
  deskKey: KeyPair | undefined,
  databasePassphrase: string | undefined,
): DatabaseKey | undefined {
  if (config.role === 'desk') {
    if (!deskKey) throw passphraseRequired(config);
    return { raw: deskDatabaseKey(deskKey) };
  }
  if (!config.encrypt_database) return undefined;
  if (!databasePassphrase) throw passphraseRequired(config);
  return { passphrase: databasePassphrase };
}

/** The one message for "this store needs a secret it was not given". */
export function passphraseRequired(config: Pick<NodeConfig, 'role'>): TilshiError {
  return config.role === 'desk'
    ? new TilshiError(
        'passphrase_required',
        'the desk database is encrypted with the desk key: set TILSHI_DESK_PASSPHRASE, or run on a terminal to be asked for the passphrase',
      )
    : new TilshiError(
        'passphrase_required',
        'this relay encrypts its database (encrypt_database in config.json): set TILSHI_DB_PASSPHRASE, or run on a terminal to be asked for it',
      );
}

/** Folder 0700, every file in it (and in `backups/`) 0600: only the node's user reads them. */
export function secureDataFolder(dir: string): void {
  const walk = (folder: string) => {
    chmodSync(folder, 0o700);
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      const st = lstatSync(path);
      if (st.isFile() && (st.mode & 0o077) !== 0) chmodSync(path, 0o600);
      else if (st.isDirectory() && name === 'backups') walk(path);
    }
  };
  walk(dir);
}

/** Backups kept in the data folder, newest first (what a damaged store's message points at). */
export function localBackups(dataDir: string): string[] {
  const dir = dataPaths(dataDir).backups;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.tar'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
}

/** What to do about a store that cannot be served. */
export function restoreAdvice(dataDir: string): string {
  const newest = localBackups(dataDir)[0];
  return newest
    ? `The node will not serve it. Restore the newest backup: tilshi restore ${newest} --data ${dataDir}`
    : `The node will not serve it. Restore your latest backup: tilshi restore FILE --data ${dataDir} (no backup in ${dataPaths(dataDir).backups})`;
}

const STORE_CODES = new Set(['db_missing', 'db_empty', 'db_damaged', 'db_wrong_key', 'db_too_new']);

export interface OpenStoreOptions {
  dataDir: string;
  config: NodeConfig;
  key: DatabaseKey | undefined;
  readonly: boolean;
  /** Run quick_check over every page (start-up of a writer); read-only verbs skip it. */
  checkPages: boolean;
  /** A plain store may be encrypted now (false while another process serves the folder). */
  mayMigrate: boolean;
  /** Lines for the operator (an upgrade encrypting the store). */
  notice: (line: string) => void;
}

/**
 * Open a node's store, refusing anything but a healthy one: missing or zero-length where the
 * node key and config exist, a wrong key, a schema from a newer Tilshi, damaged pages. Each
 * refusal is a TilshiError naming the file and the backup to restore. A plain store that should
 * be encrypted (an upgraded desk, a relay that asked) is encrypted first.
 */
export function openNodeStore(options: OpenStoreOptions): Db {
  const { dataDir, key } = options;
  const path = dataPaths(dataDir).database;
  try {
    if (options.mayMigrate) {
      const recovered = recoverInterruptedEncryption(path);
      if (recovered) options.notice(recovered);
    }
    const state = databaseFileState(path);
    if (state === 'missing')
      throw new TilshiError(
        'db_missing',
        `${path} is missing although this folder holds a node key and config.json`,
        503,
      );
    if (state === 'empty')
      throw new TilshiError(
        'db_empty',
        `${path} is empty (0 bytes) although this folder holds a node key and config.json`,
        503,
      );
    if (state === 'plain' && key) {
      if (!options.mayMigrate)
        throw new TilshiError(
          'node_running',
          `${path} is not encrypted yet: stop the node and start it with this version`,
        );
      options.notice(`Encrypting ${path} (an upgrade: the store was plain)…`);
      const bytes = encryptDatabaseFile(path, key);
      options.notice(
        `Encrypted ${path}; the plain file (${bytes} bytes) was overwritten and removed. Old backups made before this are still plain: destroy them.`,
      );
    }
    if (state === 'encrypted' && !key) throw passphraseRequired(options.config);
    const db = openDatabase(path, {
      readonly: options.readonly,
      durability: options.config.durability,
      ...(key ? { key } : {}),
    });
    if (options.checkPages) {
      try {
        checkPages(db, path);
      } catch (err) {
        db.close();
        throw err;
      }
    }
    return db;
  } catch (err) {
    if (err instanceof TilshiError && STORE_CODES.has(err.code)) {
      throw new TilshiError(err.code, `${err.message}. ${restoreAdvice(dataDir)}`, err.status, {
        file: path,
      });
    }
    throw err;
  }
}
