import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tilshi } from '../../test/support/cli.js';
import { startTestNode, TEST_PASSPHRASE, type TestNode, tempDir } from '../../test/support/node.js';
import { Kind } from '../core/kinds.js';
import { openWrap } from '../crypto/seal.js';
import { initDeskNode, openDeskNode } from '../desk/desk-node.js';
import { loadConfig, saveConfig } from '../node/config.js';

const _BIN = fileURLToPath(new URL('../../bin/tilshi.js', import.meta.url));
/** A desk's store is encrypted: every verb that reads it needs the passphrase. */
const unlock = { TILSHI_DESK_PASSPHRASE: TEST_PASSPHRASE };

describe('tilshi report', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode();
  });
  afterAll(() => t.close());

  it('seals a report to the desk the node announces and delivers it', async () => {
    const res = await tilshi([
      'report',
      '--text',
      'Шахтёры Костенко не поднялись на смену',
      '--server',
      t.url,
      '--json',
    ]);
    expect(res.code).toBe(0);
    const { id } = JSON.parse(res.stdout) as { id: string };
    const opened = openWrap(t.node.log.get(id)!, t.deskKey!.secretKey);
    expect(JSON.parse(opened.rumor.content)).toEqual({
      text: 'Шахтёры Костенко не поднялись на смену',
      channel: 'cli',
    });
  });

  it('fails with exit 1 when the node cannot be reached, and 2 without --text', async () => {
    const down = await tilshi(['report', '--text', 'x', '--server', 'http://127.0.0.1:9']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('unreachable');
    expect((await tilshi(['report', '--server', t.url])).code).toBe(2);
  });
});

describe('tilshi import reports', () => {
  const tmp = tempDir('tilshi-import-');
  const file = join(tmp.dir, 'reports.jsonl');
  const data = join(tmp.dir, 'node');

  beforeAll(async () => {
    await initDeskNode({
      dataDir: data,
      desk: true,
      passphrase: TEST_PASSPHRASE,
      adminPassword: 'admin password x',
    });
    saveConfig(data, { ...loadConfig(data), pow_difficulty: 8 });
  });
  afterAll(() => tmp.remove());

  const lines = [
    {
      id: 'r-1',
      lang: 'ru',
      channel: 'web',
      received_at: '2022-01-04T09:00:00+06:00',
      text: 'Митинг в Алматы',
      gold: {},
    },
    { id: 'r-2', lang: 'kk', channel: 'sms', text: 'Ақтауда ереуіл' },
    { id: 'r-3', text: 'Strike at the Kostenko mine' },
  ];

  it('seals every line to the desk, keeps its time and channel, and a second import adds nothing', async () => {
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const first = await tilshi(['import', 'reports', file, '--data', data, '--json'], unlock);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ stored: 3, duplicates: 0 });
    const again = await tilshi(['import', 'reports', file, '--data', data, '--json'], unlock);
    expect(JSON.parse(again.stdout)).toEqual({ stored: 0, duplicates: 3 });

    const node = await openDeskNode({ dataDir: data, passphrase: TEST_PASSPHRASE, verifyThreads: 0 });
    try {
      const opened = node.log
        .query({ kinds: [Kind.GiftWrap] }, { as: 'node' })
        .map((w) => openWrap(w, node.deskKey!.secretKey).rumor);
      const byId = new Map(opened.map((r) => [JSON.parse(r.content).hints.source_id as string, r]));
      expect(byId.size).toBe(3);
      expect(JSON.parse(byId.get('r-1')!.content)).toMatchObject({
        text: 'Митинг в Алматы',
        channel: 'web',
        lang: 'ru',
      });
      expect(byId.get('r-1')!.created_at).toBe(Date.parse('2022-01-04T09:00:00+06:00') / 1000);
      expect(JSON.parse(byId.get('r-3')!.content).channel).toBe('import');
      expect(new Set(opened.map((r) => r.pubkey)).size).toBe(3); // a reporter key each
    } finally {
      await node.close();
    }
  });

  it('refuses a file with a bad line as a whole, naming the line', async () => {
    const bad = join(tmp.dir, 'bad.jsonl');
    writeFileSync(
      bad,
      `${JSON.stringify({ id: 'ok-1', text: 'fine' })}\n${JSON.stringify({ id: 'no-text' })}\n`,
    );
    const res = await tilshi(['import', 'reports', bad, '--data', data], unlock);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/line 2: text/);
    expect(res.stderr).toContain('invalid_line');
    const node = await openDeskNode({ dataDir: data, passphrase: TEST_PASSPHRASE, readonly: true });
    expect(node.log.count()).toBe(3);
    await node.close();
  });
});
