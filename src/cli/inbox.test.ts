import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSPHRASE, tempDir } from '../../test/support/node.js';
import { initDeskNode } from '../desk/desk-node.js';
import { loadConfig, saveConfig } from '../node/config.js';

const BIN = fileURLToPath(new URL('../../bin/tilshi.js', import.meta.url));
const run = promisify(execFile);
const env = { ...process.env, TILSHI_DESK_PASSPHRASE: TEST_PASSPHRASE };

/** One event told three times in three languages, and one message that is not news. */
const REPORTS = [
  {
    id: 'a',
    lang: 'ru',
    channel: 'web',
    received_at: '2023-03-14T09:00:00+06:00',
    text: 'Сатпаев: шахтёры рудника объявили забастовку, требуют повысить зарплату. Около 400 человек.',
  },
  {
    id: 'b',
    lang: 'kk',
    channel: 'sms',
    received_at: '2023-03-14T10:30:00+06:00',
    text: 'Сәтбаев қаласында кеншілер ереуіл жариялады, жалақыны көтеруді талап етеді',
  },
  {
    id: 'c',
    lang: 'en',
    channel: 'web',
    received_at: '2023-03-14T12:00:00+06:00',
    text: 'Satpayev miners are on strike demanding higher wages, about 400 people',
  },
  {
    id: 'd',
    lang: 'en',
    channel: 'web',
    received_at: '2023-03-14T12:05:00+06:00',
    text: 'hello, is this thing working? test',
  },
];

describe('tilshi inbox (the real analysis behind the desk inbox)', () => {
  const tmp = tempDir('tilshi-inbox-');
  const data = join(tmp.dir, 'node');
  beforeAll(async () => {
    await initDeskNode({
      dataDir: data,
      desk: true,
      passphrase: TEST_PASSPHRASE,
      adminPassword: 'admin password x',
    });
    saveConfig(data, { ...loadConfig(data), pow_difficulty: 4 });
    writeFileSync(join(tmp.dir, 'r.jsonl'), REPORTS.map((r) => JSON.stringify(r)).join('\n'));
    await run(process.execPath, [BIN, 'import', 'reports', join(tmp.dir, 'r.jsonl'), '--data', data], {
      env,
    });
  });
  afterAll(() => tmp.remove());

  it('lists the decrypted reports newest first with suggested codes, one cluster across three languages, noise flagged', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'inbox', '--json', '--data', data], { env });
    const reports = JSON.parse(stdout) as {
      lang: string;
      text: string;
      cluster: string;
      cluster_sources: number;
      suggestion: { event_type: string | null; settlement: string | null; demands: string[]; noise: boolean };
    }[];
    expect(reports.map((r) => r.lang)).toEqual(['en', 'en', 'kk', 'ru']);
    const strike = reports.filter((r) => r.suggestion.event_type === 'labour_action');
    expect(strike).toHaveLength(3);
    expect(new Set(strike.map((r) => r.cluster)).size).toBe(1);
    expect(strike[0]!.cluster_sources).toBe(3);
    expect(
      strike.every((r) => r.suggestion.settlement === 'Satpayev' && r.suggestion.demands.includes('wages')),
    ).toBe(true);
    expect(reports.find((r) => r.text.startsWith('hello'))!.suggestion.noise).toBe(true);
  });

  it('needs the passphrase to open the reports', async () => {
    const res = await run(process.execPath, [BIN, 'inbox', '--data', data], {
      env: { ...process.env, TILSHI_DESK_PASSPHRASE: '' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((res as { code: number }).code).toBe(1);
    expect((res as { stderr: string }).stderr).toContain('passphrase_required');
    expect((res as { stderr: string }).stderr).toContain('TILSHI_DESK_PASSPHRASE');
  });
});
