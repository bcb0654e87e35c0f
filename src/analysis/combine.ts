import { type StateResponse, SUB_EVENT_TYPE_TO_EVENT_TYPE, type SubEventType } from '../core/taxonomy.js';
import type { DateSource } from './dates.js';
import { type ModelPrediction, NOISE_CLASS, TYPE_CLASSES } from './model.js';
import type { RuleEvidence } from './rules.js';

/*
 * Rules and model together. The rules' verdict becomes a distribution over the type classes (the
 * chosen sub-type gets the rules' strength, rivals a share of the rest, every other class a
 * little), mixed with the model's probabilities in a share that follows how sure the rules are.
 * Sure rules therefore stand unless the model is all but certain of something else (what it
 * learns from the desk's corrections); where the rules are silent or torn, the model decides.
 * The mixture is the confidence of the type.
 */

/** How the place was found: a town by name, a small place, an enterprise's site, a region only, a national measure, nothing. */
export type PlaceSource = 'named' | 'small' | 'enterprise' | 'region' | 'national' | 'none';

export interface TypeChoice {
  /** The sub-event type, or null for noise. */
  sub: SubEventType | null;
  /** Confidence of that choice (of "noise" when sub is null). */
  confidence: number;
  /** Combined probability per type class. */
  probs: Map<string, number>;
}

/** Share of the rules' doubt that goes to their rivals. */
const RIVAL_SHARE = 0.6;

/** Whether the rules call the report noise, and how sure they are. */
function rulesNoise(rules: RuleEvidence): number {
  if (!rules.sub) return rules.noiseScore >= 2 ? 0.9 : 0.6;
  if (rules.noiseScore >= 2 && rules.noiseScore >= rules.evidence) return 0.85;
  return 0;
}

function ruleDistribution(rules: RuleEvidence): Map<string, number> {
  const out = new Map<string, number>();
  const noise = rulesNoise(rules);
  const chosen = noise > 0 ? NOISE_CLASS : (rules.sub as string);
  const strength = noise > 0 ? noise : rules.strength;
  const rivals = rules.rivals.filter((r) => r !== chosen);
  const rest = 1 - strength;
  const rivalMass = rivals.length > 0 ? rest * RIVAL_SHARE : 0;
  const others = TYPE_CLASSES.filter((c) => c !== chosen && !rivals.includes(c as SubEventType));
  for (const c of TYPE_CLASSES) {
    if (c === chosen) out.set(c, strength);
    else if (rivals.includes(c as SubEventType)) out.set(c, rivalMass / rivals.length);
    else out.set(c, (rest - rivalMass) / others.length);
  }
  return out;
}

/**
 * How much the model counts, by what the rules say: little where they are sure (unless the model
 * is all but certain, as it becomes on a phrasing the desk has coded again and again), more where
 * they are torn between types, most where they have only a weak guess (demands and no action)
 * or found nothing.
 */
const MODEL_SHARE = {
  sure: 0.1,
  certain: 0.6,
  torn: 0.25,
  weak: 0.6,
  noiseSigns: 0.3,
  silent: 0.7,
};
/** A model probability at which the model outweighs sure rules. */
const CERTAIN = 0.97;

/**
 * The sub-event type (or noise) from the rules and, when there is one, the model: a mixture of
 * the rules' distribution and the model's, weighted by how sure the rules are.
 */
export function chooseType(rules: RuleEvidence, prediction: ModelPrediction | null): TypeChoice {
  const prior = ruleDistribution(rules);
  let share = 0;
  if (prediction) {
    let top = 0;
    for (const p of prediction.type.values()) top = Math.max(top, p);
    if (!rules.sub) share = rules.noiseScore >= 2 ? MODEL_SHARE.noiseSigns : MODEL_SHARE.silent;
    else if (rulesNoise(rules) > 0) share = MODEL_SHARE.noiseSigns;
    else if (rules.strength < 0.5) share = MODEL_SHARE.weak;
    else if (rules.rivals.length > 0 || rules.strength < 0.7) share = MODEL_SHARE.torn;
    else share = top >= CERTAIN ? MODEL_SHARE.certain : MODEL_SHARE.sure;
  }
  const probs = new Map<string, number>();
  let best = NOISE_CLASS;
  let bestV = -1;
  for (const c of TYPE_CLASSES) {
    const v = (1 - share) * prior.get(c)! + share * (prediction?.type.get(c) ?? 0);
    probs.set(c, v);
    if (v > bestV) {
      best = c;
      bestV = v;
    }
  }
  return {
    sub: best === NOISE_CLASS ? null : (best as SubEventType),
    confidence: probs.get(best)!,
    probs,
  };
}

