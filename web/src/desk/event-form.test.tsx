// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CodedEventContent } from '../../../src/core/content.js';
import { buildCodedEventContent } from '../../../src/core/test-factories.js';
import { EventFormView } from './event-form.js';
import { setLang } from './i18n.js';
import {
  byId,
  changesDuring,
  click,
  inboxReport,
  mount,
  settle,
  stubFetch,
  testContext,
  type,
} from './test-support.js';

afterEach(() => {
  vi.unstubAllGlobals();
  history.replaceState(null, '', '#/');
});

const DRAFT = buildCodedEventContent({ id: 'evt-2022-01-03-zhanaozen-ab12', notes: undefined });
const REPORTS = [inboxReport('a1', { cluster: 'zh-1' }), inboxReport('b2', { cluster: 'zh-1' })];

interface NodeOptions {
  versions?: { version: string; content: CodedEventContent; created_at: number }[];
  answer?: (body: { content: CodedEventContent; prev: string[] }) => { status: number; body: unknown };
}

function node(options: NodeOptions = {}) {
  return stubFetch(({ path, method, body }) => {
    if (path === '/api/v1/desk/clusters/zh-1/draft')
      return { body: { content: { ...DRAFT, report_ids: REPORTS.map((r) => r.id) }, reports: REPORTS } };
    if (path.startsWith('/api/v1/desk/events/'))
      return { body: { id: DRAFT.id, versions: options.versions ?? [], conflict: false } };
    if (path === '/api/v1/desk/events' && method === 'POST') {
      const answer = options.answer?.(body as { content: CodedEventContent; prev: string[] });
      return (
        answer ?? {
          status: 201,
          body: { id: (body as { content: { id: string } }).content.id, version: 'v-new' },
        }
      );
    }
    return undefined;
  });
}

const posts = (calls: ReturnType<typeof node>) =>
  calls
    .filter((c) => c.method === 'POST')
    .map((c) => c.body as { content: CodedEventContent; prev: string[] });

