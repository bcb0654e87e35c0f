import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tilshi } from '../../../test/support/cli.js';
import { TEST_PASSPHRASE, tempDir } from '../../../test/support/node.js';
import { latestCodingModel } from '../../desk/coding-model.js';
import { initDeskNode, openDeskNode } from '../../desk/desk-node.js';

const _BIN = fileURLToPath(new URL('../../../bin/tilshi.js', import.meta.url));

const lines = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('tilshi code', () => {
  const tmp = tempDir('tilshi-code-');
  const file = `${tmp.dir}/reports.jsonl`;

  beforeAll(() => {
    if (!existsSync(fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url)))) {
      throw new Error('dist/ is missing: run `npm run build` (npm test does) first');
    }
    const reports = [
      {
        id: 'r1',
        lang: 'ru',
        channel: 'web',
        received_at: '2023-03-10T09:00:00+05:00',
        text: 'Кульсары: сегодня рабочие Тенгизшевройла бастуют, требуют повышения зарплаты',
        gold: { ignored: true },
      },
      {
        id: 'r2',
        lang: 'en',
        channel: 'sms',
        received_at: '2023-03-10T11:00:00+05:00',
        text: 'kulsary tco workers on strike for higher pay',
      },
      { id: 'r3', text: 'test message please ignore' },
    ];
    writeFileSync(file, `${reports.map((r) => JSON.stringify(r)).join('\n')}\n`);
  });
  afterAll(() => tmp.remove());

  it('suggest prints one line per report with the suggestion of INTERFACES.md', async () => {
    const res = await tilshi(['code', 'suggest', '--jsonl', file]);
    expect(res.code).toBe(0);
    const out = lines(res.stdout);
    expect(out.map((o) => o.id)).toEqual(['r1', 'r2', 'r3']);
    const s = out[0]!.suggestion as Record<string, unknown>;
    // The fields of INTERFACES.md, and the extra ones it allows: confidences and fatalities.
    expect(Object.keys(s).sort()).toEqual(
      [
        'confidence',
        'fatalities',
        'event_type',
        'sub_event_type',
        'date',
        'settlement',
        'admin1',
        'enterprise',
        'actor_roles',
        'tactics',
        'demands',
        'state_responses',
        'size',
        'organization',
        'noise',
      ].sort(),
    );
    expect(s).toMatchObject({
      event_type: 'labour_action',
      settlement: 'Kulsary',
      date: '2023-03-10',
      noise: false,
    });
    expect(out[2]!.suggestion).toMatchObject({ noise: true, event_type: null });
    const confidence = s.confidence as Record<string, number>;
    for (const field of ['event_type', 'sub_event_type', 'settlement', 'date', 'demands', 'overall']) {
      expect(confidence[field], field).toBeGreaterThan(0);
      expect(confidence[field], field).toBeLessThanOrEqual(1);
    }
  });

  it('train stores the desk’s model, and needs the desk key', async () => {
    const desk = tempDir('tilshi-train-');
    const relay = tempDir('tilshi-train-relay-');
    try {
      await initDeskNode({ dataDir: relay.dir });
      const notDesk = await tilshi(['code', 'train', '--data', relay.dir]);
      expect(notDesk.code).toBe(1);
      expect(notDesk.stderr).toContain('not_a_desk');
      await initDeskNode({
        dataDir: desk.dir,
        desk: true,
        passphrase: TEST_PASSPHRASE,
        adminPassword: 'z'.repeat(16),
      });
      // The desk's store is encrypted with the desk key: without the passphrase it is not opened.
      const locked = await tilshi(['code', 'train', '--data', desk.dir]);
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain('passphrase_required');
      const res = await tilshi(['code', 'train', '--json', '--data', desk.dir], {
        TILSHI_DESK_PASSPHRASE: TEST_PASSPHRASE,
      });
      expect(res.code).toBe(0);
      const out = JSON.parse(res.stdout) as { version: string; decisions: number };
      expect(out.decisions).toBe(0);
      expect(out.version).toMatch(/^[0-9a-f]{32}$/);
      const node = await openDeskNode({ dataDir: desk.dir, passphrase: TEST_PASSPHRASE, verifyThreads: 0 });
      try {
        expect(latestCodingModel(node)?.version).toBe(out.version);
      } finally {
        await node.close();
      }
    } finally {
      desk.remove();
      relay.remove();
    }
  }, 60_000);

  it('cluster puts the two reports of one strike together and leaves noise out', async () => {
    const res = await tilshi(['code', 'cluster', '--jsonl', file]);
    expect(res.code).toBe(0);
    expect(lines(res.stdout)).toEqual([
      { id: 'r1', cluster: 'r1' },
      { id: 'r2', cluster: 'r1' },
      { id: 'r3', cluster: null },
    ]);
  });

  it('answers usage errors with 2 and bad input with 1, printing nothing on stdout', async () => {
    expect((await tilshi(['code', 'suggest'])).code).toBe(2);
    expect((await tilshi(['code', 'frobnicate', '--jsonl', file])).code).toBe(2);
    const bad = `${tmp.dir}/bad.jsonl`;
    writeFileSync(bad, '{"id":"ok","text":"бастуем"}\n{not json}\n');
    const res = await tilshi(['code', 'suggest', '--jsonl', bad]);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('line 2');
    expect((await tilshi(['code', 'suggest', '--jsonl', `${tmp.dir}/missing.jsonl`])).code).toBe(1);
  });
});
