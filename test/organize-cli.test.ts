// `tilshi organize stats|export`, `reindex` and `wipe` on a desk folder holding a collective.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, writeAudit } from '../src/desk/audit.js';
import { initDeskNode } from '../src/desk/desk-node.js';
import { openNode } from '../src/node/node.js';
import { addAssessment, addPerson, createCollective } from '../src/organize/commands.js';
import { attachOrganize } from '../src/organize/context.js';
import { requireBuiltCli, tilshi } from './support/cli.js';
import { TEST_ADMIN_PASSWORD, TEST_PASSPHRASE, tempDir } from './support/node.js';

const MARKER = 'CLI-ORGANIZE-MARKER-93af';
const unlock = { TILSHI_DESK_PASSPHRASE: TEST_PASSPHRASE };
const data = tempDir();
let collective: string;

beforeAll(async () => {
  requireBuiltCli();
  await initDeskNode({
    dataDir: data.dir,
    desk: true,
    passphrase: TEST_PASSPHRASE,
    adminPassword: TEST_ADMIN_PASSWORD,
  });
  const node = await openNode({ dataDir: data.dir, passphrase: TEST_PASSPHRASE, verifyThreads: 0 });
  try {
    const org = attachOrganize(node, writeAudit);
    const admin = { username: 'admin', role: 'admin' as const };
    collective = createCollective(org, admin, {
      name: 'Smelter',
      admin1: 'Karaganda',
      units: [{ name: 'Furnace', size: 10 }],
    }).id;
    for (const [i, level] of [1, 2, 4].entries()) {
      const p = addPerson(org, admin, collective, {
        pseudonym: `${MARKER} person ${i}`,
        unit: 'Furnace',
        contact: `${MARKER} phone ${i}`,
      });
      addAssessment(org, admin, collective, { person: p.id, level });
    }
  } finally {
    await node.close();
  }
}, 60_000);
afterAll(() => data.remove());

describe('tilshi organize', () => {
  it('stats prints counts only', async () => {
    const res = await tilshi(['organize', 'stats', '--json', '--data', data.dir], unlock);
    expect(res.code).toBe(0);
    const stats = JSON.parse(res.stdout);
    expect(stats).toMatchObject({ collectives: 1, people: 3, assessed: 3, ones_and_twos: 2 });
    expect(stats.by_region).toEqual([
      { admin1: 'Karaganda', contact: 1, initiative_group: 0, committee: 0, union: 0 },
    ]);
    expect(res.stdout).not.toContain(MARKER);
  }, 120_000);

  it('export needs an admin password, leaves contacts out unless --contacts, and is audited', async () => {
    const args = ['organize', 'export', '--collective', collective, '--as', 'admin', '--data', data.dir];
    const wrong = await tilshi(args, { ...unlock, TILSHI_ADMIN_PASSWORD: 'not the password' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('bad_credentials');
    const plain = await tilshi(args, { ...unlock, TILSHI_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD });
    expect(plain.code).toBe(0);
    const out = JSON.parse(plain.stdout);
    expect(out.people).toHaveLength(3);
    expect(out.contacts_included).toBe(false);
    expect(plain.stdout).not.toContain('phone');
    const full = await tilshi([...args, '--contacts'], {
      ...unlock,
      TILSHI_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    });
    expect(
      JSON.parse(full.stdout)
        .people.map((p: { contact: string }) => p.contact)
        .sort(),
    ).toEqual([`${MARKER} phone 0`, `${MARKER} phone 1`, `${MARKER} phone 2`]);
    const node = await openNode({
      dataDir: data.dir,
      passphrase: TEST_PASSPHRASE,
      readonly: true,
      verifyThreads: 0,
    });
    try {
      const exports = listAudit(node.db, 100).filter((e) => e.action === 'collective.export');
      expect(exports.map((e) => e.details)).toEqual([
        { people: 3, contacts: true },
        { people: 3, contacts: false },
      ]);
    } finally {
      await node.close();
    }
  }, 120_000);

  it('reindex rebuilds the workspace, and wipe leaves no file holding it', async () => {
    const re = await tilshi(['reindex', '--data', data.dir], unlock);
    expect(re.code).toBe(0);
    const stats = await tilshi(['organize', 'stats', '--json', '--data', data.dir], unlock);
    expect(JSON.parse(stats.stdout)).toMatchObject({ collectives: 1, people: 3 });
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
      );
    expect(files(data.dir).filter((f) => readFileSync(f).includes(Buffer.from(MARKER)))).toEqual([]);
    const wiped = await tilshi(['wipe', '--yes', '--data', data.dir]);
    expect(wiped.code).toBe(0);
    expect(wiped.stdout).toContain('database');
    expect(existsSync(join(data.dir, 'tilshi.db'))).toBe(false);
    expect(existsSync(join(data.dir, 'desk.ncryptsec'))).toBe(false);
  }, 120_000);
});
