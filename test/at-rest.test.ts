import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskDatabaseKey } from '../src/crypto/db-key.js';
import { generateKeyPair, type KeyPair } from '../src/crypto/keys.js';
import { initDeskNode, openDeskNode } from '../src/desk/desk-node.js';
import { listInbox } from '../src/desk/inbox.js';
import { dataPaths, loadConfig, saveConfig } from '../src/node/config.js';
import { applyKey, databaseFileState } from '../src/store/db.js';
import { requireBuiltCli, tilshi } from './support/cli.js';
import {
  buildWrap,
  deskHeaders,
  postJson,
  startTestNode,
  TEST_PASSPHRASE,
  type TestNode,
  tempDir,
} from './support/node.js';

const MARKER = 'SEIZED-LAPTOP-MARKER-51d3';

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );
}

/** The files under `dir` in which any of `needles` occurs (as UTF-8 bytes). */
function filesHolding(dir: string, needles: string[]): string[] {
  return filesUnder(dir).filter((f) => {
    const bytes = readFileSync(f);
    return needles.some((n) => bytes.includes(Buffer.from(n, 'utf8')));
  });
}

const reports = (desk: string, n: number) =>
  Array.from({ length: n }, (_, i) => buildWrap(desk, { text: `${MARKER} strike at shaft ${i}` }));

describe('a seized desk data folder reveals nothing', () => {
  let desk: TestNode;
  let relay: TestNode;
  const ids: string[] = [];
  beforeAll(async () => {
    desk = await startTestNode();
    relay = await startTestNode({ role: 'relay', deskPubkey: desk.node.deskPubkey! });
    const wraps = reports(desk.node.deskPubkey!, 5);
    ids.push(...wraps.map((w) => w.id));
    for (const t of [desk, relay]) {
      const res = await postJson(`${t.url}/api/v1/events`, wraps);
      expect(res.body.accepted).toHaveLength(5);
    }
    await desk.node.desk!.settled();
  });
  afterAll(async () => {
    await desk?.close();
    await relay?.close();
  });

  it('the desk shows the reports through its API, yet no file under its folder holds their text or even the wrap ids', async () => {
    const inbox = await fetch(`${desk.url}/api/v1/desk/inbox?status=all`, {
      headers: await deskHeaders(desk),
    });
    const texts = ((await inbox.json()) as { reports: { text: string }[] }).reports.map((r) => r.text);
    expect(texts.filter((t) => t.includes(MARKER))).toHaveLength(5);

    // While it runs (the WAL holds the latest pages), then after a checkpoint.
    const files = filesUnder(desk.dataDir).map((f) => f.slice(desk.dataDir.length + 1));
    expect(files).toEqual(expect.arrayContaining(['tilshi.db', 'tilshi.db-wal', 'config.json']));
    expect(filesHolding(desk.dataDir, [MARKER, ...ids])).toEqual([]);
    desk.node.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(filesHolding(desk.dataDir, [MARKER, ...ids])).toEqual([]);
    expect(desk.logs.join('')).not.toContain(MARKER);
  });

  it('control: the relay holds no report text either, but the search does find its (plain) wrap ids', () => {
    relay.node.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(filesHolding(relay.dataDir, [MARKER])).toEqual([]);
    expect(filesHolding(relay.dataDir, ids)).toEqual([dataPaths(relay.dataDir).database]);
    expect(relay.logs.join('')).not.toContain(MARKER);
  });

  it('the folder is 0700 and every file in it 0600', () => {
    for (const t of [desk, relay]) {
      expect(statSync(t.dataDir).mode & 0o777).toBe(0o700);
      for (const f of filesUnder(t.dataDir)) expect([f, statSync(f).mode & 0o777]).toEqual([f, 0o600]);
    }
  });
});

describe('without the passphrase a desk does not start or read', () => {
  const tmp = tempDir();
  beforeAll(async () => {
    requireBuiltCli();
    await initDeskNode({
      dataDir: tmp.dir,
      desk: true,
      passphrase: TEST_PASSPHRASE,
      adminPassword: 'x'.repeat(16),
    });
  });
  afterAll(() => tmp.remove());

  it.each([['serve', '--port', '0'], ['status'], ['inbox'], ['backup', '--out', 'never.tar']])(
    'tilshi %s exits 1 with a clear message',
    async (...args) => {
      const res = await tilshi([...args, '--data', tmp.dir], { TILSHI_DESK_PASSPHRASE: '' });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('TILSHI_DESK_PASSPHRASE');
      expect(res.stderr).toContain('(passphrase_required)');
      expect(res.stderr).not.toMatch(/\n\s+at /); // no stack
    },
  );

  it('openNode refuses too, and a wrong passphrase is told apart', async () => {
    await expect(openDeskNode({ dataDir: tmp.dir })).rejects.toMatchObject({ code: 'passphrase_required' });
    await expect(openDeskNode({ dataDir: tmp.dir, passphrase: 'not the passphrase' })).rejects.toMatchObject({
      code: 'bad_passphrase',
    });
  });
});

