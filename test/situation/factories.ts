import type { CodedEventContent } from '../../src/core/content.js';
import {
  DEMANDS,
  ORGANIZATIONS,
  SECTORS,
  STATE_RESPONSES,
  SUB_EVENT_TYPE_TO_EVENT_TYPE,
  SUB_EVENT_TYPES,
} from '../../src/core/taxonomy.js';
import { buildCodedEventContent } from '../../src/core/test-factories.js';

/** Places used by the situation tests: [settlement, admin1, lat, lon]. */
export const PLACES: [string | null, string | null, number | null, number | null][] = [
  ['Zhanaozen', 'Mangystau Region', 43.3412, 52.8619],
  ['Aktau', 'Mangystau Region', 43.65, 51.16],
  ['Zhezkazgan', 'Karaganda Region', 47.78, 67.71],
  ['Temirtau', 'Karaganda Region', 50.05, 72.96],
  ['Almaty', 'Almaty', 43.25, 76.95],
  [null, 'Mangystau Region', null, null],
  [null, null, null, null],
];

/** A deterministic pseudo-random generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const some = <T>(r: () => number, xs: readonly T[], max: number): T[] => {
  const n = Math.floor(r() * (max + 1));
  return [...new Set(Array.from({ length: n }, () => pick(r, xs)))];
};

/** A random but valid coded event in January-February 2022. */
export function randomCodedEvent(r: () => number, id: string): CodedEventContent {
  const sub = pick(r, SUB_EVENT_TYPES);
  const [settlement, admin1, lat, lon] = pick(r, PLACES);
  const day = 1 + Math.floor(r() * 59);
  const date = new Date(Date.UTC(2022, 0, day)).toISOString().slice(0, 10);
  const withEnterprise = r() < 0.5;
  return buildCodedEventContent({
    id,
    event_type: SUB_EVENT_TYPE_TO_EVENT_TYPE[sub],
    sub_event_type: sub,
    date,
    location: { settlement, admin1, country: 'Kazakhstan', lat, lon, geo_precision: settlement ? 1 : 3 },
    actors: [
      { name: 'Workers', role: pick(r, ['workers', 'residents', 'union', 'government'] as const) },
      ...(r() < 0.3 ? [{ name: 'Police', role: 'state_forces' as const }] : []),
    ],
    enterprise: withEnterprise
      ? { name: pick(r, ['Kazakhmys', 'Ozenmunaigas', 'Qarmet']), sector: pick(r, SECTORS) }
      : null,
    demands: some(r, DEMANDS, 3),
    state_responses: some(r, STATE_RESPONSES, 2),
    size: r() < 0.6 ? { low: Math.floor(r() * 2000), high: null, text: 'people' } : null,
    detained: r() < 0.2 ? Math.floor(r() * 50) : null,
    fatalities: r() < 0.1 ? Math.floor(r() * 5) : null,
    organization: pick(r, ORGANIZATIONS),
  });
}
