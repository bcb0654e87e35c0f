// The public page of a node: "what can we say about the situation right now?" The node
// aggregates the published events (one request per change of the filters); this page draws the
// map, the timeline and the breakdowns, and shows the brief, the news and the latest events.
import type { NostrEvent } from '../../../src/core/event.js';
import { h, replace } from '../shared/dom.js';
import { errorText } from '../shared/http.js';
import { formatDateTime, formatDay, initI18n, lang, langSwitcher, onLangChange, t } from '../shared/i18n.js';
import {
  type Brief,
  type Filters,
  NOW_PERIODS,
  type NowPeriod,
  type Options,
  type Situation,
} from './api.js';
import { timeline } from './charts.js';
import { CollectivesPanel } from './collectives-panel.js';
import { eventDialog } from './event-detail.js';
import { EVENT_TYPE_ORDER, label, regionLabel } from './labels.js';
import { isMapFile } from './map-data.js';
import { MapView } from './map-view.js';
import { nowSwitch, openingPeriod } from './now-switch.js';
import * as panels from './panels.js';
import { addPlaceNames } from './place-names.js';
import { createProgramPanel } from './program-panel.js';
import { findMirror, nodeSource, type Source } from './source.js';
// The page's own styles: esbuild writes them beside the script as assets/situation-<hash>.css.
import './situation.css';

/** The built map file's URL (scripts/build-web.mjs). */
declare const __MAP_DATA__: string;

type Loadable<T> =
  | { state: 'loading'; last?: T }
  | { state: 'ok'; value: T }
  | { state: 'error'; error: unknown; last?: T };

const EMPTY_FILTERS: Filters = { from: '', to: '', admin1: '', event_type: '', period: '' };

const initialHash = readHash();
const state = {
  filters: initialHash.filters,
  /** The event open in the dialog (`#event=`), or null. */
  event: initialHash.event,
  options: null as Options | null,
  situation: { state: 'loading' } as Loadable<Situation>,
  brief: { state: 'loading' } as Loadable<Brief>,
  /** The period and language the brief shown was asked for. */
  briefFor: '',
  news: { state: 'loading' } as Loadable<NostrEvent[]>,
};

/** The node, until its API fails as a static server does and `mirror.json` is found. */
let source: Source = nodeSource;

const root = document.getElementById('app')!;
/** The program's support (its own panel: it loads /api/v1/program itself). */
const programPanel = createProgramPanel();
const collectives = new CollectivesPanel();
const map = new MapView({
  onRegion: (admin1) => setFilters({ admin1: admin1 ?? '' }),
  onPlace: (settlement) => {
    // The newest event shown at that place opens; the marker's text names them all.
    const found = currentOf(state.situation)?.latest.find((e) => e.settlement === settlement);
    if (found) dialog.open(found.id);
  },
});
const dialog = eventDialog(
  (id) => source.event(id),
  (id) => {
    state.event = id;
    writeHash(state.filters);
  },
);
const slots = {
  now: h('div'),
  period: h('p', { class: 'period' }),
  demo: h('div'),
  filters: h('div'),
  status: h('p', { class: 'status', role: 'status', 'aria-live': 'polite' }),
  totals: h('div'),
  timeline: h('div', { class: 'timeline-slot' }),
  breakdowns: h('div', { class: 'cards' }),
  brief: h('div'),
  news: h('div'),
  latest: h('div'),
};

/** The value of a loadable, or the last one while a new one loads or after it failed. */
function currentOf<T>(l: Loadable<T>): T | undefined {
  return l.state === 'ok' ? l.value : l.last;
}

function section(key: string, ...body: Node[]): HTMLElement {
  return h(
    'section',
    { class: `panel panel-${key}`, 'aria-labelledby': `s-${key}` },
    h('h2', { id: `s-${key}` }, t(`situation.section.${key}`)),
    ...body,
  );
}

