// The inbox: decrypted reports, newest first, a page at a time (the node pages with a cursor;
// the page never loads everything), with filters, search and bulk actions.
import { h } from '../shared/dom.js';
import { formatNumber, t } from '../shared/i18n.js';
import { getStatus } from './api.js';
import { codeLabel, LANGS, REPORT_CHANNELS } from './codes.js';
import {
  attachToEvent,
  type EventSummary,
  getInbox,
  type InboxFilters,
  type InboxReport,
  listEvents,
  setStatus,
} from './desk-api.js';
import { reportCard } from './report-card.js';
import {
  button,
  type DeskContext,
  type DeskView,
  errorLine,
  hashFor,
  input,
  labelled,
  select,
} from './ui.js';

const PAGE = 50;
const FILTER_KEYS = ['q', 'status', 'cluster', 'settlement', 'lang', 'channel'] as const;

export function filtersFrom(params: URLSearchParams): InboxFilters {
  const f: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const v = params.get(key)?.trim();
    if (v) f[key] = v;
  }
  return f as InboxFilters;
}

/** A list of reports with selection and the bulk actions; the inbox and a cluster share it. */
export class ReportList {
  reports: InboxReport[] = [];
  next: string | null = null;
  loading = false;
  error: unknown = null;
  selected = new Set<string>();
  busy = false;
  attachTo = '';
  /** Recent events, offered when attaching reports (loaded once, on the first toolbar). */
  private recent: EventSummary[] | null = null;

  constructor(
    private ctx: DeskContext,
    private filters: () => InboxFilters,
    private limit = PAGE,
  ) {}

  async load(more = false): Promise<void> {
    this.loading = true;
    this.error = null;
    if (!more) this.selected.clear();
    this.ctx.redraw();
    try {
      const page = await getInbox(this.filters(), more ? this.next : null, this.limit);
      this.reports = more ? [...this.reports, ...page.items] : page.items;
      this.next = page.next;
      if (more) this.ctx.announce(t('desk.inbox.loaded', { n: formatNumber(this.reports.length) }));
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      this.error = error;
    }
    this.loading = false;
    this.ctx.redraw();
  }

  private async act(run: () => Promise<{ updated: number }>): Promise<void> {
    this.busy = true;
    this.ctx.redraw();
    try {
      const { updated } = await run();
      this.ctx.announce(t('desk.inbox.updated', { n: formatNumber(updated) }));
      this.busy = false;
      await this.load();
    } catch (error) {
      this.busy = false;
      if (this.ctx.signedOut(error)) return;
      this.error = error;
      this.ctx.redraw();
    }
  }

  ids(): string[] {
    return this.reports.filter((r) => this.selected.has(r.id)).map((r) => r.id);
  }

  markNoise(status: 'noise' | 'new'): Promise<void> {
    const ids = this.ids();
    return this.act(() => setStatus(this.ctx.session.csrf_token, ids, status));
  }

  attach(eventId: string): Promise<void> {
    const ids = this.ids();
    return this.act(() => attachToEvent(this.ctx.session.csrf_token, ids, eventId));
  }

  /** The bulk toolbar; `extra` adds the view's own actions (split, merge). */
  toolbar(extra: HTMLElement[] = []): HTMLElement | null {
    if (!this.ctx.canEdit) return null;
    if (this.recent === null) {
      this.recent = [];
      listEvents(null, 50).then(
        (page) => {
          this.recent = page.items;
          this.ctx.redraw();
        },
        () => undefined,
      );
    }
    const n = this.selected.size;
    const none = n === 0 || this.busy;
    const all = h('input', {
      type: 'checkbox',
      id: 'select-all',
      checked: this.reports.length > 0 && this.reports.every((r) => this.selected.has(r.id)),
    });
    all.addEventListener('change', () => {
      if (all.checked) for (const r of this.reports) this.selected.add(r.id);
      else this.selected.clear();
      this.ctx.redraw();
    });
    const attachInput = input('attach_to', this.attachTo, {
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: 'evt-…',
      list: 'recent-events',
    });
    attachInput.addEventListener('input', () => {
      this.attachTo = attachInput.value;
    });
    return h(
      'div',
      { class: 'bulk', role: 'group', 'aria-label': t('desk.inbox.bulk') },
      h('label', { class: 'check' }, all, ' ', t('desk.inbox.select_all')),
      h('p', { class: 'bulk-count', 'aria-live': 'polite' }, t('desk.inbox.selected', { n })),
      button(t('desk.inbox.mark_noise'), () => void this.markNoise('noise'), {
        disabled: none,
        id: 'bulk-noise',
      }),
      button(t('desk.inbox.mark_new'), () => void this.markNoise('new'), { disabled: none, id: 'bulk-new' }),
      h(
        'div',
        { class: 'inline-form' },
        labelled('attach-to', t('desk.inbox.attach_to'), attachInput),
        button(
          t('desk.inbox.attach'),
          () => {
            const id = this.attachTo.trim();
            if (id) void this.attach(id);
            else document.getElementById('attach-to')?.focus();
          },
          { disabled: none, id: 'bulk-attach' },
        ),
      ),
      extra,
      h(
        'datalist',
        { id: 'recent-events' },
        (this.recent ?? []).map((e) =>
          h(
            'option',
            { value: e.id },
            `${codeLabel('sub_event_type', e.content.sub_event_type)} · ${e.content.date}`,
          ),
        ),
      ),
    );
  }

