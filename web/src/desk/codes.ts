// The code lists of TAXONOMY.md for the desk's forms. src/core/taxonomy.ts builds zod schemas
// at load time, and importing it would put all of zod (~90 KB gzip) in the desk page; so the
// lists are restated here. Each is a Record keyed by the core's code type, so the compiler
// fails when a code is added there and not here, and codes.test.ts checks the order.
import type {
  ActorRole,
  Demand,
  DemandClass,
  EventType,
  Organization,
  Sector,
  StateResponse,
  SubEventType,
  Tactic,
  VerificationStatus,
} from '../../../src/core/taxonomy.js';
import { has, t } from '../shared/i18n.js';

type Set_<T extends string> = Record<T, true>;
const keys = <T extends string>(record: Record<T, unknown>): T[] => Object.keys(record) as T[];

const SUB_TO_TYPE: Record<SubEventType, EventType> = {
  peaceful_protest: 'protest',
  protest_with_intervention: 'protest',
  excessive_force_against_protesters: 'protest',
  violent_demonstration: 'riot',
  mob_violence: 'riot',
  strike: 'labour_action',
  walkout: 'labour_action',
  sit_in: 'labour_action',
  hunger_strike: 'labour_action',
  lockout: 'labour_action',
  arrests: 'state_measure',
  concession: 'state_measure',
  dismissal: 'state_measure',
  emergency: 'state_measure',
  internet_shutdown: 'state_measure',
  force_deployment: 'state_measure',
};

const TYPES: Set_<EventType> = { protest: true, riot: true, labour_action: true, state_measure: true };

const TACTIC_SET: Set_<Tactic> = {
  march: true,
  rally: true,
  road_blockade: true,
  camp: true,
  occupation: true,
  petition: true,
  assembly: true,
};

const ROLE_SET: Set_<ActorRole> = {
  workers: true,
  residents: true,
  youth: true,
  union: true,
  collective: true,
  opposition: true,
  rioters: true,
  state_forces: true,
  government: true,
  local_authorities: true,
  employer: true,
  foreign_forces: true,
  unknown: true,
};

const SECTOR_SET: Set_<Sector> = {
  oil_gas: true,
  mining: true,
  metallurgy: true,
  energy: true,
  transport: true,
  construction: true,
  manufacturing: true,
  agriculture: true,
  healthcare: true,
  education: true,
  public_sector: true,
  services: true,
  other: true,
};

const DEMAND_TO_CLASS: Record<Demand, DemandClass> = {
  fuel_prices: 'economic',
  food_prices: 'economic',
  utility_prices: 'economic',
  wages: 'economic',
  wage_arrears: 'economic',
  working_conditions: 'economic',
  jobs: 'economic',
  pensions: 'economic',
  social_benefits: 'economic',
  housing: 'economic',
  nationalization: 'economic',
  union_rights: 'labour',
  right_to_strike: 'labour',
  no_reprisals: 'labour',
  reinstatement: 'labour',
  collective_agreement: 'labour',
  government_resignation: 'political',
  president_resignation: 'political',
  regime_change: 'political',
  release_detainees: 'political',
  free_elections: 'political',
  freedom_of_assembly: 'political',
  local_official_dismissal: 'political',
  end_repression: 'political',
};

const CLASS_SET: Set_<DemandClass> = { economic: true, labour: true, political: true };

const RESPONSE_SET: Set_<StateResponse> = {
  accommodation: true,
  arrests: true,
  beatings: true,
  crowd_dispersal: true,
  ignore: true,
  killings: true,
  shootings: true,
  negotiations: true,
  emergency: true,
  curfew: true,
  internet_shutdown: true,
  dismissal: true,
  force_deployment: true,
};

const ORG_SET: Set_<Organization> = { spontaneous: true, organized: true, unknown: true };

const VERIFICATION_SET: Set_<VerificationStatus> = {
  unverified: true,
  corroborated: true,
  verified: true,
  disputed: true,
  false: true,
};

export const EVENT_TYPES = keys(TYPES);
export const SUB_EVENT_TYPES = keys(SUB_TO_TYPE);
export const TACTICS = keys(TACTIC_SET);
export const ACTOR_ROLES = keys(ROLE_SET);
export const SECTORS = keys(SECTOR_SET);
export const DEMANDS = keys(DEMAND_TO_CLASS);
export const DEMAND_CLASSES = keys(CLASS_SET);
export const STATE_RESPONSES = keys(RESPONSE_SET);
export const ORGANIZATIONS = keys(ORG_SET);
export const VERIFICATION_STATUSES = keys(VERIFICATION_SET);
export const GEO_PRECISIONS = [1, 2, 3] as const;
export const TIME_PRECISIONS = [1, 2, 3] as const;
/** Published by default; anything else needs the editor's explicit override. */
export const PUBLISHABLE: readonly VerificationStatus[] = ['corroborated', 'verified'];

export const REPORT_CHANNELS = ['web', 'sms', 'bundle', 'cli', 'import'] as const;
export const LANGS = ['ru', 'kk', 'en'] as const;
export const ARTICLE_TYPES = ['news', 'brief', 'material'] as const;

export function subEventTypesOf(type: EventType): SubEventType[] {
  return SUB_EVENT_TYPES.filter((sub) => SUB_TO_TYPE[sub] === type);
}

export function eventTypeOf(sub: SubEventType): EventType {
  return SUB_TO_TYPE[sub];
}

export function demandsOf(cls: DemandClass): Demand[] {
  return DEMANDS.filter((d) => DEMAND_TO_CLASS[d] === cls);
}

export function isCode<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/** The groups of codes with a label in the catalogues: `desk.code.<group>.<code>`. */
export const CODE_GROUPS = {
  event_type: EVENT_TYPES,
  sub_event_type: SUB_EVENT_TYPES,
  tactic: TACTICS,
  actor_role: ACTOR_ROLES,
  sector: SECTORS,
  demand: DEMANDS,
  demand_class: DEMAND_CLASSES,
  state_response: STATE_RESPONSES,
  organization: ORGANIZATIONS,
  verification: VERIFICATION_STATUSES,
  geo_precision: GEO_PRECISIONS.map(String),
  time_precision: TIME_PRECISIONS.map(String),
  channel: REPORT_CHANNELS,
  article_type: ARTICLE_TYPES,
  report_status: ['new', 'noise', 'attached', 'unreadable'],
} as const;
export type CodeGroup = keyof typeof CODE_GROUPS;

/** The label of a code in the reader's language; an unknown code is shown as it is. */
export function codeLabel(group: CodeGroup, code: string | number): string {
  const key = `desk.code.${group}.${code}`;
  return has(key) ? t(key) : String(code);
}
