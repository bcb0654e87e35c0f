import { readDataFile } from './data.js';
import { compileTerm, type Negation, type Term, TermIndex } from './lexicon.js';
import { type Token, wordKey } from './normalize.js';

/*
 * The day of the action a report describes (convention 3 of TAXONOMY.md), resolved against the
 * day it was received: an explicit date ("5 января", "6 қаңтарда", "on 8 January", "3-го"),
 * else "today" words, else "yesterday" words or a weekday, else the day received. A date after
 * "since"/"с" is when something began (a price rise), not the action, unless it opens a range.
 */

interface RawDates {
  months: string[][];
  weekdays: string[][];
  relative: Record<string, string[]>;
  ongoing: string[];
  since: string[];
  range_to: string[];
  deadline: string[];
  new_year: string[];
}

interface DateRules {
  monthOf: (t: Token) => number | null;
  weekdayOf: (t: Token) => number | null;
  relative: TermIndex;
  since: Set<string>;
  rangeTo: Set<string>;
  deadline: Set<string>;
}

let rules: DateRules | undefined;

function load(negation?: Negation): DateRules {
  const raw = readDataFile<RawDates>('dates.json');
  const stems = (groups: string[][]) => groups.map((g) => g.map((w) => wordKey(w)));
  const months = stems(raw.months);
  const weekdays = stems(raw.weekdays);
  const finder = (groups: string[][]) => (t: Token) => {
    if (t.isNumber) return null;
    for (let i = 0; i < groups.length; i++) {
      for (const s of groups[i]!) {
        if (s.length < 4 ? t.key === s : t.key.startsWith(s)) return i;
      }
    }
    return null;
  };
  const terms: Term[] = [];
  for (const [offset, list] of Object.entries(raw.relative)) {
    for (const t of list) terms.push(compileTerm(t, offset, negation));
  }
  return {
    monthOf: finder(months),
    weekdayOf: finder(weekdays),
    relative: new TermIndex(terms),
    since: new Set(raw.since.map((w) => wordKey(w))),
    rangeTo: new Set(raw.range_to.map((w) => wordKey(w) || w)),
    deadline: new Set(raw.deadline.map((w) => wordKey(w))),
  };
}

/** Whether a word names a month ("января", "қаңтарда", "Jan"). */
export function isMonthWord(t: Token | undefined): boolean {
  rules ??= load();
  return !!t && rules.monthOf(t) !== null;
}

/** A calendar day as YYYY-MM-DD. */
export type Day = string;

/** The day of the received time as written (its own UTC offset), or null. */
export function receivedDay(receivedAt: string | null | undefined): Day | null {
  if (!receivedAt) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(receivedAt);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(receivedAt);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
}

function receivedHour(receivedAt: string | null | undefined): number | null {
  const m = receivedAt ? /T(\d{2}):/.exec(receivedAt) : null;
  return m ? Number(m[1]) : null;
}

