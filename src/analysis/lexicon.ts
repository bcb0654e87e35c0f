import { type Holdout, heldOut, type Names } from './holdout.js';
import { kazakhNegative, lexKey, type Token, wordKey } from './normalize.js';

/*
 * Terms of the data files (docs/analysis.md says how to write them) compiled for matching over
 * the tokens of a report. A term is one or more words; a word of four letters or more matches
 * every word that starts with it (so "забастов" matches "забастовка", "забастовку"), a shorter
 * one only itself (final vowels of a long word are dropped: the stem of "донской" finds "донского");
 * "=word" is always exact, "word*" always a prefix, "#" any number. Between two
 * words one other word may stand; ".." allows up to eight.
 */

/** A term as written in a data file: the text, or [text, weight]. */
export type RawTerm = string | [string, number];

interface TermWord {
  key: string;
  exact: boolean;
  number: boolean;
  maxGap: number;
}

export interface Term {
  text: string;
  label: string;
  weight: number;
  words: TermWord[];
  /**
   * The term itself holds a negation ("не вышли на работу", "интернет жоқ", "жұмысқа шықпа"):
   * it is not checked for one.
   */
  negated: boolean;
  /** Towns and enterprises the term names (switched off under a holdout of them). */
  names?: Names;
}

export interface TermMatch {
  term: Term;
  start: number;
  end: number;
}

export interface Negation {
  before: Set<string>;
  /** Words (or word sequences) that negate what stands just before them ("жоқ", "не было"). */
  after: Set<string>;
  afterSequences: string[][];
  notNegationNext: Set<string>;
  window: number;
}

export interface RawNegation {
  before: string[];
  after: string[];
  not_negation_next: string[];
  window: number;
}

export function compileNegation(raw: RawNegation): Negation {
  // Negation words compare on the full key: folded, "no" would be the preposition "на".
  const keys = (l: string[]) => new Set(l.map((w) => wordKey(w)));
  const afterSequences = raw.after.map((w) => w.split(/\s+/).map((x) => wordKey(x)));
  return {
    before: keys(raw.before),
    after: new Set(afterSequences.filter((q) => q.length === 1).map((q) => q[0]!)),
    afterSequences: afterSequences.filter((q) => q.length > 1),
    notNegationNext: keys(raw.not_negation_next),
    window: raw.window,
  };
}

/** Whether a word of a term is itself a negation: a negation word, or a Kazakh negative form. */
function negatingWord(part: string, negation: Negation): boolean {
  const key = wordKey(part.replace(/^=|\*$/g, ''));
  return negation.before.has(key) || negation.after.has(key) || kazakhNegative(key, true);
}

export function compileTerm(raw: RawTerm, label: string, negation?: Negation): Term {
  const [text, weight] = typeof raw === 'string' ? [raw, 1] : raw;
  const words: TermWord[] = [];
  let gap = 1;
  for (const part of text.split(/\s+/)) {
    if (!part) continue;
    if (part === '..') {
      gap = 8;
      continue;
    }
    if (part === '#') {
      words.push({ key: '', exact: false, number: true, maxGap: gap });
      gap = 1;
      continue;
    }
    const forceExact = part.startsWith('=');
    const forcePrefix = part.endsWith('*');
    let key = /^\d+$/.test(part) ? part : lexKey(wordKey(part.replace(/^=|\*$/g, '')));
    if (!key) continue;
    const exact = forceExact || (!forcePrefix && key.length < 4);
    // A long word is matched by its stem: "донской" also finds "донского", "рабочие" "рабочих".
    // (Not a Kazakh verb in the past, "төмендетті": its -ті is the tense, not a case ending.)
    if (!exact && key.length >= 6 && !/[әғқңөұүһі]/i.test(part) && !/[^aeiou][dt]i$/.test(key)) {
      const stem = key.replace(/[aeiou]+$/, '');
      key = stem.length >= 5 ? stem : key.slice(0, 5);
    }
    words.push({ key, exact, number: false, maxGap: gap });
    gap = 1;
  }
  if (words.length === 0) throw new Error(`empty term "${text}" in ${label}`);
  const parts = text.split(/\s+/).filter((p) => p && p !== '..' && p !== '#');
  const negated = negation ? parts.some((p) => negatingWord(p, negation)) : false;
  return { text, label, weight, words, negated };
}

function wordMatches(w: TermWord, t: Token): boolean {
  if (w.number) return t.isNumber;
  return w.exact ? t.lex === w.key : t.lex.startsWith(w.key);
}

/** A set of terms indexed by their first word. */
export class TermIndex {
  private readonly exact = new Map<string, Term[]>();
  private readonly prefix = new Map<string, Term[]>();
  private readonly numeric: Term[] = [];

