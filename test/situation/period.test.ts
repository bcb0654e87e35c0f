import { describe, expect, it } from 'vitest';
import { addDays, planBuckets } from '../../src/situation/period.js';
import { rng } from './factories.js';

/** Every day of the period, from the ranges: a year or month range stands for all its days. */
function daysCovered(from: string, to: string): string[] {
  const out: string[] = [];
  for (const [level, lo, hi] of planBuckets(from, to)) {
    const start = level === 'y' ? `${lo}-01-01` : level === 'm' ? `${lo}-01` : lo;
    for (let d = start; ; d = addDays(d, 1)) {
      const bucket = level === 'y' ? d.slice(0, 4) : level === 'm' ? d.slice(0, 7) : d;
      if (bucket > hi) break;
      out.push(d);
    }
  }
  return out.sort();
}

describe('planBuckets', () => {
  it('covers every day of a period exactly once, with whole years and months where they fit', () => {
    const r = rng(5);
    for (let i = 0; i < 300; i++) {
      const from = addDays('2019-11-15', Math.floor(r() * 900));
      const to = addDays(from, Math.floor(r() * 900));
      const want: string[] = [];
      for (let d = from; d <= to; d = addDays(d, 1)) want.push(d);
      expect(daysCovered(from, to), `${from}..${to}`).toEqual(want);
    }
    expect(planBuckets('2021-01-01', '2023-12-31')).toEqual([['y', '2021', '2023']]);
    expect(planBuckets('2022-01-05', '2022-03-10')).toEqual([
      ['m', '2022-02', '2022-02'],
      ['d', '2022-01-05', '2022-01-31'],
      ['d', '2022-03-01', '2022-03-10'],
    ]);
  });
});
