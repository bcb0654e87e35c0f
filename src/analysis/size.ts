import { readDataFile } from './data.js';
import { isMonthWord } from './dates.js';
import { compileTerm, type Term, TermIndex } from './lexicon.js';
import { type Token, wordKey } from './normalize.js';

/*
 * Crowd size (TAXONOMY.md): `{low, high, text}`. A figure counts when a word for people stands
 * next to it ("500 chel", "человек сорок", "үш жүздей адам", "about a thousand of us"), or when it
 * is in the thousands ("примерно 6 тысяч"); vague words count as ACLED's conservative figure
 * ("сотни" 100, "a few dozen" 12). A count of the detained, the injured or of vehicles is not a
 * crowd. An exact figure fills `low` only; a range ("40-50", "бес-алты мың") fills `high` too.
 */

export interface Size {
  low: number;
  high: number | null;
  text: string;
}

interface RawNumbers {
  units: Record<string, string[]>;
  multipliers: Record<string, string[]>;
  vague: Record<string, string[]>;
  approx_before: string[];
  people: string[];
  not_people: string[];
  ambiguous: string[];
  auxiliaries: string[];
  not_people_before: string[];
}

interface SizeRules {
  units: Map<string, number>;
  multipliers: Map<string, number>;
  vague: TermIndex;
  approx: TermIndex;
  people: TermIndex;
  notPeople: TermIndex;
  ambiguous: Set<string>;
  auxiliaries: Set<string>;
  notPeopleBefore: TermIndex;
}

/** Kazakh "about" suffixes on a number word: жүздей, мыңдай. */
const APPROX_SUFFIX = /^(dai|dei|tai|tei)$/;

let rules: SizeRules | undefined;

function load(): SizeRules {
  const raw = readDataFile<RawNumbers>('numbers.json');
  const map = (groups: Record<string, string[]>) => {
    const m = new Map<string, number>();
    for (const [v, words] of Object.entries(groups)) for (const w of words) m.set(wordKey(w), Number(v));
    return m;
  };
  const index = (list: string[], label = '') => new TermIndex(list.map((t) => compileTerm(t, label)));
  const vague: Term[] = [];
  for (const [v, words] of Object.entries(raw.vague))
    for (const w of words) vague.push(compileTerm(`=${w}`, v));
  return {
    units: map(raw.units),
    multipliers: map(raw.multipliers),
    vague: new TermIndex(vague.map((t) => ({ ...t, words: t.words.map((w) => ({ ...w, exact: true })) }))),
    approx: index(raw.approx_before),
    people: index(raw.people),
    notPeople: index(raw.not_people),
    ambiguous: new Set(raw.ambiguous.map((w) => wordKey(w))),
    auxiliaries: new Set(raw.auxiliaries.map((w) => wordKey(w))),
    notPeopleBefore: index(raw.not_people_before),
  };
}

function lookup(m: Map<string, number>, t: Token | undefined): number | undefined {
  if (!t || t.isNumber) return undefined;
  const v = m.get(t.key);
  if (v !== undefined) return v;
  for (const [k, val] of m) {
    if (k.length >= 3 && t.key.startsWith(k) && APPROX_SUFFIX.test(t.key.slice(k.length))) return val;
  }
  return undefined;
}

interface Quantity {
  low: number;
  high: number | null;
  start: number;
  end: number;
}

/** A number (digits or words, maybe a range, maybe times a multiplier) starting at token i. */
function numberAt(tokens: Token[], i: number, text: string, r: SizeRules): Quantity | null {
  const single = (j: number): { v: number; end: number } | null => {
    const t = tokens[j];
    if (!t) return null;
    let v: number | undefined;
    let end = j;
    if (t.isNumber) {
      if (t.key.includes('.')) return null;
      v = Number(t.key);
    } else {
      v = lookup(r.units, t);
      if (v === undefined) return null;
      // Compound number words: "он екі" 12, "үш жүз" 300, "двести пятьдесят" 250.
      while (tokens[end + 1] && !tokens[end + 1]!.isNumber) {
        const nextUnit = lookup(r.units, tokens[end + 1]);
        const nextMult = lookup(r.multipliers, tokens[end + 1]);
        if (nextMult !== undefined && nextMult > v) break;
        if (nextUnit === undefined || nextUnit >= v) break;
        v += nextUnit;
        end++;
      }
    }
    return { v, end };
  };
  const first = single(i);
  if (!first) return null;
  let { v: low } = first;
  let high: number | null = null;
  let end = first.end;
  const sep = tokens[end + 1] ? text.slice(tokens[end]!.end, tokens[end + 1]!.start).trim() : '';
  if ((sep === '-' || sep === '–' || sep === '—') && tokens[end + 1]) {
    const second = single(end + 1);
    if (second && second.v > low) {
      high = second.v;
      end = second.end;
    }
  }
  const mult = lookup(r.multipliers, tokens[end + 1]);
  if (mult !== undefined) {
    low *= mult;
    if (high !== null) high *= mult;
    end++;
  }
  return { low, high, start: i, end };
}