/** The whole page, for the first time and on every change of language. */
function renderPage(): void {
  document.title = t('situation.title');
  map.relabel();
  replace(
    root,
    h('header', { class: 'top' }, h('p', { class: 'brand' }, t('common.brand')), langSwitcher()),
    h(
      'main',
      { class: 'situation' },
      h('h1', null, t('situation.heading')),
      slots.demo,
      slots.now,
      slots.period,
      slots.status,
      slots.totals,
      // What happened now comes first: on a phone the brief and the latest events are right
      // under the totals, before the map and the charts.
      h('div', { class: 'columns' }, section('brief', slots.brief), section('latest', slots.latest)),
      h(
        'div',
        { class: 'views' },
        section('map', map.element, h('p', { class: 'muted small' }, t('situation.map.hint'))),
        section('timeline', slots.timeline),
      ),
      slots.filters,
      slots.breakdowns,
      section('news', slots.news),
      collectives.element,
      section('program', programPanel.element),
      h(
        'footer',
        { class: 'page-foot' },
        h('p', null, h('a', { href: '/report' }, t('situation.report_link'))),
        h('p', null, h('a', { href: '/join' }, t('situation.join_link'))),
        h('p', { class: 'muted small' }, t('situation.map.credit')),
      ),
    ),
  );
  renderFilters();
  renderSituation();
  renderBrief();
  renderNews();
  renderDemo();
  collectives.render();
  programPanel.render();
}

function renderDemo(): void {
  // Demo events are shown (and the banner with them) only while the node has no real event.
  const demo = currentOf(state.situation)?.demo === true;
  const mirror = source.mirror;
  replace(
    slots.demo,
    demo ? h('p', { class: 'notice demo-notice', role: 'note' }, t('situation.demo')) : null,
    mirror
      ? h(
          'p',
          { class: 'notice mirror-notice', role: 'note' },
          t('situation.mirror', { date: formatDateTime(Date.parse(mirror.generated_at) / 1000) }),
        )
      : null,
  );
}

function renderFilters(): void {
  const situation = currentOf(state.situation);
  const options = state.options;
  const regions = options?.regions.length
    ? options.regions
    : (situation?.by_region.flatMap((r) => (r.admin1 ? [r.admin1] : [])) ?? []);
  const types = options?.event_types.length ? options.event_types : [...EVENT_TYPE_ORDER];
  const from = state.filters.from || situation?.period.from || '';
  const to = state.filters.to || situation?.period.to || '';

  const dateInput = (key: 'from' | 'to', value: string) => {
    const input = h('input', {
      type: 'date',
      id: `f-${key}`,
      name: key,
      value,
      min: options?.date_min ?? null,
      max: options?.date_max ?? null,
      // A mirror holds the whole period only.
      disabled: source.mirror !== null,
    });
    input.addEventListener('change', () => {
      if (input.value) setFilters({ from, to, [key]: input.value, period: '' });
    });
    return h(
      'div',
      { class: 'filter' },
      h('label', { for: `f-${key}` }, t(`situation.filter.${key}`)),
      input,
    );
  };
  const select = (key: 'admin1' | 'event_type', all: string, values: { value: string; text: string }[]) => {
    const el = h(
      'select',
      { id: `f-${key}`, name: key },
      h('option', { value: '' }, all),
      values.map((v) => h('option', { value: v.value, selected: v.value === state.filters[key] }, v.text)),
    );
    el.addEventListener('change', () => setFilters({ [key]: el.value }));
    return h('div', { class: 'filter' }, h('label', { for: `f-${key}` }, t(`situation.filter.${key}`)), el);
  };
  const reset = h('button', { type: 'button', class: 'secondary' }, t('situation.filter.reset'));
  reset.addEventListener('click', () => {
    state.filters = { ...EMPTY_FILTERS };
    load();
  });
  replace(
    slots.filters,
    h(
      'form',
      { class: 'filters', role: 'search', 'aria-label': t('situation.filter.label') },
      dateInput('from', from),
      dateInput('to', to),
      select(
        'admin1',
        t('situation.filter.all_regions'),
        regions
          .map((r) => ({ value: r, text: regionLabel(r) }))
          .sort((a, b) => a.text.localeCompare(b.text, lang())),
      ),
      select(
        'event_type',
        t('situation.filter.all_types'),
        types.map((v) => ({ value: v, text: label('event_type', v) })),
      ),
      reset,
    ),
  );
}

