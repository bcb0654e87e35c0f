import type { Sector } from '../core/taxonomy.js';
import { readDataFile } from './data.js';
import type { Holdout, Names } from './holdout.js';
import { compileTerm, type Term, TermIndex } from './lexicon.js';
import { type Token, transliterate } from './normalize.js';

/*
 * The enterprise registry of data-files/analysis/enterprises.json: one name per enterprise
 * whatever the language or the abbreviation the report uses ("АрселорМиттал", "АМТ", "Qarmet").
 */

export interface Enterprise {
  name: string;
  sector: Sector;
  /** The place of a single-site enterprise; null when it works at several. */
  settlement: string | null;
  admin1: string | null;
}

interface RawEnterprise extends Enterprise {
  aliases: string[];
  local_aliases?: string[];
  /** The towns a multi-site enterprise works in (a single-site one: its settlement). */
  towns?: string[];
}

interface WorkplaceNoun {
  terms: string[];
  en: string;
  sector: Sector;
}

interface Registry {
  enterprises: Map<string, Enterprise>;
  names: TermIndex;
  local: TermIndex;
  nouns: TermIndex;
  nounInfo: Map<string, WorkplaceNoun>;
}

let cached: Registry | undefined;

function load(): Registry {
  const file = readDataFile<{ enterprises: RawEnterprise[]; workplace_nouns: WorkplaceNoun[] }>(
    'enterprises.json',
  );
  const raw = file.enterprises;
  const nouns: Term[] = [];
  const nounInfo = new Map<string, WorkplaceNoun>();
  file.workplace_nouns.forEach((n, i) => {
    nounInfo.set(String(i), n);
    for (const t of n.terms) nouns.push(compileTerm(t.length <= 3 ? `=${t}` : t, String(i)));
  });
  const enterprises = new Map<string, Enterprise>();
  const names: Term[] = [];
  const local: Term[] = [];
  for (const e of raw) {
    enterprises.set(e.name, { name: e.name, sector: e.sector, settlement: e.settlement, admin1: e.admin1 });
    const tags: Names = {
      enterprises: [e.name],
      towns: [...(e.settlement ? [e.settlement] : []), ...(e.towns ?? [])],
    };
    for (const a of new Set([e.name, ...e.aliases])) names.push({ ...compileTerm(a, e.name), names: tags });
    for (const a of e.local_aliases ?? []) local.push({ ...compileTerm(a, e.name), names: tags });
  }
  return {
    enterprises,
    names: new TermIndex(names),
    local: new TermIndex(local),
    nouns: new TermIndex(nouns),
    nounInfo,
  };
}

/**
 * The enterprise a report names (the first one; the longest name where two overlap), or one
 * that generic words name in its own town ("refinery" in Atyrau).
 * @example findEnterprise(tokenize('шахтёры Казахмыса бастуют'), null)?.name // 'Kazakhmys'
 */
export function findEnterprise(
  tokens: Token[],
  settlement: string | null,
  holdout?: Holdout,
): Enterprise | null {
  cached ??= load();
  const reg = cached;
  const pick = (index: TermIndex, where: string | null) => {
    const matches = index
      .match(tokens, holdout)
      .filter((m) => where === null || reg.enterprises.get(m.term.label)?.settlement === where)
      .sort(
        (a, b) =>
          a.start - b.start ||
          b.end - b.start - (a.end - a.start) ||
          b.term.words.length - a.term.words.length,
      );
    return matches[0] ? (reg.enterprises.get(matches[0].term.label) ?? null) : null;
  };
  return pick(reg.names, null) ?? (settlement ? pick(reg.local, settlement) : null);
}

const QUOTED = /[«"“„]([^»"”“]{2,40})[»"”]/g;

/**
 * An enterprise the registry lacks, named in quotes next to a workplace noun ("детский сад
 * «Балапан»", "«Балапан» балабақшасы"): its Latin name and the noun's sector. Null when none.
 * @example quotedEnterprise('Сотрудники детского сада «Балапан» не получили зарплату', tokenize(...))?.name // 'Balapan kindergarten'
 */
export function quotedEnterprise(text: string, tokens: Token[]): { name: string; sector: Sector } | null {
  cached ??= load();
  const reg = cached;
  const nounMatches = reg.nouns.match(tokens);
  if (nounMatches.length === 0) return null;
  for (const q of text.matchAll(QUOTED)) {
    const from = q.index;
    const to = from + q[0].length;
    const inside = tokens.filter((t) => t.start > from && t.end < to);
    if (inside.length === 0 || inside.length > 4) continue;
    const first = tokens.indexOf(inside[0]!);
    const last = tokens.indexOf(inside[inside.length - 1]!);
    const noun = nounMatches.find(
      (m) => (m.end < first && m.end >= first - 2) || (m.start > last && m.start <= last + 2),
    );
    if (!noun) continue;
    const info = reg.nounInfo.get(noun.term.label)!;
    const latin = inside
      .map((t) => titleCase(transliterate(t.raw).replace(/gh/g, 'g').replace(/q/g, 'k')))
      .join(' ');
    return { name: info.en ? `${latin} ${info.en}` : latin, sector: info.sector };
  }
  return null;
}

function titleCase(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}
