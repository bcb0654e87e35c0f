/*
 * Calendar arithmetic on YYYY-MM-DD strings (UTC days), and how a period splits into whole
 * months and loose days for the rollups.
 */

const DAY_MS = 86_400_000;

function toMs(day: string): number {
  const d = new Date(0);
  d.setUTCFullYear(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  return d.getTime();
}

function fromMs(ms: number): string {
  const d = new Date(ms);
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  return `${y}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** Whether a string is a real calendar date YYYY-MM-DD. */
export function isDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && fromMs(toMs(s)) === s;
}

/** `day` moved by `n` days. @example addDays('2022-01-31', 1) // '2022-02-01' */
export function addDays(day: string, n: number): string {
  return fromMs(toMs(day) + n * DAY_MS);
}

/** Days from `a` to `b` inclusive. @example daysBetween('2022-01-01', '2022-01-07') // 7 */
export function daysBetween(a: string, b: string): number {
  return Math.round((toMs(b) - toMs(a)) / DAY_MS) + 1;
}

/** The UTC day of a time. */
export function dayOf(date: Date): string {
  return fromMs(date.getTime());
}

const nextMonth = (m: string): string => fromMs(toMs(`${m}-01`) + 32 * DAY_MS).slice(0, 7);

/** The last day of a month 'YYYY-MM'. */
function lastDayOf(month: string): string {
  return addDays(`${nextMonth(month)}-01`, -1);
}

/** A period as the rollups read it: whole months, and the days outside them. */
export interface BucketPlan {
  months: [string, string] | null;
  days: [string, string][];
}

/**
 * Split an inclusive period of days into whole months and loose days at its edges.
 *
 * @example planBuckets('2022-01-05', '2022-03-10')
 *   // { months: ['2022-02', '2022-02'], days: [['2022-01-05', '2022-01-31'], ['2022-03-01', '2022-03-10']] }
 */
export function planBuckets(from: string, to: string): BucketPlan {
  if (from > to) return { months: null, days: [] };
  const fromMonth = from.slice(0, 7);
  const toMonth = to.slice(0, 7);
  const firstFull = from.endsWith('-01') ? fromMonth : nextMonth(fromMonth);
  const lastFull = to === lastDayOf(toMonth) ? toMonth : prevMonth(toMonth);
  if (firstFull > lastFull) return { months: null, days: [[from, to]] };
  const days: [string, string][] = [];
  if (from < `${firstFull}-01`) days.push([from, addDays(`${firstFull}-01`, -1)]);
  const afterLast = `${nextMonth(lastFull)}-01`;
  if (to >= afterLast) days.push([afterLast, to]);
  return { months: [firstFull, lastFull], days };
}

function prevMonth(m: string): string {
  return addDays(`${m}-01`, -1).slice(0, 7);
}
