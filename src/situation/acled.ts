import type { Actor, CodedEventContent } from '../core/content.js';
import { ACLED_INTER_CODE, type ActorRole, demandClasses, type SubEventType } from '../core/taxonomy.js';
import { acledPlace, splitNotes } from './acled-record.js';
import { interCode } from './acled-row.js';
import { acledToSub } from './acled-types.js';
import { csvLine } from './csv.js';

/*
 * ACLED's CSV: the column names researchers already use, then the project's own columns that
 * keep what ACLED has no place for (so that an export imports back unchanged). The importer
 * reads ACLED's own exports too, mapping their types and inter codes onto TAXONOMY.md.
 */

/** ACLED's columns, first and in the order of ACLED's own exports, exactly. */
export const ACLED_COLUMNS = [
  'event_id_cnty',
  'event_date',
  'year',
  'time_precision',
  'disorder_type',
  'event_type',
  'sub_event_type',
  'actor1',
  'assoc_actor_1',
  'inter1',
  'actor2',
  'assoc_actor_2',
  'inter2',
  'interaction',
  'civilian_targeting',
  'iso',
  'region',
  'country',
  'admin1',
  'admin2',
  'admin3',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'source_scale',
  'notes',
  'fatalities',
  'tags',
  'timestamp',
] as const;

/** The project's columns after ACLED's: the coded fields ACLED has no column for. */
export const TILSHI_COLUMNS = [
  'tilshi_id',
  'tilshi_event_type',
  'tilshi_sub_event_type',
  'settlement',
  /** The region as the project names it (ACLED's admin1 column keeps ACLED's spelling). */
  'tilshi_admin1',
  'geonames_id',
  'actors',
  'enterprise',
  'sector',
  'tactics',
  'demands',
  'demand_classes',
  'state_responses',
  'size_low',
  'size_high',
  'size_text',
  'fatalities_reported',
  'injured',
  'detained',
  'organization',
  'verification',
  'sources',
  'related_events',
  'collectives',
  /** ACLED's own values of a row imported from ACLED (acled-record.ts), as JSON. */
  'acled',
] as const;

export const CSV_COLUMNS = [...ACLED_COLUMNS, ...TILSHI_COLUMNS] as const;

const ACLED_SUB: Readonly<Record<SubEventType, [string, string]>> = {
  peaceful_protest: ['Protests', 'Peaceful protest'],
  protest_with_intervention: ['Protests', 'Protest with intervention'],
  excessive_force_against_protesters: ['Protests', 'Excessive force against protesters'],
  violent_demonstration: ['Riots', 'Violent demonstration'],
  mob_violence: ['Riots', 'Mob violence'],
  // ACLED codes a strike only with the demonstration that comes with it.
  strike: ['Protests', 'Peaceful protest'],
  walkout: ['Protests', 'Peaceful protest'],
  sit_in: ['Protests', 'Peaceful protest'],
  hunger_strike: ['Protests', 'Peaceful protest'],
  lockout: ['Strategic developments', 'Other'],
  arrests: ['Strategic developments', 'Arrests'],
  concession: ['Strategic developments', 'Agreement'],
  dismissal: ['Strategic developments', 'Change to group/activity'],
  emergency: ['Strategic developments', 'Other'],
  internet_shutdown: ['Strategic developments', 'Other'],
  force_deployment: ['Strategic developments', 'Other'],
};

const STATE_ROLES: ReadonlySet<ActorRole> = new Set([
  'state_forces',
  'government',
  'local_authorities',
  'foreign_forces',
]);

const joinList = (xs: readonly string[] | undefined) => (xs && xs.length > 0 ? xs.join(';') : '');
const interOf = (a: Actor | undefined) => (a ? (ACLED_INTER_CODE[a.role] ?? null) : null);

const DISORDER: Readonly<Record<string, string>> = {
  Protests: 'Demonstrations',
  Riots: 'Demonstrations',
  'Strategic developments': 'Strategic developments',
};