/**
 * The crowd size a report gives, or null.
 * @example suggestSize('народу уже сотни', tokenize('народу уже сотни')) // {low: 100, high: null, text: 'сотни'}
 */
export function suggestSize(text: string, tokens: Token[]): Size | null {
  rules ??= load();
  const r = rules;
  const people = r.people.match(tokens);
  const notPeople = r.notPeople.match(tokens);
  const notPeopleBefore = r.notPeopleBefore.match(tokens);
  const approx = r.approx.match(tokens);
  const same = (a: number, b: number) => tokens[a]!.sentence === tokens[b]!.sentence;
  const noNumberBetween = (a: number, b: number) => tokens.slice(a + 1, b).every((t) => !t.isNumber);
  const peopleAfter = (end: number) =>
    people.find(
      (m) => m.start > end && m.start <= end + 3 && same(end, m.start) && noNumberBetween(end, m.start),
    );
  const peopleBefore = (start: number) =>
    people.find((m) => m.end < start && m.end >= start - 2 && same(start, m.end));
  const excluded = (from: number, to: number) => notPeople.some((m) => m.start >= from && m.start <= to);

  const candidates: (Quantity & { vague: boolean })[] = [];
  const vague = r.vague.match(tokens);
  for (let i = 0; i < tokens.length; i++) {
    const v = vague.filter((m) => m.start === i).sort((a, b) => b.end - b.start - (a.end - a.start))[0];
    const q = numberAt(tokens, i, text, r);
    if (q && !(v && v.end > q.end)) {
      candidates.push({ ...q, vague: false });
      i = q.end;
    } else if (v) {
      candidates.push({ low: Number(v.term.label), high: null, start: v.start, end: v.end, vague: true });
      i = v.end;
    }
  }
  for (const q of candidates) {
    if (q.low < 2 || q.low > 1_000_000) continue;
    if (
      !q.vague &&
      tokens[q.start]!.isNumber &&
      q.high === null &&
      /^(19|20)\d\d$/.test(tokens[q.start]!.key)
    )
      continue;
    if (!q.vague && (isMonthWord(tokens[q.end + 1]) || isMonthWord(tokens[q.start - 1]))) continue;
    const after = peopleAfter(q.end);
    const before = after ? undefined : peopleBefore(q.start);
    const ok = after || before || (q.low >= 1000 && !q.vague) || q.vague;
    const word = tokens[q.start]!;
    if (!word.isNumber && q.end === q.start && r.ambiguous.has(word.key) && after?.start !== q.end + 1)
      continue;
    if (!ok) continue;
    const lastTok = after ? after.end : q.end;
    const reach = r.auxiliaries.has(tokens[lastTok + 1]?.key ?? '') ? 2 : 1;
    if (excluded(q.end + 1, lastTok + reach) || notPeopleBefore.some((m) => m.end === q.start - 1)) continue;
    let first = before ? before.start : q.start;
    const a = approx.find(
      (m) => m.end === q.start - 1 || (m.end === q.start - 2 && /^(a|an)$/.test(tokens[q.start - 1]!.key)),
    );
    if (a && !before) first = a.start;
    return {
      low: q.low,
      high: q.high,
      text: text.slice(tokens[first]!.start, tokens[lastTok]!.end),
    };
  }
  return null;
}

/**
 * A count written next to the words at tokens start..end, within three words in the same
 * sentence, nearest first: "5 человек погибли", "погибли трое", "two people were killed",
 * "екі адам қаза тапты". Null when none.
 * @example countNear(tokenize('погибли трое рабочих'), 'погибли трое рабочих', 0, 0) // 3
 */
export function countNear(tokens: Token[], text: string, start: number, end: number): number | null {
  rules ??= load();
  const r = rules;
  const sentence = tokens[start]?.sentence;
  for (let d = 1; d <= 3; d++) {
    for (const i of [start - d, end + d]) {
      const t = tokens[i];
      if (!t || t.sentence !== sentence) continue;
      const q = numberAt(tokens, i, text, r);
      if (q && q.low > 0 && q.low < 100_000 && !isMonthWord(tokens[q.end + 1])) return q.low;
    }
  }
  return null;
}
