/**
 * What the page asks the node. The node aggregates (one request per change of the filters,
 * never every event): the page draws what it is sent.
 */
import type { NostrEvent } from '../../../src/core/event.js';
import type { EventDetail } from '../../../src/situation/events-query.js';
import type { Situation as SituationAnswer } from '../../../src/situation/query.js';
import { api } from '../shared/http.js';

export interface Filters {
  from: string;
  to: string;
  admin1: string;
  event_type: string;
  /** A "now" view ('24h', '7d', 'all'); '' when dates (or nothing) are chosen. */
  period: '' | NowPeriod;
}

export const NOW_PERIODS = ['24h', '7d', 'all'] as const;
export type NowPeriod = (typeof NOW_PERIODS)[number];

/**
 * The node's answer (`src/situation/query.ts`), with the days covered always set: the page
 * fills them from the node's first and last event day when the filters gave none.
 */
export type Situation = Omit<SituationAnswer, 'period'> & {
  period: { from: string; to: string; name: NowPeriod | null };
};

export interface Options {
  regions: string[];
  event_types: string[];
  date_min: string | null;
  date_max: string | null;
  /** Events in the "now" views (a node that predates them sends none). */
  now: Partial<Record<'24h' | '7d', { from: string; to: string; events: number }>>;
  demo: boolean;
}

/** One event as `GET /api/v1/situation/events/:id` answers (src/situation/events-query.ts). */
export type { EventDetail } from '../../../src/situation/events-query.js';

export interface Brief {
  text: string;
  facts: Record<string, unknown>;
}

export const ARTICLE_KIND = 30023;
export const CODED_EVENT_KIND = 30620;

/**
 * The query of a situation request; empty filters are left out.
 * @example situationQuery({ from: '2022-01-01', to: '', admin1: 'Almaty', event_type: '' }) // 'from=2022-01-01&admin1=Almaty'
 */
export function situationQuery(filters: Filters): string {
  const params = new URLSearchParams();
  for (const key of ['period', 'from', 'to', 'admin1', 'event_type'] as const) {
    if (filters[key]) params.set(key, filters[key]);
  }
  return params.toString();
}

export function fetchSituation(filters: Filters): Promise<Situation> {
  const query = situationQuery(filters);
  return api<Situation>(`/api/v1/situation${query ? `?${query}` : ''}`).then(normalizeSituation);
}

export function fetchOptions(): Promise<Options> {
  return api<Partial<Options>>('/api/v1/situation/options').then((o) => ({
    regions: list(o.regions).filter((r): r is string => typeof r === 'string'),
    event_types: list(o.event_types).filter((r): r is string => typeof r === 'string'),
    date_min: typeof o.date_min === 'string' ? o.date_min : null,
    date_max: typeof o.date_max === 'string' ? o.date_max : null,
    now: typeof o.now === 'object' && o.now !== null ? o.now : {},
    demo: o.demo === true,
  }));
}

export function fetchEvent(id: string): Promise<EventDetail> {
  return api<EventDetail>(`/api/v1/situation/events/${encodeURIComponent(id)}`);
}

/**
 * The brief of exactly the period the page shows: a "now" view by name (the node resolves it
 * as it resolves the situation's), else the days shown.
 * @example briefQuery('kk', { from: '2022-01-02', to: '2022-01-07', name: null }) // 'lang=kk&from=2022-01-02&to=2022-01-07'
 */
export function briefQuery(
  lang: string,
  period?: { from: string; to: string; name?: NowPeriod | null },
): string {
  const params = new URLSearchParams({ lang });
  if (period?.name) params.set('period', period.name);
  else if (period?.from && period.to) {
    params.set('from', period.from);
    params.set('to', period.to);
  } else params.set('period', '24h');
  return params.toString();
}

export function fetchBrief(
  lang: string,
  period?: { from: string; to: string; name?: NowPeriod | null },
): Promise<Brief> {
  return api<Partial<Brief>>(`/api/v1/brief?${briefQuery(lang, period)}`).then((b) => ({
    text: typeof b.text === 'string' ? b.text : '',
    facts: typeof b.facts === 'object' && b.facts !== null ? b.facts : {},
  }));
}

/** The latest articles (news, briefs, material), newest first. */
export function fetchNews(limit = 10): Promise<NostrEvent[]> {
  return api<{ events?: NostrEvent[] }>(`/api/v1/events?kinds=${ARTICLE_KIND}&limit=${limit}`).then((b) =>
    list(b.events),
  );
}

/** Whether the node holds demo events (coded events tagged `t`=`demo`). */
export function fetchHasDemo(): Promise<boolean> {
  return api<{ events?: NostrEvent[] }>(`/api/v1/events?kinds=${CODED_EVENT_KIND}&t=demo&limit=1`).then(
    (b) => list(b.events).length > 0,
  );
}

/** Lists the page draws from may be missing in an older or partial answer: read them as empty. */
export function normalizeSituation(raw: Partial<Situation>): Situation {
  const totals: Partial<Situation['totals']> = raw.totals ?? {};
  const num = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : 0);
  // Unknown stays unknown: a missing or null figure is "no data", never 0.
  const known = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : null);
  const reported: Partial<Situation['totals']['reported']> = totals.reported ?? {};
  const name = raw.period?.name;
  return {
    period: {
      from: str(raw.period?.from),
      to: str(raw.period?.to),
      name: (NOW_PERIODS as readonly unknown[]).includes(name) ? (name as NowPeriod) : null,
    },
    filters: { admin1: raw.filters?.admin1 ?? null, event_type: raw.filters?.event_type ?? null },
    totals: {
      events: num(totals.events),
      settlements: num(totals.settlements),
      regions: num(totals.regions),
      participants: known(totals.participants),
      detained: known(totals.detained),
      fatalities: known(totals.fatalities),
      reported: {
        participants: num(reported.participants),
        detained: num(reported.detained),
        fatalities: num(reported.fatalities),
      },
    },
    by_day: list(raw.by_day),
    by_region: list(raw.by_region).map((r) => ({
      admin1: typeof r.admin1 === 'string' ? r.admin1 : null,
      count: r.count,
    })),
    by_event_type: list(raw.by_event_type),
    by_sub_event_type: list(raw.by_sub_event_type),
    by_sector: list(raw.by_sector),
    by_demand_class: list(raw.by_demand_class),
    top_demands: list(raw.top_demands),
    by_state_response: list(raw.by_state_response),
    by_organization: list(raw.by_organization),
    map: list(raw.map).filter((m) => Number.isFinite(m?.lat) && Number.isFinite(m?.lon)),
    latest: list(raw.latest),
    names: typeof raw.names === 'object' && raw.names !== null ? raw.names : {},
    demo: raw.demo === true,
  };
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function list<T>(value: T[] | undefined | null): T[] {
  return Array.isArray(value) ? value : [];
}

/** A tag's first value. */
export function tagOf(event: NostrEvent, name: string): string | undefined {
  return event.tags.find((tg) => tg[0] === name)?.[1];
}
