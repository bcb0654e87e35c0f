import { DEMAND_CLASS, type Demand } from '../core/taxonomy.js';
import type { Db } from '../store/db.js';
import { DIM, FLAG, type Measures, NATIONAL, REPORTED, SEP } from '../store/projections/contributions.js';
import { type OrganizedShareFacts, organizedShareFacts } from './brief-organized.js';
import { type ProgramFacts, programFacts } from './brief-program-facts.js';
import { addDays, dayOf, daysBetween } from './period.js';
import { type Sums, sumRollups } from './query.js';

/** The period of a brief: given days, or the last `hours` (rounded up to whole UTC days). */
export interface BriefPeriodInput {
  from?: string | undefined;
  to?: string | undefined;
  hours?: number | undefined;
  /** "Now", for the last-hours form (tests pass a fixed time). */
  now?: Date;
}

/**
 * Every number the brief says, computed over the period and the previous period of the same
 * length. The text is rendered from these and nothing else.
 */
export interface BriefFacts {
  period: {
    from: string;
    to: string;
    days: number;
    hours: number | null;
    previous_from: string;
    previous_to: string;
  };
  scale: {
    events: number;
    settlements: number;
    regions: number;
    /** Sum of the sizes reported; null when no event reports one (unknown is not 0). */
    participants: number | null;
    /** Events that report a size. */
    participants_known: number;
    previous_events: number;
    /** Percent change from the previous period; null when it had no events. */
    change_pct: number | null;
    top_regions: { admin1: string; count: number }[];
  };
  who: {
    worker_actions: number;
    labour_actions: number;
    enterprises_named: number;
    enterprises: { name: string; sector: string | null; count: number }[];
  };
  demands: {
    events_with_demands: number;
    economic_pct: number;
    labour_pct: number;
    political_pct: number;
    top: { demand: string; class: string; count: number }[];
  };
  state: {
    concessions: number;
    repression: number;
    shutdowns: number;
    /** Events with a coded state response (responses listed, or a state measure itself). */
    responses_known: number;
    /** Sums over the events that report them; null when none does. */
    detained: number | null;
    detained_known: number;
    fatalities: number | null;
    fatalities_known: number;
  };
  organization: {
    organized: number;
    spontaneous: number;
    /** Share of organized among actions whose organization is known; null when none is. */
    organized_pct: number | null;
    previous_organized_pct: number | null;
    /** Change in percentage points; null when either period has no known organization. */
    change_pts: number | null;
  };
  /** Events led by collectives with a public profile that lists them (brief-organized.ts). */
  organized_share: OrganizedShareFacts;
  /** The published program and the share of economic and political demands by month (brief-program-facts.ts). */
  program: ProgramFacts;
}

const ZERO: Measures = { n: 0, p: 0, x: 0, f: 0, lat: 0, lon: 0, g: 0 };
const get = (s: Sums, dim: string, v: string) => s.get(dim as never)?.get(v) ?? ZERO;
const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);
const live = (s: Sums, dim: string) =>
  [...(s.get(dim as never) ?? new Map<string, Measures>())].filter(([, m]) => m.n > 0);
const top = <T extends { count: number }>(list: T[], key: (x: T) => string, n: number) =>
  list.sort((a, b) => b.count - a.count || key(a).localeCompare(key(b))).slice(0, n);

function organizedShare(s: Sums): number | null {
  const organized = get(s, DIM.organization, 'organized').n;
  const known = organized + get(s, DIM.organization, 'spontaneous').n;
  return known > 0 ? pct(organized, known) : null;
}

/** The period a brief covers and the one before it, from days or hours. */
export function briefPeriod(input: BriefPeriodInput): BriefFacts['period'] {
  let from: string;
  let to: string;
  let hours: number | null = null;
  if (input.from && input.to) {
    from = input.from;
    to = input.to;
  } else {
    hours = input.hours ?? 24;
    to = input.to ?? dayOf(input.now ?? new Date());
    from = addDays(to, -(Math.ceil(hours / 24) - 1));
  }
  const days = daysBetween(from, to);
  return {
    from,
    to,
    days,
    hours,
    previous_from: addDays(from, -days),
    previous_to: addDays(from, -1),
  };
}

