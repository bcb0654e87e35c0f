/*
 * One matching space for three languages and two scripts. Russian and Kazakh Cyrillic are
 * transliterated to Latin the way people type on a phone without a Cyrillic keyboard
 * ("zhanaozen", "perekryli", "bastuem"), then folded into a key that forgets the differences
 * that spelling variants and vowel harmony make (q/k, gh/g, zh/j, y/i, ö/o, double letters).
 * Lexicon terms, place names and report words all go through the same function, so "Жаңаөзенде",
 * "Jañaözen" and "zhanaozen" meet, and so do "перекрыли" and "perekryli".
 */

const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sh',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  // Kazakh letters
  ә: 'a',
  ғ: 'gh',
  қ: 'q',
  ң: 'n',
  ө: 'o',
  ұ: 'u',
  ү: 'u',
  һ: 'h',
  і: 'i',
};

/** Cyrillic (Russian and Kazakh) to a phone-style Latin transliteration, lower case. */
export function transliterate(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase()) {
    const t = CYRILLIC[ch];
    out += t === undefined ? ch : t;
  }
  return out;
}

const KEY_RULES: [RegExp, string][] = [
  [/shch/g, 'sh'],
  [/kh/g, 'h'],
  [/gh/g, 'g'],
  [/dzh/g, 'j'],
  [/zh/g, 'j'],
  [/ts/g, 'c'],
  [/q/g, 'k'],
  [/x/g, 'h'],
  [/w/g, 'v'],
  [/y/g, 'i'],
  [/iu/g, 'u'],
  [/ia/g, 'a'],
  [/io/g, 'o'],
  [/ie/g, 'e'],
  [/(.)\1+/g, '$1'],
];

/**
 * The matching key of one word: transliterated, accents removed, spelling variants folded.
 * @example wordKey('Жаңаөзенде') // 'janaozende'
 * @example wordKey('Jañaözen') // 'janaozen'
 */
export function wordKey(word: string): string {
  const hit = keyCache.get(word);
  if (hit !== undefined) return hit;
  const key = computeKey(word);
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
  keyCache.set(word, key);
  return key;
}

/** Keys of words seen (reports repeat their words): a bounded cache, emptied when full. */
const keyCache = new Map<string, string>();
const KEY_CACHE_MAX = 100_000;

function computeKey(word: string): string {
  let s = transliterate(word)
    .replace(/ý/g, 'u')
    // Letters of the Kazakh Latin alphabets (2018, 2021) and of scholarly transliteration that
    // stand for two phone-style letters; other accents only drop.
    .replace(/[şšș]/g, 'sh')
    .replace(/[çč]/g, 'ch')
    .replace(/ž/g, 'zh')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .replace(/[^a-z0-9]/g, '');
  for (const [re, to] of KEY_RULES) s = s.replace(re, to);
  return s;
}

/** A word of a text: its key and where it stands in the original. */
export interface Token {
  key: string;
  start: number;
  end: number;
  /** The word as written. */
  raw: string;
  /** The key with o folded into a, as lexicon terms are matched (SMS spelling: "забостовка", "павысить"). */
  lex: string;
  /** Digits only (a number as written, without separators). */
  isNumber: boolean;
  /** Index of the sentence the word is in (a negation does not reach into the next one). */
  sentence: number;
  /** A Kazakh verb form with the negative suffix -ма/-ме/-ба/-бе/-па/-пе ("шықпады", "ұстамаймыз"). */
  neg: boolean;
}

const WORD = /[\p{L}\p{M}’'ʼ]+|\d+(?:[.,]\d+)?/gu;

/**
 * Split a text into word tokens with their keys. Apostrophes inside a word are dropped (they
 * stand for soft signs in phone transliteration); numbers are tokens of their own.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let sentence = 0;
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    if (/[.!?;\n]/.test(text.slice(last, m.index))) sentence++;
    last = m.index + raw.length;
    const isNumber = /^\d/.test(raw);
    const key = isNumber ? raw.replace(',', '.') : wordKey(raw);
    if (!key) continue;
    out.push({
      key,
      lex: lexKey(key),
      start: m.index,
      end: m.index + raw.length,
      raw,
      isNumber,
      sentence,
      neg: !isNumber && kazakhNegative(key),
    });
  }
  return out;
}

/**
 * The key lexicon terms are matched on: o and a fall together, as they do in unstressed Russian
 * and in hurried typing. Place names keep the full key (Oral is not Aral).
 */
export function lexKey(key: string): string {
  return key.replace(/o/g, 'a').replace(/(.)\1+/g, '$1');
}

/**
 * A Kazakh negative verb form: the negative suffix (-ма/-ме after vowels and sonorants, -ба/-бе
 * after voiced, -па/-пе after voiceless consonants) followed by a tense or person ending, after
 * at least three letters of stem: "шықпады" (did not come out), "ұстамаймыз" (we will not
 * detain), "келмеген", "тоқтамай". A word that ends in the bare suffix ("шықпа") counts only
 * with `bare` (the imperative, as terms are written).
 * @example kazakhNegative(wordKey('шықпады')) // true
 * @example kazakhNegative(wordKey('қамау')) // false (a noun: arrest)
 */
export function kazakhNegative(key: string, bare = false): boolean {
  return (bare ? KK_NEG_BARE : KK_NEG).test(key);
}

const KK_NEG = /^[a-z]{3,}(?:ma|me|ba|be|pa|pe)(?:di|gan|gen|idi|imin|imiz|isin|isiz|iz|i|sa|se|s)$/;
const KK_NEG_BARE = /^[a-z]{3,}(?:ma|me|ba|be|pa|pe)(?:di|gan|gen|idi|imin|imiz|isin|isiz|iz|i|sa|se|s)?$/;
