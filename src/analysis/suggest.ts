import { z } from 'zod';
import {
  ACTOR_ROLES,
  type ActorRole,
  ActorRoleSchema,
  DEMANDS,
  DemandSchema,
  type EventType,
  EventTypeSchema,
  OrganizationSchema,
  SectorSchema,
  STATE_RESPONSES,
  type StateResponse,
  StateResponseSchema,
  SUB_EVENT_TYPE_TO_EVENT_TYPE,
  type SubEventType,
  SubEventTypeSchema,
  TACTICS,
  type Tactic,
  TacticSchema,
} from '../core/taxonomy.js';
import {
  chooseType,
  combineResponses,
  fieldConfidence,
  noiseConfidence,
  type PlaceSource,
} from './combine.js';
import { datedBy, dayDiff, receivedDay } from './dates.js';
import { findEnterprise, quotedEnterprise } from './enterprises.js';
import { loadGazetteer } from './gazetteer.js';
import type { Holdout } from './holdout.js';
import { loadLexicons } from './lexicons.js';
import { type CodingModel, predict } from './model.js';
import { type Token, tokenize } from './normalize.js';
import { ruleEvidence } from './rules.js';
import { loadShippedModel } from './shipped-model.js';
import { countNear, suggestSize } from './size.js';

/** The suggestion of `tilshi code suggest` (INTERFACES.md), with the codes of TAXONOMY.md. */
export const SuggestionSchema = z.object({
  event_type: EventTypeSchema.nullable(),
  sub_event_type: SubEventTypeSchema.nullable(),
  date: z.string().nullable(),
  settlement: z.string().nullable(),
  admin1: z.string().nullable(),
  enterprise: z.object({ name: z.string(), sector: SectorSchema }).nullable(),
  actor_roles: z.array(ActorRoleSchema),
  tactics: z.array(TacticSchema),
  demands: z.array(DemandSchema),
  state_responses: z.array(StateResponseSchema),
  size: z.object({ low: z.number(), high: z.number().nullable(), text: z.string() }).nullable(),
  organization: OrganizationSchema.nullable(),
  noise: z.boolean(),
  /** People killed as the report counts them (the lowest figure it gives); null when it counts none. */
  fatalities: z.number().int().min(0).nullable().optional(),
  /** How sure the suggestion is of each field (0–1), and `overall` (the least sure key field). */
  confidence: z.record(z.string(), z.number().min(0).max(1)).optional(),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

/** A report as the corpus and `tilshi import reports` give it. */
export interface ReportInput {
  id?: string;
  text: string;
  lang?: string | null;
  channel?: string | null;
  received_at?: string | null;
}

const NOISE: Suggestion = {
  event_type: null,
  sub_event_type: null,
  date: null,
  settlement: null,
  admin1: null,
  enterprise: null,
  actor_roles: [],
  tactics: [],
  demands: [],
  state_responses: [],
  size: null,
  organization: null,
  noise: true,
  fatalities: null,
};

const PROTESTERS: ActorRole[] = ['workers', 'residents', 'youth', 'union', 'collective', 'opposition'];
const FORCE: StateResponse[] = ['beatings', 'crowd_dispersal', 'arrests', 'shootings', 'killings'];
/** State measures that are national unless the report places them. */
const NATIONAL_BY_DEFAULT: SubEventType[] = [
  'dismissal',
  'internet_shutdown',
  'force_deployment',
  'emergency',
];

/** How a suggestion is made: the model to combine with the rules, and what an evaluation holds out. */
export interface SuggestOptions {
  /** The coding model; the shipped one when absent, none with `null` (rules only). */
  model?: CodingModel | null;
  /** Entries of the data files that name these towns and enterprises are off (holdout.ts). */
  holdout?: Holdout;
}

/**
 * Automatic coding suggestion for one report (TAXONOMY.md codes and conventions), each field
 * with a confidence.
 * @example suggestCodes({ text: 'Шахтёры бастуют в Жезказгане', received_at: '2022-01-05T10:00:00+06:00' }).event_type // 'labour_action'
 */
export function suggestCodes(report: ReportInput, options: SuggestOptions = {}): Suggestion {
  const text = report.text ?? '';
  const tokens = tokenize(text);
  if (tokens.length === 0) return { ...NOISE, confidence: noiseConfidence(1) };
  const holdout = options.holdout;
  const model = options.model === undefined ? loadShippedModel() : options.model;
  const rules = ruleEvidence(tokens, text, holdout);
  const prediction = model ? predict(model, report, tokens) : null;
  const choice = chooseType(rules, prediction);
  if (!choice.sub) return { ...NOISE, confidence: noiseConfidence(choice.confidence) };
  // A dated event more than a year before the report is history (a remembrance), not news.
  const dated = datedBy(tokens, report.received_at);
  const received = receivedDay(report.received_at);
  if (dated.day && received && dayDiff(dated.day, received) > 365) {
    return { ...NOISE, confidence: noiseConfidence(0.8) };
  }
  const subType = choice.sub;
  const eventType: EventType = SUB_EVENT_TYPE_TO_EVENT_TYPE[subType];
  const isState = eventType === 'state_measure';

  const place = locate(tokens, subType, holdout);
  const responses = isState ? [] : combineResponses(rules.responses, prediction);
  const roles = rules.roles;
  const actorRoles = actorsFor(eventType, subType, roles, rules.people, responses, place.enterprise !== null);
  const organized = roles.has('union') || roles.has('collective');
  const suggestion: Suggestion = {
    event_type: eventType,
    sub_event_type: subType,
    date: dated.day,
    settlement: place.settlement,
    admin1: place.admin1,
    enterprise: place.enterprise
      ? { name: place.enterprise.name, sector: place.enterprise.sector }
      : quotedEnterprise(text, tokens),
    actor_roles: actorRoles,
    tactics: isState ? [] : ordered(TACTICS, tacticsFor(eventType, subType, rules.tactics)),
    demands: isState ? [] : ordered(DEMANDS, rules.demands),
    state_responses: isState ? [] : ordered(STATE_RESPONSES, responses),
    size: isState ? null : suggestSize(text, tokens),
    organization: isState ? 'unknown' : organized ? 'organized' : 'spontaneous',
    noise: false,
    fatalities: responses.includes('killings') ? fatalities(tokens, text, holdout) : null,
    confidence: {},
  };
  suggestion.confidence = fieldConfidence(suggestion, {
    choice,
    prediction,
    dateSource: dated.source,
    placeSource: place.source,
    rules,
  });
  return suggestion;
}

/** The lowest count of the dead next to a word of killing (ACLED's conservative figure). */
function fatalities(tokens: Token[], text: string, holdout?: Holdout): number | null {
  let low: number | null = null;
  for (const m of loadLexicons().responses.matches(tokens, holdout)) {
    if (m.term.label !== 'killings') continue;
    const n = countNear(tokens, text, m.start, m.end);
    if (n !== null && (low === null || n < low)) low = n;
  }
  return low;
}

/** Where: the first place named; else a region; else the site of a single-site enterprise. */
function locate(tokens: Token[], subType: SubEventType, holdout?: Holdout) {
  const lex = loadLexicons();
  const gaz = loadGazetteer();
  const found = gaz.find(tokens, holdout);
  const first = found.places[0];
  const enterprise = findEnterprise(tokens, first?.value.name ?? null, holdout);
  let settlement: string | null = first?.value.name ?? null;
  let admin1: string | null = first?.value.admin1 ?? found.regions[0]?.value.name ?? null;
  let source: PlaceSource = first
    ? first.value.population >= 10_000 || first.value.geonamesId === null
      ? 'named'
      : 'small'
    : found.regions[0]
      ? 'region'
      : 'none';
  if (!settlement && enterprise) {
    settlement = enterprise.settlement;
    admin1 = admin1 ?? enterprise.admin1;
    if (enterprise.settlement) {
      source = 'enterprise';
      admin1 =
        enterprise.admin1 ?? gaz.places.find((p) => p.name === enterprise.settlement)?.admin1 ?? admin1;
    }
  }
  if (SUB_EVENT_TYPE_TO_EVENT_TYPE[subType] === 'state_measure' && NATIONAL_BY_DEFAULT.includes(subType)) {
    if (lex.national.total(tokens, holdout) > 0 || (!settlement && !admin1)) {
      settlement = null;
      admin1 = null;
      source = 'national';
    }
  }
  return { settlement, admin1, enterprise, source };
}

function tacticsFor(type: EventType, sub: SubEventType, found: Tactic[]): Tactic[] {
  const out = new Set(found);
  if (sub === 'sit_in') out.add('occupation');
  if (type === 'protest' && out.size === 0) out.add('rally');
  return [...out];
}

function actorsFor(
  type: EventType,
  sub: SubEventType,
  found: Set<ActorRole>,
  people: boolean,
  responses: StateResponse[],
  hasEnterprise: boolean,
): ActorRole[] {
  const out = new Set<ActorRole>();
  const usedForce = responses.some((r) => FORCE.includes(r));
  switch (type) {
    case 'protest':
      for (const r of PROTESTERS) if (found.has(r)) out.add(r);
      if (people || found.has('residents') || ![...out].some((r) => r !== 'union' && r !== 'collective')) {
        out.add('residents');
      }
      if (usedForce || found.has('state_forces')) {
        if (usedForce) out.add('state_forces');
      }
      break;
    case 'labour_action':
      out.add('workers');
      for (const r of ['union', 'collective', 'residents', 'youth'] as const) if (found.has(r)) out.add(r);
      if (sub === 'lockout') out.add('employer');
      if (usedForce) out.add('state_forces');
      break;
    case 'riot':
      out.add('rioters');
      for (const r of ['workers', 'residents', 'youth'] as const) if (found.has(r)) out.add(r);
      if (usedForce) out.add('state_forces');
      break;
    case 'state_measure':
      if (sub === 'arrests') {
        out.add('state_forces');
        for (const r of ['union', 'collective', 'opposition', 'workers', 'youth'] as const)
          if (found.has(r)) out.add(r);
      } else if (sub === 'concession') {
        // Whoever gives: the employer, an akimat, or the government.
        out.add(
          hasEnterprise || found.has('employer')
            ? 'employer'
            : found.has('local_authorities') && !found.has('government')
              ? 'local_authorities'
              : 'government',
        );
      } else if (sub === 'force_deployment') {
        out.add(found.has('foreign_forces') ? 'foreign_forces' : 'state_forces');
      } else out.add('government');
      break;
  }
  return ordered(ACTOR_ROLES, [...out]);
}

function ordered<T extends string>(order: readonly T[], values: Iterable<T>): T[] {
  const set = new Set(values);
  return order.filter((v) => set.has(v));
}

export type { Token };