/** Responses the model is this sure of join those the rules found. */
const MODEL_RESPONSE = 0.9;

/** The state responses: the rules', and those the model is very sure of. */
export function combineResponses(
  found: StateResponse[],
  prediction: ModelPrediction | null,
): StateResponse[] {
  const out = new Set(found);
  for (const [r, p] of prediction?.responses ?? []) if (p >= MODEL_RESPONSE) out.add(r as StateResponse);
  return [...out];
}

/** Confidences of a noise suggestion: the type and every field share the confidence that it is noise. */
export function noiseConfidence(c: number): Record<string, number> {
  const v = round(c);
  return { noise: v, event_type: v, sub_event_type: v, overall: v };
}

const round = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;

const PLACE: Record<PlaceSource, number> = {
  named: 0.95,
  small: 0.8,
  enterprise: 0.75,
  region: 0.6,
  national: 0.85,
  none: 0.5,
};
const DATE: Record<DateSource, number> = { explicit: 0.95, relative: 0.9, received: 0.75, none: 0.3 };

/** Confidence per field of an event suggestion, and `overall`: the least sure of type, place and noise. */
export function fieldConfidence(
  s: {
    event_type: string | null;
    sub_event_type: string | null;
    state_responses: string[];
    demands: string[];
    size: unknown;
    enterprise: unknown;
  },
  ctx: {
    choice: TypeChoice;
    prediction: ModelPrediction | null;
    dateSource: DateSource;
    placeSource: PlaceSource;
    rules: RuleEvidence;
  },
): Record<string, number> {
  const { choice } = ctx;
  let typeMass = 0;
  for (const [c, p] of choice.probs) {
    if (c !== NOISE_CLASS && SUB_EVENT_TYPE_TO_EVENT_TYPE[c as SubEventType] === s.event_type) typeMass += p;
  }
  let responses = s.state_responses.length > 0 ? 0.8 : 0.75;
  if (ctx.prediction && s.event_type !== 'state_measure') {
    // How well the model agrees with the set, as a geometric mean over the heads.
    let log = 0;
    let n = 0;
    for (const [r, p] of ctx.prediction.responses) {
      log += Math.log(Math.max(1e-6, s.state_responses.includes(r) ? p : 1 - p));
      n++;
    }
    responses = (responses + Math.exp(log / Math.max(1, n))) / 2;
  }
  const c: Record<string, number> = {
    event_type: typeMass,
    sub_event_type: choice.confidence,
    noise: 1 - (choice.probs.get(NOISE_CLASS) ?? 0),
    date: DATE[ctx.dateSource],
    settlement: PLACE[ctx.placeSource],
    admin1: Math.max(PLACE[ctx.placeSource], ctx.placeSource === 'region' ? 0.85 : 0),
    enterprise: s.enterprise ? 0.85 : 0.8,
    actor_roles: 0.75,
    tactics: s.event_type === 'state_measure' ? 0.95 : 0.8,
    demands: s.event_type === 'state_measure' ? 0.95 : s.demands.length > 0 ? 0.85 : 0.7,
    state_responses: s.event_type === 'state_measure' ? 0.95 : responses,
    size: s.size ? 0.8 : 0.7,
    organization: 0.8,
  };
  c.overall = Math.min(c.event_type!, c.sub_event_type!, c.settlement!, c.noise!);
  for (const k of Object.keys(c)) c[k] = round(c[k]!);
  return c;
}
