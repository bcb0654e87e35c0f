import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWrap, deskHeaders, postJson, startTestNode, type TestNode } from '../../test/support/node.js';
import { codename, normalizeCodename } from '../core/codename.js';
import { generateKeyPair } from '../crypto/keys.js';
import { InboxQuerySchema, listInbox } from './inbox.js';
import type { InboxAnalyzer } from './inbox-projection.js';

/** A stand-in for the analysis, so that this test is about the inbox: place from a word, cluster by place. */
const analyzer: InboxAnalyzer = {
  suggest: (r) => ({
    event_type: /strike|забастов/i.test(r.text) ? 'labour_action' : null,
    settlement: /zhanaozen|жанаозен/i.test(r.text) ? 'Zhanaozen' : null,
    noise: /buy now/i.test(r.text),
  }),
  cluster: (_db, r, s) => (s.settlement ? `c-${s.settlement}` : `c-${r.id.slice(0, 8)}`),
};

let t: TestNode;
let headers: Record<string, string>;
const reporterA = generateKeyPair();
const reporterB = generateKeyPair();

beforeAll(async () => {
  t = await startTestNode({ analyzer });
  headers = await deskHeaders(t);
  const desk = t.node.deskPubkey!;
  const wraps = [
    buildWrap(desk, { reporter: reporterA, text: 'Strike in Zhanaozen, oil workers stopped' }),
    buildWrap(desk, { reporter: reporterA, text: 'Жанаозен: забастовка продолжается' }),
    buildWrap(desk, { reporter: reporterB, text: 'Buy now cheap phones' }),
  ];
  for (const w of wraps) await postJson(`${t.url}/api/v1/events`, w);
  await t.node.desk!.settled();
});
afterAll(() => t.close());

const inbox = async (query = '') => {
  const res = await fetch(`${t.url}/api/v1/desk/inbox${query}`, { headers: { cookie: headers.cookie! } });
  return (await res.json()) as { reports: any[]; next: string | null; error?: { code: string } };
};

