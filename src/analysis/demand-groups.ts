import { DEMANDS } from '../core/taxonomy.js';
import { tokenize } from './normalize.js';
import { guessLang, stemToken } from './stem.js';
import { suggestCodes } from './suggest.js';

/*
 * Demands in people's own words, grouped. A text the coding suggestions read as a coded demand
 * ("повысить зарплату", "жалақыны көтеру") joins that code; the rest are grouped by the stems
 * they share (the stemmers the analysis matches reports with, across ru/kk/en and phone
 * transliteration), so "бесплатный автобус до вахты" and "Бесплатный автобус на вахту!" are
 * one demand. No word list is fitted here: codes come from the shipped lexicons, groups from
 * the texts themselves.
 */

/** Share of stems two texts must have in common (Jaccard) to be one demand. */
const SAME_DEMAND = 0.5;
/** Stems this short are function words in all three languages ("до", "на", "of"). */
const MIN_STEM = 3;
/** Texts compared pairwise at most: beyond this, only identical stem sets join. */
const PAIRWISE_MAX = 2_000;

export interface DemandText {
  /** Read as these taxonomy codes by the coding suggestions (empty: a demand of its own). */
  codes: string[];
  /** The group of texts with no code: `text:` + the key of the group's first text. */
  group: string | null;
}

/** The stems of a demand's text, sorted and without repeats. */
export function demandStems(text: string): string[] {
  const tokens = tokenize(text.slice(0, 1_000));
  const lang = guessLang(tokens);
  const stems = new Set<string>();
  for (const t of tokens) {
    if (t.isNumber) continue;
    const s = stemToken(t, lang);
    if (s.length >= MIN_STEM) stems.add(s);
  }
  return [...stems].sort();
}

/**
 * The code or group of each text, in input order.
 * @example groupDemandTexts(['повысить зарплату', 'бесплатный автобус до вахты', 'Бесплатный автобус на вахту!'])
 *   // [{codes: ['wages'], group: null}, {codes: [], group: 'text:avtobus-besplatn-vaht'}, {codes: [], group: 'text:avtobus-besplatn-vaht'}]
 */
export function groupDemandTexts(texts: readonly string[]): DemandText[] {
  const known = new Set<string>(DEMANDS);
  const out: DemandText[] = texts.map((text) => {
    const codes = suggestCodes({ text: text.slice(0, 1_000) }).demands.filter((c) => known.has(c));
    return { codes, group: null };
  });
  const free = out.flatMap((o, i) => (o.codes.length === 0 ? [i] : []));
  const stems = new Map(free.map((i) => [i, demandStems(texts[i]!)]));
  const parent = new Map(free.map((i) => [i, i]));
  const find = (i: number): number => {
    let r = i;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(i, r);
    return r;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  };
  // Identical stem sets always join; similar ones are compared pairwise within a bounded list.
  const bySet = new Map<string, number>();
  for (const i of free) {
    const key = stems.get(i)!.join(' ');
    const first = bySet.get(key);
    if (first === undefined) bySet.set(key, i);
    else union(first, i);
  }
  const distinct = [...bySet.values()];
  if (distinct.length <= PAIRWISE_MAX) {
    for (let a = 0; a < distinct.length; a++) {
      for (let b = a + 1; b < distinct.length; b++) {
        if (jaccard(stems.get(distinct[a]!)!, stems.get(distinct[b]!)!) >= SAME_DEMAND)
          union(distinct[a]!, distinct[b]!);
      }
    }
  }
  for (const i of free) out[i]!.group = groupKey(stems.get(find(i))!, texts[find(i)]!);
  return out;
}

function groupKey(stems: string[], text: string): string {
  const key = stems
    .join('-')
    .replace(/[^a-z0-9#-]/g, '')
    .slice(0, 120)
    .replace(/-+$/, '');
  if (key) return `text:${key}`;
  // A text of short words only: its own letters, keyed.
  const raw = tokenize(text)
    .map((t) => t.key)
    .join('-')
    .replace(/[^a-z0-9-]/g, '')
    .slice(0, 120);
  return `text:${raw || '#'}`;
}

function jaccard(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const set = new Set(a);
  let common = 0;
  for (const x of b) if (set.has(x)) common++;
  return common / (a.length + b.length - common);
}