/** What a desk of the version before this one kept: the same store, unencrypted. */
function decryptInPlace(path: string, deskKey: KeyPair) {
  const db = new Database(path);
  applyKey(db, { raw: deskDatabaseKey(deskKey) });
  db.pragma('journal_mode = DELETE');
  db.pragma("rekey = ''");
  db.close();
}

describe('upgrading a desk whose store is plain', () => {
  it('encrypts it on the next start, says so, keeps every report, and leaves no plaintext', async () => {
    const tmp = tempDir();
    try {
      await initDeskNode({
        dataDir: tmp.dir,
        desk: true,
        passphrase: TEST_PASSPHRASE,
        adminPassword: 'x'.repeat(16),
      });
      saveConfig(tmp.dir, { ...loadConfig(tmp.dir), pow_difficulty: 8 });
      let node = await openDeskNode({ dataDir: tmp.dir, passphrase: TEST_PASSPHRASE, verifyThreads: 0 });
      const deskKey = node.deskKey!;
      expect((await node.ingest.submit(reports(deskKey.publicKey, 4))).every((r) => r.ok)).toBe(true);
      await node.desk!.settled(); // the inbox holds the opened reports: the plaintext at stake
      await node.close();
      const path = dataPaths(tmp.dir).database;
      decryptInPlace(path, deskKey);
      expect(databaseFileState(path)).toBe('plain');
      expect(filesHolding(tmp.dir, [MARKER])).toEqual([path]); // the finding: readable without the passphrase

      const notices: string[] = [];
      node = await openDeskNode({
        dataDir: tmp.dir,
        passphrase: TEST_PASSPHRASE,
        verifyThreads: 0,
        onNotice: (l) => notices.push(l),
      });
      try {
        expect(notices.join('\n')).toMatch(
          /Encrypted .*tilshi\.db; the plain file \(\d+ bytes\) was overwritten and removed/,
        );
        expect(databaseFileState(path)).toBe('encrypted');
        await node.desk!.settled();
        const inbox = listInbox(node.db, { status: 'all', limit: 50 });
        expect(inbox.reports.filter((r) => r.text.includes(MARKER))).toHaveLength(4);
        node.db.pragma('wal_checkpoint(TRUNCATE)');
        expect(filesHolding(tmp.dir, [MARKER])).toEqual([]);
        expect(filesUnder(tmp.dir).filter((f) => /plain-old|encrypting/.test(f))).toEqual([]);
      } finally {
        await node.close();
      }
    } finally {
      tmp.remove();
    }
  });
});

describe('a relay encrypts only when its operator asks', () => {
  it('with encrypt_database it needs TILSHI_DB_PASSPHRASE, and an existing plain store is encrypted', async () => {
    const tmp = tempDir();
    const desk = generateKeyPair();
    try {
      await initDeskNode({ dataDir: tmp.dir, deskPubkey: desk.publicKey });
      saveConfig(tmp.dir, { ...loadConfig(tmp.dir), pow_difficulty: 8 });
      let node = await openDeskNode({ dataDir: tmp.dir, verifyThreads: 0 });
      const wraps = reports(desk.publicKey, 2);
      await node.ingest.submit(wraps);
      await node.close();
      expect(filesHolding(tmp.dir, [wraps[0]!.id])).toHaveLength(1); // plain by default

      saveConfig(tmp.dir, { ...loadConfig(tmp.dir), encrypt_database: true });
      await expect(openDeskNode({ dataDir: tmp.dir })).rejects.toMatchObject({ code: 'passphrase_required' });
      const status = await tilshi(['status', '--data', tmp.dir], { TILSHI_DB_PASSPHRASE: '' });
      expect(status.code).toBe(1);
      expect(status.stderr).toContain('TILSHI_DB_PASSPHRASE');

      const notices: string[] = [];
      node = await openDeskNode({
        dataDir: tmp.dir,
        databasePassphrase: 'relay operator passphrase',
        verifyThreads: 0,
        onNotice: (l) => notices.push(l),
      });
      expect(node.log.count()).toBe(2);
      await node.close();
      expect(notices.join('\n')).toMatch(/Encrypted/);
      expect(
        filesHolding(
          tmp.dir,
          wraps.map((w) => w.id),
        ),
      ).toEqual([]);
      await expect(
        openDeskNode({ dataDir: tmp.dir, databasePassphrase: 'a wrong passphrase', readonly: true }),
      ).rejects.toMatchObject({ code: 'db_wrong_key' });
    } finally {
      tmp.remove();
    }
  });
});
