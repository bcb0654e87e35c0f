import type { CodedEventContent } from '../../core/content.js';
import { type DEMAND_CLASS, demandClasses, type StateResponse } from '../../core/taxonomy.js';

/*
 * What one coded event adds to the situation rollups. The rollups hold, per bucket of time
 * (a day, a month), per region and per event type (each also as "all"), one row per value of
 * each breakdown: the dashboard then sums a few hundred rows instead of a million events.
 */

/** The breakdowns kept in the rollups (the `dim` column). */
export const DIM = {
  total: 'tot',
  sub: 'sub',
  sector: 'sec',
  organization: 'org',
  demandClass: 'cls',
  demand: 'dem',
  response: 'rsp',
  role: 'rol',
  region: 'reg',
  place: 'plc',
  enterprise: 'ent',
  flag: 'flg',
  /** Events that report a figure at all (value `p` size, `x` detained, `f` fatalities): unknown is not 0. */
  reported: 'rep',
} as const;
export type Dim = (typeof DIM)[keyof typeof DIM];
export const DIMS: readonly Dim[] = Object.values(DIM);
/** Breakdowns only the brief reads, over every region and type: kept in the ALL × ALL cell only. */
export const BRIEF_ONLY_DIMS: ReadonlySet<Dim> = new Set([DIM.role, DIM.enterprise, DIM.flag]);
/** Breakdowns the dashboard reads. */
export const DASHBOARD_DIMS: readonly Dim[] = DIMS.filter((d) => !BRIEF_ONLY_DIMS.has(d));

/** The rollup value of "every region" / "every event type" (never a real admin1 or type). */
export const ALL = '';
/** The rollup value of "no region" (a national event). */
export const NATIONAL = '\u001f';
/** Separates the parts of a compound value (place: admin1 + settlement; enterprise: name + sector). */
export const SEP = '\u001f';

/** Event flags the brief counts (each an event count, so shares never count an event twice). */
export const FLAG = {
  hasDemand: 'has_demand',
  workers: 'workers',
  concession: 'concession',
  repression: 'repression',
  shutdown: 'shutdown',
  enterprise: 'enterprise',
  /** A state response is coded (responses listed, or the event is itself a state measure). */
  response: 'response',
} as const;

/** The values of the `reported` breakdown: which figure an event reports. */
export const REPORTED = { participants: 'p', detained: 'x', fatalities: 'f' } as const;

const REPRESSION_RESPONSES: ReadonlySet<StateResponse> = new Set([
  'arrests',
  'beatings',
  'crowd_dispersal',
  'killings',
  'shootings',
]);
const WORKER_ROLES = new Set(['workers', 'union', 'collective']);

/** One row's measures: events, participants (sum of size.low), detained, fatalities, coordinates. */
export interface Measures {
  n: number;
  p: number;
  x: number;
  f: number;
  lat: number;
  lon: number;
  g: number;
}

export interface Contribution {
  dim: Dim;
  value: string;
  m: Measures;
}

/** The columns of the coded-events projection, from a record's content. */
export interface CodedRow {
  date: string;
  admin1: string | null;
  settlement: string | null;
  lat: number | null;
  lon: number | null;
  event_type: string;
  sub_event_type: string;
  organization: string;
  verification: string;
  sector: string | null;
  enterprise: string | null;
  /** size.low; null when the size is unknown (never 0 for "not reported"). */
  participants: number | null;
  detained: number | null;
  fatalities: number | null;
  demands: string;
  responses: string;
  roles: string;
}

/** The projection's columns of one coded event. */
export function codedRow(c: CodedEventContent): CodedRow {
  return {
    date: c.date,
    admin1: c.location.admin1,
    settlement: c.location.settlement,
    lat: c.location.lat,
    lon: c.location.lon,
    event_type: c.event_type,
    sub_event_type: c.sub_event_type,
    organization: c.organization,
    verification: c.verification,
    sector: c.enterprise?.sector ?? null,
    enterprise: c.enterprise?.name ?? null,
    participants: c.size?.low ?? null,
    detained: c.detained,
    fatalities: c.fatalities,
    demands: c.demands.join(','),
    responses: c.state_responses.join(','),
    roles: [...new Set(c.actors.map((a) => a.role))].join(','),
  };
}

