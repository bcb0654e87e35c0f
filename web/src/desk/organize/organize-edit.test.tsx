// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEMAND_CLASS } from '../../../../src/core/taxonomy-codes.js';
import {
  button,
  byId,
  click,
  mount,
  SESSION,
  settle,
  stubFetch,
  testContext,
  type,
} from '../test-support.js';
import { OrganizeView } from './organize.js';
import { type CollectiveView, dayFromToday, type JoinView } from './organize-api.js';

// The edits of the Organize chunk against the node's answers from a table: a task's status
// from the follow-ups and the task list, a person's record (responsible picked by pseudonym,
// contact folded away), needs, demands from the code lists and an event picked by search, a
// join request assigned through the collective picker, and the join list a page at a time.

afterEach(() => {
  vi.unstubAllGlobals();
});

const V = (n: number) => String(n).padStart(64, 'a');
const organizer = {
  ...SESSION,
  account: { ...SESSION.account, username: 'asel', role: 'organizer' as const },
};
const admin = { ...SESSION, account: { ...SESSION.account, username: 'root', role: 'admin' as const } };
/** Wait out the event search's pause in the typing. */
const pause = async () => {
  await new Promise((resolve) => setTimeout(resolve, 250));
  await settle();
};

function person(id: string, pseudonym: string, unit = 'u1') {
  return { id, pseudonym, unit, role: null, level: null, assessed_on: null, conflict: false };
}

function view(extra: Partial<Record<string, unknown>> = {}): CollectiveView {
  return {
    collective: {
      id: 'c1',
      name: 'Depot collective',
      enterprise: null,
      settlement: 'Aktau',
      admin1: null,
      sector: null,
      stage: 'contact',
      stage_history: [{ stage: 'contact', date: '2026-12-01' }],
      headcount: null,
      units: [
        { id: 'u1', name: 'Shop 1', kind: 'shop', size: 3 },
        { id: 'u2', name: 'Shop 2', kind: 'shop', size: 4 },
      ],
      needs: 'a room',
      events: ['ev-old', 'ev-gone'],
      demands: [{ code: 'wages' }, { code: null, text: 'a canteen' }],
      public: [],
      created_by: 'asel',
      version: V(1),
      conflict: false,
      organizers: [],
    },
    linked_events: [
      {
        id: 'ev-old',
        date: '2026-11-02',
        admin1: 'Mangystau',
        settlement: 'Aktau',
        event_type: 'labour_action',
        sub_event_type: 'strike',
        enterprise: 'Depot',
        verification: 'verified',
      },
    ],
    people: [person('p1', 'Marat'), person('p2', 'Dana', 'u2'), person('p3', 'Bolat')],
    coverage: ['u1', 'u2'].map((unit) => ({
      unit,
      name: unit,
      size: 3,
      people: 1,
      assessed: 0,
      ones_and_twos: 0,
      share_assessed: 0,
      share_ones_and_twos: 0,
      majority: false,
    })),
    assessments: 0,
    conversations: [],
    follow_ups_due: [],
    tests: [],
    tasks: [],
    ...extra,
  } as unknown as CollectiveView;
}

const task = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  collective_id: 'c1',
  title: `Task ${id}`,
  assignee: null,
  due: null,
  status: 'open',
  version: V(id.length + 20),
  conflict: false,
  ...extra,
});

