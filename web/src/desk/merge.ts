// Merging versions of a coded event field by field, for the conflict view. Pure.
// A field is a group of content keys that only make sense together (an event type and its
// sub-type; a date and its precision), so a merge cannot produce a sub-type of another type.
import type { CodedEventContent } from './desk-api.js';

type Key = keyof CodedEventContent;

export const MERGE_FIELDS = {
  type: ['event_type', 'sub_event_type'],
  date: ['date', 'time_precision'],
  location: ['location'],
  actors: ['actors'],
  enterprise: ['enterprise'],
  tactics: ['tactics'],
  demands: ['demands'],
  state_responses: ['state_responses'],
  size: ['size'],
  fatalities: ['fatalities'],
  injured: ['injured'],
  detained: ['detained'],
  organization: ['organization'],
  verification: ['verification'],
  sources: ['sources'],
  notes: ['notes'],
  related_events: ['related_events'],
  collectives: ['collectives'],
  report_ids: ['report_ids'],
} as const satisfies Record<string, readonly Key[]>;
export type MergeField = keyof typeof MERGE_FIELDS;
export const MERGE_FIELD_NAMES = Object.keys(MERGE_FIELDS) as MergeField[];

/** Lists of codes or ids, where taking both sides' values is a sensible choice. */
export const UNION_FIELDS: ReadonlySet<MergeField> = new Set([
  'tactics',
  'demands',
  'state_responses',
  'related_events',
  'collectives',
  'report_ids',
]);

/** Which version a field is taken from (an index into the versions), or the union of all. */
export type Choice = number | 'union';

/** JSON with sorted keys; a missing key and `undefined` are the same. */
export function canonical(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/** The value of a field in one version (one key, or an object of the group's keys). */
export function fieldValue(content: Partial<CodedEventContent>, field: MergeField): unknown {
  const keys = MERGE_FIELDS[field] as readonly Key[];
  if (keys.length === 1) return content[keys[0]!];
  return Object.fromEntries(keys.map((k) => [k, content[k]]));
}

function same(a: Partial<CodedEventContent>, b: Partial<CodedEventContent>, field: MergeField): boolean {
  return canonical(fieldValue(a, field)) === canonical(fieldValue(b, field));
}

/** The fields on which the versions do not all agree. */
export function differingFields(versions: readonly Partial<CodedEventContent>[]): MergeField[] {
  const first = versions[0];
  if (!first) return [];
  return MERGE_FIELD_NAMES.filter((field) => versions.some((v) => !same(first, v, field)));
}

/**
 * The choice a three-way merge makes for each differing field: the version that changed it
 * from `base` when only one did; when several changed it differently, the last version (the
 * editor's own, by convention) and the field is reported as a real conflict.
 *
 * @example autoChoices(base, [theirs, mine]) // { choices: { demands: 0, size: 1 }, conflicts: [] }
 */
export function autoChoices(
  base: Partial<CodedEventContent> | null,
  versions: readonly Partial<CodedEventContent>[],
): { choices: Partial<Record<MergeField, Choice>>; conflicts: MergeField[] } {
  const choices: Partial<Record<MergeField, Choice>> = {};
  const conflicts: MergeField[] = [];
  const last = versions.length - 1;
  for (const field of differingFields(versions)) {
    const changed = base
      ? versions.map((v, i) => [v, i] as const).filter(([v]) => !same(v, base, field))
      : versions.map((v, i) => [v, i] as const);
    const distinct = new Set(changed.map(([v]) => canonical(fieldValue(v, field))));
    if (distinct.size === 1 && changed[0]) {
      choices[field] = changed[0][1];
    } else {
      choices[field] = last;
      conflicts.push(field);
    }
  }
  return { choices, conflicts };
}

function unionOf(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const list of values) {
    for (const item of Array.isArray(list) ? list : []) {
      const key = canonical(item);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(item);
      }
    }
  }
  return out;
}

/**
 * One content from several versions: each field from the version chosen for it, fields
 * without a choice from `versions[fallback]` (the editor's own by default).
 */
export function mergeVersions(
  versions: readonly CodedEventContent[],
  choices: Partial<Record<MergeField, Choice>>,
  fallback = versions.length - 1,
): CodedEventContent {
  const start = versions[fallback] ?? versions[0];
  if (!start) throw new Error('nothing to merge');
  const out: Record<string, unknown> = { ...start };
  for (const field of MERGE_FIELD_NAMES) {
    const choice = choices[field];
    if (choice === undefined) continue;
    const keys = MERGE_FIELDS[field] as readonly Key[];
    if (choice === 'union' && UNION_FIELDS.has(field) && keys.length === 1) {
      const merged = unionOf(versions.map((v) => v[keys[0]!]));
      if (merged.length > 0) out[keys[0]!] = merged;
      else delete out[keys[0]!];
      continue;
    }
    const from = typeof choice === 'number' ? versions[choice] : undefined;
    if (!from) continue;
    for (const key of keys) {
      if (from[key] === undefined) delete out[key];
      else out[key] = from[key];
    }
  }
  return out as unknown as CodedEventContent;
}
