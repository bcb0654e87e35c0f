/**
 * Settlement names in the reader's language. The node codes a settlement by its common English
 * spelling and sends its Russian and Kazakh names (from the gazetteer) with each answer; where
 * the gazetteer has none, the English value is shown as it is rather than a made-up name.
 */
import { lang } from '../shared/i18n.js';

type Names = Record<string, { ru: string | null; kk: string | null }>;

const known = new Map<string, { ru: string | null; kk: string | null }>();

/** Remember the names an answer brought (answers for other filters keep theirs). */
export function addPlaceNames(names: Names | undefined): void {
  for (const [value, n] of Object.entries(names ?? {})) known.set(value, n);
}

/**
 * A settlement as the page's language names it.
 * @example placeLabel('Zhanaozen') // 'Жанаозен' in Russian, 'Жаңаөзен' in Kazakh
 */
export function placeLabel(settlement: string): string {
  const l = lang();
  if (l === 'en') return settlement;
  return known.get(settlement)?.[l] ?? settlement;
}