function renderNow(): void {
  replace(
    slots.now,
    nowSwitch(
      state.filters.period,
      state.options,
      (period) => setFilters({ period, from: '', to: '' }),
      source.mirror !== null,
    ),
  );
}

function renderSituation(): void {
  renderNow();
  const s = state.situation;
  const situation = currentOf(s);
  root.querySelector('main')?.setAttribute('aria-busy', s.state === 'loading' ? 'true' : 'false');
  if (s.state === 'error') {
    const retry = h('button', { type: 'button' }, t('common.retry'));
    retry.addEventListener('click', () => load());
    replace(slots.status, h('span', { class: 'error' }, errorText(s.error, 'situation')), ' ', retry);
  } else {
    replace(slots.status, s.state === 'loading' ? t('common.loading') : '');
  }
  if (!situation) return;
  const { from, to } = situation.period;
  replace(
    slots.period,
    [
      from && to ? `${formatDay(from)} — ${formatDay(to)}` : '',
      state.filters.admin1 ? regionLabel(state.filters.admin1) : t('situation.filter.all_regions'),
      state.filters.event_type
        ? label('event_type', state.filters.event_type)
        : t('situation.filter.all_types'),
    ]
      .filter(Boolean)
      .join(' · '),
  );
  replace(slots.totals, panels.totals(situation));
  renderTimeline();
  replace(
    slots.breakdowns,
    ...panels.breakdowns(situation, state.filters, {
      onRegion: (admin1) => setFilters({ admin1 }),
      onEventType: (event_type) => setFilters({ event_type }),
    }),
  );
  addPlaceNames(situation.names);
  replace(
    slots.latest,
    panels.latestEvents(situation, (id) => dialog.open(id)),
  );
  map.setData(situation, state.filters.admin1);
  renderDemo();
}

function renderTimeline(): void {
  const situation = currentOf(state.situation);
  if (!situation) return;
  const width = Math.max(
    280,
    Math.floor(slots.timeline.getBoundingClientRect().width || root.clientWidth - 32),
  );
  replace(slots.timeline, timeline(situation, width));
}

function renderBrief(): void {
  const b = state.brief;
  const value = currentOf(b);
  const period = currentOf(state.situation)?.period;
  replace(
    slots.brief,
    h('p', { class: 'muted small' }, briefPeriodText(period)),
    value ? panels.brief(value) : null,
    b.state === 'loading' && !value ? h('p', { class: 'muted' }, t('common.loading')) : null,
    b.state === 'error' ? h('p', { class: 'muted' }, errorText(b.error, 'situation')) : null,
  );
}

function renderNews(): void {
  const n = state.news;
  const value = currentOf(n);
  replace(
    slots.news,
    value ? panels.news(value, lang()) : null,
    n.state === 'loading' && !value ? h('p', { class: 'muted' }, t('common.loading')) : null,
    n.state === 'error' ? h('p', { class: 'muted' }, errorText(n.error, 'situation')) : null,
  );
}

function briefPeriodText(period: Situation['period'] | undefined): string {
  const mirrored = source.mirror?.brief;
  const p = mirrored ? { from: mirrored.from ?? '', to: mirrored.to ?? '', name: null } : period;
  if (!p?.from || !p.to) return '';
  const days = t('situation.brief.period', { from: formatDay(p.from), to: formatDay(p.to) });
  return p.name && p.name !== 'all' ? `${t(`situation.now.${p.name}`)}: ${days}` : days;
}

/** Change some filters and ask again: the only way the filters change. */
function setFilters(change: Partial<Filters>): void {
  state.filters = { ...state.filters, ...change };
  if (state.filters.from && state.filters.to && state.filters.from > state.filters.to) {
    state.filters = { ...state.filters, from: state.filters.to, to: state.filters.from };
  }
  load();
}