  list(options: { clusterLink?: boolean } = {}): HTMLElement {
    if (this.error && this.reports.length === 0) return errorLine(this.error);
    if (!this.loading && this.reports.length === 0) return h('p', { class: 'muted' }, t('desk.inbox.empty'));
    const list = h(
      'ol',
      { class: 'reports', 'aria-busy': this.loading ? 'true' : 'false' },
      this.reports.map((r) =>
        h(
          'li',
          null,
          reportCard(r, {
            selectable: this.ctx.canEdit,
            selected: this.selected.has(r.id),
            clusterLink: options.clusterLink,
          }),
        ),
      ),
    );
    list.addEventListener('change', (e) => {
      const box = e.target;
      if (!(box instanceof HTMLInputElement) || box.name !== 'select') return;
      if (box.checked) this.selected.add(box.value);
      else this.selected.delete(box.value);
      this.ctx.redraw();
    });
    return h(
      'div',
      null,
      this.error ? errorLine(this.error) : null,
      list,
      this.next
        ? button(t('desk.inbox.more'), () => void this.load(true), {
            id: 'inbox-more',
            disabled: this.loading,
          })
        : null,
      this.loading ? h('p', { class: 'muted', role: 'status' }, t('common.loading')) : null,
    );
  }
}

export class InboxView implements DeskView {
  private list: ReportList;
  private draft: InboxFilters;
  /** The desk queue's progress while reports wait to be opened (after a restore, a backlog). */
  private catchUp: { done: number; total: number } | null = null;

  constructor(
    private ctx: DeskContext,
    private filters: InboxFilters,
  ) {
    this.draft = { ...filters };
    this.list = new ReportList(ctx, () => this.filters);
    void this.list.load();
    this.checkQueue();
  }

  private checkQueue(): void {
    getStatus().then(
      (s) => {
        this.catchUp = s.inbox && s.inbox.waiting > 0 ? s.inbox : null;
        this.ctx.redraw();
      },
      () => undefined,
    );
  }

  title(): string {
    return t('desk.inbox.title');
  }

  private filterForm(): HTMLElement {
    const d = this.draft as Record<string, string | undefined>;
    const any = (label: string) => ({ value: '', label });
    const form = h(
      'form',
      { class: 'filters', role: 'search', 'aria-label': t('desk.inbox.filters') },
      labelled(
        'filter-q',
        t('desk.inbox.search'),
        input('q', d.q ?? '', { type: 'search', enterkeyhint: 'search' }),
      ),
      labelled(
        'filter-status',
        t('desk.inbox.status'),
        select('status', d.status ?? 'new', [
          { value: 'new', label: t('desk.inbox.status_new') },
          { value: 'noise', label: codeLabel('report_status', 'noise') },
          { value: 'attached', label: codeLabel('report_status', 'attached') },
          { value: 'unreadable', label: codeLabel('report_status', 'unreadable') },
          { value: 'all', label: t('desk.inbox.status_all') },
        ]),
      ),
      labelled('filter-settlement', t('desk.inbox.settlement'), input('settlement', d.settlement ?? '')),
      labelled(
        'filter-lang',
        t('desk.inbox.lang'),
        select('lang', d.lang ?? '', [
          any(t('desk.inbox.any')),
          ...LANGS.map((l) => ({ value: l, label: t(`desk.lang.${l}`) })),
        ]),
      ),
      labelled(
        'filter-channel',
        t('desk.inbox.channel'),
        select('channel', d.channel ?? '', [
          any(t('desk.inbox.any')),
          ...REPORT_CHANNELS.map((c) => ({ value: c, label: codeLabel('channel', c) })),
        ]),
      ),
      labelled(
        'filter-cluster',
        t('desk.inbox.cluster'),
        input('cluster', d.cluster ?? '', { spellcheck: 'false' }),
      ),
      h(
        'div',
        { class: 'filter-actions' },
        h('button', { type: 'submit', class: 'primary', id: 'filter-apply' }, t('desk.inbox.apply')),
        h('a', { href: hashFor('inbox'), class: 'button-link' }, t('desk.inbox.reset')),
      ),
    );
    form.addEventListener('input', (e) => {
      const el = e.target as HTMLInputElement | HTMLSelectElement;
      (this.draft as Record<string, string>)[el.name] = el.value;
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const params: Record<string, string | undefined> = {};
      for (const key of FILTER_KEYS)
        params[key] = (this.draft as Record<string, string | undefined>)[key]?.trim();
      if (params.status === 'new') params.status = undefined;
      this.ctx.go(hashFor('inbox', params));
    });
    return form;
  }

  render(): HTMLElement {
    return h(
      'div',
      { class: 'view inbox' },
      h(
        'div',
        { class: 'view-head' },
        h('h1', { tabindex: '-1' }, t('desk.inbox.title')),
        button(
          t('desk.reload'),
          () => {
            void this.list.load();
            this.checkQueue();
          },
          { id: 'inbox-reload' },
        ),
      ),
      this.catchUp
        ? h(
            'p',
            { class: 'notice', id: 'inbox-catching-up' },
            t('desk.inbox.catching_up', {
              done: formatNumber(this.catchUp.done),
              total: formatNumber(this.catchUp.total),
            }),
          )
        : null,
      this.filterForm(),
      h(
        'p',
        { class: 'muted', role: 'status' },
        this.list.loading && this.list.reports.length === 0
          ? t('common.loading')
          : t(this.list.next ? 'desk.inbox.shown_more' : 'desk.inbox.shown', {
              n: formatNumber(this.list.reports.length),
            }),
      ),
      this.list.toolbar(),
      this.list.list(),
    );
  }
}
