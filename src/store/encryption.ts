import { randomBytes } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fstatSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { TilshiError } from '../core/errors.js';
import { applyKey, type DatabaseKey, databaseFileState, openDatabase } from './db.js';

const CHUNK = 1024 * 1024;

/**
 * Overwrite a file with random bytes, fsync, then unlink it. On a journaling or copy-on-write
 * file system or an SSD, old blocks may survive elsewhere: this narrows what is left, the
 * encryption (and full-disk encryption) is what protects. Returns the bytes overwritten.
 */
export function shredFile(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let size = 0;
  try {
    size = fstatSync(fd).size;
    const noise = randomBytes(Math.min(CHUNK, Math.max(size, 1)));
    for (let at = 0; at < size; at += noise.length)
      writeSync(fd, noise, 0, Math.min(noise.length, size - at), at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  unlinkSync(path);
  return size;
}

/** fsync a file or folder by path (a rename is durable once its folder is). */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const sidecars = (path: string) => [`${path}-wal`, `${path}-shm`, `${path}-journal`];

/**
 * Finish or undo an encryption that a crash interrupted: the plain original is kept as
 * `.plain-old` only between two renames. Returns what it did, for the log.
 */
export function recoverInterruptedEncryption(path: string): string | undefined {
  const work = `${path}.encrypting`;
  const old = `${path}.plain-old`;
  for (const f of [work, ...sidecars(work)]) rmSync(f, { force: true });
  if (!existsSync(old)) return undefined;
  if (databaseFileState(path) === 'encrypted') {
    shredFile(old);
    return `overwrote and removed the plain copy ${old} left by an interrupted encryption`;
  }
  if (!existsSync(path)) {
    renameSync(old, path);
    return `put back ${path} from an interrupted encryption (it is encrypted again now)`;
  }
  throw new TilshiError(
    'db_damaged',
    `both ${path} and ${old} exist and ${path} is not encrypted: keep the one you trust as ${path} and remove the other`,
    503,
  );
}

/**
 * Encrypt a plain store in place of itself: an encrypted copy is made and checked beside it,
 * swapped in, and the plain file overwritten and removed. The node must not be running.
 * Returns the bytes of plain data destroyed.
 */
export function encryptDatabaseFile(path: string, key: DatabaseKey): number {
  const work = `${path}.encrypting`;
  const old = `${path}.plain-old`;
  for (const f of [work, ...sidecars(work)]) rmSync(f, { force: true });

  // Fold the WAL into the file (the WAL is emptied and removed), so the copy is the whole store.
  const plain = new Database(path);
  let events: number;
  try {
    plain.pragma('wal_checkpoint(TRUNCATE)');
    plain.pragma('journal_mode = DELETE');
    events = countEvents(plain);
  } finally {
    plain.close();
  }
  for (const f of sidecars(path)) shredFile(f);

  copyFileSync(path, work);
  const copy = new Database(work);
  try {
    // The rollback journal of a rekey holds the plain pages: keep it in memory, never on disk.
    copy.pragma('journal_mode = MEMORY');
    applyKey(copy, key, 'rekey');
  } finally {
    copy.close();
  }
  const check = openDatabase(work, { key, readonly: true });
  try {
    const rows = check.pragma('quick_check', { simple: true });
    if (rows !== 'ok' || countEvents(check) !== events)
      throw new TilshiError('encryption_failed', `the encrypted copy ${work} did not check out: ${rows}`);
  } finally {
    check.close();
  }
  fsyncPath(work);
  renameSync(path, old);
  renameSync(work, path);
  fsyncPath(dirname(path));
  return shredFile(old);
}

function countEvents(db: Database.Database): number {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get();
  return has ? (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n : 0;
}