let sequence = 0;

/** One request for the aggregates; an answer that a newer request overtook is dropped. */
async function load(): Promise<void> {
  const mine = ++sequence;
  writeHash(state.filters);
  state.situation = { state: 'loading', last: currentOf(state.situation) } as Loadable<Situation>;
  renderFilters();
  renderSituation();
  try {
    const value = await source.situation(state.filters);
    if (mine !== sequence) return;
    state.situation = { state: 'ok', value };
    void loadBrief();
  } catch (error) {
    if (mine !== sequence) return;
    const mirror = source === nodeSource ? await findMirror(error) : null;
    if (mirror && mine === sequence) {
      source = mirror;
      state.filters = { ...state.filters, from: '', to: '', period: '' };
      void loadSide();
      return load();
    }
    state.situation = { state: 'error', error, last: currentOf(state.situation) } as Loadable<Situation>;
  }
  renderFilters();
  renderSituation();
}

/** The brief of the period shown, in the language shown; asked again when either changes. */
async function loadBrief(): Promise<void> {
  const period = currentOf(state.situation)?.period;
  const asked = `${lang()} ${period?.name ?? ''} ${period?.from ?? ''} ${period?.to ?? ''}`;
  if (asked === state.briefFor && state.brief.state !== 'error') return;
  state.briefFor = asked;
  state.brief = { state: 'loading', last: currentOf(state.brief) } as Loadable<Brief>;
  renderBrief();
  try {
    const value = await source.brief(lang(), period);
    if (asked !== state.briefFor) return;
    state.brief = { state: 'ok', value };
  } catch (error) {
    if (asked !== state.briefFor) return;
    state.brief = { state: 'error', error };
  }
  renderBrief();
}

/** What the page asks once (and again on finding a mirror): filter options, news, demo. */
async function loadSide(): Promise<void> {
  const from = source;
  const options = source.options().catch(() => null);
  const news = source.news(10).then(
    (value) => ({ state: 'ok', value }) as const,
    (error: unknown) => ({ state: 'error', error }) as const,
  );
  void collectives.load(source.mirror);
  if (source.mirror) void programPanel.load(source.mirror);
  const [o, n] = await Promise.all([state.options ? Promise.resolve(state.options) : options, news]);
  if (from !== source) return;
  state.options = o;
  renderFilters();
  renderNow();
  state.news = n;
  renderNews();
}

async function loadOnce(): Promise<void> {
  const mapFile = fetch(__MAP_DATA__, { credentials: 'same-origin' })
    .then((res) => (res.ok ? res.json() : null))
    .then((data: unknown) => (isMapFile(data) ? data : null))
    .catch(() => null);
  // Without a view in the address the page opens on "now": the first of 24 h, 7 days, all
  // time that holds events (one small request decides it before the first situation request).
  if (!state.filters.period && !state.filters.from && !state.filters.to) {
    state.options = await source.options().catch(() => null);
    state.filters = { ...state.filters, period: state.options ? openingPeriod(state.options) : '' };
  }
  void load();
  void loadSide();
  if (state.event) dialog.open(state.event);
  map.setShapes(await mapFile);
}

/** The filters and the open event live in the address (#period=7d&event=…), so a view can be shared or kept. */
function readHash(): { filters: Filters; event: string | null } {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const date = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : '');
  const period = params.get('period');
  const event = params.get('event');
  return {
    filters: {
      from: date(params.get('from')),
      to: date(params.get('to')),
      admin1: params.get('admin1') ?? '',
      event_type: params.get('event_type') ?? '',
      period: (NOW_PERIODS as readonly string[]).includes(period ?? '') ? (period as NowPeriod) : '',
    },
    event: event && /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(event) ? event : null,
  };
}

function writeHash(filters: Filters): void {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (state.event) params.set('event', state.event);
  const hash = params.toString();
  history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
}

let resizeTimer = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(renderTimeline, 150);
});

initI18n();
onLangChange(() => {
  renderPage();
  void loadBrief();
});
renderPage();
void loadOnce();
