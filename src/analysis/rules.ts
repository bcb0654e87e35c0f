import {
  type ActorRole,
  type Demand,
  type StateResponse,
  SUB_EVENT_TYPES_BY_EVENT_TYPE,
  type SubEventType,
  type Tactic,
} from '../core/taxonomy.js';
import type { Holdout } from './holdout.js';
import { distinct, isNegated, type TermMatch } from './lexicon.js';
import { loadLexicons } from './lexicons.js';
import type { Token } from './normalize.js';

/*
 * What the rules read from a report: the evidence of each kind of event in the lexicons, and the
 * precedence of TAXONOMY.md between them.
 *
 * - A measure of the state that stands on its own is the event even when the text also tells of
 *   the action it answers: an internet cut, troops sent in, a state of emergency, officials
 *   removed, and a concession (a price rolled back, an agreement signed, a wage raised).
 * - Arrests are the event when no action is under way: when the arrested are named as a person
 *   (a member, a leader, an activist, taken from home, charged) or the report says that nothing
 *   is happening now ("акций нет", "ешқандай митинг жоқ"); arrests in a crowd are a response.
 * - A crowd that burns, storms, topples or loots makes a riot; a stoppage of work a labour
 *   action; a crowd in public a protest, whose sub-type follows the force used against it.
 */

export interface RuleEvidence {
  /** The sub-event type the rules choose, or null when nothing in the text is an event. */
  sub: SubEventType | null;
  /** How sure the rules are of it, 0–1: strong unambiguous evidence near 1, a weak guess near 0.3. */
  strength: number;
  /** Other sub-types with evidence (the rules were in conflict between them and `sub`). */
  rivals: SubEventType[];
  /** Total weight of event evidence, and of the signs of noise. */
  evidence: number;
  noiseScore: number;
  tactics: Tactic[];
  demands: Demand[];
  responses: StateResponse[];
  roles: Set<ActorRole>;
  people: boolean;
}

const FORCE: StateResponse[] = ['beatings', 'crowd_dispersal', 'shootings', 'killings'];
/** On a tie between labour sub-types, the more specific wins. */
const LABOUR_ORDER: SubEventType[] = ['hunger_strike', 'lockout', 'sit_in', 'walkout', 'strike'];
/** State measures that are the event whatever action the text also tells of (with strong terms). */
const DECISIVE: SubEventType[] = [
  'internet_shutdown',
  'force_deployment',
  'emergency',
  'dismissal',
  'concession',
];

