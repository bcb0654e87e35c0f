import { readDataFile } from './data.js';
import { compileNegation, type Negation, type RawNegation } from './lexicon.js';
import { type Token, tokenize } from './normalize.js';
import { guessLang, type Lang, stemToken } from './stem.js';

/*
 * The features the coding model reads from a report, hashed into a fixed space (no vocabulary
 * to store or grow): word stems (Snowball for Russian and English, suffix stripping for Kazakh),
 * stems seen under a negation ("не", "never", "жоқ", a Kazakh negative verb), pairs of
 * neighbouring stems, and character 4-grams of each word in the matching space, which carry
 * the morphology and the spelling variants that stems miss.
 */

export interface FeatureInput {
  text: string;
  lang?: string | null;
  channel?: string | null;
}

/** FNV-1a, 32 bits. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

let negation: Negation | undefined;

/** Whether a negation word stands up to three words before token i in its sentence. */
function underNegation(tokens: Token[], i: number, neg: Negation): boolean {
  if (tokens[i]!.neg) return true;
  for (let j = i - 1; j >= Math.max(0, i - neg.window); j--) {
    if (tokens[j]!.sentence !== tokens[i]!.sentence) return false;
    if (neg.before.has(tokens[j]!.key)) return true;
  }
  const next = tokens[i + 1];
  return !!next && next.sentence === tokens[i]!.sentence && neg.after.has(next.key);
}

/**
 * The distinct feature indices of a report in a space of 2^bits.
 * @example featureIndices({ text: 'Шахтёры бастуют', lang: 'ru' }, 15).length > 0 // true
 */
export function featureIndices(input: FeatureInput, bits: number, tokenized?: Token[]): Uint32Array {
  negation ??= compileNegation(readDataFile<RawNegation>('negation.json'));
  const tokens = tokenized ?? tokenize(input.text ?? '');
  const lang: Lang = guessLang(tokens, input.lang);
  const mask = (1 << bits) - 1;
  const out = new Set<number>();
  const add = (f: string) => out.add(hash(f) & mask);
  add('bias');
  add(`lang:${lang}`);
  if (input.channel) add(`ch:${input.channel}`);
  if (/[?？]\s*$/.test(input.text ?? '')) add('ends:?');
  let prev: string | null = null;
  let prevSentence = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.isNumber) {
      add('num');
      prev = null;
      continue;
    }
    const stem = stemToken(t, lang);
    add(`w:${stem}`);
    if (underNegation(tokens, i, negation)) add(`n:${stem}`);
    if (prev !== null && prevSentence === t.sentence) add(`b:${prev}_${stem}`);
    prev = stem;
    prevSentence = t.sentence;
    const padded = `^${t.lex}$`;
    for (let k = 0; k + 4 <= padded.length; k++) add(`c:${padded.slice(k, k + 4)}`);
  }
  return Uint32Array.from(out);
}
