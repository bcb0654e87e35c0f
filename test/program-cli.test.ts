// `tilshi program show` on a desk folder: the public view of the inventory, counts below the
// threshold withheld, collectives' demands counted, no collective named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAudit } from '../src/desk/audit.js';
import { initDeskNode } from '../src/desk/desk-node.js';
import { openNode } from '../src/node/node.js';
import { createCollective } from '../src/organize/commands.js';
import { attachOrganize } from '../src/organize/context.js';
import { requireBuiltCli, tilshi } from './support/cli.js';
import { buildDeskCodedEvent, TEST_ADMIN_PASSWORD, TEST_PASSPHRASE, tempDir } from './support/node.js';

const unlock = { TILSHI_DESK_PASSPHRASE: TEST_PASSPHRASE };
const data = tempDir();

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
    const events = [1, 2, 3].map((i) =>
      buildDeskCodedEvent(node.deskKey!, { id: `evt-cli-${i}`, date: `2022-01-0${i}`, demands: ['wages'] }),
    );
    events.push(buildDeskCodedEvent(node.deskKey!, { id: 'evt-cli-4', demands: ['pensions'] }));
    expect((await node.ingest.submit(events)).every((a) => a.ok)).toBe(true);
    const org = attachOrganize(node, writeAudit);
    createCollective(
      org,
      { username: 'admin', role: 'admin' },
      { name: 'Secret Smelter', units: [], demands: [{ code: 'wages' }] },
    );
  } finally {
    await node.close();
  }
}, 60_000);
afterAll(() => data.remove());

describe('tilshi program show', () => {
  it('prints the public inventory as JSON with counts below 3 withheld', async () => {
    const res = await tilshi(['program', 'show', '--json', '--data', data.dir], unlock);
    expect(res.code).toBe(0);
    const view = JSON.parse(res.stdout);
    expect(view.threshold).toBe(3);
    expect(view.published).toBeNull();
    const wages = view.demands.find((d: { key: string }) => d.key === 'wages');
    expect(wages.support).toMatchObject({ events: 3, collectives: null });
    const pensions = view.demands.find((d: { key: string }) => d.key === 'pensions');
    expect(pensions.support).toMatchObject({ events: null, first_seen: null });
    expect(res.stdout).not.toContain('Secret Smelter');
  });

  it('prints text in the language asked, and refuses an unknown sub-verb', async () => {
    const res = await tilshi(['program', 'show', '--data', data.dir], unlock);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('no program published yet');
    expect(res.stdout).toMatch(/wages\s+economic\s+events\s+3\s+collectives\s+<3/);
    const bad = await tilshi(['program', 'frobnicate', '--data', data.dir], unlock);
    expect(bad.code).not.toBe(0);
  });
});
