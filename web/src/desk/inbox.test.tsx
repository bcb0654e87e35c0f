// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InboxView, QueueProgress } from './inbox.js';
import {
  button,
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

afterEach(() => vi.unstubAllGlobals());

/** Which report cards were drawn (each call of the component is one drawing). */
const drawn: string[] = [];
vi.mock('./report-card.js', async (original) => {
  const m = await original<typeof import('./report-card.js')>();
  return {
    ...m,
    ReportCard: (props: Parameters<typeof m.ReportCard>[0]) => {
      drawn.push(props.report.id);
      return m.ReportCard(props);
    },
  };
});

const STRIKE = inboxReport('a1', {
  text: 'Жанаозен: рабочие вышли на площадь',
  suggestion: {
    event_type: 'labour_action',
    sub_event_type: 'strike',
    date: '2022-01-03',
    settlement: 'Zhanaozen',
    admin1: 'Mangystau Region',
    enterprise: null,
    actor_roles: ['workers'],
    tactics: ['rally'],
    demands: ['fuel_prices'],
    state_responses: [],
    size: { low: 500, high: null, text: 'около 500' },
    organization: null,
    noise: false,
    confidence: { event_type: 0.92, sub_event_type: 0.88, settlement: 1, overall: 0.876 },
  },
});
const GREETING = inboxReport('b2', { text: 'Здравствуйте!', cluster: 'c2' });
/** A suggestion the coding is unsure of: a protest in an unknown place, overall 0.31. */
const UNSURE = inboxReport('d4', {
  text: 'народ собрался у акимата',
  suggestion: {
    ...STRIKE.suggestion!,
    event_type: 'protest',
    sub_event_type: 'peaceful_protest',
    settlement: null,
    admin1: null,
    confidence: { event_type: 0.62, sub_event_type: 0.31, settlement: 0.4, overall: 0.31 },
  },
});

/** An event the attach search finds. */
const ZH_EVENT = {
  id: 'evt-zh',
  version: 'v1',
  created_at: 1_700_000_000,
  content: {
    id: 'evt-zh',
    event_type: 'labour_action',
    sub_event_type: 'strike',
    date: '2022-01-03',
    location: { settlement: 'Zhanaozen' },
  },
};

/** The desk queue as `/api/v1/desk/status` tells it (a backlog after a restore, or none). */
let queue = { waiting: 0, done: 3, total: 3, busy: false, unreadable: 0, unopened: 0 };

function node() {
  let statusOf = new Map<string, string>();
  return stubFetch(({ method, path, body }) => {
    if (path === '/api/v1/desk/status') return { body: { role: 'desk', inbox: queue } };
    if (path.startsWith('/api/v1/desk/inbox')) {
      const url = new URL(path, 'http://node');
      const all = [STRIKE, GREETING, inboxReport('c3')].filter(
        (r) => (statusOf.get(r.id) ?? 'new') === 'new',
      );
      const cursor = url.searchParams.get('cursor');
      return cursor
        ? { body: { reports: all.slice(2), next: null } }
        : { body: { reports: all.slice(0, 2), next: all.length > 2 ? 'cur-1' : null } };
    }
    if (path.startsWith('/api/v1/desk/events?q=')) {
      const q = new URL(path, 'http://node').searchParams.get('q');
      return { body: { events: q === 'жанаозен' ? [ZH_EVENT] : [] } };
    }
    if (path.startsWith('/api/v1/desk/events')) return { body: { events: [], next: null } };
    if (path === '/api/v1/desk/reports/attach' && method === 'POST')
      return { body: { updated: (body as { ids: string[] }).ids.length } };
    if (path === '/api/v1/desk/reports/status' && method === 'POST') {
      const { ids, status } = body as { ids: string[]; status: string };
      statusOf = new Map([...statusOf, ...ids.map((id) => [id, status] as const)]);
      return { body: { updated: ids.length } };
    }
    return undefined;
  });
}

describe('the inbox', () => {
  it('shows reports with what the analysis suggests, and pages on', async () => {
    const calls = node();
    const { ctx, asked } = testContext();
    const root = await mount(<InboxView filters={{}} />, ctx);
    expect(root.querySelectorAll('article.report')).toHaveLength(2);
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Reports shown: 2; there are more.');
    const chips = Array.from(
      root.querySelectorAll('article.report')[0]!.querySelectorAll('.suggestion .chip'),
    );
    expect(chips.map((c) => c.textContent)).toContain('Labour action · Strike');
    expect(chips.map((c) => c.textContent)).toContain('500 people');
    expect(root.querySelectorAll('article.report')[1]!.querySelector('.suggestion')?.textContent).toBe(
      'No suggestion yet.',
    );

    await click(byId('inbox-more'));
    expect(root.querySelectorAll('article.report')).toHaveLength(3);
    expect(calls.some((c) => c.path.includes('cursor=cur-1'))).toBe(true);
    expect(asked.announced).toEqual(['Reports shown: 3.']);
    expect(document.getElementById('inbox-more')).toBeNull();
  });

  it('says how sure each suggestion is, marks the unsure ones, and asks the node for them first', async () => {
    const calls = stubFetch(({ path }) =>
      path.startsWith('/api/v1/desk/inbox') ? { body: { reports: [UNSURE, STRIKE], next: null } } : undefined,
    );
    const { ctx, asked } = testContext();
    const root = await mount(<InboxView filters={{ sort: 'confidence' }} />, ctx);
    expect(calls[0]?.path).toContain('sort=confidence');
    const [unsure, sure] = Array.from(root.querySelectorAll('article.report .suggestion'));
    expect(unsure!.classList.contains('unsure')).toBe(true);
    expect(unsure!.querySelector('.chip.confidence.low')?.textContent).toBe('Low confidence: 31%');
    expect(sure!.classList.contains('unsure')).toBe(false);
    expect(sure!.querySelector('.chip.confidence')?.textContent).toBe('Confidence: 88%');
    expect(sure!.querySelector('.chip.low')).toBeNull();
    // Each field carries its own confidence: the type (sub-type 0.31) is marked, nothing of the sure one.
    const marked = Array.from(unsure!.querySelectorAll('.chip.unsure-field'));
    expect(marked).toHaveLength(1);
    expect(marked[0]!.textContent).toContain('the coding is unsure of this');
    expect(sure!.querySelector('.chip.unsure-field')).toBeNull();
    expect(byId<HTMLSelectElement>('filter-sort').value).toBe('confidence');

    // Back to newest first: the default order stays out of the route.
    await type(byId('filter-sort'), '');
    await click(button(root, 'Show reports'));
    expect(asked.go).toEqual(['#/inbox']);
  });

  it('keeps focus and what is typed while the list loads again', async () => {
    node();
    const { ctx } = testContext();
    const root = await mount(<InboxView filters={{ q: 'газ' }} />, ctx);
    const search = byId<HTMLInputElement>('filter-q');
    expect(search.value).toBe('газ');
    search.focus();
    await type(search, 'газ нефть');
    search.setSelectionRange(3, 3);
    await click(button(root, 'Refresh'));
    await settle();
    expect(byId('filter-q')).toBe(search);
    expect(document.activeElement).toBe(search);
    expect(search.value).toBe('газ нефть');
    expect(search.selectionStart).toBe(3);
  });

  it('applies the filters as a route, leaving the default status out', async () => {
    node();
    const { ctx, asked } = testContext();
    const root = await mount(<InboxView filters={{}} />, ctx);
    await type(byId('filter-q'), '  сжиженный ');
    await type(byId('filter-lang'), 'kk');
    await click(button(root, 'Show reports'));
    expect(asked.go).toEqual(['#/inbox?q=%D1%81%D0%B6%D0%B8%D0%B6%D0%B5%D0%BD%D0%BD%D1%8B%D0%B9&lang=kk']);
  });

  it('selects a report by drawing only that report and the toolbar again', async () => {
    node();
    const { ctx } = testContext();
    const root = await mount(<InboxView filters={{}} />, ctx);
    const [first, second] = Array.from(root.querySelectorAll('article.report'));
    expect(byId<HTMLButtonElement>('bulk-noise').disabled).toBe(true);
    drawn.length = 0;
    const changed = await changesDuring(root, () => click(byId(`select-${GREETING.id}`)));
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.some((n) => first!.contains(n))).toBe(false);
    expect(
      changed.every((n) => second!.contains(n) || n === second || root.querySelector('.bulk')!.contains(n)),
    ).toBe(true);
    expect(drawn).toEqual([GREETING.id]);
    expect(second!.classList.contains('selected')).toBe(true);
    expect(root.querySelector('.bulk-count')?.textContent).toBe('Selected: 1');
    expect(byId<HTMLButtonElement>('bulk-noise').disabled).toBe(false);
  });

  it('marks the selected reports as noise on the node and shows the list again', async () => {
    const calls = node();
    const { ctx, asked } = testContext();
    const root = await mount(<InboxView filters={{}} />, ctx);
    await click(byId(`select-${GREETING.id}`));
    await click(byId('bulk-noise'));
    const post = calls.find((c) => c.path === '/api/v1/desk/reports/status');
    expect(post?.body).toEqual({ ids: [GREETING.id], status: 'noise' });
    expect(post?.headers['x-csrf-token']).toBe('csrf-1');
    expect(asked.announced).toEqual(['Done. Reports updated: 1.']);
    expect(root.textContent).not.toContain('Здравствуйте');
    expect(root.querySelector('.bulk-count')?.textContent).toBe('Selected: 0');
  });

  it('asks for an event before attaching, and shows no bulk actions to readers', async () => {
    const calls = node();
    const { ctx } = testContext();
    const root = await mount(<InboxView filters={{}} />, ctx);
    await click(byId('select-all'));
    expect(root.querySelector('.bulk-count')?.textContent).toBe('Selected: 2');
    await click(byId('bulk-attach'));
    expect(document.activeElement).toBe(byId('attach-find'));
    expect(calls.some((c) => c.path.endsWith('/attach'))).toBe(false);

    const reader = testContext({ canEdit: false });
    const readOnly = await mount(<InboxView filters={{}} />, reader.ctx);
    expect(readOnly.querySelector('.bulk')).toBeNull();
    expect(readOnly.querySelector('input[name="select"]')).toBeNull();
  });

  it('attaches the selected reports to an event found by a search, and links to it', async () => {
    const calls = node();
    const { ctx } = testContext();
    const root = await mount(<InboxView filters={{}} />, ctx);
    await click(byId(`select-${STRIKE.id}`));
    await type(byId('attach-find'), 'жанаозен');
    await click(byId('attach-search'));
    const radio = root.querySelector<HTMLInputElement>('input[name="attach_to"]')!;
    expect(radio.parentElement!.textContent).toBe(' Strike · Zhanaozen · January 3, 2022 · evt-zh');
    await click(radio);
    await click(byId('bulk-attach'));
    const post = calls.find((c) => c.path === '/api/v1/desk/reports/attach');
    expect(post?.body).toEqual({ ids: [STRIKE.id], event_id: 'evt-zh' });
    expect(byId('attach-done').querySelector('a')?.getAttribute('href')).toBe('#/event/evt-zh');
  });

  it('says while the desk queue is still opening reports, and looks again on Refresh', async () => {
    queue = { waiting: 1_200, done: 300, total: 1_500, busy: true, unreadable: 0, unopened: 0 };
    const calls = node();
    const { ctx } = testContext();
    const root = await mount(<InboxView filters={{}} />, ctx);
    expect(byId('inbox-catching-up').textContent).toBe(
      'Opening reports: 300 of 1,500. The list fills in as they are opened.',
    );
    expect(root.querySelectorAll('article.report')).toHaveLength(2);

    queue = { waiting: 0, done: 1_500, total: 1_500, busy: false, unreadable: 0, unopened: 0 };
    await click(button(root, 'Refresh'));
    expect(document.getElementById('inbox-catching-up')).toBeNull();
    expect(calls.filter((c) => c.path === '/api/v1/desk/status')).toHaveLength(2);
  });

  it('counts the reports that came in since the list was loaded, and starts again on a reload', async () => {
    queue = {
      waiting: 0,
      done: 3,
      total: 3,
      busy: false,
      unreadable: 0,
      unopened: 0,
      reports: 3,
    } as typeof queue;
    node();
    const progress = new QueueProgress(testContext().ctx);
    await progress.check();
    expect(progress.arrived.value).toBe(0);
    queue = { ...queue, reports: 5 } as typeof queue;
    await progress.poll();
    expect(progress.arrived.value).toBe(2);
    await progress.check();
    expect(progress.arrived.value).toBe(0);
  });

  it('shows no notice when nothing waits, or when the node has no desk queue', async () => {
    queue = { waiting: 0, done: 3, total: 3, busy: false, unreadable: 0, unopened: 0 };
    node();
    await mount(<InboxView filters={{}} />, testContext().ctx);
    expect(document.getElementById('inbox-catching-up')).toBeNull();

    stubFetch(({ path }) =>
      path === '/api/v1/desk/status'
        ? { body: { role: 'desk', inbox: null } }
        : { body: { reports: [], next: null } },
    );
    await mount(<InboxView filters={{}} />, testContext().ctx);
    expect(document.getElementById('inbox-catching-up')).toBeNull();
  });

  it('filters by the unreadable status and says why a report is unreadable instead of a suggestion', async () => {
    const broken = inboxReport('d4', {
      status: 'unreadable',
      problem: 'lang: Invalid option',
      suggestion: null,
    });
    const calls = stubFetch(({ path }) =>
      path.startsWith('/api/v1/desk/inbox') ? { body: { reports: [broken, STRIKE], next: null } } : undefined,
    );
    const { ctx, asked } = testContext();
    const root = await mount(<InboxView filters={{ status: 'unreadable' }} />, ctx);
    expect(calls.some((c) => c.path.includes('status=unreadable'))).toBe(true);
    const status = byId<HTMLSelectElement>('filter-status');
    expect(status.value).toBe('unreadable');
    expect(Array.from(status.options).map((o) => `${o.value}: ${o.textContent}`)).toEqual([
      'new: Unprocessed',
      'noise: Noise',
      'attached: Attached to an event',
      'unreadable: Unreadable format',
      'all: All reports',
    ]);

    const [first, second] = Array.from(root.querySelectorAll('article.report'));
    expect(first!.querySelector('.report-problem')?.textContent).toBe(
      'Its fields do not fit the report format, so it was not coded: lang: Invalid option',
    );
    expect(first!.querySelector('.suggestion')).toBeNull();
    expect(first!.querySelector('.chip.status-unreadable')?.textContent).toBe('Unreadable format');
    expect(second!.querySelector('.report-problem')).toBeNull();
    expect(second!.querySelector('.suggestion')).not.toBeNull();

    await type(status, 'all');
    await click(button(root, 'Show reports'));
    expect(asked.go).toEqual(['#/inbox?status=all']);
  });
});
