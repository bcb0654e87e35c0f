import type { Db } from '../store/db.js';
import { profileAddress, publishedProfiles } from './collectives.js';
import { eventIdsInPeriod } from './repository.js';

/** The brief's organized share: events of the period led by collectives that say so publicly. */
export interface OrganizedShareFacts {
  /** Events in the period. */
  events: number;
  /** Of them, events a published collective profile lists as led by it. */
  led: number;
  /** led / events in percent; null when the period has no events. */
  led_pct: number | null;
  /** Collectives that led events in the period, named (null when the profile hides the name). */
  collectives: { id: string; name: string | null; events: number; naddr: string }[];
  /** How many of those collectives do not show their name. */
  unnamed: number;
}

/** Named collectives the brief lists at most. */
const LISTED = 5;

/**
 * Link the events of a period to the collectives that led them, from the public profiles alone
 * (their `events`, ticked by an organizer): nothing private is read.
 *
 * @example organizedShareFacts(db, { from: '2022-01-02', to: '2022-01-08' }).led
 */
export function organizedShareFacts(db: Db, period: { from: string; to: string }) {
  const ids = new Set(eventIdsInPeriod(db, period.from, period.to));
  const led = new Set<string>();
  const collectives: OrganizedShareFacts['collectives'] = [];
  for (const profile of publishedProfiles(db)) {
    const mine = (profile.content.events ?? []).filter((e) => ids.has(e));
    if (mine.length === 0) continue;
    for (const e of mine) led.add(e);
    collectives.push({
      id: profile.content.id,
      name: profile.content.name ?? null,
      events: mine.length,
      naddr: profileAddress(profile),
    });
  }
  collectives.sort((a, b) => b.events - a.events || (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff'));
  const named = collectives.filter((c) => c.name !== null);
  return {
    events: ids.size,
    led: led.size,
    led_pct: ids.size > 0 ? Math.round((led.size / ids.size) * 100) : null,
    collectives: named.slice(0, LISTED),
    unnamed: collectives.length - named.length,
  } satisfies OrganizedShareFacts;
}
