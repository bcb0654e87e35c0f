import { existsSync, lstatSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { shredFile } from '../store/encryption.js';
import { looksLikeBackup } from './backup.js';
import { dataPaths } from './config.js';

export interface WipeResult {
  /** What was destroyed, in the order it was: keys first, so the store is unreadable at once. */
  removed: { file: string; what: string; bytes: number }[];
  /** Files in the folder that are not the node's and were left alone. */
  kept: string[];
  folderRemoved: boolean;
  ms: number;
}

/** The node's files, most secret first: once the desk key is gone the store cannot be opened. */
const KNOWN: [string, string][] = [
  ['desk.ncryptsec', 'desk key'],
  ['demo-passphrase', 'demo passphrase'],
  ['node.key', 'node key'],
  ['intake.key', 'intake key (keyed hashes of senders)'],
  ['tilshi.db-wal', 'database write-ahead log'],
  ['tilshi.db-shm', 'database shared memory index'],
  ['tilshi.db-journal', 'database journal'],
  ['tilshi.db', 'database'],
  ['tilshi.db.encrypting', 'database (unfinished encrypted copy)'],
  ['tilshi.db.plain-old', 'database (plain copy of an interrupted upgrade)'],
  ['config.json', 'config (peers, SMS signing key)'],
];

/**
 * Destroy a node's keys and store: every file of the node in its data folder (keys, database
 * with WAL and SHM, backups kept in the folder, demo passphrase, config) is overwritten with
 * random bytes and unlinked. Files the node does not know are listed and left. The caller makes
 * sure no node serves the folder.
 *
 * @example
 *   const { removed } = wipeDataFolder('data');
 */
export function wipeDataFolder(dataDir: string): WipeResult {
  const started = performance.now();
  const paths = dataPaths(dataDir);
  const removed: WipeResult['removed'] = [];
  const kept: string[] = [];
  const shred = (path: string, what: string) => {
    if (!existsSync(path)) return;
    removed.push({ file: path, what, bytes: shredFile(path) });
  };
  if (!existsSync(paths.dir)) return { removed, kept, folderRemoved: false, ms: 0 };

  for (const [name, what] of KNOWN) shred(join(paths.dir, name), what);
  if (existsSync(paths.backups)) {
    for (const name of readdirSync(paths.backups)) {
      const path = join(paths.backups, name);
      if (lstatSync(path).isFile()) shred(path, 'backup');
      else kept.push(path);
    }
    if (readdirSync(paths.backups).length === 0) rmdirSync(paths.backups);
  }
  // The lock of the wipe itself (or one a crash left): no secret in it, not worth a line.
  rmSync(join(paths.dir, 'serve.lock'), { force: true });
  for (const name of readdirSync(paths.dir)) {
    const path = join(paths.dir, name);
    const st = lstatSync(path);
    if (st.isDirectory() && name.startsWith('.restore-')) {
      for (const f of readdirSync(path)) shred(join(path, f), 'unfinished restore');
      rmSync(path, { recursive: true, force: true });
    } else if (st.isFile() && looksLikeBackup(path)) shred(path, 'backup');
    else kept.push(path);
  }
  let folderRemoved = false;
  if (readdirSync(paths.dir).length === 0) {
    rmdirSync(paths.dir);
    folderRemoved = true;
  }
  return { removed, kept, folderRemoved, ms: performance.now() - started };
}
