// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEMAND_CLASS } from '../../../../src/core/taxonomy-codes.js';
import type { DeskContext } from '../desk-context.js';
import { button, byId, click, mount, SESSION, stubFetch, testContext, type } from '../test-support.js';
import { OrganizeView } from './organize.js';
import type { CollectiveView, PersonView } from './organize-api.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

const organizer = {
  ...SESSION,
  account: { ...SESSION.account, username: 'asel', role: 'organizer' as const },
};
const V = (n: number) => String(n).padStart(64, 'a');

function person(
  id: string,
  unit: string,
  level: number | null,
  extra: Partial<PersonView> & { version?: string } = {},
): PersonView {
  return {
    id,
    collective_id: 'c1',
    pseudonym: `Person ${id}`,
    unit,
    role: null,
    responsible: null,
    contact: null,
    version: V(id.length),
    conflict: false,
    level,
    assessed_on: level === null ? null : '2026-12-01',
    ...extra,
  } as PersonView;
}

function collectiveView(people: PersonView[]): CollectiveView {
  return {
    collective: {
      id: 'c1',
      name: 'Depot collective',
      enterprise: { name: 'Depot', sector: null },
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
      needs: '',
      events: [],
      demands: [],
      public: [],
      created_by: 'asel',
      version: V(1),
      conflict: false,
      organizers: [],
    },
    people,
    coverage: [
      {
        unit: 'u1',
        name: 'Shop 1',
        size: 3,
        people: 2,
        assessed: 2,
        ones_and_twos: 2,
        share_assessed: 2 / 3,
        share_ones_and_twos: 2 / 3,
        majority: true,
      },
      {
        unit: 'u2',
        name: 'Shop 2',
        size: 4,
        people: 1,
        assessed: 0,
        ones_and_twos: 0,
        share_assessed: 0,
        share_ones_and_twos: 0,
        majority: false,
      },
    ],
    assessments: 2,
    conversations: [],
    follow_ups_due: [{ conversation: 'k1', person: 'p1', follow_up: '2026-12-06' }],
    tests: [
      {
        id: 't1',
        collective_id: 'c1',
        kind: 'petition',
        target_share: 0.5,
        deadline: null,
        tally: [],
        version: V(9),
        conflict: false,
        units: [
          { unit: 'u1', name: 'Shop 1', size: 3, count: 2, share: 2 / 3, reached: true },
          { unit: 'u2', name: 'Shop 2', size: 4, count: 1, share: 0.25, reached: false },
        ],
      },
    ],
    tasks: [],
    linked_events: [],
  } as unknown as CollectiveView;
}

function organizerCtx(): { ctx: DeskContext; asked: { go: string[]; announced: string[] } } {
  return testContext({ session: organizer, canEdit: false });
}

