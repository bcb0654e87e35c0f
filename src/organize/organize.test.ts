import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskHeaders, startTestNode, type TestNode } from '../../test/support/node.js';
import { deskAccount, type Headers, organizeClient } from '../../test/support/organize.js';

// The organizer's workspace through its HTTP API, on a real desk node: what is answered, what
// is refused, what is audited, what a reindex rebuilds and what a seized folder shows.

const MARKER = 'ORGANIZE-ROSTER-MARKER-7c2e';
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
}, 60_000);
afterAll(async () => {
  await t?.close();
});

/** A collective of organizer A with three units: its id. */
async function collectiveOfA(name = 'Depot 3') {
  const res = await organizeClient(t, organizerA).post('', {
    name,
    units: [
      { name: 'Repair shop', size: 4 },
      { name: 'Night shift', size: 3 },
      { name: 'Drivers', size: 5 },
    ],
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const auditActions = async () => {
  const res = await fetch(`${t.url}/api/v1/desk/audit?limit=500`, { headers: admin });
  return ((await res.json()) as { entries: { action: string; actor: string; target: string }[] }).entries;
};

describe('organizing through the desk API', () => {
  it('creates a collective, people, an assessment, a one-on-one and a test, each answered with its id', async () => {
    const a = organizeClient(t, organizerA);
    const id = await collectiveOfA();
    expect(id).toMatch(/^col-[0-9a-f]{16}$/);
    const person = await a.post(`/${id}/people`, { pseudonym: 'Welder N', unit: 'Repair shop' });
    expect(person.status).toBe(201);
    expect(person.body).toMatchObject({
      id: expect.stringMatching(/^per-/),
      pseudonym: 'Welder N',
      unit: 'u1',
    });
    const assessed = await a.post(`/${id}/assessments`, { person: person.body.id, level: 2 });
    expect(assessed.status).toBe(201);
    expect(assessed.body).toMatchObject({ id: expect.stringMatching(/^asm-/), level: 2, assessor: 'dana' });
    const talk = await a.post(`/${id}/conversations`, {
      person: person.body.id,
      follow_up: '2000-01-01',
      issues: 'night pay',
      commitment: 'will bring two',
    });
    expect(talk.status).toBe(201);
    expect(talk.body.id).toMatch(/^con-/);
    expect(talk.body.note).toMatchObject({ issues: 'night pay', commitment: 'will bring two' });
    const test = await a.post(`/${id}/tests`, {
      kind: 'petition',
      target_share: 0.6,
      tally: [{ unit: 'u1', count: 3 }],
    });
    expect(test.status).toBe(201);
    expect(test.body.id).toMatch(/^test-/);

    const view = await a.get(`/${id}`);
    expect(view.status).toBe(200);
    expect(view.body.collective).toMatchObject({ id, name: 'Depot 3', stage: 'contact', conflict: false });
    expect(view.body.people).toEqual([expect.objectContaining({ id: person.body.id, level: 2 })]);
    expect(view.body.coverage[0]).toMatchObject({
      unit: 'u1',
      size: 4,
      people: 1,
      assessed: 1,
      ones_and_twos: 1,
      majority: false,
    });
    expect(view.body.follow_ups_due).toEqual([
      { conversation: talk.body.id, person: person.body.id, follow_up: '2000-01-01' },
    ]);
    expect(view.body.tests[0].units[0]).toMatchObject({ unit: 'u1', count: 3, share: 0.75, reached: true });
    expect(view.body.conversations[0].note.issues).toBe('night pay');

    const actions = (await auditActions()).filter((e) => e.target === id).map((e) => e.action);
    expect(actions.sort()).toEqual(
      ['assessment.add', 'collective.create', 'conversation.log', 'person.add', 'structure_test.add'].sort(),
    );
  });

  it('refuses organizer B with 403 forbidden_collective until an admin assigns the collective', async () => {
    const id = await collectiveOfA('Mine 5');
    const b = organizeClient(t, organizerB);
    for (const res of [
      await b.get(`/${id}`),
      await b.post(`/${id}/people`, { pseudonym: 'X', unit: 'Drivers' }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden_collective');
    }
    expect((await b.get('')).body.collectives.map((c: { id: string }) => c.id)).not.toContain(id);
    expect(
      (await organizeClient(t, organizerA).put(`/${id}/organizers`, { organizers: ['erlan'] })).status,
    ).toBe(403);
    const assigned = await organizeClient(t, admin).put(`/${id}/organizers`, { organizers: ['erlan'] });
    expect(assigned.status).toBe(200);
    expect((await b.get(`/${id}`)).status).toBe(200);
    expect((await b.get('')).body.collectives.map((c: { id: string }) => c.id)).toContain(id);
  });

  it('shows an editor counts, never people', async () => {
    const id = await collectiveOfA('Bakery');
    const e = organizeClient(t, editor);
    const view = await e.get(`/${id}`);
    expect(view.status).toBe(403);
    expect(view.body.error.code).toBe('forbidden_collective');
    expect((await e.post(`/${id}/people`, { pseudonym: 'Y', unit: 'Drivers' })).status).toBe(403);
    const stats = await e.get('/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.collectives).toBeGreaterThanOrEqual(1);
    expect(stats.body.by_stage.contact).toBe(stats.body.collectives);
    expect(JSON.stringify(stats.body)).not.toContain('Welder');
  });

  it('refuses bad input with a stable code and stores nothing', async () => {
    const id = await collectiveOfA('Refinery');
    const a = organizeClient(t, organizerA);
    const before = t.node.log.maxSeq();
    const cases = [
      await a.post('', { name: 'No units' }),
      await a.post('', { name: 'x', units: [{ name: 'a', size: -1 }] }),
      await a.post(`/${id}/people`, { pseudonym: 'Z' }),
      await a.post(`/${id}/people`, { pseudonym: 'Z', unit: 'Drivers', legal_name: 'Ivanov' }),
      await a.post(`/${id}/assessments`, { person: 'per-0000000000000000', level: 6 }),
    ];
    for (const res of cases) {
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    const unknownUnit = await a.post(`/${id}/people`, { pseudonym: 'Z', unit: 'Kitchen' });
    expect(unknownUnit.body.error.code).toBe('unknown_unit');
    const unknownPerson = await a.post(`/${id}/assessments`, { person: 'per-0000000000000000', level: 3 });
    expect(unknownPerson.body.error.code).toBe('unknown_person');
    expect(t.node.log.maxSeq()).toBe(before);
  });

  it('lets only an admin export people, audited, with contacts only when asked', async () => {
    const id = await collectiveOfA('Port');
    await organizeClient(t, organizerA).post(`/${id}/people`, {
      pseudonym: 'Crane K',
      unit: 'Drivers',
      contact: 'telegram @crane',
    });
    const denied = await organizeClient(t, organizerA).get(`/${id}/export`);
    expect(denied.status).toBe(403);
    const plain = await organizeClient(t, admin).get(`/${id}/export`);
    expect(plain.status).toBe(200);
    expect(plain.body.people).toHaveLength(1);
    expect(JSON.stringify(plain.body)).not.toContain('telegram');
    const full = await organizeClient(t, admin).get(`/${id}/export?contacts=true`);
    expect(full.body.people[0].contact).toBe('telegram @crane');
    const exports = (await auditActions()).filter((e) => e.target === id && e.action === 'collective.export');
    expect(exports).toHaveLength(2);
  });

  it('keeps every version of an edited person and refuses a stale edit with 409', async () => {
    const id = await collectiveOfA('Garage');
    const a = organizeClient(t, organizerA);
    const p = await a.post(`/${id}/people`, { pseudonym: 'Mechanic', unit: 'Drivers' });
    const edited = await a.patch(`/${id}/people/${p.body.id}`, {
      prev: [p.body.version],
      role: 'shop steward',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: p.body.id, role: 'shop steward', pseudonym: 'Mechanic' });
    const stale = await a.patch(`/${id}/people/${p.body.id}`, { prev: [p.body.version], role: 'driver' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_edit');
    const view = await a.get(`/${id}`);
    expect(view.body.people).toEqual([expect.objectContaining({ role: 'shop steward', conflict: false })]);
  });

  it('moves a collective to its next stage with the date, adds a unit, never drops one', async () => {
    const id = await collectiveOfA('Cement works');
    const a = organizeClient(t, organizerA);
    const first = (await a.get(`/${id}`)).body.collective;
    const units = first.units.map((u: { id: string; name: string; size: number }) => ({
      id: u.id,
      name: u.name,
      size: u.size,
    }));
    const moved = await a.patch(`/${id}`, {
      prev: [first.version],
      stage: 'initiative_group',
      units: [...units, { name: 'Quarry', size: 7 }],
    });
    expect(moved.status).toBe(200);
    expect(moved.body.stage).toBe('initiative_group');
    expect(moved.body.stage_history.map((h: { stage: string }) => h.stage)).toEqual([
      'contact',
      'initiative_group',
    ]);
    expect(moved.body.units.map((u: { id: string }) => u.id)).toEqual(['u1', 'u2', 'u3', 'u4']);
    const dropping = await a.patch(`/${id}`, { prev: [moved.body.version], units: units.slice(1) });
    expect(dropping.body.error.code).toBe('unit_removed');
    const stale = await a.patch(`/${id}`, { prev: [first.version], name: 'Cement plant' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_edit');
    expect(
      (await organizeClient(t, organizerB).patch(`/${id}`, { prev: [moved.body.version], name: 'x' })).status,
    ).toBe(403);
    const view = (await a.get(`/${id}`)).body.collective;
    expect(view).toMatchObject({ stage: 'initiative_group', name: 'Cement works', conflict: false });
    expect(
      (await auditActions()).filter((e) => e.target === id && e.action === 'collective.edit'),
    ).toHaveLength(1);
  });

  it('keeps every assessment and shows each person by the latest one', async () => {
    const id = await collectiveOfA('Textile mill');
    const a = organizeClient(t, organizerA);
    const p = (await a.post(`/${id}/people`, { pseudonym: 'Weaver', unit: 'Night shift' })).body.id;
    await a.post(`/${id}/assessments`, { person: p, level: 4, date: '2026-03-01' });
    await a.post(`/${id}/assessments`, { person: p, level: 1, date: '2026-05-01' });
    await a.post(`/${id}/assessments`, { person: p, level: 5, date: '2026-01-01' }); // entered late, dated early
    const view = (await a.get(`/${id}`)).body;
    expect(view.assessments).toBe(3);
    expect(view.people[0]).toMatchObject({ level: 1, assessed_on: '2026-05-01' });
    expect(view.coverage.find((c: { unit: string }) => c.unit === 'u2')).toMatchObject({
      assessed: 1,
      ones_and_twos: 1,
    });
  });

  it('rebuilds the same workspace from the log (reindex)', async () => {
    const id = await collectiveOfA('Quarry');
    const a = organizeClient(t, organizerA);
    const p = await a.post(`/${id}/people`, { pseudonym: 'Driller', unit: 'Night shift' });
    await a.post(`/${id}/assessments`, { person: p.body.id, level: 1 });
    const before = await a.get(`/${id}`);
    const list = await a.get('');
    t.node.projections.rebuildAll(t.node.log);
    expect(await a.get(`/${id}`)).toEqual(before);
    expect(await a.get('')).toEqual(list);
  });

  it('leaves no roster, assessment note or one-on-one in any file of the data folder', async () => {
    const id = await collectiveOfA(`${MARKER} collective`);
    const a = organizeClient(t, organizerA);
    const p = await a.post(`/${id}/people`, {
      pseudonym: `${MARKER} person`,
      unit: 'Drivers',
      contact: `${MARKER} phone`,
    });
    await a.post(`/${id}/assessments`, { person: p.body.id, level: 3, note: `${MARKER} note` });
    await a.post(`/${id}/conversations`, { person: p.body.id, issues: `${MARKER} talk` });
    expect(JSON.stringify((await a.get(`/${id}`)).body)).toContain(`${MARKER} talk`);
    const holding = () =>
      filesUnder(t.dataDir).filter((f) => readFileSync(f).includes(Buffer.from(MARKER, 'utf8')));
    expect(holding()).toEqual([]);
    t.node.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(holding()).toEqual([]);
    expect(t.logs.join('')).not.toContain(MARKER);
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );
}
