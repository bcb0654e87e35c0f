import { z } from 'zod';
import {
  ACTOR_ROLES,
  type ActorRole,
  ActorRoleSchema,
  DEMANDS,
  type Demand,
  DemandSchema,
  type EventType,
  EventTypeSchema,
  OrganizationSchema,
  SectorSchema,
  STATE_RESPONSES,
  type StateResponse,
  StateResponseSchema,
  SUB_EVENT_TYPE_TO_EVENT_TYPE,
  SUB_EVENT_TYPES_BY_EVENT_TYPE,
  type SubEventType,
  SubEventTypeSchema,
  TACTICS,
  type Tactic,
  TacticSchema,
} from '../core/taxonomy.js';
import { dayDiff, receivedDay, resolveDate } from './dates.js';
import { findEnterprise, quotedEnterprise } from './enterprises.js';
import { loadGazetteer } from './gazetteer.js';
import { loadLexicons } from './lexicons.js';
import { type Token, tokenize } from './normalize.js';
import { suggestSize } from './size.js';

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
/** On a tie between labour sub-types, the more specific wins. */
const LABOUR_ORDER: SubEventType[] = ['hunger_strike', 'lockout', 'sit_in', 'walkout', 'strike'];

/**
 * Automatic coding suggestion for one report (TAXONOMY.md codes and conventions).
 * @example suggestCodes({ text: 'Шахтёры бастуют в Жезказгане', received_at: '2022-01-05T10:00:00+06:00' }).event_type // 'labour_action'
 */
export function suggestCodes(report: ReportInput): Suggestion {
  const lex = loadLexicons();
  const text = report.text ?? '';
  const tokens = tokenize(text);
  if (tokens.length === 0) return { ...NOISE };

  const sub = lex.events.score(tokens);
  const protestCues = lex.protestCues.total(tokens);
  const tactics = lex.tactics.labels(tokens) as Tactic[];
  const demands = lex.demands.labels(tokens) as Demand[];
  const responses = lex.responses.labels(tokens) as StateResponse[];
  const roles = new Set(lex.actors.labels(tokens) as ActorRole[]);
  const people = lex.people.total(tokens) > 0;
  // A message that ends in a question asks rather than reports, unless the evidence says otherwise.
  const noiseScore = lex.noise.total(tokens) + (/[?？]\s*$/.test(text) ? 2 : 0);

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
  const state = best(SUB_EVENT_TYPES_BY_EVENT_TYPE.state_measure);
  const riot = best(SUB_EVENT_TYPES_BY_EVENT_TYPE.riot);
  const labour = best(LABOUR_ORDER);
  const force = responses.filter((r) => FORCE.includes(r) && r !== 'arrests').length;
  const crowd = protestCues + tactics.length + force;

  let subType: SubEventType | null = null;
  if (
    state.type &&
    state.type !== 'arrests' &&
    state.score >= 2 &&
    state.score > labour.score &&
    state.score >= crowd
  ) {
    subType = state.type;
  } else if (state.type === 'arrests' && state.score > crowd + labour.score + riot.score) {
    subType = 'arrests';
  } else if (riot.type) {
    subType = riot.type;
  } else if (labour.type) {
    subType = labour.type;
  } else if (crowd > 0 || demands.length > 0) {
    if (responses.some((r) => r === 'killings' || r === 'shootings' || r === 'beatings')) {
      subType = 'excessive_force_against_protesters';
    } else if (responses.some((r) => r === 'crowd_dispersal' || r === 'arrests')) {
      subType = 'protest_with_intervention';
    } else subType = 'peaceful_protest';
  } else if (state.type) {
    subType = state.type;
  }

  const evidence =
    [...sub.values()].reduce((a, b) => a + b, 0) +
    protestCues +
    tactics.length +
    demands.length +
    responses.length;
  if (!subType || (noiseScore >= 2 && noiseScore >= evidence)) return { ...NOISE };
  // A dated event more than a year before the report is history (a remembrance), not news.
  const date = resolveDate(tokens, report.received_at);
  const received = receivedDay(report.received_at);
  if (date && received && dayDiff(date, received) > 365) return { ...NOISE };
  const eventType: EventType = SUB_EVENT_TYPE_TO_EVENT_TYPE[subType];
  const isState = eventType === 'state_measure';

  // Where: the first place named; else a region; else the enterprise's site.
  const gaz = loadGazetteer();
  const found = gaz.find(tokens);
  const enterprise = findEnterprise(tokens, found.places[0]?.value.name ?? null);
  let settlement: string | null = found.places[0]?.value.name ?? null;
  let admin1: string | null = found.places[0]?.value.admin1 ?? found.regions[0]?.value.name ?? null;
  if (!settlement && enterprise) {
    settlement = enterprise.settlement;
    admin1 = admin1 ?? enterprise.admin1;
    if (enterprise.settlement) {
      admin1 =
        enterprise.admin1 ?? gaz.places.find((p) => p.name === enterprise.settlement)?.admin1 ?? admin1;
    }
  }
  if (isState && NATIONAL_BY_DEFAULT.includes(subType)) {
    if (lex.national.total(tokens) > 0 || (!settlement && !admin1)) {
      settlement = null;
      admin1 = null;
    }
  }

  const actorRoles = actorsFor(eventType, subType, roles, people, responses, enterprise !== null);
  const organized = roles.has('union') || roles.has('collective');
  return {
    event_type: eventType,
    sub_event_type: subType,
    date,
    settlement,
    admin1,
    enterprise: enterprise
      ? { name: enterprise.name, sector: enterprise.sector }
      : quotedEnterprise(text, tokens),
    actor_roles: actorRoles,
    tactics: isState ? [] : ordered(TACTICS, tacticsFor(eventType, subType, tactics)),
    demands: isState ? [] : ordered(DEMANDS, demands),
    state_responses: isState ? [] : ordered(STATE_RESPONSES, responses),
    size: isState ? null : suggestSize(text, tokens),
    organization: isState ? 'unknown' : organized ? 'organized' : 'spontaneous',
    noise: false,
  };
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
