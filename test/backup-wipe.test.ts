import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initDeskNode, openDeskNode } from '../src/desk/desk-node.js';
import { listInbox } from '../src/desk/inbox.js';
import { dataPaths, loadConfig, saveConfig } from '../src/node/config.js';
import { listTar } from '../src/node/tar.js';
import { requireBuiltCli, TILSHI_BIN, tilshi } from './support/cli.js';
import { buildWrap, postJson, TEST_PASSPHRASE, tempDir } from './support/node.js';

const MARKER = 'BACKUP-ROUNDTRIP-MARKER-9e2a';
const unlock = { TILSHI_DESK_PASSPHRASE: TEST_PASSPHRASE };

async function serve(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [TILSHI_BIN, 'serve', '--data', dataDir, '--port', '0'], {
    env: { ...process.env, ...unlock, TILSHI_LOG_LEVEL: 'warn' },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', () => reject(new Error(out)));
  });
  return { child, url };
}

async function storedIds(dataDir: string): Promise<Set<string>> {
  const node = await openDeskNode({ dataDir, passphrase: TEST_PASSPHRASE, readonly: true });
  try {
    return new Set((node.db.prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id));
  } finally {
    await node.close();
  }
}

describe('backup while serving, wipe, restore', () => {
  const data = tempDir('tilshi-desk-');
  const outside = tempDir('tilshi-usb-');
  const file = join(outside.dir, 'desk.tar');
  let deskPubkey: string;
  let before: Set<string>;

  beforeAll(async () => {
    requireBuiltCli();
    const init = await initDeskNode({
      dataDir: data.dir,
      desk: true,
      passphrase: TEST_PASSPHRASE,
      adminPassword: 'x'.repeat(16),
    });
    deskPubkey = init.deskPubkey!;
    saveConfig(data.dir, { ...loadConfig(data.dir), pow_difficulty: 8 });
  });
  afterAll(() => {
    data.remove();
    outside.remove();
  });

  it('backs up a consistent snapshot while the node serves and takes writes; restore and wipe refuse meanwhile', async () => {
    const { child, url } = await serve(data.dir);
    try {
      const first = Array.from({ length: 20 }, (_, i) => buildWrap(deskPubkey, { text: `${MARKER} ${i}` }));
      expect((await postJson(`${url}/api/v1/events`, first)).body.accepted).toHaveLength(20);
      // Writes go on during the backup: the snapshot holds a consistent prefix of them.
      let writing = true;
      const writer = (async () => {
        while (writing) await postJson(`${url}/api/v1/events`, [buildWrap(deskPubkey, { text: 'during' })]);
      })();
      const res = await tilshi(['backup', '--out', file, '--data', data.dir], unlock);
      const local = await tilshi(['backup', '--data', data.dir], unlock);
      writing = false;
      await writer;
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/Wrote .*desk\.tar/);
      expect(local.code).toBe(0);
      expect(readdirSync(dataPaths(data.dir).backups)).toHaveLength(1);
      expect(listTar(file, 16).map((e) => e.name)).toEqual([
        'tilshi-backup.json',
        'config.json',
        'node.key',
        'desk.ncryptsec',
        'tilshi.db',
      ]);
      expect(readFileSync(file).includes(Buffer.from(MARKER))).toBe(false);

      for (const verb of [
        ['restore', file, '--yes'],
        ['wipe', '--yes'],
      ]) {
        const refused = await tilshi([...verb, '--data', data.dir], unlock);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain('(node_running)');
      }
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    before = await storedIds(data.dir);
    expect(before.size).toBeGreaterThan(20);
  }, 120_000); // a node and six CLI runs, each unlocking the desk key (scrypt)

  it('wipe asks first, then destroys the keys, the database and the backups kept in the folder', async () => {
    const asked = await tilshi(['wipe', '--data', data.dir]);
    expect(asked.code).toBe(1);
    expect(asked.stderr).toContain('(confirmation_required)');
    expect(existsSync(dataPaths(data.dir).deskKey)).toBe(true);

    writeFileSync(join(data.dir, 'notes.txt'), 'not the node’s');
    const res = await tilshi(['wipe', '--yes', '--data', data.dir]);
    expect(res.code).toBe(0);
    for (const what of [
      'desk.ncryptsec  (desk key',
      'node.key',
      'tilshi.db  (database',
      'backups/tilshi-desk-',
    ])
      expect(res.stdout).toContain(what);
    expect(res.stdout).toContain('notes.txt');
    expect(readdirSync(data.dir)).toEqual(['notes.txt']);
    const seconds = Number(/in ([\d.]+) s/.exec(res.stdout)?.[1]);
    expect(seconds).toBeLessThan(10);
  });

  it('restore checks the backup first: the passphrase, every hash and page', async () => {
    const locked = await tilshi(['restore', file, '--data', data.dir], { TILSHI_DESK_PASSPHRASE: '' });
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('(passphrase_required)');
    const wrong = await tilshi(['restore', file, '--data', data.dir], {
      TILSHI_DESK_PASSPHRASE: 'wrong passphrase',
    });
    expect(wrong.stderr).toContain('(bad_passphrase)');

    const damaged = join(outside.dir, 'damaged.tar');
    const bytes = readFileSync(file);
    const db = listTar(file, 16).find((e) => e.name === 'tilshi.db')!;
    bytes[db.offset + Math.floor(db.size / 2)]! ^= 0xff;
    writeFileSync(damaged, bytes);
    const bad = await tilshi(['restore', damaged, '--data', data.dir], unlock);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('(bad_backup)');
    expect(readdirSync(data.dir)).toEqual(['notes.txt']); // nothing was put in place
  }, 60_000);

  it('restore brings back every event of the snapshot, readable with the passphrase', async () => {
    const manifest = JSON.parse(
      (await tilshi(['restore', file, '--json', '--data', data.dir], unlock)).stdout,
    ) as { events: number };
    const after = await storedIds(data.dir);
    expect(after.size).toBe(manifest.events);
    expect([...after].every((id) => before.has(id))).toBe(true);
    expect(after.size).toBeGreaterThanOrEqual(20);

    const node = await openDeskNode({ dataDir: data.dir, passphrase: TEST_PASSPHRASE, verifyThreads: 0 });
    try {
      await node.desk!.settled();
      const texts = listInbox(node.db, { status: 'all', limit: 200 }).reports.map((r) => r.text);
      expect(texts.filter((t) => t.startsWith(MARKER))).toHaveLength(20);
    } finally {
      await node.close();
    }
    const again = await tilshi(['restore', file, '--data', data.dir], unlock);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('(confirmation_required)');
  }, 60_000);
});
