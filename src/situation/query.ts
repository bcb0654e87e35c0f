import { z } from 'zod';
import { ValidationError } from '../core/errors.js';
import {
  DEMAND_CLASS,
  DEMAND_CLASSES,
  type Demand,
  EVENT_TYPES,
  ORGANIZATIONS,
  SUB_EVENT_TYPE_TO_EVENT_TYPE,
  type SubEventType,
} from '../core/taxonomy.js';
import type { Db } from '../store/db.js';
import {
  ALL,
  DASHBOARD_DIMS,
  DIM,
  DIMS,
  type Dim,
  type Measures,
  NATIONAL,
  REPORTED,
  SEP,
} from '../store/projections/contributions.js';
import {
  type LatestEvent,
  latestEvents,
  type PlaceNames,
  placeNames,
  showsDemo,
  visibleDateRange,
} from './events-query.js';
import { isDay, NOW_PERIODS, type NowPeriod, nowPeriod, planBuckets } from './period.js';
import { dailyTotals, rollupRegions, rollupRows } from './repository.js';

/** Filters of the situation, as `GET /api/v1/situation` takes them. */
export interface SituationFilters {
  from?: string | undefined;
  to?: string | undefined;
  admin1?: string | undefined;
  event_type?: string | undefined;
  /** A "now" view instead of from/to: '24h', '7d' or 'all'. */
  period?: NowPeriod | undefined;
}

const day = (name: string) =>
  z
    .string()
    .max(10)
    .refine(isDay, { message: `${name} must be a date YYYY-MM-DD`, params: { code: 'invalid_date' } });

const SituationQuerySchema = z
  .strictObject({
    from: day('from').optional(),
    to: day('to').optional(),
    admin1: z
      .string()
      .refine((s) => s.length >= 1 && s.length <= 200, {
        message: 'admin1 must be 1-200 characters',
        params: { code: 'invalid_region' },
      })
      .optional(),
    event_type: z
      .string()
      .max(64)
      .refine((t) => (EVENT_TYPES as readonly string[]).includes(t), {
        message: `event_type must be one of ${EVENT_TYPES.join(', ')}`,
        params: { code: 'invalid_event_type' },
      })
      .optional(),
    period: z
      .string()
      .max(8)
      .refine((p) => (NOW_PERIODS as readonly string[]).includes(p), {
        message: `period must be one of ${NOW_PERIODS.join(', ')}`,
        params: { code: 'invalid_period' },
      })
      .transform((p) => p as NowPeriod)
      .optional(),
  })
  .refine((q) => !q.period || (!q.from && !q.to), {
    message: 'give period, or from and to, not both',
    params: { code: 'invalid_period' },
    path: ['period'],
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'from must not be after to',
    params: { code: 'invalid_period' },
    path: ['to'],
  });

/**
 * Check a query string object; throws ValidationError with a stable code: `invalid_date`,
 * `invalid_period`, `invalid_region`, `invalid_event_type`, `unknown_parameter`, `invalid_query`.
 *
 * @example parseSituationFilters({ from: '2022-01-01', admin1: 'Mangystau Region' })
 */
export function parseSituationFilters(raw: unknown): SituationFilters {
  return parseQuery(SituationQuerySchema, raw);
}

/** Parse a query with a zod schema, turning the first issue into a ValidationError. */
export function parseQuery<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    throw new ValidationError('unknown_parameter', `unknown query parameter: ${issue.keys.join(', ')}`);
  }
  const code = (issue as { params?: { code?: string } } | undefined)?.params?.code ?? 'invalid_query';
  const field = issue?.path.join('.') ?? '';
  const message = issue?.code === 'invalid_type' ? `${field} must be given once, as text` : issue?.message;
  throw new ValidationError(code, message ?? 'bad query');
}

export interface Situation {
  /** The days covered; `name` is the "now" view asked for (null for dates or no period). */
  period: { from: string | null; to: string | null; name: NowPeriod | null };
  filters: { admin1: string | null; event_type: string | null };
  /** participants, detained, fatalities: sums over the events that report them; null when none does. */
  totals: {
    events: number;
    settlements: number;
    regions: number;
    participants: number | null;
    detained: number | null;
    fatalities: number | null;
    /** How many of the events report each figure ("N of M events report it"). */
    reported: { participants: number; detained: number; fatalities: number };
  };
  by_day: { date: string; event_type: string; count: number }[];
  by_region: { admin1: string | null; count: number }[];
  by_event_type: { event_type: string; count: number }[];
  by_sub_event_type: { sub_event_type: string; count: number }[];
  by_sector: { sector: string; count: number }[];
  by_demand_class: { class: string; count: number }[];
  top_demands: { demand: string; class: string; count: number }[];
  by_state_response: { response: string; count: number }[];
  by_organization: { organization: string; count: number }[];
  map: {
    settlement: string;
    admin1: string | null;
    lat: number;
    lon: number;
    count: number;
    /** Sum of the sizes reported there; null when no event there reports one. */
    participants: number | null;
  }[];
  latest: LatestEvent[];
  /** Russian and Kazakh names of the settlements in `map` and `latest`. */
  names: PlaceNames;
  /** The events shown are demo events (none real exists yet). */
  demo: boolean;
}

