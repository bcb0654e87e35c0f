import type { Lang } from '../core/content.js';
import type { Demand } from '../core/taxonomy.js';
import type { BriefFacts } from './brief-facts.js';
import { DEMAND_LABELS } from './labels.js';

/*
 * What the brief's sections write with. Every number (and every date or name that might hold
 * digits) goes through `BriefWriter.fact`, which records the path of the fact it came from: the
 * tests check each one against `facts`.
 */

/** A value in the text and the fact it came from ('scale.events', 'who.enterprises.0.count'). */
export interface BriefToken {
  path: string;
  text: string;
}

/** One sentence; `lead` sentences make the brief's summary. */
export interface BriefSentence {
  text: string;
  lead: boolean;
  tokens: BriefToken[];
}

/** Read a fact by its dotted path. */
export function factAt(facts: BriefFacts, path: string): unknown {
  let value: unknown = facts;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | null)?.[key];
  return value;
}

/** A signed figure: +12, −12 (minus sign), 0. */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `\u2212${-n}` : '0';
}

export class BriefWriter {
  readonly sentences: BriefSentence[] = [];
  private pending: BriefToken[] = [];

  constructor(
    readonly facts: BriefFacts,
    readonly lang: Lang,
  ) {}

  /** A fact as it appears in the text; `sign` writes + or − before a change. */
  fact(path: string, sign = false): string {
    const value = factAt(this.facts, path);
    const text = sign && typeof value === 'number' ? signed(value) : String(value);
    this.pending.push({ path, text });
    return text;
  }

  num(path: string): number {
    return factAt(this.facts, path) as number;
  }

  /** Add a sentence; `lead` puts it in the summary too. */
  say(sentence: string, options: { lead?: boolean } = {}): void {
    this.sentences.push({ text: sentence, lead: options.lead === true, tokens: this.pending });
    this.pending = [];
  }

  list<T>(path: string, items: T[], item: (prefix: string, x: T) => string): string {
    return items.map((x, i) => item(`${path}.${i}`, x)).join(', ');
  }
}

const RU_PLURAL = new Intl.PluralRules('ru');
const EN_PLURAL = new Intl.PluralRules('en');

/** Russian plural form for a count: 1 событие, 2 события, 5 событий, 21 событие, 11 событий. */
export function ruPlural(n: number, one: string, few: string, many: string): string {
  const form = RU_PLURAL.select(n);
  return form === 'one' ? one : form === 'few' ? few : many;
}

/** Russian prepositional after "в N": в 1 пункте, в 21 пункте, but в 2/5/11 пунктах. */
export function ruPrepositional(n: number, singular: string, plural: string): string {
  return RU_PLURAL.select(n) === 'one' ? singular : plural;
}

export const enPlural = (n: number, one: string, many: string) =>
  EN_PLURAL.select(n) === 'one' ? one : many;

export function demandLabel(w: BriefWriter, prefix: string, lang: Lang): string {
  const code = factAt(w.facts, `${prefix}.demand`) as Demand;
  return DEMAND_LABELS[code]?.[lang] ?? code.replaceAll('_', ' ');
}

/** One section of the brief (brief-sections.ts says how sections are added). */
export interface BriefSection {
  id: string;
  heading: Record<Lang, string> | null;
  /** Whether the section is said for these facts; default: the period had events. */
  shown?: (facts: BriefFacts) => boolean;
  render: Record<Lang, (w: BriefWriter) => void>;
}
