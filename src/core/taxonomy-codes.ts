/*
 * The code lists of TAXONOMY.md as plain data: no zod, nothing run at load time but two small
 * maps, so that the browser (the desk's forms) imports the same lists as the node without
 * carrying a schema library. `taxonomy.ts` builds the zod enums from these lists; the rest of
 * `src/` imports them from there. Codes are stable identifiers: they appear in records, the
 * API, exports and tests. Labels in Russian, Kazakh and English belong to the UI catalogues.
 */

// ---------------------------------------------------------------- event_type / sub_event_type

/** Sub-event types grouped by the event type they belong to (the single source of both lists). */
export const SUB_EVENT_TYPES_BY_EVENT_TYPE = {
  protest: ['peaceful_protest', 'protest_with_intervention', 'excessive_force_against_protesters'],
  riot: ['violent_demonstration', 'mob_violence'],
  labour_action: ['strike', 'walkout', 'sit_in', 'hunger_strike', 'lockout'],
  state_measure: ['arrests', 'concession', 'dismissal', 'emergency', 'internet_shutdown', 'force_deployment'],
} as const;

export const EVENT_TYPES = ['protest', 'riot', 'labour_action', 'state_measure'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const SUB_EVENT_TYPES = [
  ...SUB_EVENT_TYPES_BY_EVENT_TYPE.protest,
  ...SUB_EVENT_TYPES_BY_EVENT_TYPE.riot,
  ...SUB_EVENT_TYPES_BY_EVENT_TYPE.labour_action,
  ...SUB_EVENT_TYPES_BY_EVENT_TYPE.state_measure,
] as const;
export type SubEventType = (typeof SUB_EVENT_TYPES)[number];

/**
 * The event type each sub-event type belongs to.
 * @example SUB_EVENT_TYPE_TO_EVENT_TYPE.strike // 'labour_action'
 */
export const SUB_EVENT_TYPE_TO_EVENT_TYPE: Readonly<Record<SubEventType, EventType>> = invert(
  SUB_EVENT_TYPES_BY_EVENT_TYPE,
);

// ---------------------------------------------------------------- tactics

/** How an action is carried out; multi-valued on a protest or labour action. */
export const TACTICS = [
  'march',
  'rally',
  'road_blockade',
  'camp',
  'occupation',
  'petition',
  'assembly',
] as const;
export type Tactic = (typeof TACTICS)[number];

// ---------------------------------------------------------------- actors

export const ACTOR_ROLES = [
  'workers',
  'residents',
  'youth',
  'union',
  'collective',
  'opposition',
  'rioters',
  'state_forces',
  'government',
  'local_authorities',
  'employer',
  'foreign_forces',
  'unknown',
] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

// ---------------------------------------------------------------- enterprise sector

export const SECTORS = [
  'oil_gas',
  'mining',
  'metallurgy',
  'energy',
  'transport',
  'construction',
  'manufacturing',
  'agriculture',
  'healthcare',
  'education',
  'public_sector',
  'services',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

// ---------------------------------------------------------------- demands

/** Demand codes grouped by class (the single source of both lists). */
export const DEMANDS_BY_CLASS = {
  economic: [
    'fuel_prices',
    'food_prices',
    'utility_prices',
    'wages',
    'wage_arrears',
    'working_conditions',
    'jobs',
    'pensions',
    'social_benefits',
    'housing',
    'nationalization',
  ],
  labour: ['union_rights', 'right_to_strike', 'no_reprisals', 'reinstatement', 'collective_agreement'],
  political: [
    'government_resignation',
    'president_resignation',
    'regime_change',
    'release_detainees',
    'free_elections',
    'freedom_of_assembly',
    'local_official_dismissal',
    'end_repression',
  ],
} as const;

/** In the order the situation analysis reports them. */
export const DEMAND_CLASSES = ['economic', 'labour', 'political'] as const;
export type DemandClass = (typeof DEMAND_CLASSES)[number];

export const DEMANDS = [
  ...DEMANDS_BY_CLASS.economic,
  ...DEMANDS_BY_CLASS.labour,
  ...DEMANDS_BY_CLASS.political,
] as const;
export type Demand = (typeof DEMANDS)[number];

/**
 * The class of each demand.
 * @example DEMAND_CLASS.wage_arrears // 'economic'
 */
export const DEMAND_CLASS: Readonly<Record<Demand, DemandClass>> = invert(DEMANDS_BY_CLASS);

// ---------------------------------------------------------------- state responses

/** Mass Mobilization's seven responses, then the project's additions. */
export const STATE_RESPONSES = [
  'accommodation',
  'arrests',
  'beatings',
  'crowd_dispersal',
  'ignore',
  'killings',
  'shootings',
  'negotiations',
  'emergency',
  'curfew',
  'internet_shutdown',
  'dismissal',
  'force_deployment',
] as const;
export type StateResponse = (typeof STATE_RESPONSES)[number];

// ---------------------------------------------------------------- organization, verification

export const ORGANIZATIONS = ['spontaneous', 'organized', 'unknown'] as const;
export type Organization = (typeof ORGANIZATIONS)[number];

export const VERIFICATION_STATUSES = ['unverified', 'corroborated', 'verified', 'disputed', 'false'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** Statuses an event is published with by default; anything else needs the editor's override. */
export const PUBLISHABLE_VERIFICATIONS = [
  'corroborated',
  'verified',
] as const satisfies readonly VerificationStatus[];

// ---------------------------------------------------------------- precision

/** 1 the settlement itself, 2 near it or part of a region, 3 only the region. */
export const GEO_PRECISIONS = [1, 2, 3] as const;

/** 1 the day, 2 the week, 3 the month. */
export const TIME_PRECISIONS = [1, 2, 3] as const;

// ---------------------------------------------------------------- helpers

function invert<G extends string, V extends string>(groups: Readonly<Record<G, readonly V[]>>): Record<V, G> {
  const out = {} as Record<V, G>;
  for (const group of Object.keys(groups) as G[]) {
    for (const value of groups[group]) out[value] = group;
  }
  return out;
}
