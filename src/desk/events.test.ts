import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWrap, deskHeaders, postJson, startTestNode, type TestNode } from '../../test/support/node.js';
import { Kind } from '../core/kinds.js';
import { buildCodedEventContent } from '../core/test-factories.js';
import { generateKeyPair } from '../crypto/keys.js';
import { currentVersions, publishEvent } from './events.js';
import type { InboxAnalyzer } from './inbox-projection.js';

/** A stand-in for the analysis that suggests full codes, so that drafts can be checked. */
const analyzer: InboxAnalyzer = {
  suggest: (r) => ({
    event_type: 'labour_action',
    sub_event_type: 'strike',
    date: '2022-01-03',
    settlement: 'Zhanaozen',
    admin1: 'Mangystau Region',
    enterprise: { name: 'Ozenmunaigas', sector: 'oil_gas' },
    actor_roles: ['workers'],
    tactics: r.text.includes('march') ? ['march'] : [],
    demands: ['wages'],
    state_responses: [],
    size: { low: r.text.includes('300') ? 300 : 100, high: null, text: 'x' },
    organization: 'spontaneous',
    noise: false,
  }),
  cluster: () => 'c-zh',
};

let t: TestNode;
let headers: Record<string, string>;
const desk = (path: string) =>
  fetch(`${t.url}${path}`, { headers: { cookie: headers.cookie! } }).then((r) => r.json() as Promise<any>);

beforeAll(async () => {
  t = await startTestNode({ analyzer });
  headers = await deskHeaders(t);
  for (const text of ['Ozenmunaigas strike, 300 workers', 'strike continues, march to akimat']) {
    await postJson(
      `${t.url}/api/v1/events`,
      buildWrap(t.node.deskPubkey!, { text, reporter: generateKeyPair() }),
    );
  }
  await t.node.desk!.settled();
});
afterAll(() => t.close());

