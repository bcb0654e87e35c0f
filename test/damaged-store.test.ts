import { randomBytes } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  cpSync,
  openSync,
  rmSync,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initDeskNode, openDeskNode } from '../src/desk/desk-node.js';
import { createBackup } from '../src/node/backup.js';
import { dataPaths, loadConfig, saveConfig } from '../src/node/config.js';
import { requireBuiltCli, tilshi } from './support/cli.js';
import { buildWrap, deskHeaders, startTestNode, TEST_PASSPHRASE, tempDir } from './support/node.js';

const PAGE = 4096;
const unlock = { TILSHI_DESK_PASSPHRASE: TEST_PASSPHRASE, TILSHI_LOG_LEVEL: 'warn' };

/** Overwrite whole pages of a file with random bytes. */
function overwritePages(path: string, pages: number[]) {
  const fd = openSync(path, 'r+');
  try {
    for (const p of pages) writeSync(fd, randomBytes(PAGE), 0, PAGE, p * PAGE);
  } finally {
    closeSync(fd);
  }
}

async function desk(dir: string, events: number) {
  await initDeskNode({
    dataDir: dir,
    desk: true,
    passphrase: TEST_PASSPHRASE,
    adminPassword: 'x'.repeat(16),
  });
  saveConfig(dir, { ...loadConfig(dir), pow_difficulty: 8 });
  const node = await openDeskNode({ dataDir: dir, passphrase: TEST_PASSPHRASE, verifyThreads: 0 });
  const wraps = Array.from({ length: events }, (_, i) =>
    buildWrap(node.deskPubkey!, { text: `report ${i}` }),
  );
  expect((await node.ingest.submit(wraps)).every((r) => r.ok)).toBe(true);
  return node;
}

describe('a damaged store is never served', () => {
  const pristine = tempDir();
  const other = tempDir();
  const cases: { dir: string; remove: () => void }[] = [];
  let backup: string;

  beforeAll(async () => {
    requireBuiltCli();
    const node = await desk(pristine.dir, 40);
    backup = join(dataPaths(pristine.dir).backups, 'tilshi-desk-before.tar');
    createBackup(node, backup);
    await node.close();
    await (await desk(other.dir, 1)).close();
  });
  afterAll(() => {
    for (const t of [pristine, other, ...cases]) t.remove();
  });

  /** A copy of the healthy desk folder, damaged by `damage`, then started. */
  async function startDamaged(damage: (db: string) => void) {
    const t = tempDir();
    cases.push(t);
    cpSync(pristine.dir, t.dir, { recursive: true });
    const db = dataPaths(t.dir).database;
    damage(db);
    const res = await tilshi(['serve', '--port', '0', '--data', t.dir], unlock);
    return { ...res, db, backup: join(dataPaths(t.dir).backups, 'tilshi-desk-before.tar') };
  }

  it.each([
    [
      'random pages overwritten',
      'db_damaged',
      (db: string) => {
        const pages = statSync(db).size / PAGE;
        overwritePages(db, [2, 3, Math.floor(pages / 2), pages - 2]);
      },
    ],
    ['a truncated file', 'db_damaged', (db: string) => truncateSync(db, Math.floor(statSync(db).size / 2))],
    ['a zero-length file', 'db_empty', (db: string) => truncateSync(db, 0)],
    ['a missing file', 'db_missing', (db: string) => rmSync(db)],
    [
      'the store of another desk (wrong key)',
      'db_wrong_key',
      (db: string) => copyFileSync(dataPaths(other.dir).database, db),
    ],
  ] as const)('%s: refused with %s, naming the file and the backup', async (_what, code, damage) => {
    const res = await startDamaged(damage);
    expect(res.code).toBe(1);
    expect(res.stdout).not.toContain('listening');
    expect(res.stderr).toContain(`(${code})`);
    expect(res.stderr).toContain(res.db);
    expect(res.stderr).toContain(`tilshi restore ${res.backup}`);
    expect(res.stderr).not.toContain('SqliteError');
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('a store written by a newer Tilshi: refused with db_too_new', async () => {
    const t = tempDir();
    cases.push(t);
    cpSync(pristine.dir, t.dir, { recursive: true });
    const node = await openDeskNode({ dataDir: t.dir, passphrase: TEST_PASSPHRASE, verifyThreads: 0 });
    node.db.prepare("INSERT INTO schema_migrations (id, name, applied_at) VALUES (9999, 'future', 1)").run();
    await node.close();
    const res = await tilshi(['status', '--data', t.dir], unlock);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('(db_too_new)');
    expect(res.stderr).toContain('9999');
  });
});

describe('damage found while serving', () => {
  it('answers 503 db_damaged and logs what to do', async () => {
    const t = await startTestNode();
    try {
      const headers = await deskHeaders(t);
      const wraps = Array.from({ length: 30 }, (_, i) => buildWrap(t.node.deskPubkey!, { text: `r${i}` }));
      await t.node.ingest.submit(wraps);
      await t.node.desk!.settled();
      t.node.db.pragma('wal_checkpoint(TRUNCATE)');
      const db = dataPaths(t.dataDir).database;
      const pages = statSync(db).size / PAGE;
      overwritePages(
        db,
        Array.from({ length: pages - 1 }, (_, i) => i + 1),
      ); // all but page 1
      t.node.db.pragma('shrink_memory'); // drop the page cache: the next reads go to the disk
      const res = await fetch(`${t.url}/api/v1/desk/inbox?status=all`, { headers });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('db_damaged');
      const log = t.logs.join('');
      expect(log).toContain('db_damaged');
      expect(log).toContain('tilshi restore');
    } finally {
      await t.close();
    }
  });
});