const list = (s: string): string[] => (s ? s.split(',') : []);

/**
 * The rollup rows one event adds to (each with `n` = 1 event), within one bucket/region/type.
 *
 * @example contributions(codedRow(content)).find((c) => c.dim === 'dem')
 */
export function contributions(row: CodedRow): Contribution[] {
  const one = (extra: Partial<Measures> = {}): Measures => ({
    n: 1,
    p: 0,
    x: 0,
    f: 0,
    lat: 0,
    lon: 0,
    g: 0,
    ...extra,
  });
  const out: Contribution[] = [];
  const add = (dim: Dim, value: string, extra?: Partial<Measures>) => out.push({ dim, value, m: one(extra) });
  const p = row.participants ?? 0;
  add(DIM.total, '', { p, x: row.detained ?? 0, f: row.fatalities ?? 0 });
  if (row.participants !== null) add(DIM.reported, REPORTED.participants);
  if (row.detained !== null) add(DIM.reported, REPORTED.detained);
  if (row.fatalities !== null) add(DIM.reported, REPORTED.fatalities);
  add(DIM.sub, row.sub_event_type);
  add(DIM.sector, row.sector ?? '');
  add(DIM.organization, row.organization);
  const demands = list(row.demands);
  for (const cls of demandClasses(demands as (keyof typeof DEMAND_CLASS)[])) add(DIM.demandClass, cls);
  for (const d of demands) add(DIM.demand, d);
  const responses = list(row.responses) as StateResponse[];
  for (const r of responses) add(DIM.response, r);
  const roles = list(row.roles);
  for (const r of roles) add(DIM.role, r);
  add(DIM.region, row.admin1 ?? NATIONAL, { p });
  if (row.settlement !== null) {
    const located = row.lat !== null && row.lon !== null;
    add(DIM.place, `${row.admin1 ?? ''}${SEP}${row.settlement}`, {
      p,
      ...(located ? { lat: row.lat as number, lon: row.lon as number, g: 1 } : {}),
    });
  }
  if (row.enterprise !== null) add(DIM.enterprise, `${row.enterprise}${SEP}${row.sector ?? ''}`);
  const flags: string[] = [];
  if (demands.length > 0) flags.push(FLAG.hasDemand);
  if (row.event_type === 'labour_action' || roles.some((r) => WORKER_ROLES.has(r))) flags.push(FLAG.workers);
  if (row.sub_event_type === 'concession' || responses.includes('accommodation')) flags.push(FLAG.concession);
  if (
    row.sub_event_type === 'arrests' ||
    row.sub_event_type === 'excessive_force_against_protesters' ||
    responses.some((r) => REPRESSION_RESPONSES.has(r))
  )
    flags.push(FLAG.repression);
  if (row.sub_event_type === 'internet_shutdown' || responses.includes('internet_shutdown'))
    flags.push(FLAG.shutdown);
  if (row.enterprise !== null) flags.push(FLAG.enterprise);
  if (row.event_type === 'state_measure' || responses.length > 0) flags.push(FLAG.response);
  for (const flag of flags) add(DIM.flag, flag);
  return out;
}

/** The month bucket of a day: '2022-01-05' → '2022-01'. */
export const monthOf = (day: string): string => day.slice(0, 7);

/** The buckets a day counts in: [level, bucket] for day, month and year. */
export function bucketsOf(day: string): [string, string][] {
  return [
    ['d', day],
    ['m', day.slice(0, 7)],
    ['y', day.slice(0, 4)],
  ];
}

/**
 * Whether a contribution is kept in a cell: the brief's breakdowns only over every region and
 * type, the region breakdown only where the region is not fixed.
 */
export function keptIn(dim: Dim, a: string, t: string): boolean {
  if (BRIEF_ONLY_DIMS.has(dim)) return a === ALL && t === ALL;
  if (dim === DIM.region) return a === ALL;
  return true;
}
