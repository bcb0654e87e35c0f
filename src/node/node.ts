import { existsSync, readFileSync } from 'node:fs';
import { TilshiError } from '../core/errors.js';
import { decryptSecretKey, type KeyPair, keyPairFromHex } from '../crypto/keys.js';
import { VerifyPool } from '../crypto/verify-pool.js';
import type { DatabaseKey, Db } from '../store/db.js';

/** The store's handle and key types, for the layers above (which do not import the store). */
export type { DatabaseKey, Db } from '../store/db.js';

import { EventLog } from '../store/event-log.js';
import { codedEvents } from '../store/projections/coded-events.js';
import { kindCounts } from '../store/projections/kind-counts.js';
import { type ProgressFn, Projections } from '../store/projections.js';
import { dataPaths, loadConfig, type NodeConfig } from './config.js';
import { Ingest } from './ingest.js';
import { openNodeStore, passphraseRequired, secureDataFolder, storeKey } from './open-store.js';
import { servingPid } from './serve-lock.js';

const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  homepage?: string;
};

/** The version in package.json (two folders up from src/node and from dist/node alike). */
export const VERSION: string = PACKAGE.version;

/** The software's home page when package.json names one (NIP-11 `software`). */
export const HOMEPAGE: string | undefined = PACKAGE.homepage;

export interface OpenNodeOptions {
  dataDir: string;
  /**
   * Unlocks the desk key, from which the desk's encrypted store is keyed: a desk does not open
   * without it (`passphrase_required`). The demo folder's stored passphrase is used when absent.
   */
  passphrase?: string;
  /** A relay with `encrypt_database`: the store's passphrase (TILSHI_DB_PASSPHRASE). */
  databasePassphrase?: string;
  /** Signature worker threads (default: one per core). */
  verifyThreads?: number;
  /** Open the store read-only (CLI verbs that only look). */
  readonly?: boolean;
  onProgress?: ProgressFn;
  /** Lines for the operator while opening (an upgrade encrypting the store); default: none. */
  onNotice?: (line: string) => void;
}

/**
 * A running node: its config, keys, store and ingest pipeline. The desk's queue and coding
 * model are not the node's: src/desk/desk-node.ts adds them (`openDeskNode`), so that this
 * layer knows no feature.
 */
export interface TilshiNode {
  config: NodeConfig;
  dataDir: string;
  nodeKey: KeyPair;
  /** Present when this is a desk and its key is unlocked. */
  deskKey: KeyPair | undefined;
  deskPubkey: string | null;
  db: Db;
  /** The store's key (undefined: a plain relay store), for code that opens a second connection. */
  databaseKey: DatabaseKey | undefined;
  log: EventLog;
  projections: Projections;
  ingest: Ingest;
  pool: VerifyPool;
  close(): Promise<void>;
}

/** Every projection the node keeps. */
export const PROJECTIONS = [kindCounts, codedEvents];

/** The desk passphrase: given, else the demo folder's stored one. */
export function findPassphrase(dataDir: string, given: string | undefined): string | undefined {
  if (given) return given;
  const file = dataPaths(dataDir).demoPassphrase;
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/**
 * Open a node's data folder: read config and keys, open and migrate the store, bring the
 * projections up to date, start the signature workers.
 *
 * @example
 *   const node = await openNode({ dataDir: 'data', passphrase });
 */
export async function openNode(options: OpenNodeOptions): Promise<TilshiNode> {
  const paths = dataPaths(options.dataDir);
  const config = loadConfig(paths.dir);
  const nodeKey = keyPairFromHex(readFileSync(paths.nodeKey, 'utf8').trim());
  let deskKey: KeyPair | undefined;
  if (config.role === 'desk') {
    const passphrase = findPassphrase(paths.dir, options.passphrase);
    if (!passphrase) throw passphraseRequired(config);
    deskKey = decryptSecretKey(readFileSync(paths.deskKey, 'utf8'), passphrase);
    if (deskKey.publicKey !== config.desk_pubkey) {
      throw new TilshiError(
        'bad_config',
        'desk.ncryptsec does not hold the key of desk_pubkey in config.json',
      );
    }
  }
  const readonly = options.readonly ?? false;
  const databaseKey = storeKey(config, deskKey, options.databasePassphrase);
  if (!readonly) secureDataFolder(paths.dir);
  const db = openNodeStore({
    dataDir: paths.dir,
    config,
    key: databaseKey,
    readonly,
    checkPages: !readonly,
    mayMigrate: servingPid(paths.dir) === undefined,
    notice: options.onNotice ?? (() => {}),
  });
  // Again after opening: the store's files (and a migration's) were made just now.
  if (!readonly) secureDataFolder(paths.dir);
  const projections = new Projections(db, options.readonly ? [] : PROJECTIONS);
  const log = new EventLog(db, projections);
  if (!options.readonly) projections.catchUp(log, options.onProgress);
  const pool = new VerifyPool(options.readonly ? 0 : options.verifyThreads);
  const ingest = new Ingest(db, log, pool, () => ({
    deskPubkey: config.desk_pubkey,
    powDifficulty: config.pow_difficulty,
  }));
  const node: TilshiNode = {
    config,
    dataDir: paths.dir,
    nodeKey,
    deskKey,
    deskPubkey: config.desk_pubkey,
    db,
    databaseKey,
    log,
    projections,
    ingest,
    pool,
    async close() {
      await pool.close();
      db.close();
    },
  };
  return node;
}
