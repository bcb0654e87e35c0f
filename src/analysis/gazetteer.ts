import { readDataFile } from './data.js';
import { type Holdout, heldOut, type Names } from './holdout.js';
import { type Token, tokenize, wordKey } from './normalize.js';
import { type CyrillicNames, commonName, cyrillicNames } from './place-names.js';

/*
 * The gazetteer of Kazakhstan: every settlement of GeoNames in the country with 500 inhabitants
 * or more (about 300, with population, region and alternate names in Russian, Kazakh and
 * transliteration; data-files/analysis/settlements.json, written by scripts/gazetteer-data.mjs),
 * renamed, completed and extended by data-files/analysis/places.json (common English spellings,
 * old names, oil fields and mines GeoNames lacks) and regions.json (the oblasts of January 2022).
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
  /** The name in Russian and Kazakh Cyrillic, for showing (null where the data have none). */
  names: CyrillicNames;
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

/** A row of settlements.json: id, GeoNames name, admin1 code, lat, lon, population, feature code, alternate names. */
type SettlementRow = [number, string, string, number, number, number, string, string[]];

interface City {
  cityId: number;
  name: string;
  altNames: string[];
  adminCode: string;
  population: number;
  lat: number;
  lon: number;
}

/** How long a case ending may be (in key letters) after a name, and how short a name may be stemmed. */
const MAX_ENDING = 6;
const MIN_PREFIX_KEY = 4;
const VOWELS = /[aeiou]$/;
/** Small places match only when written with a capital (or in an all-lowercase SMS). */
const SMALL_PLACE = 10_000;

interface NameEntry<T> {
  key: string;
  value: T;
  /** Words of the name as written: a name of one word never spans two words of a text ("a rally" is not Aral). */
  parts: number;
  small: boolean;
  /** The towns a hand-written entry names (switched off under a holdout of them). */
  names?: Names;
}

/**
 * Finds names of a kind (places or regions) in tokens. Several entries may share a key (a
 * renaming in places.json and the GeoNames name it renames): the first that the holdout leaves
 * on answers.
 */
class NameIndex<T> {
  private readonly byHead = new Map<string, Map<string, NameEntry<T>[]>>();
  private readonly exactShort = new Map<string, NameEntry<T>[]>();

  add(name: string, value: T, opts: { small?: boolean; priority?: boolean; names?: Names } = {}) {
    const key = wordKey(name);
    if (!key) return;
    const entry: NameEntry<T> = {
      key,
      value,
      small: opts.small ?? false,
      parts: name.split(/[\s\-‐–]+/).filter(Boolean).length,
      ...(opts.names ? { names: opts.names } : {}),
    };
    let list: NameEntry<T>[] | undefined;
    if (key.length < MIN_PREFIX_KEY) {
      list = this.exactShort.get(key) ?? [];
      this.exactShort.set(key, list);
    } else {
      const head = key.slice(0, MIN_PREFIX_KEY);
      const byKey = this.byHead.get(head) ?? new Map<string, NameEntry<T>[]>();
      this.byHead.set(head, byKey);
      list = byKey.get(key) ?? [];
      byKey.set(key, list);
    }
    if (list.some((e) => e.value === value)) return;
    if (opts.priority) list.unshift(entry);
    else list.push(entry);
    // A name written as two words ("Ust-Kamenogorsk") is one whatever other entry shares its key.
    const parts = Math.max(...list.map((e) => e.parts));
    for (const e of list) e.parts = parts;
  }

