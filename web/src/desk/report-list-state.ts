// A list of reports with selection and the bulk actions, a page at a time (the node pages
// with a cursor; the page never loads everything). The inbox and a cluster share it.
import { batch, signal } from '@preact/signals';
import {
  attachToEvent,
  type FoundEvent,
  getInbox,
  type InboxFilters,
  type InboxReport,
  listEvents,
  searchEvents,
  setStatus,
} from './desk-api.js';
import type { DeskContext } from './desk-context.js';
import { formatNumber, t } from './i18n.js';

export const PAGE = 50;
const FILTER_KEYS = ['q', 'status', 'cluster', 'settlement', 'lang', 'channel', 'sort'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export { FILTER_KEYS };

/** The inbox filters of a route's query: known keys, trimmed, empty ones left out. */
export function filtersFrom(params: URLSearchParams): InboxFilters {
  const f: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const v = params.get(key)?.trim();
    if (v) f[key] = v;
  }
  // Newest first is the node's default: any other value would only get an error back.
  if (f.sort !== 'confidence') delete f.sort;
  return f as InboxFilters;
}

/** The route's parameters for filters as typed: `new` is the default status, so it is left out. */
export function filterParams(draft: Partial<Record<FilterKey, string>>): Record<string, string | undefined> {
  const params: Record<string, string | undefined> = {};
  for (const key of FILTER_KEYS) params[key] = draft[key]?.trim() || undefined;
  if (params.status === 'new') params.status = undefined;
  return params;
}

export class ReportList {
  readonly reports = signal<InboxReport[]>([]);
  readonly next = signal<string | null>(null);
  readonly loading = signal(false);
  readonly error = signal<unknown>(null);
  readonly selected = signal<ReadonlySet<string>>(new Set());
  readonly busy = signal(false);
  /** The report the keyboard is on (j/k), by id; null: none yet. */
  readonly current = signal<string | null>(null);
  /** The event picked for "attach to" (its id). */
  readonly attachTo = signal('');
  /** The words that find the event to attach to (a place in any script, a date, an id). */
  readonly attachQuery = signal('');
  /** Events offered for attaching: the recent ones (loaded with the toolbar), or those found. */
  readonly recent = signal<FoundEvent[] | null>(null);
  /** The last attach: to which event, how many reports (the toolbar links to the event). */
  readonly attached = signal<{ id: string; n: number } | null>(null);

  constructor(
    private readonly ctx: DeskContext,
    private readonly filters: () => InboxFilters,
    private readonly limit = PAGE,
  ) {}

  async load(more = false): Promise<void> {
    batch(() => {
      this.loading.value = true;
      this.error.value = null;
      if (!more) this.selected.value = new Set();
    });
    try {
      const page = await getInbox(this.filters(), more ? this.next.value : null, this.limit);
      batch(() => {
        this.reports.value = more ? [...this.reports.value, ...page.items] : page.items;
        this.next.value = page.next;
      });
      if (more) this.ctx.announce(t('desk.inbox.loaded', { n: formatNumber(this.reports.value.length) }));
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      this.error.value = error;
    }
    this.loading.value = false;
  }

  /** Recent events for the "attach to" list; once, and quietly (a search works without). */
  loadRecent(): void {
    if (this.recent.value !== null) return;
    this.recent.value = [];
    listEvents(null, 8).then(
      (page) => {
        this.recent.value = page.items;
      },
      () => undefined,
    );
  }

  /** The events the typed words find (none typed: the recent ones again). */
  async findEvents(): Promise<void> {
    const q = this.attachQuery.value.trim();
    try {
      const found = q ? await searchEvents(q, 10) : (await listEvents(null, 8)).items;
      batch(() => {
        this.recent.value = found;
        if (!found.some((e) => e.id === this.attachTo.value)) this.attachTo.value = '';
      });
    } catch (error) {
      if (!this.ctx.signedOut(error)) this.error.value = error;
    }
  }

  /** Select or unselect one report (a stable function: cards that did not change are not drawn). */
  readonly toggle = (id: string, on: boolean): void => {
    const next = new Set(this.selected.value);
    if (on) next.add(id);
    else next.delete(id);
    this.selected.value = next;
  };

  selectAll(on: boolean): void {
    this.selected.value = on ? new Set(this.reports.value.map((r) => r.id)) : new Set();
  }

  /** Move the keyboard's report by `step` (1: the next, -1: the one before); returns its id. */
  move(step: number): string | null {
    const reports = this.reports.value;
    if (reports.length === 0) return null;
    const at = reports.findIndex((r) => r.id === this.current.value);
    const next =
      at < 0 ? (step > 0 ? 0 : reports.length - 1) : Math.min(reports.length - 1, Math.max(0, at + step));
    this.current.value = reports[next]!.id;
    return this.current.value;
  }

  /** The keyboard's report, if it is still in the list. */
  currentReport(): InboxReport | null {
    return this.reports.value.find((r) => r.id === this.current.value) ?? null;
  }

  /** The reports an action of the keyboard is about: those selected, else the current one. */
  targets(): string[] {
    const ids = this.ids();
    if (ids.length > 0) return ids;
    const here = this.currentReport();
    return here ? [here.id] : [];
  }

  /** The selected reports' ids, in the list's order. */
  ids(): string[] {
    const selected = this.selected.value;
    return this.reports.value.filter((r) => selected.has(r.id)).map((r) => r.id);
  }

  markNoise(status: 'noise' | 'new', ids = this.ids()): Promise<void> {
    return this.act(() => setStatus(this.ctx.session.csrf_token, ids, status));
  }

  attach(eventId: string): Promise<void> {
    const ids = this.ids();
    return this.act(async () => {
      const done = await attachToEvent(this.ctx.session.csrf_token, ids, eventId);
      this.attached.value = { id: eventId, n: done.updated };
      return done;
    });
  }

  private async act(run: () => Promise<{ updated: number }>): Promise<void> {
    this.busy.value = true;
    const before = this.reports.value.findIndex((r) => r.id === this.current.value);
    try {
      const { updated } = await run();
      this.ctx.announce(t('desk.inbox.updated', { n: formatNumber(updated) }));
      this.busy.value = false;
      await this.load();
      // The keyboard stays where it was: on the report that now stands in the place of the one
      // acted on (the list no longer holds it), so that j/k, n and a go on from there.
      if (before >= 0) {
        const reports = this.reports.value;
        this.current.value = reports[Math.min(before, reports.length - 1)]?.id ?? null;
      }
    } catch (error) {
      this.busy.value = false;
      if (this.ctx.signedOut(error)) return;
      this.error.value = error;
    }
  }
}
