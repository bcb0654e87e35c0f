/**
 * Labels of the taxonomy's codes (TAXONOMY.md) in the reader's language: `situation.<group>.<code>`
 * in the catalogues. A code the catalogue does not know (a newer node) is shown as it is.
 */
import { has, t } from '../shared/i18n.js';

export type CodeGroup =
  | 'event_type'
  | 'sub_event_type'
  | 'demand'
  | 'demand_class'
  | 'response'
  | 'organization'
  | 'sector'
  | 'country';

export function label(group: CodeGroup, code: string): string {
  const key = `situation.${group}.${code}`;
  return has(key) ? t(key) : code.replace(/_/g, ' ');
}

/**
 * The catalogue key of a region named as the node names it (the English name of January 2022):
 * "East Kazakhstan Region" → `situation.region.east_kazakhstan_region`.
 *
 * @example regionKey('Almaty') // 'situation.region.almaty'
 */
export function regionKey(admin1: string): string {
  const slug = admin1
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  return `situation.region.${slug}`;
}

/** A region's name; "Mangystau" and "Mangystau Region" both find the region's label. */
export function regionLabel(admin1: string): string {
  const key = regionKey(admin1);
  if (has(key)) return t(key);
  if (has(`${key}_region`)) return t(`${key}_region`);
  return admin1;
}

/** The colour slot of each event type (style.css: .type-0 …), in the taxonomy's order. */
export const EVENT_TYPE_ORDER = ['protest', 'riot', 'labour_action', 'state_measure'] as const;

export function typeClass(eventType: string): string {
  const i = (EVENT_TYPE_ORDER as readonly string[]).indexOf(eventType);
  return `type-${i === -1 ? 'other' : i}`;
}
