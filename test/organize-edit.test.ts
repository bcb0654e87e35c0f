import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeskCodedEvent, deskHeaders, startTestNode, type TestNode } from './support/node.js';
import { deskAccount, type Headers, organizeClient } from './support/organize.js';

// The edits the desk page makes on a collective, through the HTTP API of a real desk node: a
// task's status, assignee and due day (PATCH …/tasks/:task), a person read whole for their
// panel (GET …/people/:person: contact and structure link) and their `responsible` link, the
// coded events a collective links to (…/event-search, `linked_events`), needs and demands.

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
  const answers = await t.node.ingest.submit([
    buildDeskCodedEvent(t.deskKey!, { id: 'ev-zhanaozen-strike', date: '2022-01-02' }),
    buildDeskCodedEvent(t.deskKey!, {
      id: 'ev-aktau-rally',
      date: '2022-01-04',
      event_type: 'protest',
      sub_event_type: 'peaceful_protest',
      location: {
        settlement: 'Aktau',
        admin1: 'Mangystau',
        country: 'Kazakhstan',
        lat: 43.65,
        lon: 51.17,
        geo_precision: 1,
      },
      enterprise: null,
    }),
  ]);
  expect(answers.every((a) => a.ok)).toBe(true);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

async function collectiveOfA(name = 'Depot 3') {
  const res = await organizeClient(t, organizerA).post('', {
    name,
    units: [
      { name: 'Repair shop', size: 4 },
      { name: 'Drivers', size: 5 },
    ],
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const audit = async (action: string, target: string) => {
  const res = await fetch(`${t.url}/api/v1/desk/audit?limit=500`, { headers: admin });
  const { entries } = (await res.json()) as {
    entries: { action: string; target: string; details: Record<string, unknown> }[];
  };
  return entries.filter((e) => e.action === action && e.target === target);
};

describe('a task edited', () => {
  it('changes status, assignee and due day as a new version, audited; a stale version is 409', async () => {
    const a = organizeClient(t, organizerA);
    const id = await collectiveOfA();
    const task = await a.post(`/${id}/tasks`, { title: 'Print the leaflet', assignee: 'dana' });
    expect(task.status).toBe(201);
    const done = await a.patch(`/${id}/tasks/${task.body.id}`, {
      prev: [task.body.version],
      status: 'done',
      due: '2026-12-20',
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      id: task.body.id,
      status: 'done',
      due: '2026-12-20',
      assignee: 'dana',
    });
    expect(done.body.version).not.toBe(task.body.version);
    const view = await a.get(`/${id}`);
    expect(view.body.tasks).toEqual([
      expect.objectContaining({
        id: task.body.id,
        status: 'done',
        version: done.body.version,
        conflict: false,
      }),
    ]);
    expect(await audit('task.edit', id)).toEqual([
      expect.objectContaining({ details: { task: task.body.id, from: 'open', to: 'done' } }),
    ]);

    const stale = await a.patch(`/${id}/tasks/${task.body.id}`, {
      prev: [task.body.version],
      status: 'open',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_edit');
    const cleared = await a.patch(`/${id}/tasks/${task.body.id}`, {
      prev: [done.body.version],
      assignee: null,
      status: 'dropped',
    });
    expect(cleared.body).toMatchObject({ assignee: null, status: 'dropped', due: '2026-12-20' });
  });

  it('refuses other compartments, unknown tasks and bad bodies, storing nothing', async () => {
    const a = organizeClient(t, organizerA);
    const id = await collectiveOfA('Depot 4');
    const task = await a.post(`/${id}/tasks`, { title: 'Find a meeting room' });
    const path = `/${id}/tasks/${task.body.id}`;
    const body = { prev: [task.body.version], status: 'done' };
    for (const [headers, code] of [
      [organizerB, 'forbidden_collective'],
      [editor, 'forbidden_collective'],
    ] as const) {
      const res = await organizeClient(t, headers).patch(path, body);
      expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 403, code });
    }
    const unknown = await a.patch(`/${id}/tasks/task-0000`, body);
    expect({ status: unknown.status, code: unknown.body.error.code }).toEqual({
      status: 404,
      code: 'unknown_task',
    });
    const other = await collectiveOfA('Depot 5');
    const elsewhere = await a.patch(`/${other}/tasks/${task.body.id}`, body);
    expect(elsewhere.status).toBe(404);
    for (const bad of [
      { ...body, status: 'finished' },
      { ...body, colour: 'red' },
      { status: 'done' },
      { ...body, due: '20 December' },
    ]) {
      const res = await a.patch(path, bad);
      expect({ status: res.status, code: res.body.error.code }).toEqual({
        status: 400,
        code: 'invalid_request',
      });
    }
    const view = await a.get(`/${id}`);
    expect(view.body.tasks[0]).toMatchObject({ status: 'open', version: task.body.version });
    expect(await audit('task.edit', id)).toEqual([]);
    // An admin may edit any collective's task.
    const byAdmin = await organizeClient(t, admin).patch(path, body);
    expect(byAdmin.status).toBe(200);
  });
});

describe('a person read whole and their responsible organizer', () => {
  it('gives the contact and the link to who works on the collective only; the chart never carries them', async () => {
    const a = organizeClient(t, organizerA);
    const id = await collectiveOfA('Depot 6');
    const lead = await a.post(`/${id}/people`, { pseudonym: 'Organizer O', unit: 'Drivers' });
    const person = await a.post(`/${id}/people`, {
      pseudonym: 'Driver D',
      unit: 'Drivers',
      contact: '+7 700 000 0001',
    });
    const linked = await a.patch(`/${id}/people/${person.body.id}`, {
      prev: [person.body.version],
      responsible: lead.body.id,
      contact: '@driver_d',
    });
    expect(linked.status).toBe(200);
    const got = await a.get(`/${id}/people/${person.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      id: person.body.id,
      pseudonym: 'Driver D',
      responsible: lead.body.id,
      contact: '@driver_d',
      version: linked.body.version,
      conflict: false,
      level: null,
    });
    expect((await organizeClient(t, admin).get(`/${id}/people/${person.body.id}`)).body.contact).toBe(
      '@driver_d',
    );
    for (const headers of [organizerB, editor]) {
      const res = await organizeClient(t, headers).get(`/${id}/people/${person.body.id}`);
      expect({ status: res.status, code: res.body.error.code }).toEqual({
        status: 403,
        code: 'forbidden_collective',
      });
    }
    const chart = await a.get(`/${id}?view=chart`);
    expect(JSON.stringify(chart.body)).not.toContain('@driver_d');
    expect((await a.get(`/${id}/people/per-0000`)).status).toBe(404);
  });

  it('refuses a responsible who is the person, unknown, or of another collective, storing nothing', async () => {
    const a = organizeClient(t, organizerA);
    const id = await collectiveOfA('Depot 7');
    const other = await collectiveOfA('Depot 8');
    const person = await a.post(`/${id}/people`, { pseudonym: 'Fitter F', unit: 'Repair shop' });
    const stranger = await a.post(`/${other}/people`, { pseudonym: 'Stranger S', unit: 'Drivers' });
    const path = `/${id}/people/${person.body.id}`;
    const prev = [person.body.version];
    const self = await a.patch(path, { prev, responsible: person.body.id });
    expect({ status: self.status, code: self.body.error.code }).toEqual({
      status: 400,
      code: 'invalid_request',
    });
    for (const responsible of ['per-0000', stranger.body.id]) {
      const res = await a.patch(path, { prev, responsible });
      expect({ status: res.status, code: res.body.error.code }).toEqual({
        status: 404,
        code: 'unknown_person',
      });
    }
    expect((await a.get(path)).body).toMatchObject({ responsible: null, version: person.body.version });
  });
});

describe('a collective’s needs, demands and linked events', () => {
  it('finds published events by a word and shows the linked ones as published', async () => {
    const a = organizeClient(t, organizerA);
    const byPlace = await a.get('/event-search?q=aktau');
    expect(byPlace.status).toBe(200);
    expect(byPlace.body.events).toEqual([
      expect.objectContaining({
        id: 'ev-aktau-rally',
        date: '2022-01-04',
        settlement: 'Aktau',
        sub_event_type: 'peaceful_protest',
      }),
    ]);
    expect(
      (await a.get('/event-search?q=ozenmunaigas%20strike')).body.events.map((e: { id: string }) => e.id),
    ).toEqual(['ev-zhanaozen-strike']);
    // No word: the newest first; a LIKE wildcard is matched as written.
    expect((await a.get('/event-search')).body.events.map((e: { id: string }) => e.id)).toEqual([
      'ev-aktau-rally',
      'ev-zhanaozen-strike',
    ]);
    expect((await a.get('/event-search?q=%25')).body.events).toEqual([]);
    expect((await a.get('/event-search?limit=0')).status).toBe(400);
    const byEditor = await organizeClient(t, editor).get('/event-search?q=aktau');
    expect(byEditor.status).toBe(403);

    const id = await collectiveOfA('Depot 9');
    const view = await a.get(`/${id}`);
    const edited = await a.patch(`/${id}`, {
      prev: [view.body.collective.version],
      needs: 'A room for meetings',
      demands: [
        { code: 'wage_arrears' },
        { code: 'wages', text: 'index wages to prices' },
        { code: null, text: 'a canteen' },
      ],
      events: ['ev-aktau-rally', 'ev-gone'],
    });
    expect(edited.status).toBe(200);
    const after = await a.get(`/${id}?view=chart`);
    expect(after.body.collective).toMatchObject({
      needs: 'A room for meetings',
      demands: [
        { code: 'wage_arrears' },
        { code: 'wages', text: 'index wages to prices' },
        { code: null, text: 'a canteen' },
      ],
      events: ['ev-aktau-rally', 'ev-gone'],
    });
    expect(after.body.linked_events).toEqual([
      expect.objectContaining({ id: 'ev-aktau-rally', settlement: 'Aktau' }),
    ]);
    // The list carries each collective's units, for placing a join request.
    const list = await a.get('');
    expect(list.body.collectives.find((c: { id: string }) => c.id === id).units).toEqual([
      { id: 'u1', name: 'Repair shop' },
      { id: 'u2', name: 'Drivers' },
    ]);
  });
});
