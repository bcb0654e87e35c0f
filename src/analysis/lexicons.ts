import { readDataFile } from './data.js';
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
import type { Token } from './normalize.js';

/*
 * The lexicons of data-files/analysis/ compiled once per process. Each group answers three
 * questions about a report's tokens: the weight per label, the total weight, the labels found.
 */

export class Group {
  constructor(private readonly index: TermIndex) {}

  matches(tokens: Token[]): TermMatch[] {
    return this.index.match(tokens);
  }

  score(tokens: Token[]): Map<string, number> {
    return scoreByLabel(this.index.match(tokens));
  }

  total(tokens: Token[]): number {
    let sum = 0;
    for (const m of distinct(this.index.match(tokens))) sum += m.term.weight;
    return sum;
  }

  labels(tokens: Token[]): string[] {
    return [...new Set(this.index.match(tokens).map((m) => m.term.label))];
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
}

let cached: Lexicons | undefined;

/** Every lexicon, compiled on first use. */
export function loadLexicons(): Lexicons {
  cached ??= build();
  return cached;
}

function build(): Lexicons {
  const negation = compileNegation(readDataFile<RawNegation>('negation.json'));
  const events = readDataFile<{ sub_event_types: Record<string, RawTerm[]>; protest_cues: RawTerm[] }>(
    'events.json',
  );
  const actors = readDataFile<{
    actor_roles: Record<string, RawTerm[]>;
    people: RawTerm[];
    national_cues: RawTerm[];
  }>('actors.json');
  const group = (g: Record<string, RawTerm[]>, neg: Negation | undefined = negation) =>
    new Group(compileGroup(g, neg));
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
  };
}
