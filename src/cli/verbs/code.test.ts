import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tilshi } from '../../../test/support/cli.js';
import { tempDir } from '../../../test/support/node.js';

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
    expect(Object.keys(s).sort()).toEqual(
      [
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
  });

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
