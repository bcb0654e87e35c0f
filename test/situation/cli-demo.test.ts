import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TAG, loadDemo } from '../../src/cli/demo.js';
import { parseArticle } from '../../src/core/content.js';
import { Kind } from '../../src/core/kinds.js';
import { buildCodedEvent } from '../../src/core/records.js';
import { buildCodedEventContent } from '../../src/core/test-factories.js';
import { signEvent } from '../../src/crypto/keys.js';
import { type DeskNode, initDeskNode, openDeskNode } from '../../src/desk/desk-node.js';
import { ACLED_COLUMNS } from '../../src/situation/acled.js';
import { parseCsv } from '../../src/situation/csv.js';
import { querySituation } from '../../src/situation/query.js';
import { tilshi } from '../support/cli.js';
import { TEST_PASSPHRASE, tempDir } from '../support/node.js';

const _BIN = fileURLToPath(new URL('../../bin/tilshi.js', import.meta.url));
const CORPUS = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));

const corpusLines = (name: string) =>
  readFileSync(join(CORPUS, name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { cluster: string; basis: string; sources?: string[] });

describe.skipIf(!existsSync(join(CORPUS, 'events.dev.jsonl')))('demo scenario and the CLI', () => {
  const tmp = tempDir('tilshi-demo-');
  let node: DeskNode;

  beforeAll(async () => {
    await initDeskNode({
      dataDir: tmp.dir,
      desk: true,
      passphrase: TEST_PASSPHRASE,
      demo: true,
      adminPassword: 'x'.repeat(16),
    });
    node = await openDeskNode({ dataDir: tmp.dir, verifyThreads: 0 });
  });
  afterAll(async () => {
    await node?.close();
    tmp.remove();
  });

  it('loads the documented events of January 2022 once, marked as demo data, with their sources', async () => {
    const first = await loadDemo(node, CORPUS);
    const documented = corpusLines('events.dev.jsonl').filter((e) => e.basis === 'documented');
    expect(first.status).toBe('loaded');
    const stored = node.log.query({ kinds: [Kind.CodedEvent], limit: 500 }, { as: 'public' });
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThanOrEqual(documented.length);
    for (const e of stored) {
      const content = JSON.parse(e.content);
      expect(e.tags).toContainEqual(['t', DEMO_TAG]);
      expect(content.notes).toMatch(/^DEMO DATA/);
      expect(content.date).toMatch(/^2022-01-/);
      const cluster = documented.find((d) => `demo-2022-${d.cluster.toLowerCase()}` === content.id);
      expect(cluster, content.id).toBeDefined();
      expect(content.sources.map((s: { url: string }) => s.url)).toEqual(cluster?.sources);
    }
    const situation = querySituation(node.db);
    expect(situation.map.length).toBeGreaterThan(0);
    expect(situation.map.every((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon))).toBe(true);
    const articles = node.log.query({ kinds: [Kind.Article], limit: 20 }, { as: 'public' }).map(parseArticle);
    const briefs = articles.filter((a) => a.type === 'brief');
    expect(briefs.map((b) => b.lang).sort()).toEqual(['en', 'kk', 'ru']);
    expect(briefs.every((b) => b.id.startsWith('demo-brief-'))).toBe(true);
    expect(first.status === 'loaded' && first.briefs).toBe('published');
    // The two starter materials, in three languages each (docs/materials.md).
    const materials = articles.filter((a) => a.type === 'material');
    expect(materials.map((m) => m.lang).sort()).toEqual(['en', 'en', 'kk', 'kk', 'ru', 'ru']);
    expect(articles).toHaveLength(9);
    expect(articles.every((b) => b.title.startsWith('Demo') || b.title.startsWith('Демо'))).toBe(true);
    expect(articles.every((b) => b.topics.includes(DEMO_TAG))).toBe(true);

    expect((await loadDemo(node, CORPUS)).status).toBe('already_loaded');
    expect((await loadDemo(node, join(tmp.dir, 'nowhere'))).status).toBe('absent');
    await node.close();
  });

  it('publishes no demo brief over days that hold real events too', async () => {
    const other = tempDir('tilshi-demo-real-');
    await initDeskNode({
      dataDir: other.dir,
      desk: true,
      passphrase: TEST_PASSPHRASE,
      adminPassword: 'x'.repeat(16),
    });
    const real = await openDeskNode({ dataDir: other.dir, passphrase: TEST_PASSPHRASE, verifyThreads: 0 });
    try {
      const desk = real.deskKey!;
      const [answer] = await real.ingest.submit([
        signEvent(
          buildCodedEvent(buildCodedEventContent({ id: 'real-2022-01-05', date: '2022-01-05' }), {
            pubkey: desk.publicKey,
            createdAt: Math.floor(Date.now() / 1000),
          }),
          desk,
        ),
      ]);
      expect(answer?.ok).toBe(true);
      const result = await loadDemo(real, CORPUS);
      expect(result.status === 'loaded' && result.briefs).toBe('skipped_real_data');
      // The starter materials are published (they hold no figures); no brief is.
      const articles = real.log
        .query({ kinds: [Kind.Article], limit: 20 }, { as: 'public' })
        .map(parseArticle);
      expect(articles.filter((a) => a.type === 'brief')).toEqual([]);
      expect(articles.every((a) => a.type === 'material')).toBe(true);
    } finally {
      await real.close();
      other.remove();
    }
  });

  // A dozen CLI runs, each unlocking the desk key (scrypt, ~1 s on this machine) to open the store.
  it('tilshi brief, export and import acled work on the data folder', async () => {
    const brief = await tilshi([
      'brief',
      '--from',
      '2022-01-02',
      '--to',
      '2022-01-08',
      '--lang',
      'ru',
      '--json',
      '--data',
      tmp.dir,
    ]);
    expect(brief.code).toBe(0);
    const parsed = JSON.parse(brief.stdout);
    expect(parsed.facts.scale.events).toBeGreaterThan(0);
    expect(parsed.text).toContain('Зафиксировано');
    const text = await tilshi(['brief', '--hours', '48', '--lang', 'kk', '--data', tmp.dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Кезең: соңғы 48 сағат');
    expect((await tilshi(['brief', '--lang', 'de', '--data', tmp.dir])).code).toBe(2);
    expect((await tilshi(['export', 'kml', '--data', tmp.dir])).code).toBe(2);

    const csv = await tilshi(['export', 'acled-csv', '--data', tmp.dir]);
    expect(csv.code).toBe(0);
    const rows = parseCsv(csv.stdout);
    expect(rows[0]?.slice(0, ACLED_COLUMNS.length)).toEqual([...ACLED_COLUMNS]);
    const geo = await tilshi(['export', 'geojson', '--since', '2022-01-05', '--data', tmp.dir]);
    expect(
      JSON.parse(geo.stdout).features.every(
        (f: { properties: { date: string } }) => f.properties.date >= '2022-01-05',
      ),
    ).toBe(true);
    const jsonl = await tilshi(['export', 'jsonl', '--data', tmp.dir]);
    expect(jsonl.stdout.trim().split('\n').length).toBe(rows.length - 1);

    // Into a fresh desk: the export comes back as the same events, signed by that desk.
    const other = tempDir('tilshi-acled-');
    try {
      await initDeskNode({
        dataDir: other.dir,
        desk: true,
        passphrase: TEST_PASSPHRASE,
        adminPassword: 'y'.repeat(16),
      });
      const file = join(other.dir, 'events.csv');
      writeFileSync(file, csv.stdout);
      const locked = await tilshi(['import', 'acled', file, '--data', other.dir]);
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain('passphrase_required');
      const imported = await tilshi(['import', 'acled', file, '--json', '--data', other.dir], {
        TILSHI_DESK_PASSPHRASE: TEST_PASSPHRASE,
      });
      expect(imported.code).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ stored: rows.length - 1, skipped: [] });
      // A desk's store opens only with its key (it is encrypted at rest).
      const again = await tilshi(['export', 'acled-csv', '--data', other.dir], {
        TILSHI_DESK_PASSPHRASE: TEST_PASSPHRASE,
      });
      expect(again.stderr).toBe('');
      expect(again.stdout).toBe(csv.stdout);

      const site = join(other.dir, 'site');
      const mirror = await tilshi(['export', 'site', '--out', site, '--data', tmp.dir]);
      expect(mirror.code).toBe(0);
      expect(existsSync(join(site, 'mirror.json'))).toBe(true);
      expect(existsSync(join(site, 'api/v1/situation.json'))).toBe(true);
    } finally {
      other.remove();
    }
  }, 120_000);
});
