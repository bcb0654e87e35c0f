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
import type { JoinView } from './organize-api.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

const ID = 'ab'.repeat(32);

function joinView(extra: Partial<JoinView> = {}): JoinView {
  return {
    id: ID,
    author: 'cd'.repeat(32),
    createdAt: 1_765_000_000,
    pseudonym: 'Crane operator K',
    enterprise: 'Steel plant',
    settlement: null,
    want: 'start',
    contact: '@crane_k',
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

describe('the Join requests view', () => {
  it('lets an editor filter, vouch and assign, and offers no person form', async () => {
    const calls = stubFetch(({ method, path }) => {
      if (method === 'GET' && path.startsWith('/api/v1/desk/joins'))
        return { body: { joins: [joinView()], total: 1, next: null } };
      if (method === 'POST') return { body: joinView({ status: 'vouched' }) };
      return undefined;
    });
    const { ctx, asked } = testContext();
    const root = await mount(<OrganizeView collective="joins" demands={DEMAND_CLASS} />, ctx);
    expect(calls[0]!.path).toBe('/api/v1/desk/joins?status=new');
    const item = root.querySelector(`[data-join="${ID}"]`)!;
    expect(item.textContent).toContain('Crane operator K');
    expect(item.textContent).toContain('Wants to start a collective');
    expect(item.textContent).toContain('@crane_k');
    expect(root.textContent).not.toContain('Make a person of the collective');

    await click(button(root, 'Vouch'));
    const vouch = calls.find((c) => c.method === 'POST')!;
    expect(vouch.path).toBe(`/api/v1/desk/joins/${ID}/status`);
    expect(vouch.body).toEqual({ status: 'vouched' });
    expect(vouch.headers['x-csrf-token']).toBe('csrf-1');
    expect(asked.announced).toEqual(['Status set: Vouched']);

    await type(root.querySelector('input[id$="-organizer"]'), 'dana');
    await type(root.querySelector('input[id$="-collective"]'), 'col-1');
    await click(button(root, 'Assign'));
    expect(calls.filter((c) => c.method === 'POST').at(-1)!.body).toEqual({
      status: 'assigned',
      organizer: 'dana',
      collective: 'col-1',
    });

    const select = byId<HTMLSelectElement>('join-status-filter');
    select.value = '';
    select.dispatchEvent(new Event('change'));
    await settle();
    expect(calls.filter((c) => c.method === 'GET').at(-1)!.path).toBe('/api/v1/desk/joins');
  });

  it('lets the organizer it is assigned to make a person, copying the contact only when asked', async () => {
    const calls = stubFetch(({ method, path }) => {
      if (method === 'GET' && path === '/api/v1/desk/collectives')
        return {
          body: {
            collectives: [
              {
                id: 'col-1',
                name: 'Steel plant',
                stage: 'contact',
                settlement: null,
                units: [
                  { id: 'u1', name: 'Rolling mill' },
                  { id: 'u2', name: 'Crane shop' },
                ],
              },
            ],
          },
        };
      if (method === 'GET')
        return {
          body: {
            joins: [joinView({ status: 'assigned', organizer: 'asel', collective_id: 'col-1' })],
            total: 1,
            next: null,
          },
        };
      return { status: 201, body: {} };
    });
    const organizer = {
      ...SESSION,
      account: { ...SESSION.account, username: 'asel', role: 'organizer' as const },
    };
    const root = await mount(
      <OrganizeView collective="joins" demands={DEMAND_CLASS} />,
      testContext({ session: organizer }).ctx,
    );
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).not.toContain('Vouch');
    // The collective it was assigned for is chosen; its units are a list.
    expect(root.querySelector('[id$="-person-collective-chosen"]')?.textContent).toBe('Steel plant');
    await type(root.querySelector('select[id$="-person-unit"]'), 'u2');
    await click(root.querySelector('input[type="checkbox"]'));
    await click(button(root, 'Make a person of the collective'));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.path).toBe(`/api/v1/desk/joins/${ID}/to-person`);
    expect(post.body).toEqual({ unit: 'u2', copy_contact: true });
  });
});