describe('coding and publishing events', () => {
  it('drafts an event from a cluster, corroborated by two independent sources', async () => {
    const draft = await desk('/api/v1/desk/clusters/c-zh/draft');
    expect(draft.sources).toBe(2);
    expect(draft.content).toMatchObject({
      event_type: 'labour_action',
      sub_event_type: 'strike',
      date: '2022-01-03',
      location: { settlement: 'Zhanaozen', admin1: 'Mangystau Region' },
      demands: ['wages'],
      size: { low: 300 },
      verification: 'corroborated',
    });
    expect(draft.content.tactics).toEqual(['march']); // one of two reports is half: kept
    expect(draft.content.report_ids).toHaveLength(2);
  });

  it('publishes a corrected draft, signed by the desk, public, with the reports attached privately', async () => {
    const { content } = await desk('/api/v1/desk/clusters/c-zh/draft');
    content.location.lat = 43.34;
    content.location.lon = 52.86;
    const res = await postJson(`${t.url}/api/v1/desk/events`, { content, prev: [] }, headers);
    expect(res.status).toBe(201);
    const pub = (await (await fetch(`${t.url}/api/v1/events?kinds=30620&d=${content.id}`)).json()) as {
      events: any[];
    };
    expect(pub.events).toHaveLength(1);
    expect(pub.events[0].pubkey).toBe(t.node.deskPubkey);
    expect(JSON.parse(pub.events[0].content).report_ids).toBeUndefined();
    const attached = await desk('/api/v1/desk/inbox?status=attached');
    expect(attached.reports.map((r: any) => r.event_id)).toEqual([content.id, content.id]);
  });

  it('finds events by place in any script, date, type or id (to attach reports without typing an id)', async () => {
    const found = async (q: string) =>
      ((await desk(`/api/v1/desk/events?q=${encodeURIComponent(q)}`)).events as { id: string }[]).map(
        (e) => e.id,
      );
    const [id] = await found('Zhanaozen');
    expect(id).toMatch(/^evt-/);
    for (const q of ['жанаозен', 'Жаңаөзен 2022-01', 'strike', 'mangystau', id!.slice(0, 8), 'ozenmunai']) {
      expect(await found(q), q).toEqual([id]);
    }
    expect(await found('Актау')).toEqual([]);
    expect(await found('жанаозен 2023')).toEqual([]);
  });

  it('refuses to publish an unverified event unless told to, and invalid content with the field', async () => {
    const { content } = await desk('/api/v1/desk/clusters/c-zh/draft');
    const unverified = { ...content, verification: 'unverified' };
    const res = await postJson(`${t.url}/api/v1/desk/events`, { content: unverified }, headers);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('not_publishable');
    const bad = await postJson(
      `${t.url}/api/v1/desk/events`,
      { content: { ...content, sub_event_type: 'arrests' } },
      headers,
    );
    expect(bad.body.error.code).toBe('invalid_content');
    expect(bad.body.error.message).toContain('sub_event_type');
    const forced = await postJson(
      `${t.url}/api/v1/desk/events`,
      { content: unverified, publish_unverified: true },
      headers,
    );
    expect(forced.status).toBe(201);
  });

  it('answers a stale save with 409 and the current version, and takes a save that names it', async () => {
    const { content } = await desk('/api/v1/desk/clusters/c-zh/draft');
    const v1 = await postJson(`${t.url}/api/v1/desk/events`, { content, prev: [] }, headers);
    const a = await postJson(
      `${t.url}/api/v1/desk/events`,
      { content: { ...content, notes: 'editor A' }, prev: [v1.body.version] },
      headers,
    );
    expect(a.status).toBe(201);
    const b = await postJson(
      `${t.url}/api/v1/desk/events`,
      { content: { ...content, notes: 'editor B' }, prev: [v1.body.version] },
      headers,
    );
    expect(b.status).toBe(409);
    expect(b.body.error.code).toBe('stale_edit');
    // A "new" event under an id that exists is refused too: the desk never overwrites blindly
    // (the log itself takes an edit without prev as a NIP-01 replacement, for generic clients).
    const blind = await postJson(
      `${t.url}/api/v1/desk/events`,
      { content: { ...content, notes: 'editor C' }, prev: [] },
      headers,
    );
    expect(blind.status).toBe(409);
    expect(blind.body.error.code).toBe('stale_edit');
    expect(b.body.error.details.current).toEqual([
      expect.objectContaining({
        version: a.body.version,
        content: expect.objectContaining({ notes: 'editor A' }),
      }),
    ]);
    const merged = await postJson(
      `${t.url}/api/v1/desk/events`,
      { content: { ...content, notes: 'editor A; editor B' }, prev: [a.body.version] },
      headers,
    );
    expect(merged.status).toBe(201);
    const ev = await desk(`/api/v1/desk/events/${content.id}`);
    expect(ev.versions.map((v: any) => v.content.notes)).toEqual(['editor A; editor B']);
    expect(ev.conflict).toBe(false);
  });

  it('publishes news in any language, public as NIP-23 articles', async () => {
    const res = await postJson(
      `${t.url}/api/v1/desk/articles`,
      {
        input: {
          title: 'Ереуіл жалғасуда',
          type: 'news',
          lang: 'kk',
          markdown: 'Жаңаөзенде ереуіл жалғасуда.',
          events: [],
        },
        prev: [],
      },
      headers,
    );
    expect(res.status).toBe(201);
    const pub = (await (await fetch(`${t.url}/api/v1/events?kinds=30023`)).json()) as { events: any[] };
    expect(pub.events.map((e) => e.content)).toContain('Жаңаөзенде ереуіл жалғасуда.');
    expect((await desk('/api/v1/desk/articles')).articles[0]).toMatchObject({
      title: 'Ереуіл жалғасуда',
      lang: 'kk',
      type: 'news',
    });
  });
});

describe('the audit row of a published event', () => {
  it('is written in the transaction that stores the version: when it cannot be written, nothing is stored', async () => {
    const content = buildCodedEventContent({ id: 'audit-atomic', verification: 'verified' });
    t.node.db.exec(
      "CREATE TEMP TRIGGER audit_down BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit down'); END",
    );
    try {
      await expect(publishEvent(t.node, { content, actor: 'test' })).rejects.toThrow('audit down');
    } finally {
      t.node.db.exec('DROP TRIGGER audit_down');
    }
    expect(currentVersions(t.node, Kind.CodedEvent, 'audit-atomic')).toEqual([]);
    const v = await publishEvent(t.node, { content, actor: 'test' });
    expect(currentVersions(t.node, Kind.CodedEvent, 'audit-atomic').map((e) => e.id)).toEqual([v.version]);
    const rows = t.node.db.prepare("SELECT action FROM audit_log WHERE target = 'audit-atomic'").all() as {
      action: string;
    }[];
    expect(rows).toEqual([{ action: 'event.publish' }]);
  });
});
