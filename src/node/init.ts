import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { TilshiError } from '../core/errors.js';
import { deskDatabaseKey } from '../crypto/db-key.js';
import { encryptSecretKey, generateKeyPair, parsePublicKey, secretKeyHex } from '../crypto/keys.js';
import { type DatabaseKey, type Db, openDatabase } from '../store/db.js';
import { Projections } from '../store/projections.js';
import { dataPaths, defaultConfig, saveConfig } from './config.js';
import { PROJECTIONS } from './node.js';
import { secureDataFolder } from './open-store.js';

export interface InitOptions {
  dataDir: string;
  /** Make this node a desk: create the desk key and an admin account. */
  desk?: boolean;
  /** For a relay: the desk (hex or npub) it forwards reports to. */
  deskPubkey?: string;
  /** Passphrase for the desk key (required with `desk`). */
  passphrase?: string;
  /** Admin password; generated (and marked one-time) when absent. */
  adminPassword?: string;
  /** The demo: keep the passphrase in the data folder so `npm start` needs no typing. */
  demo?: boolean;
  /** A relay: encrypt its store with this passphrase (sets `encrypt_database`). */
  databasePassphrase?: string;
}

/**
 * The named port through which a desk's first account is made in the new store (src/desk gives
 * it: `initDeskNode`): answers the admin's name and password, generating one when none is given.
 */
export type CreateAdmin = (db: Db, password: string | undefined) => Promise<NonNullable<InitResult['admin']>>;

export interface InitResult {
  dataDir: string;
  role: 'relay' | 'desk';
  nodePubkey: string;
  deskPubkey: string | null;
  admin?: { username: string; password: string; generated: boolean };
}

/**
 * Create a data folder: node key, config, store; for a desk also the desk key (NIP-49
 * encrypted) and, through `createAdmin`, the admin account.
 *
 * @example
 *   await initNode({ dataDir: 'data', deskPubkey });
 */
export async function initNode(options: InitOptions, createAdmin?: CreateAdmin): Promise<InitResult> {
  const paths = dataPaths(options.dataDir);
  if (existsSync(paths.config)) {
    throw new TilshiError(
      'already_initialized',
      `${paths.dir} already holds a node; use another --data folder`,
      409,
    );
  }
  if (options.desk && options.deskPubkey) {
    throw new TilshiError(
      'usage',
      '--desk and --desk-pubkey exclude each other: a desk forwards to itself',
      400,
    );
  }
  if (options.desk && !options.passphrase) {
    throw new TilshiError(
      'passphrase_required',
      'a desk key needs a passphrase (TILSHI_DESK_PASSPHRASE or the prompt)',
    );
  }
  if (options.desk && !createAdmin) {
    throw new TilshiError('usage', 'a desk is made with its admin account: initDeskNode (src/desk)', 400);
  }
  const forwardTo = options.deskPubkey ? parsePublicKey(options.deskPubkey) : null;
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  chmodSync(paths.dir, 0o700);

  const nodeKey = generateKeyPair();
  let deskPubkey = forwardTo;
  let deskNcryptsec: string | undefined;
  // A desk's store is encrypted from its first page; a relay's only when the operator asks.
  let key: DatabaseKey | undefined = options.databasePassphrase
    ? { passphrase: options.databasePassphrase }
    : undefined;
  if (options.desk) {
    const deskKey = generateKeyPair();
    deskNcryptsec = encryptSecretKey(deskKey, options.passphrase!);
    deskPubkey = deskKey.publicKey;
    key = { raw: deskDatabaseKey(deskKey) };
  }

  // Keys first, config last: a folder without config.json is not a node and can be retried.
  writeFileSync(paths.nodeKey, `${secretKeyHex(nodeKey)}\n`, { mode: 0o600 });
  if (deskNcryptsec) writeFileSync(paths.deskKey, `${deskNcryptsec}\n`, { mode: 0o600 });
  if (options.demo && options.passphrase)
    writeFileSync(paths.demoPassphrase, options.passphrase, { mode: 0o600 });

  const result: InitResult = {
    dataDir: paths.dir,
    role: options.desk ? 'desk' : 'relay',
    nodePubkey: nodeKey.publicKey,
    deskPubkey,
  };
  const db = openDatabase(paths.database, key ? { key } : {});
  try {
    new Projections(db, PROJECTIONS).markProcessed(0);
    if (options.desk) result.admin = await createAdmin!(db, options.adminPassword);
  } finally {
    db.close();
  }
  saveConfig(paths.dir, {
    ...defaultConfig(result.role, deskPubkey),
    demo: !!options.demo,
    encrypt_database: result.role === 'desk' || !!options.databasePassphrase,
  });
  secureDataFolder(paths.dir);
  return result;
}
