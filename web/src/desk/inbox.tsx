// The inbox: decrypted reports, newest first or least sure first, with filters, search and bulk
// actions.

import { type Signal, signal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { getStatus } from './api.js';
import { codeLabel, LANGS, REPORT_CHANNELS, REPORT_STATUSES } from './codes.js';
import { Field, focusSoon, Options, useTitle, ViewHead } from './controls.js';
import type { InboxFilters } from './desk-api.js';
import { type DeskContext, useDesk, useRouteState } from './desk-context.js';
import { formatNumber, t } from './i18n.js';
import { ShortcutsHelp, useTriageKeys } from './inbox-keys.js';
import { ReportItems, ReportToolbar } from './report-list.js';
import { FILTER_KEYS, type FilterKey, filterParams, ReportList } from './report-list-state.js';
import { hashFor } from './route.js';
import { SkipLink } from './shell.js';

type Draft = Record<FilterKey, Signal<string>>;

/** The filters as typed, not yet applied: one signal each, so typing draws nothing else. */
function draftOf(filters: InboxFilters): Draft {
  const f = filters as Partial<Record<FilterKey, string>>;
  return Object.fromEntries(
    FILTER_KEYS.map((k) => [k, signal(f[k] ?? (k === 'status' ? 'new' : ''))]),
  ) as Draft;
}

/** Open on a wide screen; on a phone the filters fold away under one line (two screens else). */
const wide = () => typeof matchMedia !== 'function' || matchMedia('(min-width: 700px)').matches;

function Filters({ draft, filters }: { draft: Draft; filters: InboxFilters }): JSX.Element {
  const active = FILTER_KEYS.filter((k) => (filters as Partial<Record<FilterKey, string>>)[k]).length;
  return (
    <details class="filters-box" open={wide()}>
      <summary id="filters-summary">
        {active > 0
          ? t('desk.inbox.filters_active', { n: formatNumber(active) })
          : t('desk.inbox.filters_summary')}
      </summary>
      <FilterForm draft={draft} />
    </details>
  );
}

function FilterForm({ draft }: { draft: Draft }): JSX.Element {
  const ctx = useDesk();
  const any = { value: '', label: t('desk.inbox.any') };
  const bind = (key: FilterKey) => ({
    name: key,
    value: draft[key],
    onInput: (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) => {
      draft[key].value = e.currentTarget.value;
    },
  });
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is too new for the browsers the desk supports (Safari 13)
    <form
      class="filters"
      role="search"
      aria-label={t('desk.inbox.filters')}
      onSubmit={(e) => {
        e.preventDefault();
        const typed = Object.fromEntries(FILTER_KEYS.map((k) => [k, draft[k].value]));
        ctx.go(hashFor('inbox', filterParams(typed)));
      }}
    >
      <Field id="filter-q" label={t('desk.inbox.search')}>
        <input type="search" enterKeyHint="search" {...bind('q')} />
      </Field>
      <Field id="filter-status" label={t('desk.inbox.status')}>
        <select {...bind('status')}>
          <Options
            options={[
              ...REPORT_STATUSES.map((s) => ({
                value: s,
                label: s === 'new' ? t('desk.inbox.status_new') : codeLabel('report_status', s),
              })),
              { value: 'all', label: t('desk.inbox.status_all') },
            ]}
          />
        </select>
      </Field>
      <Field id="filter-settlement" label={t('desk.inbox.settlement')}>
        <input type="text" {...bind('settlement')} />
      </Field>
      <Field id="filter-lang" label={t('desk.inbox.lang')}>
        <select {...bind('lang')}>
          <Options options={[any, ...LANGS.map((l) => ({ value: l, label: t(`desk.lang.${l}`) }))]} />
        </select>
      </Field>
      <Field id="filter-channel" label={t('desk.inbox.channel')}>
        <select {...bind('channel')}>
          <Options
            options={[any, ...REPORT_CHANNELS.map((c) => ({ value: c, label: codeLabel('channel', c) }))]}
          />
        </select>
      </Field>
      <Field id="filter-cluster" label={t('desk.inbox.cluster')}>
        <input type="text" spellcheck={false} {...bind('cluster')} />
      </Field>
      <Field id="filter-sort" label={t('desk.inbox.sort')}>
        <select {...bind('sort')}>
          <Options
            options={[
              { value: '', label: t('desk.inbox.sort_newest') },
              { value: 'confidence', label: t('desk.inbox.sort_confidence') },
            ]}
          />
        </select>
      </Field>
      <div class="filter-actions">
        <button type="submit" class="primary" id="filter-apply">
          {t('desk.inbox.apply')}
        </button>
        <a href={hashFor('inbox')} class="button-link">
          {t('desk.inbox.reset')}
        </a>
      </div>
    </form>
  );
}