describe('editing in the Organize chunk', () => {
  it('marks a task due done from the follow-ups and changes another’s assignee and due day', async () => {
    const calls = stubFetch(({ method, path }) => {
      if (method === 'GET' && path === '/api/v1/desk/collectives/c1?view=chart')
        return {
          body: view({
            tasks: [task('t1', { due: dayFromToday(-1), assignee: 'asel' }), task('t22', { status: 'done' })],
          }),
        };
      if (method === 'PATCH') return { body: {} };
      return undefined;
    });
    const { ctx, asked } = testContext({ session: organizer, canEdit: false });
    const root = await mount(<OrganizeView collective="c1" demands={DEMAND_CLASS} />, ctx);
    const due = byId('tasks-due');
    expect(due.textContent).toContain('Task t1');
    expect(due.textContent).not.toContain('Task t22');
    await click(button(due, 'Done'));
    const done = calls.find((c) => c.method === 'PATCH')!;
    expect(done.path).toBe('/api/v1/desk/collectives/c1/tasks/t1');
    expect(done.body).toEqual({ prev: [V(22)], status: 'done' });
    expect(done.headers['x-csrf-token']).toBe('csrf-1');
    expect(asked.announced).toContain('Task t1: done');

    const other = root.querySelector('#tasks [data-task="t22"]')!;
    expect(other.textContent).toContain('done');
    await click(button(other, 'Open again'));
    expect(calls.filter((c) => c.method === 'PATCH').at(-1)!.body).toEqual({ prev: [V(23)], status: 'open' });
    await click(button(other, 'Change who or when'));
    await type(byId('task-t22-assignee'), 'bolat');
    await type(byId('task-t22-due'), '2026-12-24');
    await click(button(other, 'Save the task'));
    expect(calls.filter((c) => c.method === 'PATCH').at(-1)!.body).toEqual({
      prev: [V(23)],
      assignee: 'bolat',
      due: '2026-12-24',
    });
  });

  it('edits a person: the responsible organizer picked by pseudonym, the contact folded away', async () => {
    const calls = stubFetch(({ method, path }) => {
      if (method === 'GET' && path === '/api/v1/desk/collectives/c1?view=chart') return { body: view() };
      if (method === 'GET' && path === '/api/v1/desk/collectives/c1/people/p2')
        return {
          body: {
            ...person('p2', 'Dana', 'u2'),
            collective_id: 'c1',
            responsible: 'p3',
            contact: '+7 700 1',
            version: V(5),
          },
        };
      if (method === 'PATCH') return { body: {} };
      return undefined;
    });
    const root = await mount(
      <OrganizeView collective="c1" demands={DEMAND_CLASS} />,
      testContext({ session: organizer, canEdit: false }).ctx,
    );
    await click(root.querySelector('[data-person="p2"]'));
    expect(byId('person-responsible').textContent).toBe('Organizer responsible: Bolat');
    expect(byId<HTMLDetailsElement>('person-contact').open).toBe(false);
    expect(byId<HTMLInputElement>('person-edit-contact').value).toBe('+7 700 1');
    await type(byId('responsible-search'), 'mar');
    await settle();
    const results = byId('responsible-search-results');
    // The person is never offered as their own organizer.
    expect(results.textContent).toContain('Marat');
    expect(results.textContent).not.toContain('Dana');
    await click(button(results, 'Choose'));
    expect(byId('responsible-now').textContent).toContain('Marat');
    await type(byId('person-edit-contact'), '@dana_t');
    await type(byId('person-edit-role'), 'shop steward');
    await click(button(root, 'Save the record'));
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.path).toBe('/api/v1/desk/collectives/c1/people/p2');
    expect(patch.body).toEqual({
      prev: [V(5)],
      pseudonym: 'Dana',
      unit: 'u2',
      role: 'shop steward',
      responsible: 'p1',
      contact: '@dana_t',
    });
  });

  it('saves needs, coded and plain demands and an event picked by search', async () => {
    const calls = stubFetch(({ method, path }) => {
      if (method === 'GET' && path === '/api/v1/desk/collectives/c1?view=chart') return { body: view() };
      if (method === 'GET' && path.startsWith('/api/v1/desk/collectives/event-search'))
        return {
          body: {
            events: [
              {
                id: 'ev-new',
                date: '2026-12-01',
                admin1: 'Mangystau',
                settlement: 'Zhanaozen',
                event_type: 'labour_action',
                sub_event_type: 'walkout',
                enterprise: null,
                verification: 'verified',
              },
            ],
          },
        };
      if (method === 'PATCH') return { body: {} };
      return undefined;
    });
    const root = await mount(
      <OrganizeView collective="c1" demands={DEMAND_CLASS} />,
      testContext({ session: organizer, canEdit: false }).ctx,
    );
    const linked = byId('linked-events-list');
    expect(linked.querySelector('[data-event="ev-old"]')!.textContent).toContain('Strike');
    expect(linked.querySelector('[data-event="ev-gone"]')!.textContent).toContain(
      'not among the published events',
    );
    expect(byId<HTMLInputElement>('demand-wages').checked).toBe(true);
    expect(byId<HTMLTextAreaElement>('demands-other').value).toBe('a canteen');
    // Demands are the taxonomy's codes, under their classes.
    expect(byId('demands-labour').textContent).toContain('Right to strike');

    await type(byId('collective-needs'), 'a room and a lawyer');
    await click(byId('demand-wage_arrears'));
    await type(byId('demand-wage_arrears-text'), 'pay the three months owed');
    await click(byId('demand-wages'));
    await type(byId('event-search'), 'zhanaozen');
    await pause();
    const search = calls.find((c) => c.path.includes('event-search'))!;
    expect(search.path).toBe('/api/v1/desk/collectives/event-search?q=zhanaozen&limit=10');
    await click(button(byId('event-search-results'), 'Link'));
    await click(button(linked, 'Remove'));
    await click(button(root, 'Save needs, demands and events'));
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.path).toBe('/api/v1/desk/collectives/c1');
    expect(patch.body).toEqual({
      prev: [V(1)],
      needs: 'a room and a lawyer',
      demands: [
        { code: 'wage_arrears', text: 'pay the three months owed' },
        { code: null, text: 'a canteen' },
      ],
      events: ['ev-gone', 'ev-new'],
    });
  });
});