export function ruleEvidence(tokens: Token[], text: string, holdout?: Holdout): RuleEvidence {
  const lex = loadLexicons();
  const sub = lex.events.score(tokens, holdout);
  const cueMatches = lex.protestCues.matchesIgnoringNegation(tokens, holdout);
  const liveCues = cueMatches.filter(
    (m) => m.term.negated || !isNegated(tokens, m.start, m.end, lex.negation),
  );
  const protestCues = totalWeight(liveCues);
  const tactics = lex.tactics.labels(tokens, holdout) as Tactic[];
  const demands = lex.demands.labels(tokens, holdout) as Demand[];
  const responses = answered(lex.responses.labels(tokens, holdout) as StateResponse[]);
  const roles = new Set(lex.actors.labels(tokens, holdout) as ActorRole[]);
  const people = lex.people.total(tokens, holdout) > 0;
  // A message that ends in a question asks rather than reports, unless the evidence says otherwise.
  const noiseScore = lex.noise.total(tokens, holdout) + (/[?？]\s*$/.test(text) ? 2 : 0);
  const targeted = lex.arrestTarget.total(tokens, holdout) > 0;
  // "акций сейчас нет", "no protest", "ешқандай митинг жоқ": the cue is there, negated.
  // "акций сейчас нет", "no protest", "ешқандай митинг жоқ": a cue is there, and it is denied.
  const quiet = lex.quiet.total(tokens, holdout) > 0 || liveCues.length < cueMatches.length;

  const best = (types: readonly SubEventType[]) => {
    let top: SubEventType | null = null;
    let score = 0;
    for (const t of types) {
      const s = sub.get(t) ?? 0;
      if (s > score) {
        top = t;
        score = s;
      }
    }
    return { type: top, score };
  };
  const state = best(SUB_EVENT_TYPES_BY_EVENT_TYPE.state_measure.filter((t) => t !== 'arrests'));
  // Arrests as the rules of responses read them ("полицейские увезли", "алып кетті") count too.
  const arrests = Math.max(sub.get('arrests') ?? 0, responses.includes('arrests') ? 2 : 0);
  const riot = best(SUB_EVENT_TYPES_BY_EVENT_TYPE.riot);
  const labour = best(LABOUR_ORDER);
  const force = responses.filter((r) => FORCE.includes(r)).length;
  const crowd = protestCues + tactics.length + force;
  const evidence =
    [...sub.values()].reduce((a, b) => a + b, 0) +
    protestCues +
    tactics.length +
    demands.length +
    responses.length;

  const rivals = new Set<SubEventType>();
  const protestSub = (): SubEventType => {
    if (responses.some((r) => r === 'killings' || r === 'shootings' || r === 'beatings'))
      return 'excessive_force_against_protesters';
    if (responses.some((r) => r === 'crowd_dispersal' || r === 'arrests')) return 'protest_with_intervention';
    return 'peaceful_protest';
  };
  const action = riot.score + labour.score + crowd;
  let chosen: SubEventType | null = null;
  let strength = 0;
  if (state.type && DECISIVE.includes(state.type) && state.score >= 3 && state.score >= labour.score) {
    chosen = state.type;
    strength = state.score >= 4 || action === 0 ? 0.9 : 0.7;
  } else if (arrests >= 2 && (targeted || quiet) && riot.score === 0 && labour.score === 0) {
    chosen = 'arrests';
    strength = targeted && quiet ? 0.9 : 0.7;
  } else if (arrests > 0 && arrests > action) {
    chosen = 'arrests';
    strength = 0.6;
  } else if (state.type && state.score >= 2 && state.score > labour.score && state.score >= crowd) {
    chosen = state.type;
    strength = 0.6;
  } else if (riot.type) {
    chosen = riot.type;
    strength = riot.score >= 3 ? 0.85 : 0.6;
  } else if (labour.type) {
    chosen = labour.type;
    strength = labour.score >= 2 ? 0.85 : 0.6;
  } else if (crowd > 0 || demands.length > 0) {
    chosen = protestSub();
    strength = crowd >= 2 ? 0.8 : crowd > 0 ? 0.6 : 0.4;
  } else if (state.type) {
    chosen = state.type;
    strength = 0.5;
  } else if (arrests > 0) {
    chosen = 'arrests';
    strength = 0.5;
  }
  // Whatever else had evidence is a rival: the model may settle between them.
  if (state.type && state.type !== chosen) rivals.add(state.type);
  if (arrests > 0 && chosen !== 'arrests') rivals.add('arrests');
  if (riot.type && riot.type !== chosen) rivals.add(riot.type);
  if (labour.type && labour.type !== chosen) rivals.add(labour.type);
  if ((crowd > 0 || demands.length > 0) && chosen && !chosen.includes('protest')) rivals.add(protestSub());
  if (rivals.size > 0) strength = Math.min(strength, 0.75);
  return {
    sub: chosen,
    strength,
    rivals: [...rivals],
    evidence,
    noiseScore,
    tactics,
    demands,
    responses,
    roles,
    people,
  };
}

/**
 * An official who comes out to make a promise accommodates rather than negotiates, and one who
 * talks has not ignored the crowd (each report gets the answer it tells of).
 */
function answered(found: StateResponse[]): StateResponse[] {
  const set = new Set(found);
  if (set.has('accommodation')) set.delete('negotiations');
  if (set.has('negotiations') || set.has('accommodation')) set.delete('ignore');
  return [...set];
}

/** Sum of weights, each word counted once per label (as `Group.total`). */
function totalWeight(matches: TermMatch[]): number {
  let sum = 0;
  for (const m of distinct(matches)) sum += m.term.weight;
  return sum;
}
