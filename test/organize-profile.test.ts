import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kind } from '../src/core/kinds.js';
import { computeBriefFacts } from '../src/situation/brief-facts.js';
import { factAt, renderBrief } from '../src/situation/brief-text.js';
import { buildDeskCodedEvent, deskHeaders, startTestNode, type TestNode } from './support/node.js';
import { deskAccount, type Headers, organizeClient } from './support/organize.js';

// A collective's public profile through the desk API on a real node: only its organizer or an
// admin publishes it, only ticked fields reach the public record, every step is audited, the
// situation counts and the brief's organized share come from it, and a withdrawal removes it.

let t: TestNode;
let admin: Headers;
let organizerA: Headers;
let organizerB: Headers;
let editor: Headers;

beforeAll(async () => {
  t = await startTestNode();
  admin = await deskHeaders(t);
  organizerA = await deskAccount(t, 'dana', 'organizer');
  organizerB = await deskAccount(t, 'erlan', 'organizer');
  editor = await deskAccount(t, 'gulnar', 'editor');
  const events = [
    buildDeskCodedEvent(t.deskKey!, { id: 'ev-strike-1', date: '2022-01-11' }),
    buildDeskCodedEvent(t.deskKey!, { id: 'ev-strike-2', date: '2022-01-12' }),
    buildDeskCodedEvent(t.deskKey!, { id: 'ev-other', date: '2022-01-13' }),
  ];
  const answers = await t.node.ingest.submit(events);
  expect(answers.every((a) => a.ok)).toBe(true);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const profiles = () => t.node.log.query({ kinds: [Kind.Collective] }, { as: 'public' });
const counts = async () => {
  const res = await fetch(`${t.url}/api/v1/situation/collectives`);
  expect(res.status).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  return res.json();
};
const audit = async () => {
  const res = await fetch(`${t.url}/api/v1/desk/audit?limit=500`, { headers: admin });
  return (
    (await res.json()) as { entries: { action: string; actor: string; target: string; details: unknown }[] }
  ).entries;
};

async function collective(headers: Headers, name: string) {
  const res = await organizeClient(t, headers).post('', {
    name,
    units: [{ name: 'Repair shop', size: 40 }],
    enterprise: { name: 'Karaganda Steel', sector: 'metallurgy' },
    settlement: 'Temirtau',
    admin1: 'Karaganda Region',
    stage: 'committee',
    headcount: 300,
    needs: 'SECRET-NEEDS-7f1',
    events: ['ev-strike-1', 'ev-strike-2'],
    demands: [{ code: 'wage_arrears' }],
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('public profile by consent', () => {
  it('publishes only the ticked fields, under a public id, audited', async () => {
    const a = organizeClient(t, organizerA);
    const id = await collective(organizerA, 'SECRET-NAME Depot');
    const preview = await a.post(`/${id}/profile/preview`, { fields: ['stage', 'admin1', 'events'] });
    expect(preview.status).toBe(200);
    expect(profiles()).toHaveLength(0);

    const published = await a.post(`/${id}/profile`, { fields: ['stage', 'admin1', 'events'] });
    expect(published.status).toBe(200);
    expect(published.body.published).toEqual(preview.body.profile);
    expect(published.body.fields).toEqual(['admin1', 'stage', 'events']);
    const [event] = profiles();
    expect(event).toBeDefined();
    expect(event!.id).toBe(published.body.version);
    expect(event!.pubkey).toBe(t.deskKey!.publicKey);
    const content = JSON.parse(event!.content);
    expect(content).toEqual(preview.body.profile);
    expect(content).toMatchObject({
      stage: 'committee',
      admin1: 'Karaganda Region',
      events: ['ev-strike-1', 'ev-strike-2'],
    });
    const wire = JSON.stringify(event);
    for (const hidden of [
      'SECRET-NAME',
      'Temirtau',
      'Karaganda Steel',
      'SECRET-NEEDS',
      'wage_arrears',
      'Repair shop',
      id,
    ]) {
      expect(wire, hidden).not.toContain(hidden);
    }
    expect(event!.tags.find((t) => t[0] === 'd')?.[1]).toBe(published.body.public_id);

    // The consent is kept with the collective, and the change is audited.
    expect((await a.get(`/${id}`)).body.collective.public).toEqual(['admin1', 'stage', 'events']);
    expect((await a.get(`/${id}/profile`)).body).toMatchObject({
      fields: ['admin1', 'stage', 'events'],
      version: event!.id,
    });
    const row = (await audit()).find((e) => e.action === 'collective.profile.publish' && e.target === id);
    expect(row).toMatchObject({ actor: 'dana', details: { fields: ['admin1', 'stage', 'events'] } });

    // An update replaces the version; the situation counts it once.
    const named = await a.post(`/${id}/profile`, { fields: ['name', 'stage', 'admin1', 'events'] });
    expect(named.status).toBe(200);
    expect(profiles()).toHaveLength(1);
    expect(JSON.parse(profiles()[0]!.content).name).toBe('SECRET-NAME Depot');
    const situation = await counts();
    expect(situation.collectives).toBe(1);
    expect(situation.by_stage).toMatchObject({ committee: 1, union: 0 });
    expect(situation.by_region).toEqual([
      {
        admin1: 'Karaganda Region',
        total: 1,
        contact: 0,
        initiative_group: 0,
        committee: 1,
        union: 0,
        undisclosed: 0,
      },
    ]);

    // The brief links the period's events to the collective that led them.
    const brief = await (await fetch(`${t.url}/api/v1/brief?lang=en&from=2022-01-10&to=2022-01-16`)).json();
    expect(brief.facts.organized_share).toMatchObject({
      events: 3,
      led: 2,
      led_pct: 67,
      unnamed: 0,
      collectives: [{ id: named.body.public_id, name: 'SECRET-NAME Depot', events: 2 }],
    });
    expect(brief.facts.organized_share.collectives[0].naddr).toMatch(/^naddr1/);
    expect(brief.text).toContain(
      '2 (67 %) were led by collectives with a public profile: SECRET-NAME Depot (2)',
    );
    // In every language, each figure and name of the sentence is its fact.
    const facts = computeBriefFacts(t.node.db, { from: '2022-01-10', to: '2022-01-16' });
    for (const lang of ['en', 'ru', 'kk'] as const) {
      const { text, tokens } = renderBrief(facts, lang);
      const mine = tokens.filter((k) => k.path.startsWith('organized_share.'));
      expect(mine.map((k) => k.path)).toEqual([
        'organized_share.events',
        'organized_share.led',
        'organized_share.led_pct',
        'organized_share.collectives.0.name',
        'organized_share.collectives.0.events',
      ]);
      for (const k of mine) expect(String(factAt(facts, k.path))).toBe(k.text);
      expect(text).toContain('SECRET-NAME Depot (2)');
    }

    // Withdrawn: gone from the log, the counts and the brief; the ticks are cleared; audited.
    const withdrawn = await a.delete(`/${id}/profile`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ fields: [], published: null, removed: 2 });
    expect(profiles()).toHaveLength(0);
    expect(t.node.log.query({ kinds: [Kind.Collective], ids: [event!.id] }, { as: 'node' })).toHaveLength(0);
    expect((await counts()).collectives).toBe(0);
    const after = await (await fetch(`${t.url}/api/v1/brief?lang=en&from=2022-01-10&to=2022-01-16`)).json();
    expect(after.facts.organized_share).toMatchObject({ led: 0, collectives: [] });
    expect((await a.get(`/${id}`)).body.collective.public).toEqual([]);
    expect((await audit()).some((e) => e.action === 'collective.profile.withdraw' && e.target === id)).toBe(
      true,
    );
  });

  it('is reached only by the collective’s organizers and admins', async () => {
    const id = await collective(organizerA, 'Mine 5');
    for (const headers of [organizerB, editor]) {
      const c = organizeClient(t, headers);
      for (const res of [
        await c.get(`/${id}/profile`),
        await c.post(`/${id}/profile/preview`, { fields: ['stage'] }),
        await c.post(`/${id}/profile`, { fields: ['stage'] }),
        await c.delete(`/${id}/profile`),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('forbidden_collective');
      }
    }
    expect(profiles()).toHaveLength(0);
    const byAdmin = await organizeClient(t, admin).post(`/${id}/profile`, { fields: ['stage'] });
    expect(byAdmin.status).toBe(200);
    expect(profiles()).toHaveLength(1);
    expect((await counts()).by_region).toEqual([
      { admin1: null, total: 1, contact: 0, initiative_group: 0, committee: 1, union: 0, undisclosed: 0 },
    ]);
    await organizeClient(t, admin).delete(`/${id}/profile`);
  });

  it('refuses bad bodies with invalid_request and stores nothing', async () => {
    const a = organizeClient(t, organizerA);
    const id = await collective(organizerA, 'Plant 9');
    const auditBefore = (await audit()).length;
    for (const body of [{ fields: ['people'] }, { fields: 'name' }, { fields: ['name'], extra: 1 }, {}]) {
      const res = await a.post(`/${id}/profile`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect(profiles()).toHaveLength(0);
    expect((await audit()).length).toBe(auditBefore);
    expect((await fetch(`${t.url}/api/v1/situation/collectives?x=1`)).status).toBe(400);
  });
});

describe('the wall chart read', () => {
  it('sends people without contact, structure link or version ids when the page asks ?view=chart', async () => {
    const a = organizeClient(t, organizerA);
    const id = await collective(organizerA, 'Chart depot');
    const added = await a.post(`/${id}/people`, {
      pseudonym: 'Welder',
      unit: 'u1',
      contact: 'CONTACT-MARKER',
    });
    expect(added.status).toBe(201);
    await a.post(`/${id}/assessments`, { person: added.body.id, level: 2 });
    const chart = await a.get(`/${id}?view=chart`);
    expect(chart.status).toBe(200);
    expect(chart.body.people).toEqual([
      {
        id: added.body.id,
        pseudonym: 'Welder',
        unit: 'u1',
        role: null,
        level: 2,
        assessed_on: expect.any(String),
        conflict: false,
      },
    ]);
    expect(JSON.stringify(chart.body)).not.toContain('CONTACT-MARKER');
    const full = await a.get(`/${id}`);
    expect(full.body.coverage).toEqual(chart.body.coverage);
    expect(full.body.people[0]).toMatchObject({ contact: 'CONTACT-MARKER', version: added.body.version });
    expect((await a.get(`/${id}?view=all`)).status).toBe(400);
    expect((await organizeClient(t, organizerB).get(`/${id}?view=chart`)).status).toBe(403);
  });
});
