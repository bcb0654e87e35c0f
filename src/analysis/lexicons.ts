import { readDataFile } from './data.js';
import { findEnterprise } from './enterprises.js';
import { loadGazetteer } from './gazetteer.js';
import type { Holdout, Names } from './holdout.js';
import {
  compileGroup,
  compileNegation,
  distinct,
  type Negation,
  type RawNegation,
  type RawTerm,
  scoreByLabel,
  type TermIndex,
  type TermMatch,
} from './lexicon.js';
import { type Token, tokenize } from './normalize.js';

/** The towns and enterprises a term names, for holding it out in an evaluation (holdout.ts). */
function namesIn(text: string): Names | undefined {
  const tokens = tokenize(text.replace(/(^|\s)(\.\.|#)(?=\s|$)/g, ' ').replace(/[=*]/g, ''));
  const towns = loadGazetteer()
    .find(tokens)
    .places.map((p) => p.value.name);
  const enterprise = findEnterprise(tokens, null);
  if (towns.length === 0 && !enterprise) return undefined;
  return { towns, enterprises: enterprise ? [enterprise.name] : [] };
}

/*
 * The lexicons of data-files/analysis/ compiled once per process. Each group answers three
 * questions about a report's tokens: the weight per label, the total weight, the labels found.
 */

export class Group {
  constructor(private readonly index: TermIndex) {}

  matches(tokens: Token[], holdout?: Holdout): TermMatch[] {
    return this.index.match(tokens, holdout);
  }

  /** Every match, negated ones included (to tell that something is denied). */
  matchesIgnoringNegation(tokens: Token[], holdout?: Holdout): TermMatch[] {
    return this.index.match(tokens, holdout, true);
  }

  score(tokens: Token[], holdout?: Holdout): Map<string, number> {
    return scoreByLabel(this.index.match(tokens, holdout));
  }

  total(tokens: Token[], holdout?: Holdout): number {
    let sum = 0;
    for (const m of distinct(this.index.match(tokens, holdout))) sum += m.term.weight;
    return sum;
  }

  labels(tokens: Token[], holdout?: Holdout): string[] {
    return [...new Set(this.index.match(tokens, holdout).map((m) => m.term.label))];
  }
}

export interface Lexicons {
  negation: Negation;
  events: Group;
  protestCues: Group;
  tactics: Group;
  demands: Group;
  responses: Group;
  actors: Group;
  people: Group;
  national: Group;
  noise: Group;
  /** The arrested named as persons (a member, a leader, taken from home, charged): a state measure. */
  arrestTarget: Group;
  /** Nothing is happening now ("в городе тихо", "акций нет"). */
  quiet: Group;
}

let cached: Lexicons | undefined;

/** Every lexicon, compiled on first use. */
export function loadLexicons(): Lexicons {
  cached ??= build();
  return cached;
}

function build(): Lexicons {
  const negation = compileNegation(readDataFile<RawNegation>('negation.json'));
  const events = readDataFile<{
    sub_event_types: Record<string, RawTerm[]>;
    protest_cues: RawTerm[];
    arrest_target: RawTerm[];
    quiet: RawTerm[];
  }>('events.json');
  const actors = readDataFile<{
    actor_roles: Record<string, RawTerm[]>;
    people: RawTerm[];
    national_cues: RawTerm[];
  }>('actors.json');
  const group = (g: Record<string, RawTerm[]>, neg: Negation | undefined = negation) =>
    new Group(compileGroup(g, neg, '', namesIn));
  return {
    negation,
    events: group(events.sub_event_types),
    protestCues: group({ protest: events.protest_cues }),
    tactics: group(readDataFile<{ tactics: Record<string, RawTerm[]> }>('tactics.json').tactics),
    demands: group(readDataFile<{ demands: Record<string, RawTerm[]> }>('demands.json').demands),
    responses: group(
      readDataFile<{ state_responses: Record<string, RawTerm[]> }>('responses.json').state_responses,
    ),
    actors: group(actors.actor_roles, undefined),
    people: group({ people: actors.people }, undefined),
    national: group({ national: actors.national_cues }, undefined),
    noise: group({ noise: readDataFile<{ noise: RawTerm[] }>('noise.json').noise }, undefined),
    arrestTarget: group({ target: events.arrest_target }),
    quiet: group({ quiet: events.quiet }),
  };
}
