import { z } from 'zod';
import {
  ACTOR_ROLES,
  DEMAND_CLASS,
  DEMAND_CLASSES,
  DEMANDS,
  EVENT_TYPES,
  GEO_PRECISIONS,
  ORGANIZATIONS,
  PUBLISHABLE_VERIFICATIONS,
  SECTORS,
  STATE_RESPONSES,
  SUB_EVENT_TYPE_TO_EVENT_TYPE,
  SUB_EVENT_TYPES,
  TACTICS,
  TIME_PRECISIONS,
  VERIFICATION_STATUSES,
} from './taxonomy-codes.js';

/*
 * The zod schemas of the code lists of TAXONOMY.md, and what the node derives from them. The
 * lists themselves are plain data in `taxonomy-codes.ts` (the browser imports them from there
 * without zod); they are re-exported here for the rest of `src/`.
 */

export {
  ACTOR_ROLES,
  DEMAND_CLASS,
  DEMAND_CLASSES,
  DEMANDS,
  DEMANDS_BY_CLASS,
  EVENT_TYPES,
  GEO_PRECISIONS,
  ORGANIZATIONS,
  SECTORS,
  STATE_RESPONSES,
  SUB_EVENT_TYPE_TO_EVENT_TYPE,
  SUB_EVENT_TYPES,
  SUB_EVENT_TYPES_BY_EVENT_TYPE,
  TACTICS,
  TIME_PRECISIONS,
  VERIFICATION_STATUSES,
} from './taxonomy-codes.js';

// ---------------------------------------------------------------- event_type / sub_event_type

export const EventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventTypeSchema>;

export const SubEventTypeSchema = z.enum(SUB_EVENT_TYPES);
export type SubEventType = z.infer<typeof SubEventTypeSchema>;

/**
 * Whether a sub-event type belongs to an event type.
 * @example isSubEventTypeOf('strike', 'protest') // false
 */
export function isSubEventTypeOf(sub: SubEventType, type: EventType): boolean {
  return SUB_EVENT_TYPE_TO_EVENT_TYPE[sub] === type;
}

// ---------------------------------------------------------------- tactics

export const TacticSchema = z.enum(TACTICS);
export type Tactic = z.infer<typeof TacticSchema>;

// ---------------------------------------------------------------- actors

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

export const SectorSchema = z.enum(SECTORS);
export type Sector = z.infer<typeof SectorSchema>;

// ---------------------------------------------------------------- demands

export const DemandClassSchema = z.enum(DEMAND_CLASSES);
export type DemandClass = z.infer<typeof DemandClassSchema>;

export const DemandSchema = z.enum(DEMANDS);
export type Demand = z.infer<typeof DemandSchema>;

/**
 * The distinct classes of a list of demands, in the order of DEMAND_CLASSES.
 * @example demandClasses(['release_detainees', 'wages']) // ['economic', 'political']
 */
export function demandClasses(demands: readonly Demand[]): DemandClass[] {
  const present = new Set(demands.map((d) => DEMAND_CLASS[d]));
  return DEMAND_CLASSES.filter((c) => present.has(c));
}

// ---------------------------------------------------------------- state responses

export const StateResponseSchema = z.enum(STATE_RESPONSES);
export type StateResponse = z.infer<typeof StateResponseSchema>;

// ---------------------------------------------------------------- organization, verification

export const OrganizationSchema = z.enum(ORGANIZATIONS);
export type Organization = z.infer<typeof OrganizationSchema>;

export const VerificationStatusSchema = z.enum(VERIFICATION_STATUSES);
export type VerificationStatus = z.infer<typeof VerificationStatusSchema>;

/** Statuses an event is published with by default. */
export const PUBLISHABLE_VERIFICATION: ReadonlySet<VerificationStatus> = new Set(PUBLISHABLE_VERIFICATIONS);

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

export const GeoPrecisionSchema = z.literal(GEO_PRECISIONS);
export type GeoPrecision = z.infer<typeof GeoPrecisionSchema>;

export const TimePrecisionSchema = z.literal(TIME_PRECISIONS);
export type TimePrecision = z.infer<typeof TimePrecisionSchema>;