describe('the desk inbox', () => {
  it('opens every report sealed to the desk, with its suggestion, cluster and independent sources', async () => {
    const { reports } = await inbox('?status=all');
    expect(reports).toHaveLength(3);
    const zh = reports.filter((r) => r.cluster === 'c-Zhanaozen');
    expect(zh).toHaveLength(2);
    expect(zh[0].cluster_size).toBe(2);
    expect(zh[0].cluster_sources).toBe(1); // one reporter key: one source
    expect(zh.map((r) => r.suggestion.event_type)).toEqual(['labour_action', 'labour_action']);
    expect(reports.find((r) => r.text.startsWith('Buy now')).suggestion.noise).toBe(true);
  });

  it('filters by settlement and searches the text', async () => {
    expect((await inbox('?settlement=Zhanaozen')).reports).toHaveLength(2);
    // The place as typed in any script and case, as the gazetteer names it (Russian, Kazakh, Latin).
    for (const typed of ['Жанаозен', 'жанаозен', 'Жаңаөзен', 'zhanaozen', 'ZHANAOZEN']) {
      expect((await inbox(`?settlement=${encodeURIComponent(typed)}`)).reports, typed).toHaveLength(2);
    }
    // Another place, and a word that names none, find nothing.
    expect((await inbox(`?settlement=${encodeURIComponent('Актау')}`)).reports).toEqual([]);
    expect((await inbox('?settlement=nowhere')).reports).toEqual([]);
    const found = await inbox(`?q=${encodeURIComponent('забастовка')}`);
    expect(found.reports.map((r) => r.text)).toEqual(['Жанаозен: забастовка продолжается']);
    expect((await inbox('?q=%22%29%20OR%20*')).reports).toEqual([]); // query syntax is not injected
  });

  it('finds a reporter by the codename their phone shows, as typed or read out', async () => {
    const name = codename(reporterA.publicKey);
    const misread = name.toLowerCase().replaceAll('0', 'o').replaceAll('1', 'l');
    for (const typed of [name, misread, ` ${name.replace('-', '-')} `]) {
      const { reports } = await inbox(`?status=all&q=${encodeURIComponent(typed)}`);
      expect(
        reports.map((r) => r.codename),
        typed,
      ).toEqual([name, name]);
    }
    // A codename nobody has is searched as words, and finds nothing.
    const other = name === 'ZZZZ-ZZZZ' ? 'YYYY-YYYY' : 'ZZZZ-ZZZZ';
    expect((await inbox(`?status=all&q=${other}`)).reports).toEqual([]);
    expect(normalizeCodename('not-acodename')).toBeNull();
    expect(normalizeCodename('k7qm3xwd')).toBe('K7QM-3XWD');
  });

  it('finds clusters to merge into by a place in any script or by words of their reports', async () => {
    const clusters = async (query: string) => {
      const res = await fetch(`${t.url}/api/v1/desk/clusters${query}`, {
        headers: { cookie: headers.cookie! },
      });
      return ((await res.json()) as { clusters: Record<string, unknown>[] }).clusters;
    };
    expect(await clusters(`?settlement=${encodeURIComponent('жанаозен')}`)).toEqual([
      expect.objectContaining({ cluster: 'c-Zhanaozen', size: 2, sources: 1, settlement: 'Zhanaozen' }),
    ]);
    expect(await clusters('?settlement=Zhanaozen&exclude=c-Zhanaozen')).toEqual([]);
    const [phones] = await clusters('?q=phones');
    expect(phones?.sample).toBe('Buy now cheap phones');
    expect((await clusters('')).length).toBe(2);
    const bad = await fetch(`${t.url}/api/v1/desk/clusters?limit=9999`, {
      headers: { cookie: headers.cookie! },
    });
    expect(bad.status).toBe(400);
  });

  it('pages with a cursor', async () => {
    const first = await inbox('?status=all&limit=2');
    expect(first.reports).toHaveLength(2);
    const second = await inbox(`?status=all&limit=2&cursor=${first.next}`);
    expect(second.reports).toHaveLength(1);
    expect(second.next).toBeNull();
    expect(new Set([...first.reports, ...second.reports].map((r) => r.id)).size).toBe(3);
  });

  it('marks noise and attaches reports through desk records that survive a reindex', async () => {
    const { reports } = await inbox('?status=all');
    const spam = reports.find((r) => r.suggestion.noise);
    const zh = reports.filter((r) => r.cluster === 'c-Zhanaozen').map((r) => r.id);
    expect(
      (await postJson(`${t.url}/api/v1/desk/reports/status`, { ids: [spam.id], status: 'noise' }, headers))
        .status,
    ).toBe(200);
    expect(
      (
        await postJson(
          `${t.url}/api/v1/desk/reports/attach`,
          { ids: zh, event_id: 'evt-zhanaozen-1' },
          headers,
        )
      ).status,
    ).toBe(200);
    expect((await inbox()).reports).toEqual([]); // nothing new left
    expect((await inbox('?status=attached')).reports.map((r) => r.event_id)).toEqual([
      'evt-zhanaozen-1',
      'evt-zhanaozen-1',
    ]);

    const before = listInbox(t.node.db, InboxQuerySchema.parse({ status: 'all' }));
    t.node.projections.rebuildAll(t.node.log);
    await t.node.desk!.rebuild();
    expect(listInbox(t.node.db, InboxQuerySchema.parse({ status: 'all' }))).toEqual(before);

    const audit = (await (
      await fetch(`${t.url}/api/v1/desk/audit`, { headers: { cookie: headers.cookie! } })
    ).json()) as {
      entries: { action: string }[];
    };
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['report.mark_noise', 'report.attach']),
    );
  });

  it('answers a reporter and keeps the conversation', async () => {
    const { reports } = await inbox('?status=all');
    const report = reports.find((r) => r.reporter === reporterA.publicKey);
    const sent = await postJson(
      `${t.url}/api/v1/desk/replies`,
      { to: reporterA.publicKey, text: 'Сколько вас?', report_id: report.id },
      headers,
    );
    expect(sent.status).toBe(201);
    const conv = (await (
      await fetch(`${t.url}/api/v1/desk/reporters/${reporterA.publicKey}`, {
        headers: { cookie: headers.cookie! },
      })
    ).json()) as { reports: unknown[]; replies: { text: string; report_id: string }[] };
    expect(conv.reports).toHaveLength(2);
    expect(conv.replies).toEqual([expect.objectContaining({ text: 'Сколько вас?', report_id: report.id })]);
  });

  it('says in the desk status how far the queue is', async () => {
    await t.node.desk!.settled();
    const res = await fetch(`${t.url}/api/v1/desk/status`, { headers: { cookie: headers.cookie! } });
    const status = (await res.json()) as { inbox: Record<string, number> };
    expect(status.inbox).toMatchObject({ waiting: 0, unreadable: 0, unopened: 0 });
    expect(status.inbox.total).toBe(status.inbox.done);
    expect(status.inbox.done).toBeGreaterThanOrEqual(3);
  });

  it('refuses bad input with a code and changes nothing', async () => {
    const res = await postJson(
      `${t.url}/api/v1/desk/reports/status`,
      { ids: ['nope'], status: 'noise' },
      headers,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect((await inbox('?cursor=bogus')).error?.code).toBe('invalid_cursor');
  });
});