/**
 * Compute the facts of a brief from the situation rollups.
 *
 * @example computeBriefFacts(node.db, { from: '2022-01-02', to: '2022-01-08' }).scale.events
 */
export function computeBriefFacts(db: Db, input: BriefPeriodInput): BriefFacts {
  const period = briefPeriod(input);
  const cur = sumRollups(db, period.from, period.to);
  const prev = sumRollups(db, period.previous_from, period.previous_to);
  const events = get(cur, DIM.total, '').n;
  const previous = get(prev, DIM.total, '').n;
  const withDemands = get(cur, DIM.flag, FLAG.hasDemand).n;
  const organizedPct = organizedShare(cur);
  const previousOrganizedPct = organizedShare(prev);
  const known = (v: string) => get(cur, DIM.reported, v).n;
  const sized = known(REPORTED.participants);
  const detainedKnown = known(REPORTED.detained);
  const fatalitiesKnown = known(REPORTED.fatalities);
  const enterprises = live(cur, DIM.enterprise).map(([v, m]) => {
    const [name, sector] = v.split(SEP) as [string, string];
    return { name, sector: sector || null, count: m.n };
  });
  return {
    period,
    scale: {
      events,
      settlements: live(cur, DIM.place).length,
      regions: live(cur, DIM.region).filter(([v]) => v !== NATIONAL).length,
      participants: sized > 0 ? get(cur, DIM.total, '').p : null,
      participants_known: sized,
      previous_events: previous,
      change_pct: previous > 0 ? Math.round(((events - previous) / previous) * 100) : null,
      top_regions: top(
        live(cur, DIM.region)
          .filter(([v]) => v !== NATIONAL)
          .map(([v, m]) => ({ admin1: v, count: m.n })),
        (x) => x.admin1,
        3,
      ),
    },
    who: {
      worker_actions: get(cur, DIM.flag, FLAG.workers).n,
      labour_actions: live(cur, DIM.sub)
        .filter(([v]) => ['strike', 'walkout', 'sit_in', 'hunger_strike', 'lockout'].includes(v))
        .reduce((sum, [, m]) => sum + m.n, 0),
      enterprises_named: enterprises.length,
      enterprises: top(enterprises, (x) => x.name, 5),
    },
    demands: {
      events_with_demands: withDemands,
      economic_pct: pct(get(cur, DIM.demandClass, 'economic').n, withDemands),
      labour_pct: pct(get(cur, DIM.demandClass, 'labour').n, withDemands),
      political_pct: pct(get(cur, DIM.demandClass, 'political').n, withDemands),
      top: top(
        live(cur, DIM.demand).map(([v, m]) => ({
          demand: v,
          class: DEMAND_CLASS[v as Demand] ?? 'economic',
          count: m.n,
        })),
        (x) => x.demand,
        3,
      ),
    },
    state: {
      concessions: get(cur, DIM.flag, FLAG.concession).n,
      repression: get(cur, DIM.flag, FLAG.repression).n,
      shutdowns: get(cur, DIM.flag, FLAG.shutdown).n,
      responses_known: get(cur, DIM.flag, FLAG.response).n,
      detained: detainedKnown > 0 ? get(cur, DIM.total, '').x : null,
      detained_known: detainedKnown,
      fatalities: fatalitiesKnown > 0 ? get(cur, DIM.total, '').f : null,
      fatalities_known: fatalitiesKnown,
    },
    organization: {
      organized: get(cur, DIM.organization, 'organized').n,
      spontaneous: get(cur, DIM.organization, 'spontaneous').n,
      organized_pct: organizedPct,
      previous_organized_pct: previousOrganizedPct,
      change_pts:
        organizedPct !== null && previousOrganizedPct !== null ? organizedPct - previousOrganizedPct : null,
    },
    organized_share: organizedShareFacts(db, period),
    program: programFacts(db, period),
  };
}
