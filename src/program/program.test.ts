import { verifyEvent } from 'nostr-tools/pure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeskCodedEvent, deskHeaders, startTestNode, type TestNode } from '../../test/support/node.js';
import { deskAccount, type Headers, organizeClient } from '../../test/support/organize.js';
import { parseArticle, parseRecordContent } from '../core/content.js';
import { Kind } from '../core/kinds.js';
import { renderMarkdown } from '../core/markdown.js';
import { publicIdOf } from '../crypto/public-id.js';

// The program through its HTTP API on a real desk node: 30 coded events and 5 collectives
// aggregate to the expected support; public counts below 3 are withheld and the desk sees
// them; planks merge demands with their support, amendments are decided with a reason,
// statuses move in order with a concession as evidence; publishing gives a 30622 and 30023s
// that nostr-tools verifies and a NIP-23 reader renders. Compartments are enforced.

let t: TestNode;
let admin: Headers;
let editor: Headers;
let organizer: Headers;
let viewer: Headers;

const REGIONS = ['Mangystau', 'Atyrau', 'Almaty'];
const today = new Date().toISOString().slice(0, 10);
const day = (i: number) => `2022-01-${String(i).padStart(2, '0')}`;

async function call(headers: Headers | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${t.url}/api/v1${path}`, {
    method,
    headers: { ...(headers ?? {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
}

const event = (i: number, demands: string[], admin1: string, extra: Record<string, unknown> = {}) =>
  buildDeskCodedEvent(t.deskKey!, {
    id: `evt-prog-${i}`,
    date: day(Math.min(i, 28)),
    demands: demands as never,
    location: { settlement: null, admin1, country: 'Kazakhstan', lat: 43, lon: 52, geo_precision: 2 },
    ...extra,
  });

beforeAll(async () => {
  t = await startTestNode();
  admin = await deskHeaders(t);
  editor = await deskAccount(t, 'gulnar', 'editor');
  organizer = await deskAccount(t, 'dana', 'organizer');
  viewer = await deskAccount(t, 'vera', 'viewer');
  const events = [];
  // 20 events for wages in three regions (100 people each), 8 for fuel prices and the
  // government's resignation, 2 for the release of detainees: 30 events.
  for (let i = 1; i <= 20; i++)
    events.push(event(i, ['wages'], REGIONS[i % 3]!, { size: { low: 100, high: null, text: '100' } }));
  for (let i = 21; i <= 28; i++)
    events.push(event(i, ['fuel_prices', 'government_resignation'], 'Mangystau', { size: null }));
  for (let i = 29; i <= 30; i++) events.push(event(i, ['release_detainees'], 'Almaty', { size: null }));
  // Marked false: counts nowhere.
  events.push(event(31, ['wages'], 'Aktobe', { verification: 'false' }));
  const answers = await t.node.ingest.submit(events);
  expect(answers.every((a) => a.ok)).toBe(true);
  const org = organizeClient(t, organizer);
  const collectives = [
    {
      name: 'Depot 1',
      admin1: 'Mangystau',
      headcount: 50,
      demands: [{ code: 'wages' }, { code: null, text: 'бесплатный автобус до вахты' }],
    },
    {
      name: 'Depot 2',
      admin1: 'Atyrau',
      headcount: 30,
      demands: [{ code: 'wages' }, { code: null, text: 'Бесплатный автобус на вахту!' }],
    },
    {
      name: 'Depot 3',
      admin1: 'Mangystau',
      demands: [{ code: null, text: 'повысить зарплату на 30%' }, { code: 'union_rights' }],
    },
    { name: 'Depot 4', admin1: 'Aktobe', headcount: 20, demands: [{ code: 'union_rights' }] },
    { name: 'Depot 5', admin1: 'Almaty', headcount: 10, demands: [{ code: 'release_detainees' }] },
  ];
  for (const c of collectives) {
    const res = await org.post('', { ...c, units: [] });
    expect(res.status).toBe(201);
  }
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('the demand inventory', () => {
  it('aggregates 30 events and 5 collectives to the expected support (desk: every count)', async () => {
    const res = await call(editor, 'GET', '/desk/program');
    expect(res.status).toBe(200);
    const by = new Map(res.body.inventory.demands.map((d: { key: string }) => [d.key, d]));
    expect(by.get('wages')).toMatchObject({
      class: 'economic',
      // A collective's demands are seen when the collective was recorded: today.
      support: {
        events: 20,
        collectives: 3,
        regions: 3,
        people: 20 * 100 + 50 + 30,
        first_seen: day(1),
        last_seen: today,
      },
    });
    expect(by.get('fuel_prices')).toMatchObject({
      class: 'economic',
      support: { events: 8, collectives: 0, regions: 1 },
    });
    expect(by.get('government_resignation')).toMatchObject({ class: 'political', support: { events: 8 } });
    expect(by.get('release_detainees')).toMatchObject({ support: { events: 2, collectives: 1, regions: 1 } });
    expect(by.get('union_rights')).toMatchObject({ support: { events: 0, collectives: 2, regions: 2 } });
    const bus = res.body.inventory.demands.filter((d: { key: string }) => d.key.startsWith('text:'));
    expect(bus).toHaveLength(1);
    expect(bus[0]).toMatchObject({ code: null, support: { collectives: 2 } });
    expect(bus[0].texts).toHaveLength(2);
    // Editors see which collectives; most supported first.
    expect(
      (by.get('wages') as { collectives: { name: string }[] }).collectives.map((c) => c.name).sort(),
    ).toEqual(['Depot 1', 'Depot 2', 'Depot 3']);
    expect(res.body.inventory.demands[0].key).toBe('wages');
    expect(res.body.inventory.by_month).toEqual([
      { month: '2022-01', economic: 28, labour: 0, political: 10 },
    ]);
  });

  it('withholds counts below 3 in public and leaves out words too few stand behind', async () => {
    const res = await call(null, 'GET', '/program');
    expect(res.status).toBe(200);
    expect(res.body.threshold).toBe(3);
    expect(res.body.votes).toEqual([]);
    const by = new Map(res.body.demands.map((d: { key: string }) => [d.key, d]));
    expect(by.get('union_rights')).toMatchObject({
      support: { events: null, collectives: null, regions: null, first_seen: null },
    });
    // 2 events and 1 collective: together 3, but no date shown, for the day the lone collective
    // was recorded would point at it.
    expect(by.get('release_detainees')).toMatchObject({
      support: { events: null, collectives: null, regions: null, first_seen: null, last_seen: null },
    });
    // Enough events and enough collectives: the dates of both.
    expect(by.get('wages')).toMatchObject({
      support: { events: 20, collectives: 3, regions: 3, first_seen: day(1), last_seen: today },
    });
    // Enough events, no collective: the events' dates.
    expect(by.get('fuel_prices')).toMatchObject({ support: { first_seen: day(21), last_seen: day(28) } });
    expect(res.body.demands.some((d: { key: string }) => d.key.startsWith('text:'))).toBe(false);
    expect(res.body.withheld).toBe(1);
    expect(JSON.stringify(res.body)).not.toMatch(/Depot|col-|evt-prog/);
    // Organizers and viewers see the counts, not the collectives behind them.
    const asOrganizer = await call(organizer, 'GET', '/desk/program');
    const wages = asOrganizer.body.inventory.demands.find((d: { key: string }) => d.key === 'wages');
    expect(wages.support.collectives).toBe(3);
    expect(wages.collectives).toEqual([]);
  });
});

describe('drafting, amending and publishing', () => {
  let plank: { id: string; version: string };
  it('keeps drafting to admins and editors and audits each change', async () => {
    const text = { ru: 'Повысить зарплату на 30%', kk: '', en: 'Raise wages by 30%' };
    expect((await call(organizer, 'POST', '/desk/program/planks', { text, demands: ['wages'] })).status).toBe(
      403,
    );
    expect((await call(viewer, 'POST', '/desk/program/planks', { text, demands: ['wages'] })).status).toBe(
      403,
    );
    expect((await call(null, 'POST', '/desk/program/planks', { text, demands: ['wages'] })).status).toBe(401);
    const bad = await call(editor, 'POST', '/desk/program/planks', {
      text: { ru: '', kk: '', en: '' },
      demands: [],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    // A demand the inventory does not have: refused, nothing stored.
    const unknown = await call(editor, 'POST', '/desk/program/planks', {
      text,
      demands: ['wages', 'pensions'],
    });
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'unknown_demand' } } });
    expect((await call(editor, 'GET', '/desk/program')).body.planks).toEqual([]);
    const made = await call(editor, 'POST', '/desk/program/planks', { text, demands: ['wages'] });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'draft', demands: ['wages'] });
    plank = made.body;
    const audit = await call(admin, 'GET', '/desk/audit?limit=100');
    expect(
      audit.body.entries.some(
        (e: { action: string; actor: string }) => e.action === 'program.plank.create' && e.actor === 'gulnar',
      ),
    ).toBe(true);
  });

  it('merges duplicate demands into a plank, carrying their support without counting twice', async () => {
    const view = await call(editor, 'GET', '/desk/program');
    const bus = view.body.inventory.demands.find((d: { key: string }) => d.key.startsWith('text:'));
    const merged = await call(editor, 'PATCH', `/desk/program/planks/${plank.id}`, {
      prev: [plank.version],
      demands: ['wages', 'union_rights', bus.key],
    });
    expect(merged.status).toBe(200);
    const stale = await call(editor, 'PATCH', `/desk/program/planks/${plank.id}`, {
      prev: [plank.version],
      order: 3,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_edit');
    const after = await call(editor, 'GET', '/desk/program');
    const p = after.body.planks.find((x: { id: string }) => x.id === plank.id);
    // wages: Depot 1–3; union rights: Depot 3–4; the bus: Depot 1–2 → 4 collectives, not 7.
    expect(p.support).toMatchObject({ events: 20, collectives: 4, regions: 4 });
    plank = p;
  });

  it('takes amendments from organizers, shows the diff, decides with a reason', async () => {
    const proposed = await call(organizer, 'POST', `/desk/program/planks/${plank.id}/amendments`, {
      lang: 'en',
      text: 'Raise wages by 50%',
      reason: 'the meeting asked for more',
    });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({
      status: 'proposed',
      before: 'Raise wages by 30%',
      proposed_by: 'dana',
    });
    const view = await call(editor, 'GET', '/desk/program');
    const a = view.body.amendments.find((x: { id: string }) => x.id === proposed.body.id);
    expect(a.diff).toEqual([
      { op: 'same', text: 'Raise wages by ' },
      { op: 'del', text: '30%' },
      { op: 'add', text: '50%' },
    ]);
    expect(
      (
        await call(organizer, 'POST', `/desk/program/amendments/${a.id}/decision`, {
          decision: 'accept',
          reason: 'ok',
        })
      ).status,
    ).toBe(403);
    const noReason = await call(editor, 'POST', `/desk/program/amendments/${a.id}/decision`, {
      decision: 'accept',
    });
    expect(noReason.status).toBe(400);
    const accepted = await call(editor, 'POST', `/desk/program/amendments/${a.id}/decision`, {
      decision: 'accept',
      reason: 'agreed at the meeting',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      decision: { by: 'gulnar', reason: 'agreed at the meeting' },
    });
    const again = await call(editor, 'POST', `/desk/program/amendments/${a.id}/decision`, {
      decision: 'reject',
      reason: 'x',
    });
    expect(again.status).toBe(409);
    const second = await call(organizer, 'POST', `/desk/program/planks/${plank.id}/amendments`, {
      lang: 'kk',
      text: 'Жалақыны 50%-ға көтеру',
    });
    const rejected = await call(admin, 'POST', `/desk/program/amendments/${second.body.id}/decision`, {
      decision: 'reject',
      reason: 'translation pending review',
    });
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      decision: { reason: 'translation pending review' },
    });
    const now = await call(editor, 'GET', '/desk/program');
    plank = now.body.planks.find((x: { id: string }) => x.id === plank.id);
    expect((plank as unknown as { text: { en: string; kk: string } }).text).toMatchObject({
      en: 'Raise wages by 50%',
      kk: '',
    });
  });

  it('moves statuses in order and offers a published concession as evidence for "won"', async () => {
    const move = async (status: string, evidence?: string[]) => {
      const cur = (await call(editor, 'GET', '/desk/program')).body.planks.find(
        (x: { id: string }) => x.id === plank.id,
      );
      return call(editor, 'POST', `/desk/program/planks/${plank.id}/status`, {
        prev: [cur.version],
        status,
        ...(evidence ? { evidence } : {}),
      });
    };
    const skip = await move('adopted');
    expect(skip.status).toBe(409);
    expect(skip.body.error.code).toBe('bad_transition');
    expect((await move('put_to_vote')).status).toBe(200);
    expect((await move('adopted')).status).toBe(200);
    const concession = buildDeskCodedEvent(t.deskKey!, {
      id: 'evt-prog-concession',
      event_type: 'state_measure',
      sub_event_type: 'concession',
      date: '2022-01-25',
      demands: ['wages'],
      tactics: [],
      actors: [{ name: 'Government of Kazakhstan', role: 'government' }],
      enterprise: null,
      organization: 'unknown',
    });
    const stored = await t.node.ingest.submit([concession]);
    expect(stored[0]).toMatchObject({ ok: true });
    const view = await call(editor, 'GET', '/desk/program');
    const p = view.body.planks.find((x: { id: string }) => x.id === plank.id);
    expect(p.evidence_offered.map((e: { d: string }) => e.d)).toEqual(['evt-prog-concession']);
    // The concession is evidence, not support: still 20 events.
    expect(p.support.events).toBe(20);
    const notConcession = await move('won', ['evt-prog-1']);
    expect(notConcession.status).toBe(400);
    expect(notConcession.body.error.code).toBe('not_a_concession');
    const won = await move('won', ['evt-prog-concession']);
    expect(won.status).toBe(200);
    expect(won.body).toMatchObject({ status: 'won', evidence: ['evt-prog-concession'] });
    expect(won.body.status_history.map((h: { status: string }) => h.status)).toEqual([
      'draft',
      'put_to_vote',
      'adopted',
      'won',
    ]);
  });

  it('publishes a 30622 and a 30023 per language that nostr-tools verifies and a NIP-23 reader renders', async () => {
    const collectives = (await organizeClient(t, organizer).get('')).body.collectives as {
      id: string;
      name: string;
    }[];
    const depot4 = collectives.find((c) => c.name === 'Depot 4')!;
    const depot1 = collectives.find((c) => c.name === 'Depot 1')!;
    expect(
      (await call(organizer, 'POST', '/desk/program/endorsements', { collective: depot4.id, public: true }))
        .status,
    ).toBe(403);
    expect(
      (await call(editor, 'POST', '/desk/program/endorsements', { collective: depot4.id, public: true }))
        .status,
    ).toBe(200);
    expect((await call(editor, 'POST', '/desk/program/endorsements', { collective: depot1.id })).status).toBe(
      200,
    );
    // The title: organizers may not set it; an editor sets it in two languages, Kazakh left empty.
    // Kazakh left out: it is empty.
    const title = { ru: 'Программа депо', en: 'Programme of the depots' };
    expect((await call(organizer, 'PUT', '/desk/program/title', { title })).status).toBe(403);
    const empty = await call(editor, 'PUT', '/desk/program/title', { title: { ru: ' ', kk: '', en: '' } });
    expect(empty).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect((await call(editor, 'PUT', '/desk/program/title', { title: { ru: 'x', fr: 'y' } })).status).toBe(
      400,
    );
    expect((await call(editor, 'PUT', '/desk/program/title', { title })).status).toBe(200);
    expect((await call(organizer, 'POST', '/desk/program/publish', {})).status).toBe(403);
    const published = await call(admin, 'POST', '/desk/program/publish', {});
    expect(published.status).toBe(201);
    const [record] = t.node.log.query({ ids: [published.body.id] }, { as: 'node' });
    expect(verifyEvent(JSON.parse(JSON.stringify(record)))).toBe(true);
    expect(record!.kind).toBe(Kind.DemandsProgram);
    const content = parseRecordContent(Kind.DemandsProgram, record!);
    expect(content.planks).toHaveLength(1);
    expect(content.planks![0]).toMatchObject({
      status: 'won',
      text: { ru: 'Повысить зарплату на 30%', en: 'Raise wages by 50%' },
      support: { events: 20, collectives: 4, regions: 4 },
      evidence: ['evt-prog-concession'],
      vote: null,
    });
    // Named by the public id its profile has too, never by the desk's private id.
    // Two endorsed, one of them agreed to be named: the count (under 3) is withheld.
    expect(content.endorsements).toEqual({
      count: null,
      named: [{ id: publicIdOf(t.deskKey!, depot4.id), name: 'Depot 4' }],
    });
    expect(record!.content).not.toContain(depot4.id);
    expect(content.title).toBe('Программа депо');
    expect(content.titles).toEqual({ ru: 'Программа депо', en: 'Programme of the depots' });
    // union_rights (2 collectives) is withheld in the published record too.
    expect(content.demands.find((d) => d.code === 'union_rights')!.support).toMatchObject({
      events: null,
      collectives: null,
    });
    expect(published.body.articles).toHaveLength(3);
    for (const id of published.body.articles as string[]) {
      const [a] = t.node.log.query({ ids: [id] }, { as: 'node' });
      expect(verifyEvent(JSON.parse(JSON.stringify(a)))).toBe(true);
      const article = parseArticle(a!);
      expect(article.type).toBe('program');
      const html = renderMarkdown(article.markdown);
      if (article.lang === 'en') {
        expect(html).toContain('<strong>Raise wages by 50%</strong>');
        expect(article.title).toBe('Programme of the depots');
        expect(html).toContain('Endorsed by fewer than 3 collectives</strong>, among them: Depot 4.');
        expect(html).not.toContain('Depot 1');
      }
      if (article.lang === 'kk') expect(html).toContain('Повысить зарплату на 30%'); // untranslated falls back
    }
    const pub = await call(null, 'GET', '/program');
    expect(pub.body.published.content.planks[0].id).toBe(plank.id);
    const audit = await call(admin, 'GET', '/desk/audit?limit=200');
    expect(audit.body.entries.some((e: { action: string }) => e.action === 'program.publish')).toBe(true);
  });
});
