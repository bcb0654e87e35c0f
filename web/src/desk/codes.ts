// The code lists of TAXONOMY.md for the desk's forms, and their labels. The lists are the
// node's own (src/core/taxonomy-codes.ts: plain data, so the page carries no schema library);
// the labels are `desk.code.<group>.<code>` in the catalogues.
import {
  ACTOR_ROLES,
  DEMAND_CLASS,
  DEMAND_CLASSES,
  DEMANDS,
  type Demand,
  type DemandClass,
  EVENT_TYPES,
  type EventType,
  GEO_PRECISIONS,
  ORGANIZATIONS,
  PUBLISHABLE_VERIFICATIONS,
  SECTORS,
  STATE_RESPONSES,
  SUB_EVENT_TYPE_TO_EVENT_TYPE,
  SUB_EVENT_TYPES,
  SUB_EVENT_TYPES_BY_EVENT_TYPE,
  type SubEventType,
  TACTICS,
  TIME_PRECISIONS,
  VERIFICATION_STATUSES,
  type VerificationStatus,
} from '../../../src/core/taxonomy-codes.js';
import { has, t } from './i18n.js';

export {
  ACTOR_ROLES,
  DEMAND_CLASSES,
  DEMANDS,
  EVENT_TYPES,
  GEO_PRECISIONS,
  ORGANIZATIONS,
  SECTORS,
  STATE_RESPONSES,
  SUB_EVENT_TYPES,
  TACTICS,
  TIME_PRECISIONS,
  VERIFICATION_STATUSES,
};

/** Published by default; anything else needs the editor's explicit override. */
export const PUBLISHABLE: readonly VerificationStatus[] = PUBLISHABLE_VERIFICATIONS;

/**
 * Lists of src/core/content.ts, which builds its zod schemas beside them; restated here in the
 * order the desk offers them, and checked against the node's in codes.test.ts.
 */
export const REPORT_CHANNELS = ['web', 'sms', 'bundle', 'cli', 'import', 'nostr'] as const;
export const LANGS = ['ru', 'kk', 'en'] as const;
export const ARTICLE_TYPES = ['news', 'brief', 'material'] as const;
export const REPORT_STATUSES = ['new', 'noise', 'attached', 'unreadable'] as const;

export function subEventTypesOf(type: EventType): SubEventType[] {
  return [...SUB_EVENT_TYPES_BY_EVENT_TYPE[type]];
}

export function eventTypeOf(sub: SubEventType): EventType {
  return SUB_EVENT_TYPE_TO_EVENT_TYPE[sub];
}

export function demandsOf(cls: DemandClass): Demand[] {
  return DEMANDS.filter((d) => DEMAND_CLASS[d] === cls);
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
  report_status: REPORT_STATUSES,
} as const;
export type CodeGroup = keyof typeof CODE_GROUPS;

/** The label of a code in the reader's language; an unknown code is shown as it is. */
export function codeLabel(group: CodeGroup, code: string | number): string {
  const key = `desk.code.${group}.${code}`;
  return has(key) ? t(key) : String(code);
}