export type Sums = Map<Dim, Map<string, Measures>>;

const TOP_DEMANDS = 10;
const LATEST = 20;

/** The earliest and latest event day shown (demo events only while nothing real exists). */
export function dateRange(db: Db): { min: string | null; max: string | null } {
  return visibleDateRange(db);
}

/**
 * Sum the rollups over a period for one region/type cell (`undefined` = all): one map per
 * breakdown, value → measures. Reads whole months from month rows and edge days from day rows.
 */
export function sumRollups(
  db: Db,
  from: string,
  to: string,
  admin1?: string,
  eventType?: string,
  dims: readonly Dim[] = DIMS,
): Sums {
  const ranges = planBuckets(from, to);
  const cell = { admin1: admin1 ?? ALL, eventType: eventType ?? ALL };
  const out: Sums = new Map();
  for (const dim of dims) {
    const sums = new Map<string, Measures>();
    for (const [l, lo, hi] of ranges) {
      for (const r of rollupRows(db, cell, l, dim, lo, hi)) {
        const s = sums.get(r[0]);
        if (s) {
          s.n += r[1];
          s.p += r[2];
          s.x += r[3];
          s.f += r[4];
          s.lat += r[5];
          s.lon += r[6];
          s.g += r[7];
        } else sums.set(r[0], { n: r[1], p: r[2], x: r[3], f: r[4], lat: r[5], lon: r[6], g: r[7] });
      }
    }
    out.set(dim, sums);
  }
  return out;
}

const byCount =
  <T extends { count: number }>(key: (x: T) => string) =>
  (a: T, b: T) =>
    b.count - a.count || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

const entries = (sums: Sums, dim: Dim) =>
  [...(sums.get(dim) ?? new Map<string, Measures>())].filter(([, m]) => m.n > 0);

/**
 * The aggregates of the dashboard for a period, a region and an event type (each optional):
 * counts of events by day, region, type, sector, demand, state response and organization, the
 * map per settlement, and the latest events. Answers from the rollups, never from raw events.
 *
 * @example querySituation(node.db, { from: '2022-01-01', to: '2022-01-31', admin1: 'Mangystau Region' })
 */
