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
import { cachedStatement, type Db } from '../store/db.js';
import {
  ALL,
  DASHBOARD_DIMS,
  DIM,
  DIMS,
  type Dim,
  type Measures,
  NATIONAL,
  SEP,
} from '../store/projections/contributions.js';
import { isDay, planBuckets } from './period.js';

/** Filters of the situation, as `GET /api/v1/situation` takes them. */
export interface SituationFilters {
  from?: string | undefined;
  to?: string | undefined;
  admin1?: string | undefined;
  event_type?: string | undefined;
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
  period: { from: string | null; to: string | null };
  filters: { admin1: string | null; event_type: string | null };
  totals: {
    events: number;
    settlements: number;
    regions: number;
    participants: number;
    detained: number;
    fatalities: number;
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
    participants: number;
  }[];
  latest: {
    id: string;
    date: string;
    event_type: string;
    sub_event_type: string;
    settlement: string | null;
    admin1: string | null;
    summary: string | null;
  }[];
}

export type Sums = Map<Dim, Map<string, Measures>>;

const TOP_DEMANDS = 10;
const LATEST = 20;

/** The earliest and latest event day in the projection, or nulls when it is empty. */
export function dateRange(db: Db): { min: string | null; max: string | null } {
  // Two subqueries, so that each is one step down the date index (min and max together in
  // one SELECT make SQLite scan the whole index: 40 ms at a million events).
  const row = cachedStatement(
    db,
    'SELECT (SELECT min(date) FROM proj_coded_events) AS min, (SELECT max(date) FROM proj_coded_events) AS max',
  ).get() as {
    min: string | null;
    max: string | null;
  };
  return { min: row.min, max: row.max };
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
  const stmt = cachedStatement(
    db,
    `SELECT v, n, p, x, f, lat, lon, g FROM proj_situation_rollup
     WHERE a = ? AND t = ? AND l = ? AND dim = ? AND b BETWEEN ? AND ?`,
  ).raw(true);
  const ranges = planBuckets(from, to);
  const a = admin1 ?? ALL;
  const t = eventType ?? ALL;
  const out: Sums = new Map();
  for (const dim of dims) {
    const sums = new Map<string, Measures>();
    for (const [l, lo, hi] of ranges) {
      for (const r of stmt.all(a, t, l, dim, lo, hi) as [
        string,
        number,
        number,
        number,
        number,
        number,
        number,
        number,
      ][]) {
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
export function querySituation(db: Db, filters: SituationFilters = {}): Situation {
  const range = dateRange(db);
  const from = filters.from ?? range.min;
  const to = filters.to ?? range.max;
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

  return {
    period: { from, to },
    filters: { admin1, event_type: eventType },
    totals: {
      events: total.n,
      settlements: places.length,
      regions: regions.filter(([v]) => v !== NATIONAL).length,
      participants: total.p,
      detained: total.x,
      fatalities: total.f,
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
    map: places
      .filter(([, m]) => m.g > 0)
      .map(([v, m]) => {
        const [a, settlement] = v.split(SEP) as [string, string];
        return {
          settlement,
          admin1: a === '' ? null : a,
          lat: round(m.lat / m.g, 4),
          lon: round(m.lon / m.g, 4),
          count: m.n,
          participants: m.p,
        };
      })
      .sort(byCount((x) => x.settlement)),
    latest: empty ? [] : latest(db, from, to, admin1, eventType),
  };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

function byDay(db: Db, from: string, to: string, admin1: string | null, eventType: string | null) {
  const stmt = cachedStatement(
    db,
    `SELECT b, n FROM proj_situation_rollup
     WHERE a = ? AND t = ? AND l = 'd' AND dim = 'tot' AND b BETWEEN ? AND ? AND v = ''`,
  ).raw(true);
  const out: { date: string; event_type: string; count: number }[] = [];
  for (const t of eventType ? [eventType] : EVENT_TYPES) {
    for (const [b, n] of stmt.all(admin1 ?? ALL, t, from, to) as [string, number][]) {
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

function latest(db: Db, from: string, to: string, admin1: string | null, eventType: string | null) {
  const where = ['date BETWEEN ? AND ?'];
  const params: string[] = [from, to];
  if (admin1 !== null) {
    where.push('admin1 = ?');
    params.push(admin1);
  }
  if (eventType !== null) {
    where.push('event_type = ?');
    params.push(eventType);
  }
  return cachedStatement(
    db,
    `SELECT d AS id, date, event_type, sub_event_type, settlement, admin1,
            substr(json_extract(content, '$.notes'), 1, 300) AS summary
     FROM proj_coded_events WHERE ${where.join(' AND ')}
     ORDER BY date DESC, created_at DESC, d ASC LIMIT ${LATEST}`,
  ).all(...params) as Situation['latest'];
}

/**
 * What the dashboard's filters offer: the regions and event types present, and the span of days.
 *
 * @example situationOptions(node.db) // { regions: ['Mangystau Region', …], event_types: [...], date_min, date_max }
 */
export function situationOptions(db: Db): {
  regions: string[];
  event_types: string[];
  date_min: string | null;
  date_max: string | null;
} {
  // From the year rollups: a few hundred rows, where the events table has a million.
  const rows = cachedStatement(
    db,
    `SELECT DISTINCT v FROM proj_situation_rollup WHERE a = '' AND t = '' AND l = 'y' AND dim = 'reg'`,
  ).all() as { v: string }[];
  const regions = rows
    .map((r) => r.v)
    .filter((v) => v !== NATIONAL)
    .sort();
  const range = dateRange(db);
  return { regions, event_types: [...EVENT_TYPES], date_min: range.min, date_max: range.max };
}