describe('the event form', () => {
  it('is filled from the cluster’s draft, with its reports beside it', async () => {
    node();
    const { ctx } = testContext();
    const root = await mount(<EventFormView source={{ kind: 'cluster', cluster: 'zh-1' }} />, ctx);
    expect(byId<HTMLInputElement>('ev-settlement').value).toBe('Zhanaozen');
    expect(byId<HTMLSelectElement>('ev-event_type').value).toBe('labour_action');
    expect(byId<HTMLSelectElement>('ev-sub_event_type').value).toBe('strike');
    expect(byId<HTMLInputElement>('ev-demand-economic-fuel_prices').checked).toBe(true);
    expect(byId<HTMLInputElement>('ev-role-workers').checked).toBe(true);
    expect(root.querySelectorAll('.event-reports article.report')).toHaveLength(2);
    expect(root.querySelector('.view')?.classList.contains('with-aside')).toBe(true);
    expect(byId('event-publish').textContent).toBe('Publish');
  });

  it('changes nothing else in the page while the editor types, and keeps it across languages', async () => {
    node();
    const { ctx } = testContext();
    const root = await mount(<EventFormView source={{ kind: 'cluster', cluster: 'zh-1' }} />, ctx);
    const notes = byId<HTMLTextAreaElement>('ev-notes');
    notes.focus();
    const changed = await changesDuring(root, () => type(notes, 'Confirmed by the union'));
    expect(changed).toEqual([]);
    setLang('kk');
    await settle();
    const eventType = byId<HTMLSelectElement>('ev-event_type');
    expect(eventType.options[eventType.selectedIndex]?.textContent).toBe('Еңбек акциясы');
    expect(byId('ev-notes')).toBe(notes);
    expect(notes.value).toBe('Confirmed by the union');
    expect(document.activeElement).toBe(notes);
    setLang('en');
  });

  it('offers the sub-types of the type chosen, and rows of actors and sources that take focus', async () => {
    node();
    const { ctx } = testContext();
    const root = await mount(<EventFormView source={{ kind: 'cluster', cluster: 'zh-1' }} />, ctx);
    await type(byId('ev-event_type'), 'protest');
    expect(byId<HTMLSelectElement>('ev-sub_event_type').value).toBe('peaceful_protest');
    expect(Array.from(byId<HTMLSelectElement>('ev-sub_event_type').options).map((o) => o.value)).toEqual([
      'peaceful_protest',
      'protest_with_intervention',
      'excessive_force_against_protesters',
    ]);

    await click(byId('add-actor'));
    await settle();
    expect(document.activeElement).toBe(byId('ev-actor-1-role'));
    await click(byId('ev-role-state_forces'));
    expect(root.querySelectorAll('#sec-who .rows > li')).toHaveLength(3);
    await click(byId('remove-actor-0'));
    await settle();
    expect(document.activeElement).toBe(byId('add-actor'));
    expect(byId<HTMLInputElement>('ev-role-workers').checked).toBe(false);

    await click(byId('add-source'));
    await settle();
    expect(document.activeElement).toBe(byId('ev-source-0-name'));
  });

  it('lists what is wrong before sending anything, each line taking the editor to its field', async () => {
    const calls = node();
    const { ctx } = testContext();
    await mount(<EventFormView source={{ kind: 'cluster', cluster: 'zh-1' }} />, ctx);
    await type(byId('ev-lat'), '200');
    await click(byId('event-publish'));
    await settle();
    expect(posts(calls)).toEqual([]);
    const summary = byId('form-errors');
    expect(document.activeElement).toBe(summary);
    expect(summary.querySelector('a')?.textContent).toBe('Latitude: Enter a number in range.');
    expect(byId('ev-lat').getAttribute('aria-invalid')).toBe('true');
    expect(byId('ev-lat-error').textContent).toBe('Enter a number in range.');
    await click(summary.querySelector('a'));
    expect(document.activeElement).toBe(byId('ev-lat'));
  });

  it('publishes the corrected event and goes on as its editor', async () => {
    const calls = node();
    const { ctx } = testContext();
    await mount(<EventFormView source={{ kind: 'cluster', cluster: 'zh-1' }} />, ctx);
    await type(byId('ev-size_low'), '500');
    await click(byId('ev-tactic-march'));
    await click(byId('event-publish'));
    await settle();
    const [sent] = posts(calls);
    expect(sent?.prev).toEqual([]);
    expect(sent?.content).toMatchObject({ size: { low: 500 }, tactics: ['march', 'rally'] });
    expect(byId('event-saved').textContent).toBe(`Published: event ${DRAFT.id}.`);
    expect(document.activeElement).toBe(byId('event-saved'));
    // The reports beside the form are attached now, without a reload.
    const chips = Array.from(document.querySelectorAll('.event-reports .chip[class*="status-"]'));
    expect(chips.map((c) => c.className)).toEqual(['chip status-attached', 'chip status-attached']);
    expect(location.hash).toBe(`#/event/${DRAFT.id}`);
    expect(byId('event-heading').textContent).toBe(`Event ${DRAFT.id}`);
    expect(byId('event-publish').textContent).toBe('Publish the changes');
    expect(byId<HTMLInputElement>('ev-id').readOnly).toBe(true);

    await type(byId('ev-detained'), '3');
    await click(byId('event-publish'));
    await settle();
    expect(posts(calls)[1]?.prev).toEqual(['v-new']);
  });

  it('asks for the override when the node will not publish an unverified event', async () => {
    const calls = node({
      answer: ({ content }) =>
        content.verification === 'unverified'
          ? { status: 400, body: { error: { code: 'not_publishable', message: 'no' } } }
          : { status: 201, body: { id: content.id, version: 'v1' } },
    });
    const { ctx } = testContext();
    await mount(<EventFormView source={{ kind: 'cluster', cluster: 'zh-1' }} />, ctx);
    expect(document.getElementById('ev-publish-unverified')).toBeNull();
    await type(byId('ev-verification'), 'unverified');
    expect(byId<HTMLInputElement>('ev-publish-unverified').checked).toBe(false);
    await click(byId('event-publish'));
    await settle();
    expect(byId('ev-verification-error').textContent).toMatch(/corroborate/);
    await click(byId('ev-publish-unverified'));
    await click(byId('event-publish'));
    await settle();
    expect(calls.filter((c) => c.method === 'POST')[1]?.body).toMatchObject({ publish_unverified: true });
  });

  it('shows a stale save as a conflict, with each side’s change chosen, and publishes the merge', async () => {
    const mine = buildCodedEventContent({ id: DRAFT.id });
    const theirs = { ...mine, notes: 'Confirmed by the union committee' };
    const calls = node({
      versions: [{ version: 'v1', content: mine, created_at: 100 }],
      answer: ({ prev }) =>
        prev.includes('v2')
          ? { status: 201, body: { id: DRAFT.id, version: 'v3' } }
          : {
              status: 409,
              body: {
                error: {
                  code: 'stale_edit',
                  message: 'stale',
                  details: { current: [{ version: 'v2', content: theirs, created_at: 200 }] },
                },
              },
            },
    });
    const { ctx } = testContext();
    const root = await mount(<EventFormView source={{ kind: 'event', id: DRAFT.id }} />, ctx);
    await type(byId('ev-detained'), '12');
    await click(byId('event-publish'));
    await settle();
    expect(byId('conflict-heading').textContent).toBe('Someone else saved this event meanwhile');
    expect(document.activeElement).toBe(byId('conflict-heading'));
    expect(root.querySelectorAll('.conflict-field')).toHaveLength(2);
    expect(byId<HTMLInputElement>('pick-notes-0').checked).toBe(true);
    expect(byId<HTMLInputElement>('pick-detained-1').checked).toBe(true);

    await click(byId('take-all-0'));
    expect(byId<HTMLInputElement>('pick-detained-0').checked).toBe(true);
    expect(byId('pick-detained-0').closest('label')?.classList.contains('chosen')).toBe(true);
    await click(byId('pick-detained-1'));
    await click(byId('conflict-save'));
    await settle();
    const last = posts(calls).at(-1);
    expect(last?.prev).toEqual(['v2']);
    expect(last?.content).toMatchObject({ notes: 'Confirmed by the union committee', detained: 12 });
    expect(byId('event-saved')).toBeTruthy();
    expect(document.querySelector('.conflict')).toBeNull();
  });

  it('opens two desks’ versions as a conflict first, and lets the editor correct the merge', async () => {
    const a = buildCodedEventContent({ id: DRAFT.id, detained: 1 });
    const b = buildCodedEventContent({ id: DRAFT.id, detained: 2 });
    node({
      versions: [
        { version: 'va', content: a, created_at: 100 },
        { version: 'vb', content: b, created_at: 200 },
      ],
    });
    const { ctx } = testContext();
    await mount(<EventFormView source={{ kind: 'event', id: DRAFT.id }} />, ctx);
    expect(byId('conflict-heading')).toBeTruthy();
    await click(byId('pick-detained-1'));
    await click(byId('conflict-edit'));
    await settle();
    expect(byId<HTMLInputElement>('ev-detained').value).toBe('1');
    expect(document.activeElement).toBe(byId('event-heading'));
  });
});