export function querySituation(db: Db, filters: SituationFilters = {}, now: Date = new Date()): Situation {
  const range = dateRange(db);
  const recent = filters.period && filters.period !== 'all' ? nowPeriod(filters.period, now) : null;
  const from = recent?.from ?? filters.from ?? range.min;
  const to = recent?.to ?? filters.to ?? range.max;
  const admin1 = filters.admin1 ?? null;
  const eventType = filters.event_type ?? null;
  const empty = from === null || to === null || from > to;
  const sums: Sums = empty
    ? new Map()
    : sumRollups(db, from, to, admin1 ?? undefined, eventType ?? undefined, DASHBOARD_DIMS);
  const total = sums.get(DIM.total)?.get('') ?? { n: 0, p: 0, x: 0, f: 0, lat: 0, lon: 0, g: 0 };

  const subs = entries(sums, DIM.sub).map(([v, m]) => ({ sub_event_type: v, count: m.n }));
  const byType = new Map<string, number>();
  for (const s of subs) {
    const type = SUB_EVENT_TYPE_TO_EVENT_TYPE[s.sub_event_type as SubEventType] ?? s.sub_event_type;
    byType.set(type, (byType.get(type) ?? 0) + s.count);
  }
  const places = entries(sums, DIM.place);
  // A region's own cell keeps no region breakdown: it is that region, with all its events.
  const regions: [string, Measures][] =
    admin1 === null ? entries(sums, DIM.region) : total.n > 0 ? [[admin1, total]] : [];

  const reported = (v: string) => sums.get(DIM.reported)?.get(v)?.n ?? 0;
  const known = {
    participants: reported(REPORTED.participants),
    detained: reported(REPORTED.detained),
    fatalities: reported(REPORTED.fatalities),
  };
  const latest = empty ? [] : latestEvents(db, { from, to, admin1, eventType }, LATEST);
  const map = places
    .filter(([, m]) => m.g > 0)
    .map(([v, m]) => {
      const [a, settlement] = v.split(SEP) as [string, string];
      return {
        settlement,
        admin1: a === '' ? null : a,
        lat: round(m.lat / m.g, 4),
        lon: round(m.lon / m.g, 4),
        count: m.n,
        // The place rows keep no count of sized events: a sum of 0 is "no size reported"
        // (a coded size is a crowd, never 0 people).
        participants: m.p > 0 ? m.p : null,
      };
    })
    .sort(byCount((x) => x.settlement));
  return {
    period: { from, to, name: filters.period ?? null },
    filters: { admin1, event_type: eventType },
    totals: {
      events: total.n,
      settlements: places.length,
      regions: regions.filter(([v]) => v !== NATIONAL).length,
      participants: known.participants > 0 ? total.p : null,
      detained: known.detained > 0 ? total.x : null,
      fatalities: known.fatalities > 0 ? total.f : null,
      reported: known,
    },
    by_day: empty ? [] : byDay(db, from, to, admin1, eventType),
    by_region: regions
      .map(([v, m]) => ({ admin1: v === NATIONAL ? null : v, count: m.n }))
      .sort(byCount((x) => x.admin1 ?? '\uffff')),
    by_event_type: EVENT_TYPES.filter((t) => byType.has(t)).map((t) => ({
      event_type: t,
      count: byType.get(t) ?? 0,
    })),
    by_sub_event_type: subs.sort(byCount((x) => x.sub_event_type)),
    by_sector: entries(sums, DIM.sector)
      .filter(([v]) => v !== '')
      .map(([v, m]) => ({ sector: v, count: m.n }))
      .sort(byCount((x) => x.sector)),
    by_demand_class: DEMAND_CLASSES.map((c) => ({
      class: c,
      count: sums.get(DIM.demandClass)?.get(c)?.n ?? 0,
    })),
    top_demands: entries(sums, DIM.demand)
      .map(([v, m]) => ({ demand: v, class: DEMAND_CLASS[v as Demand] ?? 'economic', count: m.n }))
      .sort(byCount((x) => x.demand))
      .slice(0, TOP_DEMANDS),
    by_state_response: entries(sums, DIM.response)
      .map(([v, m]) => ({ response: v, count: m.n }))
      .sort(byCount((x) => x.response)),
    by_organization: ORGANIZATIONS.map((o) => ({
      organization: o,
      count: sums.get(DIM.organization)?.get(o)?.n ?? 0,
    })),
    map,
    latest,
    names: placeNames([...map.map((m) => m.settlement), ...latest.map((e) => e.settlement)]),
    demo: showsDemo(db),
  };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

function byDay(db: Db, from: string, to: string, admin1: string | null, eventType: string | null) {
  const out: { date: string; event_type: string; count: number }[] = [];
  for (const t of eventType ? [eventType] : EVENT_TYPES) {
    for (const [b, n] of dailyTotals(db, { admin1: admin1 ?? ALL, eventType: t }, from, to)) {
      if (n > 0) out.push({ date: b, event_type: t, count: n });
    }
  }
  const order = new Map<string, number>(EVENT_TYPES.map((t, i) => [t, i]));
  return out.sort((x, y) =>
    x.date < y.date
      ? -1
      : x.date > y.date
        ? 1
        : (order.get(x.event_type) ?? 0) - (order.get(y.event_type) ?? 0),
  );
}

/**
 * What the dashboard's filters offer: the regions and event types present, and the span of days.
 *
 * @example situationOptions(node.db) // { regions: ['Mangystau Region', …], event_types: [...], date_min, date_max }
 */
export function situationOptions(
  db: Db,
  now: Date = new Date(),
): {
  regions: string[];
  event_types: string[];
  date_min: string | null;
  date_max: string | null;
  /** The "now" views: their days and how many events each holds (the page opens on the first not empty). */
  now: Record<'24h' | '7d', { from: string; to: string; events: number }>;
  demo: boolean;
} {
  // From the year rollups: a few hundred rows, where the events table has a million.
  const regions = rollupRegions(db)
    .filter((v) => v !== NATIONAL)
    .sort();
  const range = dateRange(db);
  const recent = (p: '24h' | '7d') => {
    const days = nowPeriod(p, now);
    const events = sumRollups(db, days.from, days.to, undefined, undefined, [DIM.total])
      .get(DIM.total)
      ?.get('')?.n;
    return { ...days, events: events ?? 0 };
  };
  return {
    regions,
    event_types: [...EVENT_TYPES],
    date_min: range.min,
    date_max: range.max,
    now: { '24h': recent('24h'), '7d': recent('7d') },
    demo: showsDemo(db),
  };
}
