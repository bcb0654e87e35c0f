import type { Sector } from '../core/taxonomy.js';
import { readDataFile } from './data.js';
import { compileTerm, type Term, TermIndex } from './lexicon.js';
import type { Token } from './normalize.js';

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
}

interface Registry {
  enterprises: Map<string, Enterprise>;
  names: TermIndex;
  local: TermIndex;
}

let cached: Registry | undefined;

function load(): Registry {
  const raw = readDataFile<{ enterprises: RawEnterprise[] }>('enterprises.json').enterprises;
  const enterprises = new Map<string, Enterprise>();
  const names: Term[] = [];
  const local: Term[] = [];
  for (const e of raw) {
    enterprises.set(e.name, { name: e.name, sector: e.sector, settlement: e.settlement, admin1: e.admin1 });
    for (const a of new Set([e.name, ...e.aliases])) names.push(compileTerm(a, e.name));
    for (const a of e.local_aliases ?? []) local.push(compileTerm(a, e.name));
  }
  return { enterprises, names: new TermIndex(names), local: new TermIndex(local) };
}

/**
 * The enterprise a report names (the first one; the longest name where two overlap), or one
 * that generic words name in its own town ("refinery" in Atyrau).
 * @example findEnterprise(tokenize('шахтёры Казахмыса бастуют'), null)?.name // 'Kazakhmys'
 */
export function findEnterprise(tokens: Token[], settlement: string | null): Enterprise | null {
  cached ??= load();
  const reg = cached;
  const pick = (index: TermIndex, where: string | null) => {
    const matches = index
      .match(tokens)
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