export function addDays(day: Day, n: number): Day {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function ymd(y: number, m: number, d: number): Day | null {
  const date = new Date(Date.UTC(y, m, d));
  if (date.getUTCMonth() !== m || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** Days between two days (b - a). */
export function dayDiff(a: Day, b: Day): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * The day of the action.
 * @example resolveDate(tokenize('вчера бастовали'), '2022-01-06T10:00:00+06:00') // '2022-01-05'
 */
export function resolveDate(tokens: Token[], receivedAt: string | null | undefined): Day | null {
  return datedBy(tokens, receivedAt).day;
}

/** How the day was found: a date written out, a word for a day ("вчера", a weekday), or the day received. */
export type DateSource = 'explicit' | 'relative' | 'received' | 'none';

/** The day of the action and how it was found. */
export function datedBy(
  tokens: Token[],
  receivedAt: string | null | undefined,
): { day: Day | null; source: DateSource } {
  rules ??= load();
  const r = rules;
  const received = receivedDay(receivedAt);
  const ry = received ? Number(received.slice(0, 4)) : null;
  const rm = received ? Number(received.slice(5, 7)) - 1 : null;

  // Explicit dates: day + month (5 января, 6 қаңтарда), month + day (January 5), ordinal (3-го).
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!t.isNumber) continue;
    const day = Number(t.key);
    if (!Number.isInteger(day) || day < 1 || day > 31) continue;
    let month: number | null = null;
    let yearTok: Token | undefined;
    const next = tokens[i + 1];
    const prev = tokens[i - 1];
    if (next && r.monthOf(next) !== null) {
      month = r.monthOf(next);
      yearTok = tokens[i + 2];
    } else if (prev && r.monthOf(prev) !== null && !(tokens[i - 2]?.isNumber ?? false)) {
      month = r.monthOf(prev);
      yearTok = next;
    } else if (
      next &&
      r.rangeTo.has(next.key) &&
      tokens[i + 2]?.isNumber &&
      tokens[i + 3] &&
      r.monthOf(tokens[i + 3]!) !== null
    ) {
      month = r.monthOf(tokens[i + 3]!);
      yearTok = tokens[i + 4];
    } else if (
      next &&
      /^(go|g|i|e|th|st|nd|rd)$/.test(next.key) &&
      received &&
      next.start - t.end <= 1 &&
      !/^(dai|den|dn|kun)/.test(tokens[i + 2]?.key ?? '')
    ) {
      month = rm;
    }
    if (month === null) continue;
    const before = tokens[i - 1];
    const sinceWord = before && r.since.has(before.key);
    const afterMonth = tokens[i + 2];
    const opensRange = !!afterMonth && r.rangeTo.has(afterMonth.key);
    const rangeNext = next && r.rangeTo.has(next.key);
    if (sinceWord && !opensRange && !rangeNext) continue;
    let year = yearTok?.isNumber && /^(19|20)\d\d$/.test(yearTok.key) ? Number(yearTok.key) : ry;
    if (year === null) continue;
    if (received && ry !== null && rm !== null && yearTok?.key !== String(year)) {
      // A month after the received month is last year's (a December date reported in January).
      if (month > rm + 1) year = ry - 1;
    }
    const date = ymd(year, month, day);
    if (!date) continue;
    if (received && date > received) continue;
    return { day: date, source: 'explicit' };
  }
  if (!received) return { day: null, source: 'none' };

  // "since yesterday": an action still going on is dated by the report (convention 3).
  const offsets = new Set(
    r.relative
      .match(tokens)
      .filter((m) => !r.since.has(tokens[m.start - 1]?.key ?? ''))
      .map((m) => Number(m.term.label)),
  );
  const rel = (day: Day) => ({ day, source: 'relative' as const });
  if (offsets.has(0)) return rel(received);
  const hour = receivedHour(receivedAt);
  const lastNight = tokens.some((t, i) => t.key === 'last' && tokens[i + 1]?.key === 'night');
  if (lastNight && hour !== null && hour >= 12) return rel(received);
  if (offsets.has(-1)) return rel(addDays(received, -1));
  if (offsets.has(-2)) return rel(addDays(received, -2));

  for (let i = 0; i < tokens.length; i++) {
    const w = r.weekdayOf(tokens[i]!);
    if (w === null) continue;
    // "since Monday": an action that goes on is dated by the report.
    if (r.since.has(tokens[i - 1]?.key ?? '') || r.since.has(tokens[i - 2]?.key ?? '')) return rel(received);
    // "promised to pay by Friday": a deadline, not the day of the action.
    if (r.deadline.has(tokens[i - 1]?.key ?? '') || r.deadline.has(tokens[i - 2]?.key ?? '')) continue;
    const rd = (new Date(`${received}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
    const back = (rd - w + 7) % 7;
    return rel(addDays(received, -back));
  }
  return { day: received, source: 'received' };
}
