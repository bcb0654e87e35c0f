import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { TilshiError } from '../core/errors.js';
import { HEX64, Hex64Schema } from '../core/zod-util.js';
import type { DatabaseKey } from '../store/db.js';
import { openDatabase, snapshotInto } from '../store/db.js';
import { fsyncPath } from '../store/encryption.js';
import { logExtent } from '../store/event-log.js';
import { checkPages } from '../store/integrity.js';
import { appliedMigrations } from '../store/migrations/index.js';
import { dataPaths, NodeConfigSchema } from './config.js';
import { type TilshiNode, VERSION } from './node.js';
import { extractTarEntry, listTar, readTarEntry, type TarEntry, writeTar } from './tar.js';

/** The first entry of every backup: what it holds, to check before anything is replaced. */
export const MANIFEST = 'tilshi-backup.json';

/** The data folder's files a backup carries (besides the manifest), in archive order. */
const FOLDER_FILES = ['config.json', 'node.key', 'desk.ncryptsec', 'intake.key', 'demo-passphrase'] as const;
const DB_ENTRY = 'tilshi.db';

export const BackupManifestSchema = z
  .object({
    format: z.literal('tilshi-backup'),
    version: z.literal(1),
    created_at: z.string().max(40),
    tilshi: z.string().max(40),
    role: z.enum(['relay', 'desk']),
    node_pubkey: Hex64Schema,
    desk_pubkey: z.string().regex(HEX64, 'must be 64 lowercase hex characters').nullable(),
    /** How `tilshi.db` is encrypted: with the key derived from the desk key, a relay's passphrase, or not. */
    encryption: z.enum(['desk-key', 'passphrase', 'none']),
    events: z.number().int().min(0),
    last_seq: z.number().int().min(0),
    migrations: z.array(z.number().int()).max(10_000),
    /** sha256 (hex) of every other entry. */
    files: z.record(z.string().max(99), Hex64Schema),
  })
  .strict();

export type BackupManifest = z.infer<typeof BackupManifestSchema>;