function Shown({ list }: { list: ReportList }): JSX.Element {
  const n = list.reports.value.length;
  return (
    <p class="muted" role="status">
      {list.loading.value && n === 0
        ? t('common.loading')
        : t(list.next.value ? 'desk.inbox.shown_more' : 'desk.inbox.shown', { n: formatNumber(n) })}
    </p>
  );
}

/**
 * How far the desk queue is while reports wait to be opened (a backlog after a restore or a
 * flood): the list holds only what has been opened, so the desk is told that more is coming.
 */
export class QueueProgress {
  readonly catchingUp = signal<{ done: number; total: number } | null>(null);
  /** Reports that came in since the list was loaded (the inbox's count grew by this much). */
  readonly arrived = signal(0);
  /** The inbox's count of reports when the list was loaded. */
  private loadedAt: number | null = null;

  constructor(private readonly ctx: DeskContext) {}

  /** The list was (re)loaded: what is in the inbox now is shown. */
  async check(): Promise<void> {
    this.loadedAt = null;
    await this.poll();
  }

  /** Ask the node how far the queue is and how many reports the inbox holds. */
  async poll(): Promise<void> {
    try {
      const { inbox } = await getStatus();
      this.catchingUp.value = inbox && inbox.waiting > 0 ? { done: inbox.done, total: inbox.total } : null;
      if (inbox && typeof inbox.reports === 'number') {
        this.loadedAt ??= inbox.reports;
        this.arrived.value = Math.max(0, inbox.reports - this.loadedAt);
      }
    } catch (error) {
      // The notice is a courtesy: without the status the list still says what it holds.
      this.ctx.signedOut(error);
    }
  }
}

/** How often the open inbox asks whether reports came in. */
const POLL_MS = 30_000;

function Arrived({ queue, onShow }: { queue: QueueProgress; onShow: () => void }): JSX.Element | null {
  const n = queue.arrived.value;
  if (n === 0) return null;
  return (
    <p class="notice" id="inbox-arrived" role="status">
      {t('desk.inbox.arrived', { n: formatNumber(n) })}{' '}
      <button type="button" id="inbox-show-arrived" onClick={onShow}>
        {t('desk.inbox.show_arrived')}
      </button>
    </p>
  );
}

function CatchingUp({ queue }: { queue: QueueProgress }): JSX.Element | null {
  const p = queue.catchingUp.value;
  if (!p) return null;
  return (
    <p class="notice" id="inbox-catching-up" role="note">
      {t('desk.inbox.catching_up', { done: formatNumber(p.done), total: formatNumber(p.total) })}
    </p>
  );
}

export function InboxView({ filters }: { filters: InboxFilters }): JSX.Element {
  const ctx = useDesk();
  const list = useRouteState('list', () => {
    const l = new ReportList(ctx, () => filters);
    void l.load();
    return l;
  });
  const queue = useRouteState('queue', () => {
    const q = new QueueProgress(ctx);
    void q.check();
    return q;
  });
  const draft = useRouteState('draft', () => draftOf(filters));
  const help = useRouteState('help', () => signal(false));
  useTriageKeys(list, help);
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') void queue.poll();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [queue]);
  const reload = () => {
    void list.load();
    void queue.check();
  };
  useTitle(t('desk.inbox.title'));
  return (
    <div class="view inbox">
      <ViewHead title={t('desk.inbox.title')}>
        <SkipLink id="skip-reports" toReports />
        <button type="button" id="inbox-reload" onClick={reload}>
          {t('desk.reload')}
        </button>
        <button
          type="button"
          id="shortcuts-open"
          aria-expanded={help.value ? 'true' : 'false'}
          onClick={() => {
            help.value = !help.value;
            if (help.value) focusSoon('shortcuts-heading');
          }}
        >
          {t('desk.keys.open')}
        </button>
      </ViewHead>
      <ShortcutsHelp help={help} />
      <CatchingUp queue={queue} />
      <Arrived queue={queue} onShow={reload} />
      <Filters draft={draft} filters={filters} />
      <Shown list={list} />
      <ReportToolbar list={list} />
      <ReportItems list={list} />
    </div>
  );
}