describe('the Organize views', () => {
  it('list the collectives by stage with last activity and create one with its units', async () => {
    const calls = stubFetch(({ method, path }) => {
      if (path === '/api/v1/desk/collectives/stats')
        return {
          body: {
            collectives: 2,
            by_stage: { contact: 1, initiative_group: 0, committee: 1, union: 0 },
            by_region: [],
            people: 5,
            assessed: 3,
            ones_and_twos: 1,
          },
        };
      if (path === '/api/v1/desk/collectives' && method === 'GET')
        return {
          body: {
            collectives: [
              {
                id: 'c2',
                name: 'Mine committee',
                stage: 'committee',
                settlement: 'Zhezkazgan',
                admin1: null,
                conflict: false,
                last_activity: 1_765_000_000,
              },
              {
                id: 'c1',
                name: 'Depot',
                stage: 'contact',
                settlement: null,
                admin1: null,
                conflict: true,
                last_activity: null,
              },
            ],
          },
        };
      if (path === '/api/v1/desk/collectives' && method === 'POST')
        return { status: 201, body: { id: 'c3' } };
      return undefined;
    });
    const { ctx, asked } = organizerCtx();
    const root = await mount(<OrganizeView collective={null} demands={DEMAND_CLASS} />, ctx);
    expect(byId('stage-committee').textContent).toBe('Committee (1)');
    expect(byId('stage-contact').textContent).toBe('Contact (1)');
    expect(root.querySelector('[data-collective="c1"]')?.textContent).toContain('conflict');
    expect(root.querySelector('[data-collective="c1"]')?.textContent).toContain('no activity yet');
    expect(root.querySelector('[data-collective="c2"] time')).not.toBeNull();

    await type(byId('collective-name'), 'Bus depot');
    await type(byId('collective-enterprise'), 'Depot No 2');
    await type(byId('unit-name-0'), 'Drivers');
    await type(byId('unit-size-0'), '40');
    await click(byId('add-unit'));
    await type(byId('unit-name-1'), 'Repair shop');
    await type(byId('unit-size-1'), '12');
    await click(button(root, 'Create the collective'));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.headers['x-csrf-token']).toBe('csrf-1');
    expect(post.body).toEqual({
      name: 'Bus depot',
      units: [
        { name: 'Drivers', size: 40 },
        { name: 'Repair shop', size: 12 },
      ],
      enterprise: { name: 'Depot No 2' },
    });
    expect(asked.go).toEqual(['#/organize/c3']);
  });

  it('show an editor counts only, without asking for collectives', async () => {
    const calls = stubFetch(({ path }) =>
      path === '/api/v1/desk/collectives/stats'
        ? {
            body: {
              collectives: 4,
              by_stage: { contact: 1, initiative_group: 1, committee: 1, union: 1 },
              by_region: [],
              people: 9,
              assessed: 4,
              ones_and_twos: 2,
            },
          }
        : undefined,
    );
    const root = await mount(<OrganizeView collective={null} demands={DEMAND_CLASS} />, testContext().ctx);
    expect(root.querySelector('[data-stage="union"]')?.textContent).toBe('1');
    expect(root.querySelector('#create-collective')).toBeNull();
    expect(root.textContent).toContain('Editors see counts only');
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/desk/collectives/stats']);
  });

  it('draw the wall chart with coverage, and assess and log a one-on-one for a picked person', async () => {
    let view = collectiveView([person('p1', 'u1', 1), person('p2', 'u1', 2), person('p3', 'u2', null)]);
    const calls = stubFetch(({ method, path }) => {
      if (path === '/api/v1/desk/collectives/c1?view=chart' && method === 'GET') return { body: view };
      if (method === 'POST' && path === '/api/v1/desk/collectives/c1/assessments') {
        view = collectiveView([person('p1', 'u1', 1), person('p2', 'u1', 2), person('p3', 'u2', 4)]);
        return { status: 201, body: { id: 'a9' } };
      }
      if (method === 'POST') return { status: 201, body: { id: 'x' } };
      return undefined;
    });
    const { ctx, asked } = organizerCtx();
    const root = await mount(<OrganizeView collective="c1" demands={DEMAND_CLASS} />, ctx);
    const columns = root.querySelectorAll('.org-column');
    expect([...columns].map((c) => c.querySelector('h3')?.textContent)).toEqual(['Shop 1', 'Shop 2']);
    expect(columns[0]!.querySelectorAll('.org-card').length).toBe(2);
    expect(columns[0]!.querySelector('[data-share="assessed"]')?.textContent).toBe('67%');
    expect(columns[0]!.querySelector('[data-majority]')?.textContent).toBe('Majority reached');
    expect(columns[1]!.querySelector('[data-majority]')?.textContent).toBe('No majority yet');
    expect(columns[1]!.querySelector('.org-card')?.className).toContain('level-none');
    // Follow-ups due name the person; the test's tally is shown against its target.
    expect(byId('follow-ups').textContent).toContain('Person p1');
    const rows = root.querySelectorAll('.org-test tbody tr');
    expect(rows[0]!.querySelector('[data-reached]')?.textContent).toBe('67% reached');
    expect(rows[1]!.querySelector('[data-reached]')?.textContent).toBe('25% short of target');

    await click(root.querySelector('[data-person="p3"]'));
    expect(byId('person-heading').textContent).toBe('Person p3');
    await click(root.querySelector('input[name="assess-level"][value="4"]'));
    await click(button(root, 'Save the assessment'));
    const assess = calls.find((c) => c.path.endsWith('/assessments'))!;
    expect(assess.body).toEqual({ person: 'p3', level: 4 });
    expect(root.querySelector('[data-person="p3"]')?.className).toContain('level-4');
    expect(asked.announced).toContain('Person p3 assessed: 4');

    await type(byId('talk-issues'), 'overtime unpaid');
    await type(byId('talk-commitment'), 'will bring two from the night shift');
    await type(byId('talk-follow-up'), '2026-12-09');
    await click(button(root, 'Save the one-on-one'));
    const talk = calls.find((c) => c.path.endsWith('/conversations'))!;
    expect(talk.body).toEqual({
      person: 'p3',
      follow_up: '2026-12-09',
      issues: 'overtime unpaid',
      asked: '',
      commitment: 'will bring two from the night shift',
      next_step: '',
    });
  });

  it('tally a structure test by unit against a target', async () => {
    const calls = stubFetch(({ method, path }) => {
      if (method === 'GET' && path === '/api/v1/desk/collectives/c1?view=chart')
        return { body: collectiveView([]) };
      if (method === 'POST') return { status: 201, body: { id: 't2' } };
      return undefined;
    });
    const root = await mount(<OrganizeView collective="c1" demands={DEMAND_CLASS} />, organizerCtx().ctx);
    await type(byId('test-target'), '60');
    await type(byId('tally-u1'), '2');
    await type(byId('tally-u2'), '3');
    await click(button(root, 'Save the tally'));
    expect(calls.find((c) => c.path.endsWith('/tests'))?.body).toEqual({
      kind: 'petition',
      target_share: 0.6,
      deadline: null,
      tally: [
        { unit: 'u1', count: 2 },
        { unit: 'u2', count: 3 },
      ],
    });
  });

  it('show a person edited apart on two desk machines and keep one version, naming both', async () => {
    const a = person('p1', 'u1', 1, { pseudonym: 'Marat', version: V(11) });
    const b = person('p1', 'u2', 1, { pseudonym: 'Marat K', version: V(12) });
    const conflicted = { ...a, conflict: true, versions: [a, b] } as unknown as PersonView;
    const calls = stubFetch(({ method, path }) => {
      if (method === 'GET' && path === '/api/v1/desk/collectives/c1?view=chart')
        return { body: collectiveView([conflicted]) };
      if (method === 'PATCH') return { body: {} };
      return undefined;
    });
    const root = await mount(<OrganizeView collective="c1" demands={DEMAND_CLASS} />, organizerCtx().ctx);
    expect(root.querySelector('[data-person="p1"]')?.textContent).toContain('conflict');
    await click(root.querySelector('[data-person="p1"]'));
    expect(byId('person-panel').textContent).toContain('Marat K · Shop 2');
    await click(byId('keep-version-1'));
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.path).toBe('/api/v1/desk/collectives/c1/people/p1');
    expect(patch.body).toEqual({
      prev: [V(11), V(12)],
      pseudonym: 'Marat K',
      unit: 'u2',
      role: null,
      responsible: null,
      contact: null,
    });
  });

  it('say why a collective cannot be opened (another organizer’s)', async () => {
    stubFetch(() => ({ status: 403, body: { error: { code: 'forbidden_collective', message: 'no' } } }));
    const root = await mount(<OrganizeView collective="c9" demands={DEMAND_CLASS} />, organizerCtx().ctx);
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('not yours to see');
  });
});
