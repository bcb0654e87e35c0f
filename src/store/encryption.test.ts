import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/node.js';
import { type DatabaseKey, databaseFileState, openDatabase, snapshotInto } from './db.js';
import { encryptDatabaseFile, recoverInterruptedEncryption, shredFile } from './encryption.js';

const MARKER = 'AT-REST-MARKER-7c1e Забастовка';
const key: DatabaseKey = { raw: new Uint8Array(randomBytes(32)) };

/** A store with `n` events whose id carries the marker, as the node's schema holds them. */
function fill(path: string, options: { key?: DatabaseKey; n?: number } = {}) {
  const db = openDatabase(path, options.key ? { key: options.key } : {});
  const insert = db.prepare(
    "INSERT INTO events (id, pubkey, created_at, kind, received_at, raw) VALUES (?, 'p', 1, 1059, 1, ?)",
  );
  for (let i = 0; i < (options.n ?? 50); i++) insert.run(`id-${i}`, `${MARKER} ${i}`);
  return db;
}

function holdsMarker(...files: string[]): boolean {
  return files.filter(existsSync).some((f) => readFileSync(f).includes(Buffer.from(MARKER.slice(0, 14))));
}

describe('an encrypted store', () => {
  let tmp: ReturnType<typeof tempDir>;
  let path: string;
  beforeEach(() => {
    tmp = tempDir();
    path = join(tmp.dir, 'tilshi.db');
  });
  afterEach(() => tmp.remove());

  it('keeps no plaintext in the file or its WAL, and opens again only with its key', () => {
    const db = fill(path, { key });
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(holdsMarker(path, `${path}-wal`, `${path}-shm`)).toBe(false);
    db.close();
    expect(databaseFileState(path)).toBe('encrypted');

    const again = openDatabase(path, { key, readonly: true });
    expect((again.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(50);
    again.close();
    expect(() => openDatabase(path, { key: { raw: new Uint8Array(32) } })).toThrow(
      expect.objectContaining({ code: 'db_wrong_key' }),
    );
    expect(() => openDatabase(path)).toThrow(expect.objectContaining({ code: 'db_encrypted' }));
  });

  it('a plain store (control) does hold the marker: the search would find it', () => {
    fill(path).close();
    expect(databaseFileState(path)).toBe('plain');
    expect(holdsMarker(path)).toBe(true);
  });

  it('works with a passphrase key too (a relay that asked for encryption)', () => {
    const pass: DatabaseKey = { passphrase: "it's a relay passphrase" };
    fill(path, { key: pass, n: 3 }).close();
    expect(holdsMarker(path)).toBe(false);
    const db = openDatabase(path, { key: pass, readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(3);
    db.close();
    expect(() => openDatabase(path, { key: { passphrase: 'another one' } })).toThrow(
      expect.objectContaining({ code: 'db_wrong_key' }),
    );
  });

  it('snapshots into a consistent copy encrypted with the same key', () => {
    const db = fill(path, { key });
    const copy = join(tmp.dir, 'copy.db');
    snapshotInto(db, copy);
    db.close();
    expect(holdsMarker(copy)).toBe(false);
    const opened = openDatabase(copy, { key, readonly: true });
    expect((opened.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(50);
    opened.close();
  });

  it('refuses a store written by a newer Tilshi (a migration it does not know)', () => {
    const db = fill(path, { key, n: 1 });
    db.prepare("INSERT INTO schema_migrations (id, name, applied_at) VALUES (999, 'future', 1)").run();
    db.close();
    expect(() => openDatabase(path, { key })).toThrow(expect.objectContaining({ code: 'db_too_new' }));
  });
});

describe('encrypting a plain store (the upgrade of an existing desk)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let path: string;
  beforeEach(() => {
    tmp = tempDir();
    path = join(tmp.dir, 'tilshi.db');
  });
  afterEach(() => tmp.remove());

  it('keeps every row, leaves no plaintext and no plain copy behind', () => {
    const db = fill(path, { n: 200 });
    db.prepare(
      "INSERT INTO events (id, pubkey, created_at, kind, received_at, raw) VALUES ('last', 'p', 1, 1, 1, ?)",
    ).run(MARKER);
    db.close();
    const destroyed = encryptDatabaseFile(path, key);
    expect(destroyed).toBeGreaterThan(0);
    expect(databaseFileState(path)).toBe('encrypted');
    const left = ['.encrypting', '.plain-old', '-wal', '-shm', '-journal'].filter((s) =>
      existsSync(path + s),
    );
    expect(left).toEqual([]);
    expect(holdsMarker(path)).toBe(false);
    const opened = openDatabase(path, { key });
    expect((opened.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(201);
    opened.close();
  });

  it('after a crash between the renames: shreds the plain copy, or puts it back', () => {
    fill(path, { key, n: 1 }).close();
    writeFileSync(`${path}.plain-old`, MARKER);
    expect(recoverInterruptedEncryption(path)).toMatch(/overwrote and removed/);
    expect(existsSync(`${path}.plain-old`)).toBe(false);

    const other = join(tmp.dir, 'other.db');
    fill(other, { n: 1 }).close();
    const orphan = `${other}.plain-old`;
    writeFileSync(orphan, readFileSync(other));
    shredFile(other);
    expect(recoverInterruptedEncryption(other)).toMatch(/put back/);
    expect(databaseFileState(other)).toBe('plain');
  });
});

describe('shredFile', () => {
  it('overwrites the bytes in place before unlinking (another link to the inode sees noise)', () => {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'secret');
      const witness = join(tmp.dir, 'witness');
      writeFileSync(file, MARKER.repeat(1000));
      linkSync(file, witness);
      expect(shredFile(file)).toBe(Buffer.byteLength(MARKER.repeat(1000)));
      expect(existsSync(file)).toBe(false);
      expect(readFileSync(witness).length).toBe(Buffer.byteLength(MARKER.repeat(1000)));
      expect(holdsMarker(witness)).toBe(false);
    } finally {
      tmp.remove();
    }
  });
});
