import { type DemandsProgramContent, parseRecordContent } from '../core/content.js';
import type { NostrEvent } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import type { Db } from '../store/db.js';
import { DIM, FLAG } from '../store/projections/contributions.js';
import { sumRollups } from './query.js';
import { latestProgramRaws } from './repository.js';

/*
 * The brief's program-support facts (docs/program.md): from the newest published program
 * (30622, which only the desk key signs: a relay or a mirror holding it says the same) and from
 * the situation rollups for the share of economic and political demands by month. Nothing
 * private is read: counts the program withheld below its threshold stay withheld (null).
 */

export interface ProgramFacts {
  /** The day the program was last published (UTC), null when it never was. */
  published_on: string | null;
  planks: number;
  /** Planks won in whole or in part. */
  won: number;
  /** Counts below it are withheld in the published program (null). */
  threshold: number | null;
  /** The program's demands with the most support: a taxonomy code or people's own words. */
  top: { demand: string | null; text: string | null; events: number | null; collectives: number | null }[];
  /** Collectives that endorsed the program, and the names of those that agreed to be named. */
  /** Null: fewer than the threshold (withheld in the published program). */
  endorsements: number | null;
  endorsed_by: string[];
  /**
   * The last months up to the period's end that had events naming a demand: how many, and the
   * share of them naming an economic and a political demand (an event may name both).
   */
  by_month: { month: string; events: number; economic_pct: number; political_pct: number }[];
}

/** Demands the brief names at most, and months it looks back. */
const TOP = 3;
const MONTHS = 3;

/** The newest published program, or null (a damaged record is skipped: it was checked on arrival). */
export function latestProgram(db: Db): { content: DemandsProgramContent; created_at: number } | null {
  for (const raw of latestProgramRaws(db, 5)) {
    const event = JSON.parse(raw) as NostrEvent;
    try {
      return { content: parseRecordContent(Kind.DemandsProgram, event), created_at: event.created_at };
    } catch {
      // Try the next one.
    }
  }
  return null;
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);

/** The first day of the month `back` months before the month of `day`. */
function monthStart(day: string, back: number): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

function lastDayOf(start: string): string {
  const next = monthStart(start, -1);
  const d = new Date(`${next}T00:00:00Z`);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

/** Economic and political shares of the events naming a demand, month by month up to `to`. */
function byMonth(db: Db, to: string): ProgramFacts['by_month'] {
  const out: ProgramFacts['by_month'] = [];
  for (let back = MONTHS - 1; back >= 0; back--) {
    const from = monthStart(to, back);
    const end = back === 0 ? to : lastDayOf(from);
    const sums = sumRollups(db, from, end, undefined, undefined, [DIM.flag, DIM.demandClass]);
    const events = sums.get(DIM.flag)?.get(FLAG.hasDemand)?.n ?? 0;
    if (events === 0) continue;
    const classes = sums.get(DIM.demandClass);
    out.push({
      month: from.slice(0, 7),
      events,
      economic_pct: pct(classes?.get('economic')?.n ?? 0, events),
      political_pct: pct(classes?.get('political')?.n ?? 0, events),
    });
  }
  return out;
}

/**
 * @example programFacts(node.db, { to: '2022-01-08' }).top[0] // { demand: 'wages', text: null, events: 6, collectives: null }
 */
export function programFacts(db: Db, period: { to: string }): ProgramFacts {
  const published = latestProgram(db);
  const by_month = byMonth(db, period.to);
  if (!published) {
    return {
      published_on: null,
      planks: 0,
      won: 0,
      threshold: null,
      top: [],
      endorsements: 0,
      endorsed_by: [],
      by_month,
    };
  }
  const p = published.content;
  const planks = p.planks ?? [];
  const weight = (s: { events: number | null; collectives: number | null }) =>
    (s.events ?? 0) + (s.collectives ?? 0);
  return {
    published_on: new Date(published.created_at * 1000).toISOString().slice(0, 10),
    planks: planks.length,
    won: planks.filter((x) => x.status === 'won' || x.status === 'partly_won').length,
    threshold: p.threshold ?? null,
    top: [...p.demands]
      .sort(
        (a, b) =>
          weight(b.support) - weight(a.support) ||
          (a.code ?? a.text ?? '').localeCompare(b.code ?? b.text ?? ''),
      )
      .slice(0, TOP)
      .map((d) => ({
        demand: d.code ?? null,
        text: d.code ? null : (d.text ?? null),
        events: d.support.events,
        collectives: d.support.collectives,
      })),
    endorsements: p.endorsements ? p.endorsements.count : 0,
    endorsed_by: (p.endorsements?.named ?? []).map((n) => n.name),
    by_month,
  };
}