  constructor(
    terms: Term[],
    private readonly negation?: Negation,
  ) {
    for (const term of terms) {
      const first = term.words[0]!;
      if (first.number) this.numeric.push(term);
      else if (first.exact) push(this.exact, first.key, term);
      else {
        push(this.prefix, first.key, term);
        this.prefixLengths.add(first.key.length);
      }
    }
    this.lengths = [...this.prefixLengths].sort((a, b) => a - b);
  }

  /** Lengths of the first-word keys of prefix terms: a token is looked up by its prefixes of these lengths. */
  private readonly prefixLengths = new Set<number>();
  private lengths: number[] = [];

  /** Every match in the tokens, negated ones and held-out ones left out. */
  match(tokens: Token[], holdout?: Holdout, keepNegated = false): TermMatch[] {
    const out: TermMatch[] = [];
    const none: Term[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const lists = t.isNumber ? [this.numeric] : [this.exact.get(t.lex) ?? none];
      if (!t.isNumber) {
        for (const n of this.lengths) {
          if (n > t.lex.length) break;
          const list = this.prefix.get(t.lex.slice(0, n));
          if (list) lists.push(list);
        }
      }
      for (const list of lists) {
        for (const term of list) {
          const end = matchAt(term, tokens, i);
          if (end < 0 || heldOut(term.names, holdout)) continue;
          if (!keepNegated && !term.negated && this.negation && isNegated(tokens, i, end, this.negation))
            continue;
          out.push({ term, start: i, end });
        }
      }
    }
    return out;
  }
}

function matchAt(term: Term, tokens: Token[], i: number): number {
  if (!wordMatches(term.words[0]!, tokens[i]!)) return -1;
  let pos = i;
  for (let w = 1; w < term.words.length; w++) {
    const word = term.words[w]!;
    let found = -1;
    for (let j = pos + 1; j <= pos + 1 + word.maxGap && j < tokens.length; j++) {
      if (tokens[j]!.sentence !== tokens[i]!.sentence) break;
      if (wordMatches(word, tokens[j]!)) {
        found = j;
        break;
      }
    }
    if (found < 0) return -1;
    pos = found;
  }
  return pos;
}

/**
 * Whether a match is negated: a negation word up to `window` words before it ("полиция никого не
 * задерживала", "nobody was detained"), inside it ("аким так и не вышел" against "аким .. вышел"),
 * a Kazakh negative verb form in it ("ұсталмады"), or a negation right after it ("ұсталған жоқ",
 * "погромов не было").
 */
export function isNegated(tokens: Token[], start: number, end: number, neg: Negation): boolean {
  const sentence = tokens[start]!.sentence;
  const negWord = (j: number) =>
    neg.before.has(tokens[j]!.key) && !neg.notNegationNext.has(tokens[j + 1]?.key ?? '');
  for (let j = start - 1; j >= Math.max(0, start - neg.window); j--) {
    if (tokens[j]!.sentence !== sentence) break;
    if (negWord(j)) return true;
  }
  for (let j = start; j <= end; j++) {
    if (tokens[j]!.neg || (j > start && negWord(j))) return true;
  }
  for (let j = end + 1; j <= Math.min(tokens.length - 1, end + 2); j++) {
    if (tokens[j]!.sentence !== sentence) break;
    if (neg.after.has(tokens[j]!.key)) return true;
    if (neg.afterSequences.some((q) => q.every((k, n) => tokens[j + n]?.key === k))) return true;
  }
  return false;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** Compile a `{label: [terms]}` group of a data file into one index. */
export function compileGroup(
  group: Record<string, RawTerm[]>,
  negation: Negation | undefined,
  prefix = '',
  namesIn?: (text: string) => Names | undefined,
): TermIndex {
  const terms: Term[] = [];
  for (const [label, list] of Object.entries(group)) {
    for (const raw of list) {
      const term = compileTerm(raw, prefix + label, negation);
      const names = namesIn?.(term.text);
      terms.push(names ? { ...term, names } : term);
    }
  }
  return new TermIndex(terms, negation);
}

/**
 * Sum of weights per label, each word counted once per label: "на площади" and "ploshad" on the
 * same words weigh as the heavier of the two, not as both.
 */
export function scoreByLabel(matches: TermMatch[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of distinct(matches)) out.set(m.term.label, (out.get(m.term.label) ?? 0) + m.term.weight);
  return out;
}

/** Matches of one label that do not overlap, the heavier first. */
export function distinct(matches: TermMatch[]): TermMatch[] {
  const taken = new Map<string, [number, number][]>();
  const out: TermMatch[] = [];
  for (const m of [...matches].sort(
    (a, b) => b.term.weight - a.term.weight || b.end - b.start - (a.end - a.start),
  )) {
    const spans = taken.get(m.term.label) ?? [];
    if (spans.some(([s, e]) => m.start <= e && m.end >= s)) continue;
    spans.push([m.start, m.end]);
    taken.set(m.term.label, spans);
    out.push(m);
  }
  return out;
}