function sha256File(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1024 * 1024);
  try {
    let at = 0;
    for (let n = readSync(fd, buf, 0, buf.length, at); n > 0; n = readSync(fd, buf, 0, buf.length, at)) {
      hash.update(buf.subarray(0, n));
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

function storeFacts(path: string, key: DatabaseKey | undefined) {
  const db = openDatabase(path, { readonly: true, ...(key ? { key } : {}) });
  try {
    checkPages(db, path);
    const { events, lastSeq } = logExtent(db);
    return { events, last_seq: lastSeq, migrations: appliedMigrations(db) };
  } finally {
    db.close();
  }
}

/** Where `tilshi backup` writes when no --out is given. */
export function defaultBackupPath(dataDir: string, role: string): string {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return join(dataPaths(dataDir).backups, `tilshi-${role}-${stamp}.tar`);
}

/**
 * Write a backup of a node to `out` (a new file): a consistent snapshot of the store made with
 * VACUUM INTO (the node may keep serving), encrypted exactly like the live store, beside the
 * folder's config and keys, and a manifest. The snapshot is checked before it is archived.
 *
 * @example
 *   const m = createBackup(node, 'backups/desk.tar'); // m.events
 */
export function createBackup(node: TilshiNode, out: string): BackupManifest {
  if (existsSync(out)) throw new TilshiError('exists', `${out} exists: choose another --out`);
  const paths = dataPaths(node.dataDir);
  mkdirSync(join(out, '..'), { recursive: true, mode: 0o700 });
  const partial = `${out}.partial`;
  const snapshot = `${out}.db-partial`;
  rmSync(partial, { force: true });
  rmSync(snapshot, { force: true });
  try {
    snapshotInto(node.db, snapshot);
    const facts = storeFacts(snapshot, node.databaseKey);
    const present = FOLDER_FILES.filter((f) => existsSync(join(paths.dir, f)));
    const files: Record<string, string> = {};
    for (const f of present) files[f] = sha256File(join(paths.dir, f));
    files[DB_ENTRY] = sha256File(snapshot);
    const manifest: BackupManifest = {
      format: 'tilshi-backup',
      version: 1,
      created_at: new Date().toISOString(),
      tilshi: VERSION,
      role: node.config.role,
      node_pubkey: node.nodeKey.publicKey,
      desk_pubkey: node.deskPubkey,
      encryption: node.config.role === 'desk' ? 'desk-key' : node.databaseKey ? 'passphrase' : 'none',
      ...facts,
      files,
    };
    writeTar(partial, [
      { name: MANIFEST, bytes: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
      ...present.map((f) => ({ name: f, path: join(paths.dir, f) })),
      { name: DB_ENTRY, path: snapshot },
    ]);
    renameSync(partial, out);
    fsyncPath(join(out, '..'));
    return manifest;
  } finally {
    rmSync(partial, { force: true });
    rmSync(snapshot, { force: true });
  }
}

/** A backup unpacked into a staging folder and checked, ready to be put in place. */
export interface StagedBackup {
  manifest: BackupManifest;
  dir: string;
  files: string[];
  discard(): void;
}

/** Whether a file starts like a Tilshi backup (a tar whose first entry is the manifest). */
export function looksLikeBackup(path: string): boolean {
  try {
    if (statSync(path).size < 1024) return false;
    const fd = openSync(path, 'r');
    try {
      const h = Buffer.alloc(MANIFEST.length + 1);
      readSync(fd, h, 0, h.length, 0);
      return h.toString('latin1') === `${MANIFEST}\0`;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/**
 * Read a backup and unpack it into a staging folder inside `dataDir`: only the known entries,
 * each matching its manifest hash. Nothing in the data folder is touched yet.
 */
export function stageBackup(file: string, dataDir: string): StagedBackup {
  const entries = listTar(file, 16);
  const first = entries[0];
  if (first?.name !== MANIFEST)
    throw new TilshiError('bad_backup', `${file} does not start with ${MANIFEST}`);
  const parsed = BackupManifestSchema.safeParse(
    (() => {
      try {
        return JSON.parse(readTarEntry(file, first, 64 * 1024).toString('utf8'));
      } catch {
        return undefined;
      }
    })(),
  );
  if (!parsed.success)
    throw new TilshiError('bad_backup', `${file}: the manifest is not one this Tilshi reads`);
  const manifest = parsed.data;
  const allowed = new Set<string>([...FOLDER_FILES, DB_ENTRY]);
  const byName = new Map<string, TarEntry>();
  for (const e of entries.slice(1)) {
    if (!allowed.has(e.name) || byName.has(e.name))
      throw new TilshiError('bad_backup', `${file} holds an unexpected entry ${e.name}`);
    byName.set(e.name, e);
  }
  const expected = Object.keys(manifest.files).sort();
  if (expected.join() !== [...byName.keys()].sort().join())
    throw new TilshiError('bad_backup', `${file}: its entries do not match its manifest`);
  for (const needed of [
    'config.json',
    'node.key',
    DB_ENTRY,
    ...(manifest.role === 'desk' ? ['desk.ncryptsec'] : []),
  ])
    if (!byName.has(needed)) throw new TilshiError('bad_backup', `${file} has no ${needed}`);

  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const dir = join(dataDir, `.restore-${randomBytes(6).toString('hex')}`);
  mkdirSync(dir, { mode: 0o700 });
  const discard = () => rmSync(dir, { recursive: true, force: true });
  try {
    for (const [name, entry] of byName) {
      const target = join(dir, name);
      extractTarEntry(file, entry, target);
      if (sha256File(target) !== manifest.files[name])
        throw new TilshiError('bad_backup', `${file}: ${name} does not match its hash (a damaged copy)`);
    }
    const config = NodeConfigSchema.safeParse(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')));
    if (!config.success || config.data.role !== manifest.role)
      throw new TilshiError('bad_backup', `${file}: its config.json is not valid`);
  } catch (err) {
    discard();
    throw err;
  }
  return { manifest, dir, files: [...byName.keys()], discard };
}

/**
 * Check a staged store with its key: every page (quick_check), a schema this Tilshi knows, and
 * the events the manifest counted. Throws `db_wrong_key` / `db_damaged` / `bad_backup`.
 */
export function checkStagedStore(staged: StagedBackup, key: DatabaseKey | undefined): void {
  const facts = storeFacts(join(staged.dir, DB_ENTRY), key);
  if (facts.events !== staged.manifest.events || facts.last_seq !== staged.manifest.last_seq)
    throw new TilshiError(
      'bad_backup',
      `the backup's store holds ${facts.events} events, its manifest says ${staged.manifest.events}`,
    );
}

/**
 * Put a checked backup in place of the data folder's node files. The old store's WAL and SHM go
 * first: a stale WAL beside a restored file would be replayed into it.
 */
export function installStaged(staged: StagedBackup, dataDir: string): void {
  const paths = dataPaths(dataDir);
  for (const f of [`${paths.database}-wal`, `${paths.database}-shm`, `${paths.database}-journal`])
    rmSync(f, { force: true });
  for (const f of FOLDER_FILES) if (!staged.files.includes(f)) rmSync(join(paths.dir, f), { force: true });
  // Config last: until it is in place the folder is not a node that `serve` would open.
  const order = [...staged.files.filter((f) => f !== 'config.json'), 'config.json'];
  for (const f of order) renameSync(join(staged.dir, f), join(paths.dir, f));
  fsyncPath(paths.dir);
  staged.discard();
}
