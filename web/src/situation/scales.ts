/** Scales and calendars for the charts: pure, so that tests need no browser. */

/**
 * Area proportional to the value: a crowd twice as large gets a circle twice the area.
 * Values at or below zero get the smallest radius.
 *
 * @example scaleSqrt(10_000, 4, 24)(2_500) // 14
 */
export function scaleSqrt(max: number, minR: number, maxR: number): (value: number) => number {
  if (!(max > 0)) return () => minR;
  return (value) => {
    const v = Math.max(0, Math.min(value, max));
    return minR + (maxR - minR) * Math.sqrt(v / max);
  };
}

/** @example scaleLinear([0, 10], [0, 200])(5) // 100 */
export function scaleLinear(
  domain: readonly [number, number],
  range: readonly [number, number],
): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => r0;
  return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

/**
 * Round axis ticks from 0 up to at least `max`, about `count` of them, in steps of 1, 2 or 5
 * times a power of ten (never fractions: these are counts of events).
 *
 * @example niceTicks(23, 4) // [0, 10, 20, 30]
 */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power);
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) {
    ticks.push(v);
    if (v >= max) break;
  }
  return ticks;
}

/**
 * Every calendar day from `from` to `to` (YYYY-MM-DD, both included), at most `limit` days.
 *
 * @example daysBetween('2022-01-30', '2022-02-02') // ['2022-01-30', '2022-01-31', '2022-02-01', '2022-02-02']
 */
export function daysBetween(from: string, to: string, limit = 3660): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) return [];
  const days: string[] = [];
  for (let t = start; t <= end && days.length < limit; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** The share of `part` in `whole` as a whole percent (0 when there is no whole). */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 100) : 0;
}