function joinView(id: string, extra: Partial<JoinView> = {}): JoinView {
  return {
    id,
    author: 'cd'.repeat(32),
    createdAt: 1_765_000_000,
    pseudonym: `Applicant ${id.slice(0, 4)}`,
    enterprise: 'Depot',
    settlement: null,
    want: 'join',
    contact: null,
    message: null,
    collectiveId: null,
    lang: 'ru',
    replyKey: null,
    status: 'new',
    organizer: null,
    collective_id: null,
    person: null,
    note: null,
    status_at: null,
    version: null,
    conflict: false,
    ...extra,
  };
}

describe('join requests with the collective picker, a page at a time', () => {
  it('assigns through the picker, shows how many there are and pages on', async () => {
    const [a, b, c] = ['aa', 'bb', 'cc'].map((x) => x.repeat(32)) as [string, string, string];
    const calls = stubFetch(({ method, path }) => {
      if (method === 'GET' && path === '/api/v1/desk/collectives')
        return {
          body: {
            collectives: [
              { id: 'col-1', name: 'Bus depot', stage: 'contact', settlement: 'Aktau', units: [] },
              { id: 'col-2', name: 'Foundry', stage: 'committee', settlement: 'Temirtau', units: [] },
            ],
          },
        };
      if (method === 'GET' && path === '/api/v1/desk/joins?status=new')
        return { body: { joins: [joinView(a), joinView(b)], total: 3, next: `1765000000:${b}` } };
      if (method === 'GET' && path === `/api/v1/desk/joins?status=new&cursor=1765000000%3A${b}`)
        return { body: { joins: [joinView(c)], total: 3, next: null } };
      if (method === 'POST') return { body: joinView(a, { status: 'assigned' }) };
      return undefined;
    });
    const root = await mount(
      <OrganizeView collective="joins" demands={DEMAND_CLASS} />,
      testContext({ session: admin }).ctx,
    );
    expect(byId('join-count').textContent).toBe('Shown: 2 of 3');
    await click(byId('join-more'));
    expect(byId('join-count').textContent).toBe('Shown: 3 of 3');
    expect(root.querySelector('#join-more')).toBeNull();

    const item = root.querySelector(`[data-join="${a}"]`)!;
    await type(item.querySelector('input[id$="-organizer"]'), 'asel');
    await type(item.querySelector('input[id$="-collective"]'), 'foun');
    await settle();
    const results = item.querySelector('[id$="-collective-results"]')!;
    expect(results.textContent).toContain('Foundry');
    expect(results.textContent).not.toContain('Bus depot');
    await click(button(results as HTMLElement, 'Choose'));
    expect(item.querySelector('[id$="-collective-chosen"]')!.textContent).toBe('Foundry');
    await click(button(item as HTMLElement, 'Assign'));
    const assign = calls.find((x) => x.method === 'POST')!;
    expect(assign.path).toBe(`/api/v1/desk/joins/${a}/status`);
    expect(assign.body).toEqual({ status: 'assigned', organizer: 'asel', collective: 'col-2' });
    // After the change the list is read again as far as it was shown.
    expect(calls.filter((x) => x.path.startsWith('/api/v1/desk/joins?')).length).toBe(4);
  });
});
