import { nameKey, settlementsNamed } from '../analysis/index.js';
import type { CodedEventContent } from '../core/content.js';
import { tagValue } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import type { TilshiNode } from '../node/node.js';

/** How many of the desk's newest events a search looks through (a desk codes a few a day). */
const SEARCHED = 2_000;

/** One event found, as the attach list shows it. */
export interface FoundEvent {
  id: string;
  /** The version found (its event id). */
  version: string;
  content: CodedEventContent;
  created_at: number;
}

/**
 * Whether one word of a search names something of the event: its id, a date (2022-01, 2022-01-04),
 * its type or sub-type code, its place in any script ("жанаозен" finds Zhanaozen) or a word of
 * its region, enterprise or notes.
 */
function wordMatches(word: string, c: CodedEventContent): boolean {
  const lower = word.toLocaleLowerCase();
  if (c.id.toLocaleLowerCase().includes(lower) || c.date.startsWith(word)) return true;
  if (c.event_type.includes(lower) || c.sub_event_type.includes(lower)) return true;
  const { settlement, admin1 } = c.location;
  if (settlement && settlementsNamed(word, [settlement]).includes(settlement)) return true;
  const key = nameKey(word);
  if (!key) return false;
  const text = [settlement, admin1, c.enterprise?.name, c.notes].filter(Boolean).join(' ');
  return nameKey(text)
    .split(' ')
    .some((k) => k.startsWith(key));
}

/**
 * The desk's events a few words point to, newest first: every word must match (see
 * `wordMatches`). For attaching reports without typing an event id.
 *
 * @example searchEvents(node, 'жанаозен 2022-01', 20) // [{ id: 'evt-…', version, content, created_at }]
 */
export function searchEvents(node: TilshiNode, q: string, limit: number): FoundEvent[] {
  if (!node.deskPubkey) return [];
  const words = q.split(/\s+/).filter(Boolean).slice(0, 8);
  const seen = new Set<string>();
  const found: FoundEvent[] = [];
  const events = node.log.query(
    { kinds: [Kind.CodedEvent], authors: [node.deskPubkey], limit: SEARCHED },
    { as: 'node' },
  );
  for (const e of events) {
    const id = tagValue(e, 'd') ?? '';
    if (seen.has(id)) continue;
    seen.add(id);
    const content = JSON.parse(e.content) as CodedEventContent;
    if (words.every((w) => wordMatches(w, content))) {
      found.push({ id, version: e.id, content, created_at: e.created_at });
      if (found.length >= limit) break;
    }
  }
  return found;
}