/** One coded event as a CSV line (ACLED's columns, then the project's). */
export function acledCsvLine(c: CodedEventContent): string {
  const { text: notes, acled } = splitNotes(c.notes);
  const state = c.actors.filter((a) => STATE_ROLES.has(a.role));
  const others = c.actors.filter((a) => !STATE_ROLES.has(a.role));
  const n1 = acled?.actor1_count;
  const [side1, side2] =
    n1 !== undefined && n1 <= c.actors.length
      ? [c.actors.slice(0, n1), c.actors.slice(n1)]
      : c.event_type === 'state_measure'
        ? [state, others]
        : [others, state];
  const inter1 = interOf(side1[0]);
  const inter2 = interOf(side2[0]);
  const interaction =
    inter1 === null
      ? null
      : inter2 === null
        ? inter1 * 10
        : Math.min(inter1, inter2) * 10 + Math.max(inter1, inter2);
  // ACLED's own types and places come back as they were, unless an editor has recoded the event since.
  const sameType =
    !!acled?.event_type &&
    acledToSub(acled.event_type, acled.sub_event_type ?? '', notes, interCode(acled.inter1 ?? '')).sub ===
      c.sub_event_type;
  const native = ACLED_SUB[c.sub_event_type];
  const [acledType, acledSub] = sameType ? [acled!.event_type!, acled!.sub_event_type ?? ''] : native;
  const loc = c.location;
  const place = acled ? acledPlace(acled.location ?? '', acled.admin1 ?? '', loc.lat, loc.lon) : null;
  const samePlace = !!place && place.settlement === loc.settlement && place.admin1 === loc.admin1;
  const row: Record<string, string | number | null | undefined> = {
    event_id_cnty: acled?.event_id_cnty ?? c.id,
    event_date: c.date,
    year: c.date.slice(0, 4),
    time_precision: c.time_precision,
    disorder_type: sameType ? acled?.disorder_type : DISORDER[acledType],
    event_type: acledType,
    sub_event_type: acledSub,
    actor1: side1[0]?.name,
    assoc_actor_1: side1
      .slice(1)
      .map((a) => a.name)
      .join('; '),
    inter1: acled ? acled.inter1 : inter1,
    actor2: side2[0]?.name,
    assoc_actor_2: side2
      .slice(1)
      .map((a) => a.name)
      .join('; '),
    inter2: acled ? acled.inter2 : inter2,
    interaction: acled ? acled.interaction : interaction,
    civilian_targeting: acled?.civilian_targeting,
    iso: acled?.iso,
    region: acled?.region,
    country: loc.country,
    admin1: samePlace ? acled?.admin1 : loc.admin1,
    admin2: acled?.admin2,
    admin3: acled?.admin3,
    location: samePlace ? acled?.location : (loc.settlement ?? loc.admin1 ?? loc.country),
    latitude: loc.lat,
    longitude: loc.lon,
    geo_precision: loc.geo_precision,
    source: (c.sources ?? []).map((s) => s.name).join('; '),
    source_scale: acled?.source_scale,
    notes,
    fatalities: c.fatalities ?? 0,
    tags: acled ? acled.tags : c.size ? `crowd size=${c.size.text}` : '',
    timestamp: acled?.timestamp,
    // the project's columns
    tilshi_id: c.id,
    tilshi_event_type: c.event_type,
    tilshi_sub_event_type: c.sub_event_type,
    settlement: loc.settlement,
    tilshi_admin1: loc.admin1,
    geonames_id: loc.geonames_id,
    actors: JSON.stringify(c.actors),
    enterprise: c.enterprise?.name,
    sector: c.enterprise?.sector,
    tactics: joinList(c.tactics),
    demands: joinList(c.demands),
    demand_classes: joinList(demandClasses(c.demands)),
    state_responses: joinList(c.state_responses),
    size_low: c.size?.low,
    size_high: c.size?.high,
    size_text: c.size?.text,
    fatalities_reported: c.fatalities,
    injured: c.injured,
    detained: c.detained,
    organization: c.organization,
    verification: c.verification,
    sources: c.sources && c.sources.length > 0 ? JSON.stringify(c.sources) : '',
    related_events: joinList(c.related_events),
    collectives: joinList(c.collectives),
    acled: acled ? JSON.stringify(acled) : '',
  };
  return csvLine(CSV_COLUMNS.map((k) => row[k]));
}

/** The header line of the CSV export. */
export const CSV_HEADER = csvLine(CSV_COLUMNS);
