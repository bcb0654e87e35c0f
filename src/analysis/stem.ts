import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as russianStemmer } from '@orama/stemmers/russian';
import { type Token, wordKey } from './normalize.js';

/*
 * Word stems in the matching space of normalize.ts, per language: the Snowball stemmers of
 * Russian and English (the Snowball project's own JavaScript build, as @orama/stemmers ships it)
 * and suffix stripping for Kazakh, whose agglutinated endings Snowball does not cover. Russian
 * typed in Latin letters ("perekryli dorogu") is turned back into Cyrillic for the Russian
 * stemmer, so that the SMS and the web report of one word share a stem.
 */

export type Lang = 'ru' | 'kk' | 'en';

const KAZAKH_LETTERS = /[әғқңөұүһі]/i;
const CYRILLIC = /[\u0400-\u04ff]/;
const ENGLISH_WORDS = new Set([
  'the',
  'and',
  'of',
  'to',
  'in',
  'is',
  'are',
  'was',
  'were',
  'at',
  'on',
  'with',
  'people',
  'workers',
  'today',
  'yesterday',
  'they',
  'their',
  'we',
  'our',
  'from',
  'for',
  'by',
  'no',
  'not',
  'police',
  'after',
  'still',
  'about',
  'outside',
  'since',
  'have',
  'has',
  'been',
]);
const KAZAKH_LATIN = /[äöüğñşıǵńúóá]|(?:lar|ler|dar|der|tar|ter|dy|di|ty|ti|da|de|ta|te|ga|ge|qa|ke)$/;

/**
 * The language of a report: the one it declares, else a guess from its letters and words.
 * @example guessLang(tokenize('atyrau tco contractor workers sitting in the company office')) // 'en'
 */
export function guessLang(tokens: Token[], declared?: string | null): Lang {
  if (declared === 'ru' || declared === 'kk' || declared === 'en') return declared;
  let kk = 0;
  let cyr = 0;
  let en = 0;
  let kkLatin = 0;
  for (const t of tokens) {
    if (t.isNumber) continue;
    const w = t.raw.toLowerCase();
    if (KAZAKH_LETTERS.test(w)) kk++;
    else if (CYRILLIC.test(w)) cyr++;
    else if (ENGLISH_WORDS.has(w)) en++;
    else if (KAZAKH_LATIN.test(w)) kkLatin++;
  }
  if (kk > 0 && kk * 4 >= cyr) return 'kk';
  if (cyr > 0) return 'ru';
  if (en > 0) return 'en';
  return kkLatin * 2 > tokens.length ? 'kk' : 'ru';
}

const LATIN_TO_CYRILLIC: [RegExp, string][] = [
  [/shch|sch/g, 'щ'],
  [/zh/g, 'ж'],
  [/kh/g, 'х'],
  [/ts/g, 'ц'],
  [/ch/g, 'ч'],
  [/sh/g, 'ш'],
  [/yu|ju/g, 'ю'],
  [/ya|ja/g, 'я'],
  [/yo|jo/g, 'ё'],
  [/([aeiouy])y/g, '$1й'],
  [/yy/g, 'ый'],
];
const LATIN_LETTER: Record<string, string> = {
  a: 'а',
  b: 'б',
  v: 'в',
  w: 'в',
  g: 'г',
  d: 'д',
  e: 'е',
  z: 'з',
  i: 'и',
  j: 'й',
  k: 'к',
  q: 'к',
  l: 'л',
  m: 'м',
  n: 'н',
  o: 'о',
  p: 'п',
  r: 'р',
  s: 'с',
  t: 'т',
  u: 'у',
  f: 'ф',
  h: 'х',
  x: 'х',
  c: 'ц',
  y: 'ы',
  "'": 'ь',
  '’': 'ь',
};

/** Russian typed in Latin letters, back in Cyrillic (for the stemmer; not exact, and need not be). */
export function latinToCyrillic(word: string): string {
  let s = word.toLowerCase();
  for (const [re, to] of LATIN_TO_CYRILLIC) s = s.replace(re, to);
  let out = '';
  for (const ch of s) out += LATIN_LETTER[ch] ?? ch;
  return out;
}

/** Kazakh endings in key space (normalize.ts folds ы/і to i, қ to k, ғ to g), longest first. */
const KAZAKH_SUFFIXES = [
  'laringiz',
  'leringiz',
  'dagilar',
  'degiler',
  'imizdin',
  'iniz',
  'imiz',
  'larga',
  'lerge',
  'larda',
  'lerde',
  'lardan',
  'lerden',
  'larin',
  'lerin',
  'dagi',
  'degi',
  'tagi',
  'tegi',
  'ginin',
  'atin',
  'etin',
  'ipti',
  'gan',
  'gen',
  'kan',
  'ken',
  'lar',
  'ler',
  'dar',
  'der',
  'tar',
  'ter',
  'nan',
  'nen',
  'dan',
  'den',
  'tan',
  'ten',
  'nin',
  'din',
  'tin',
  'men',
  'ben',
  'pen',
  'nda',
  'nde',
  'adi',
  'edi',
  'idi',
  'uda',
  'ude',
  'mak',
  'mek',
  'pak',
  'pek',
  'da',
  'de',
  'ta',
  'te',
  'ga',
  'ge',
  'ka',
  'ke',
  'na',
  'ne',
  'di',
  'ti',
  'ni',
  'si',
  'ip',
  'in',
  'im',
  'iz',
];

/**
 * A Kazakh word's stem in key space: up to three endings stripped (plural, possession, case,
 * tense), never below four letters.
 * @example kazakhStem(wordKey('жұмысшылардың')) // 'jumisshi'
 */
export function kazakhStem(key: string): string {
  let s = key;
  for (let round = 0; round < 3; round++) {
    const suffix = KAZAKH_SUFFIXES.find((x) => s.endsWith(x) && s.length - x.length >= 4);
    if (!suffix) break;
    s = s.slice(0, -suffix.length);
  }
  return s;
}

const cache = new Map<string, string>();
const CACHE_MAX = 50_000;

/**
 * The stem of one token in key space.
 * @example stemToken(tokenize('perekryli')[0], 'ru') === stemToken(tokenize('перекрыли')[0], 'ru') // true
 */
export function stemToken(t: Token, lang: Lang): string {
  if (t.isNumber) return '#';
  const id = `${lang}:${t.raw}`;
  const hit = cache.get(id);
  if (hit !== undefined) return hit;
  const raw = t.raw.toLowerCase().replace(/['’ʼ]/g, '');
  const cyr = CYRILLIC.test(raw);
  let stem: string;
  if (lang === 'kk' || KAZAKH_LETTERS.test(raw)) stem = kazakhStem(t.key);
  else if (lang === 'en' && !cyr) stem = wordKey(englishStemmer(raw));
  else stem = wordKey(russianStemmer(cyr ? raw : latinToCyrillic(raw)));
  if (!stem) stem = t.key;
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(id, stem);
  return stem;
}
