import { describe, expect, it } from 'vitest';
import { cluster, type Place } from './cluster.js';

function place(settlement: string, x: number, y: number, count = 1, participants = 0): Place {
  return { settlement, admin1: null, x, y, count, participants };
}

describe('cluster', () => {
  it('joins places closer than the distance, around the largest', () => {
    const out = cluster(
      [
        place('Zhetybay', 10, 0, 1, 200),
        place('Zhanaozen', 0, 0, 3, 2000),
        place('Almaty', 500, 300, 2, 10000),
      ],
      20,
    );
    expect(out).toHaveLength(2);
    const mangystau = out.find((c) => c.places.some((p) => p.settlement === 'Zhanaozen'))!;
    expect(mangystau.places.map((p) => p.settlement)).toEqual(['Zhanaozen', 'Zhetybay']);
    expect(mangystau.count).toBe(4);
    expect(mangystau.participants).toBe(2200);
    // At the events' weighted centre: three events at 0, one at 10.
    expect(mangystau.x).toBeCloseTo(2.5);
  });

  it('keeps places apart when they are farther than the distance', () => {
    const out = cluster([place('A', 0, 0), place('B', 21, 0), place('C', 0, 21)], 20);
    expect(out).toHaveLength(3);
    expect(out.every((c) => c.places.length === 1)).toBe(true);
  });

  it('puts a place with the nearest of two anchors in reach', () => {
    const out = cluster([place('Big', 0, 0, 9), place('Other', 30, 0, 5), place('Between', 18, 0, 1)], 20);
    const other = out.find((c) => c.places[0]!.settlement === 'Other')!;
    expect(other.places.map((p) => p.settlement)).toEqual(['Other', 'Between']);
  });

  it('splits when zoomed in: the same places, twice as far apart', () => {
    const places = [place('Aktau', 0, 0, 2), place('Zhetybay', 15, 0), place('Zhanaozen', 30, 0, 3)];
    expect(cluster(places, 20)).toHaveLength(2);
    const zoomed = places.map((p) => ({ ...p, x: p.x * 2 }));
    expect(cluster(zoomed, 20)).toHaveLength(3);
  });

  it('handles no places, and the same answer whatever the input order', () => {
    expect(cluster([], 20)).toEqual([]);
    const places = [place('A', 0, 0, 2), place('B', 5, 5, 2), place('C', 100, 0, 1)];
    const key = (cs: ReturnType<typeof cluster>) =>
      cs.map((c) => c.places.map((p) => p.settlement).join('+')).sort();
    expect(key(cluster(places, 20))).toEqual(key(cluster([...places].reverse(), 20)));
  });
});
