import { describe, expect, it } from 'vitest';
import { daysBetween, niceTicks, percent, scaleLinear, scaleSqrt } from './scales.js';

describe('scaleSqrt', () => {
  it('gives a crowd four times as large a circle twice as wide, within the range', () => {
    const r = scaleSqrt(10_000, 0, 20);
    expect(r(10_000)).toBe(20);
    expect(r(2_500)).toBe(10);
    expect(r(0)).toBe(0);
    expect(scaleSqrt(10_000, 4, 24)(2_500)).toBe(14);
  });

  it('clamps values outside the domain and survives an empty one', () => {
    const r = scaleSqrt(100, 5, 25);
    expect(r(-3)).toBe(5);
    expect(r(1e9)).toBe(25);
    expect(scaleSqrt(0, 5, 25)(10)).toBe(5);
  });
});

describe('scaleLinear', () => {
  it('maps the domain onto the range, also reversed (SVG y grows down)', () => {
    expect(scaleLinear([0, 10], [0, 200])(5)).toBe(100);
    expect(scaleLinear([0, 10], [190, 10])(10)).toBe(10);
    expect(scaleLinear([3, 3], [7, 9])(3)).toBe(7);
  });
});

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten, from 0 to at least the maximum', () => {
    expect(niceTicks(23, 4)).toEqual([0, 10, 20, 30]);
    expect(niceTicks(6, 4)).toEqual([0, 2, 4, 6]);
    expect(niceTicks(1, 4)).toEqual([0, 1]);
    expect(niceTicks(950, 4)).toEqual([0, 500, 1000]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });

  it('never steps by a fraction of an event', () => {
    expect(niceTicks(2, 8)).toEqual([0, 1, 2]);
  });
});

describe('daysBetween', () => {
  it('lists every day, across months and leap days', () => {
    expect(daysBetween('2022-01-30', '2022-02-02')).toEqual([
      '2022-01-30',
      '2022-01-31',
      '2022-02-01',
      '2022-02-02',
    ]);
    expect(daysBetween('2024-02-28', '2024-03-01')).toHaveLength(3);
    expect(daysBetween('2022-01-05', '2022-01-05')).toEqual(['2022-01-05']);
  });

  it('gives nothing for a reversed or broken period, and stops at the limit', () => {
    expect(daysBetween('2022-01-05', '2022-01-01')).toEqual([]);
    expect(daysBetween('nonsense', '2022-01-01')).toEqual([]);
    expect(daysBetween('2000-01-01', '2022-01-01', 10)).toHaveLength(10);
  });
});

describe('percent', () => {
  it('rounds to a whole percent and is 0 without a whole', () => {
    expect(percent(2, 14)).toBe(14);
    expect(percent(1, 3)).toBe(33);
    expect(percent(5, 0)).toBe(0);
  });
});