  /** The longest name at token i (spanning up to three tokens), or null. */
  at(
    tokens: Token[],
    i: number,
    allLower: boolean,
    stop: Set<string>,
    holdout?: Holdout,
  ): PlaceMatch<T> | null {
    let best: PlaceMatch<T> | null = null;
    let bestLen = 0;
    let joined = '';
    const pick = (list: NameEntry<T>[] | undefined) => list?.find((e) => !heldOut(e.names, holdout));
    for (let n = 0; n < 3 && i + n < tokens.length; n++) {
      const t = tokens[i + n]!;
      if (t.isNumber) break;
      joined = (joined + t.key).replace(/(.)\1+/g, '$1');
      if (n === 0 && stop.has(joined)) return null;
      const short = pick(this.exactShort.get(joined));
      if (short && joined.length > bestLen && (n === 0 || short.parts > n)) {
        best = { value: short.value, start: i, end: i + n };
        bestLen = joined.length;
      }
      const byKey =
        joined.length >= MIN_PREFIX_KEY ? this.byHead.get(joined.slice(0, MIN_PREFIX_KEY)) : undefined;
      for (const [key, list] of byKey ?? []) {
        if (key.length <= bestLen || !endsWell(key, joined)) continue;
        const e = pick(list);
        if (!e || (n > 0 && e.parts <= n)) continue;
        if (e.small && !allLower && !/^\p{Lu}/u.test(tokens[i]!.raw)) continue;
        best = { value: e.value, start: i, end: i + n };
        bestLen = key.length;
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
  /** Places and regions named in the tokens, in text order; entries naming held-out towns are off. */
  find(tokens: Token[], holdout?: Holdout): { places: PlaceMatch<Place>[]; regions: PlaceMatch<Region>[] };
  regionByName(name: string): Region | undefined;
  /** The region of a name as a region alias names it ("Mangystau", "Мангистауская область"), if any. */
  regionOf(text: string): Region | undefined;
}

/** Common English spelling of a GeoNames transliteration without an entry in places.json. */
export function englishSpelling(geonamesName: string): string {
  return geonamesName
    .normalize('NFD')
    .replace(/[\u0300-\u036f’'ʼ]/g, '')
    .replace(/Q/g, 'K')
    .replace(/q/g, 'k')
    .replace(/gh/g, 'g')
    .replace(/yy\b/g, 'y');
}

let cached: Gazetteer | undefined;

/**
 * The gazetteer, built once per process from the data files (about 30 ms).
 * @example loadGazetteer().find(tokenize('Жанаозене бастуют')).places[0]?.value.name // 'Zhanaozen'
 */
export function loadGazetteer(): Gazetteer {
  cached ??= buildGazetteer();
  return cached;
}

function readSettlements(): City[] {
  const file = readDataFile<{ rows: SettlementRow[] }>('settlements.json');
  return file.rows.map(([cityId, name, adminCode, lat, lon, population, _feature, altNames]) => ({
    cityId,
    name,
    adminCode,
    lat,
    lon,
    population,
    altNames,
  }));
}

function buildGazetteer(): Gazetteer {
  const kz = readSettlements();
  const rawRegions = readDataFile<{ region_words: string[]; regions: RawRegion[] }>('regions.json');
  const rawPlaces = readDataFile<{ stop: string[]; places: RawPlace[] }>('places.json');

  const regionByCode = new Map<string, string>();
  const regions: Region[] = rawRegions.regions.map((r) => {
    for (const code of r.geonames_admin1) regionByCode.set(code, r.name);
    return { name: r.name, city: r.city === true };
  });

  // Places whose region GeoNames leaves unknown take the region of the nearest known place.
  const known = kz.filter((c) => regionByCode.has(c.adminCode));
  const regionOfCity = (c: City): string | null => {
    const direct = regionByCode.get(c.adminCode);
    if (direct) return direct;
    let best: City | undefined;
    let bestD = Number.POSITIVE_INFINITY;
    for (const k of known) {
      const d = (k.lon - c.lon) ** 2 + (k.lat - c.lat) ** 2;
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    return best ? (regionByCode.get(best.adminCode) ?? null) : null;
  };

  // A region's own names are not also read as an alternate name of a town (Akmola is the region).
  const regionKeys = new Set(
    rawRegions.regions.flatMap((r) => [r.name, ...r.aliases].map((a) => wordKey(a))),
  );
  const overrides = new Map<string, RawPlace>();
  for (const p of rawPlaces.places) if (p.geonames) overrides.set(p.geonames, p);

  const places: Place[] = [];
  const index = new NameIndex<Place>();
  // Larger places first, so that a village sharing a town's name does not take its place.
  for (const c of [...kz].sort((a, b) => b.population - a.population)) {
    const base: Place = {
      name: commonName(c.name, c.altNames),
      admin1: regionOfCity(c),
      lat: c.lat,
      lon: c.lon,
      geonamesId: c.cityId,
      population: c.population,
      kind: 'town',
      names: { ru: null, kk: null },
    };
    base.names = cyrillicNames(base.name, c.altNames);
    const o = overrides.get(c.name) ?? c.altNames.map((a) => overrides.get(a)).find(Boolean);
    const small = c.population < SMALL_PLACE;
    const geonamesNames = [c.name, base.name, ...c.altNames.filter((a) => !regionKeys.has(wordKey(a)))];
    if (o) {
      // The renamed place answers first; under a holdout of its town, GeoNames' own names remain.
      const names: Names = { towns: [o.name] };
      const renamed: Place = {
        ...base,
        name: o.name,
        kind: o.kind ?? 'town',
        names: cyrillicNames(o.name, [...(o.aliases ?? []), ...c.altNames]),
      };
      if (!places.some((p) => p.name === renamed.name)) {
        places.push(renamed);
        for (const n of [...geonamesNames, o.name]) index.add(n, renamed, { names });
        for (const a of o.aliases ?? []) index.add(a, renamed, { priority: true, names });
      }
    }
    if (!places.some((p) => p.name === base.name)) places.push(base);
    for (const n of geonamesNames) index.add(n, base, { small });
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
      names: cyrillicNames(p.name, p.aliases ?? []),
    };
    places.push(place);
    for (const n of [p.name, ...(p.aliases ?? [])])
      index.add(n, place, { priority: true, names: { towns: [p.name] } });
  }
  // A city of republican significance is also a place.
  const regionIndex = new NameIndex<Region>();
  for (const r of rawRegions.regions) {
    const region = regions.find((x) => x.name === r.name)!;
    // In file order: "Almaty" is first the city (a region of its own), then Almaty Region.
    for (const a of [r.name, ...r.aliases]) regionIndex.add(a, region);
  }
  const regionWords = rawRegions.region_words.map((w) => ({
    key: wordKey(w.replace(/\*$/, '')),
    prefix: w.endsWith('*'),
  }));
  const isRegionWord = (t: Token | undefined) =>
    !!t && regionWords.some((w) => (w.prefix ? t.key.startsWith(w.key) : t.key === w.key));
  const stop = new Set(rawPlaces.stop.map((s) => wordKey(s)));
  const noStop = new Set<string>();

  return {
    places,
    regions,
    regionByName: (name) => regions.find((r) => r.name === name),
    regionOf(text) {
      const tokens = tokenize(text);
      for (let i = 0; i < tokens.length; i++) {
        const r = regionIndex.at(tokens, i, true, noStop);
        const last = tokens.length - 1;
        if (r && r.end === last) return r.value;
        // "Almaty oblysy", "Almaty Region": the region around the city of the same name.
        if (r && r.end === last - 1 && isRegionWord(tokens[last]))
          return (r.value.city && regions.find((x) => x.name === `${r.value.name} Region`)) || r.value;
      }
      return undefined;
    },
    find(tokens, holdout) {
      const allLower = !tokens.some((t) => /^\p{Lu}/u.test(t.raw));
      const foundPlaces: PlaceMatch<Place>[] = [];
      const foundRegions: PlaceMatch<Region>[] = [];
      for (let i = 0; i < tokens.length; i++) {
        const r = regionIndex.at(tokens, i, true, noStop);
        const p = index.at(tokens, i, allLower, stop, holdout);
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
 * A settlement value's name in Russian and Kazakh, from the gazetteer (nulls for a place it
 * does not hold or holds no Cyrillic name for).
 * @example settlementNames('Zhanaozen') // { ru: 'Жанаозен', kk: 'Жаңаөзен' }
 */
export function settlementNames(name: string): CyrillicNames {
  if (!namesByValue) {
    namesByValue = new Map();
    // The first place of a name is the one a suggestion takes (larger places come first).
    for (const p of loadGazetteer().places) if (!namesByValue.has(p.name)) namesByValue.set(p.name, p.names);
  }
  return namesByValue.get(name) ?? { ru: null, kk: null };
}

let namesByValue: Map<string, CyrillicNames> | undefined;

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

/**
 * A name's key, word by word: "Жаңаөзен", "ZHANAOZEN" and "zhanaozen" have one key.
 * @example nameKey('Жаңаөзен') === nameKey('zhanaozen') // true
 */
export const nameKey = (name: string): string =>
  tokenize(name)
    .map((t) => t.key)
    .join(' ');

/**
 * The settlement values (the English spellings suggestions carry) a name typed in any script or
 * case stands for: the places the gazetteer reads in it, and those of `known` (values already in
 * use, some of them outside the gazetteer) whose name folds to the same key.
 * @example settlementsNamed('жанаозен', ['Zhanaozen', 'Aktau']) // ['Zhanaozen']
 * @example settlementsNamed('Уральск', []) // ['Oral']
 */
export function settlementsNamed(typed: string, known: readonly string[]): string[] {
  const key = nameKey(typed);
  if (!key) return [];
  const found = new Set(
    loadGazetteer()
      .find(tokenize(typed))
      .places.map((p) => p.value.name),
  );
  for (const value of known) if (nameKey(value) === key) found.add(value);
  return [...found];
}
