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

/** A period as the rollups read it: [level, first bucket, last bucket] ranges. */
export type BucketRange = [level: 'y' | 'm' | 'd', from: string, to: string];

/**
 * Split an inclusive period of days into whole years, whole months and loose days.
 *
 * @example planBuckets('2021-12-30', '2023-02-02')
 *   // [['y','2022','2022'], ['m','2021-12','2021-12']?…] — years, then months, then days at the edges
 */
export function planBuckets(from: string, to: string): BucketRange[] {
  if (from > to) return [];
  const out: BucketRange[] = [];
  const firstFullYear = from.endsWith('-01-01') ? Number(from.slice(0, 4)) : Number(from.slice(0, 4)) + 1;
  const lastFullYear = to.endsWith('-12-31') ? Number(to.slice(0, 4)) : Number(to.slice(0, 4)) - 1;
  if (firstFullYear <= lastFullYear) {
    const y = (n: number) => String(n).padStart(4, '0');
    out.push(['y', y(firstFullYear), y(lastFullYear)]);
    if (from < `${y(firstFullYear)}-01-01`)
      out.push(...monthsAndDays(from, addDays(`${y(firstFullYear)}-01-01`, -1)));
    if (to > `${y(lastFullYear)}-12-31`) out.push(...monthsAndDays(`${y(lastFullYear + 1)}-01-01`, to));
    return out;
  }
  return monthsAndDays(from, to);
}

function monthsAndDays(from: string, to: string): BucketRange[] {
  const fromMonth = from.slice(0, 7);
  const toMonth = to.slice(0, 7);
  const firstFull = from.endsWith('-01') ? fromMonth : nextMonth(fromMonth);
  const lastFull = to === lastDayOf(toMonth) ? toMonth : prevMonth(toMonth);
  if (firstFull > lastFull) return [['d', from, to]];
  const out: BucketRange[] = [['m', firstFull, lastFull]];
  if (from < `${firstFull}-01`) out.push(['d', from, addDays(`${firstFull}-01`, -1)]);
  const afterLast = `${nextMonth(lastFull)}-01`;
  if (to >= afterLast) out.push(['d', afterLast, to]);
  return out;
}

function prevMonth(m: string): string {
  return addDays(`${m}-01`, -1).slice(0, 7);
}

/** The "now" views of the situation page: the last 24 hours, the last 7 days, all time. */
export const NOW_PERIODS = ['24h', '7d', 'all'] as const;
export type NowPeriod = (typeof NOW_PERIODS)[number];

/**
 * The days of a "now" view. Events are dated by UTC day, so the view holds every event of the
 * last 24 hours (7 days): from the day 24 hours (7 days) ago through today.
 *
 * @example nowPeriod('24h', new Date('2026-12-06T03:00:00Z')) // { from: '2026-12-05', to: '2026-12-06' }
 */
export function nowPeriod(period: '24h' | '7d', now: Date): { from: string; to: string } {
  const hours = period === '24h' ? 24 : 7 * 24;
  return { from: dayOf(new Date(now.getTime() - hours * 3_600_000)), to: dayOf(now) };
}
