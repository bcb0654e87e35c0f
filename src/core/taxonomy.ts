import { z } from 'zod';

/*
 * The code lists of TAXONOMY.md. Codes are stable identifiers: they appear in records, the API,
 * exports and tests. Labels in Russian, Kazakh and English belong to the UI catalogues.
 * Each list is declared once; the maps and zod enums are derived from it.
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
export const EventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventTypeSchema>;

export const SUB_EVENT_TYPES = [
  ...SUB_EVENT_TYPES_BY_EVENT_TYPE.protest,
  ...SUB_EVENT_TYPES_BY_EVENT_TYPE.riot,
  ...SUB_EVENT_TYPES_BY_EVENT_TYPE.labour_action,
  ...SUB_EVENT_TYPES_BY_EVENT_TYPE.state_measure,
] as const;
export const SubEventTypeSchema = z.enum(SUB_EVENT_TYPES);
export type SubEventType = z.infer<typeof SubEventTypeSchema>;

/**
 * The event type each sub-event type belongs to.
 * @example SUB_EVENT_TYPE_TO_EVENT_TYPE.strike // 'labour_action'
 */
export const SUB_EVENT_TYPE_TO_EVENT_TYPE: Readonly<Record<SubEventType, EventType>> = invert(
  SUB_EVENT_TYPES_BY_EVENT_TYPE,
);

/**
 * Whether a sub-event type belongs to an event type.
 * @example isSubEventTypeOf('strike', 'protest') // false
 */
export function isSubEventTypeOf(sub: SubEventType, type: EventType): boolean {
  return SUB_EVENT_TYPE_TO_EVENT_TYPE[sub] === type;
}

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
export const TacticSchema = z.enum(TACTICS);
export type Tactic = z.infer<typeof TacticSchema>;

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
export const ActorRoleSchema = z.enum(ACTOR_ROLES);
export type ActorRole = z.infer<typeof ActorRoleSchema>;

/**
 * ACLED "inter" code of each role, for export. `null`: ACLED has no code for the role (an
 * employer, an unknown actor), and the export leaves the column empty.
 * @example ACLED_INTER_CODE.local_authorities // 1
 */
export const ACLED_INTER_CODE: Readonly<Record<ActorRole, number | null>> = {
  workers: 6,
  residents: 6,
  youth: 6,
  union: 6,
  collective: 6,
  opposition: 6,
  rioters: 5,
  state_forces: 1,
  government: 1,
  local_authorities: 1,
  employer: null,
  foreign_forces: 8,
  unknown: null,
};

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
export const SectorSchema = z.enum(SECTORS);
export type Sector = z.infer<typeof SectorSchema>;

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
export const DemandClassSchema = z.enum(DEMAND_CLASSES);
export type DemandClass = z.infer<typeof DemandClassSchema>;

export const DEMANDS = [
  ...DEMANDS_BY_CLASS.economic,
  ...DEMANDS_BY_CLASS.labour,
  ...DEMANDS_BY_CLASS.political,
] as const;
export const DemandSchema = z.enum(DEMANDS);
export type Demand = z.infer<typeof DemandSchema>;

/**
 * The class of each demand.
 * @example DEMAND_CLASS.wage_arrears // 'economic'
 */
export const DEMAND_CLASS: Readonly<Record<Demand, DemandClass>> = invert(DEMANDS_BY_CLASS);

/**
 * The distinct classes of a list of demands, in the order of DEMAND_CLASSES.
 * @example demandClasses(['release_detainees', 'wages']) // ['economic', 'political']
 */
export function demandClasses(demands: readonly Demand[]): DemandClass[] {
  const present = new Set(demands.map((d) => DEMAND_CLASS[d]));
  return DEMAND_CLASSES.filter((c) => present.has(c));
}

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
export const StateResponseSchema = z.enum(STATE_RESPONSES);
export type StateResponse = z.infer<typeof StateResponseSchema>;

// ---------------------------------------------------------------- organization, verification

export const ORGANIZATIONS = ['spontaneous', 'organized', 'unknown'] as const;
export const OrganizationSchema = z.enum(ORGANIZATIONS);
export type Organization = z.infer<typeof OrganizationSchema>;

export const VERIFICATION_STATUSES = ['unverified', 'corroborated', 'verified', 'disputed', 'false'] as const;
export const VerificationStatusSchema = z.enum(VERIFICATION_STATUSES);
export type VerificationStatus = z.infer<typeof VerificationStatusSchema>;

/** Statuses an event is published with by default. */
export const PUBLISHABLE_VERIFICATION: ReadonlySet<VerificationStatus> = new Set([
  'corroborated',
  'verified',
]);

// ---------------------------------------------------------------- size and precision

/**
 * What vague crowd words count as (the conservative figure; the words stay in `size.text`).
 * "Several hundred" counts as hundreds.
 */
export const SIZE_WORD_VALUES = { tens: 10, dozens: 12, hundreds: 100, thousands: 1000 } as const;

export const SIZE_CATEGORIES = [0, 1, 2, 3, 4] as const;
export const SizeCategorySchema = z.literal(SIZE_CATEGORIES);
/** 0 unknown, 1 = 1-99, 2 = 100-999, 3 = 1,000-9,999, 4 = 10,000+. */
export type SizeCategory = z.infer<typeof SizeCategorySchema>;

/**
 * The size category of a crowd, from a head count or a `{ low }` size (the conservative figure).
 * @example sizeCategory({ low: 300, high: 500 }) // 2
 */
export function sizeCategory(
  size: number | { low: number; high?: number | null } | null | undefined,
): SizeCategory {
  const n = typeof size === 'number' ? size : size?.low;
  if (n === undefined || !Number.isFinite(n) || n < 1) return 0;
  if (n < 100) return 1;
  if (n < 1_000) return 2;
  if (n < 10_000) return 3;
  return 4;
}

/** 1 the settlement itself, 2 near it or part of a region, 3 only the region. */
export const GEO_PRECISIONS = [1, 2, 3] as const;
export const GeoPrecisionSchema = z.literal(GEO_PRECISIONS);
export type GeoPrecision = z.infer<typeof GeoPrecisionSchema>;

/** 1 the day, 2 the week, 3 the month. */
export const TIME_PRECISIONS = [1, 2, 3] as const;
export const TimePrecisionSchema = z.literal(TIME_PRECISIONS);
export type TimePrecision = z.infer<typeof TimePrecisionSchema>;

// ---------------------------------------------------------------- helpers

function invert<G extends string, V extends string>(groups: Readonly<Record<G, readonly V[]>>): Record<V, G> {
  const out = {} as Record<V, G>;
  for (const group of Object.keys(groups) as G[]) {
    for (const value of groups[group]) out[value] = group;
  }
  return out;
}
