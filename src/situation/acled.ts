import type { Actor, CodedEventContent, Source } from '../core/content.js';
import {
  ACLED_INTER_CODE,
  type ActorRole,
  demandClasses,
  type EventType,
  type GeoPrecision,
  SIZE_WORD_VALUES,
  SUB_EVENT_TYPE_TO_EVENT_TYPE,
  type SubEventType,
  type TimePrecision,
} from '../core/taxonomy.js';
import { type AcledRecord, acledPlace, acledRecordOf, joinNotes, splitNotes } from './acled-record.js';
import { acledToSub } from './acled-types.js';
import { csvLine } from './csv.js';
import { isDay } from './period.js';

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

// ---------------------------------------------------------------- import

/** Why a row did not become a coded event. */
export interface SkippedRow {
  line: number;
  id: string | null;
  reason: string;
}

export type RowResult = { ok: true; content: CodedEventContent } | { ok: false; reason: string };

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** ACLED dates: 2022-01-05, "05 January 2022", "5-January-2022". */
export function parseAcledDate(s: string): string | null {
  const t = s.trim();
  if (isDay(t)) return t;
  const m = /^(\d{1,2})[\s-]+([A-Za-z]+)[\s-]+(\d{4})$/.exec(t);
  if (!m) return null;
  const month = MONTHS.findIndex((x) => x.startsWith((m[2] as string).toLowerCase().slice(0, 3)));
  if (month < 0) return null;
  const day = `${m[3]}-${String(month + 1).padStart(2, '0')}-${(m[1] as string).padStart(2, '0')}`;
  return isDay(day) ? day : null;
}

/** ACLED inter codes, as numbers (before 2024) or words (since). */
const INTER_WORDS: Readonly<Record<string, number>> = {
  'state forces': 1,
  'rebel group': 2,
  'political militia': 3,
  'identity militia': 4,
  rioters: 5,
  protesters: 6,
  civilians: 7,
  'external/other forces': 8,
};

function interCode(s: string): number | null {
  const t = s.trim().toLowerCase();
  if (/^\d$/.test(t)) return Number(t);
  return INTER_WORDS[t] ?? null;
}

/** The role of an actor, from ACLED's inter code and the words in its name. */
function roleOf(name: string, inter: number | null): ActorRole {
  const n = name.toLowerCase();
  if (/labou?r group|worker|miner|oil ?men|employees/.test(n)) return 'workers';
  if (/union/.test(n)) return 'union';
  if (/student|youth/.test(n)) return 'youth';
  if (/opposition|party|movement/.test(n)) return 'opposition';
  if (inter === 1) return /government|president|ministry|parliament/.test(n) ? 'government' : 'state_forces';
  if (inter === 5) return 'rioters';
  if (inter === 6 || inter === 7) return 'residents';
  if (inter === 8) return 'foreign_forces';
  return 'unknown';
}

const SIZE_WORDS: [RegExp, number][] = [
  [/thousand/i, SIZE_WORD_VALUES.thousands],
  [/hundred/i, SIZE_WORD_VALUES.hundreds],
  [/dozen/i, SIZE_WORD_VALUES.dozens],
  [/tens/i, SIZE_WORD_VALUES.tens],
];

/** ACLED's `tags` say "crowd size=around 200"; the conservative figure and the words. */
function sizeFromTags(tags: string): CodedEventContent['size'] {
  const m = /crowd size=([^;]*)/i.exec(tags);
  if (!m) return null;
  const text = (m[1] as string).trim().slice(0, 300);
  const digits = /(\d[\d,]*)/.exec(text);
  if (digits) {
    const low = Number((digits[1] as string).replaceAll(',', ''));
    if (Number.isInteger(low) && low <= 100_000_000) return { low, high: null, text };
  }
  for (const [re, low] of SIZE_WORDS) if (re.test(text)) return { low, high: null, text };
  return null;
}

const splitList = (s: string | undefined) =>
  (s ?? '')
    .split(';')
    .map((x) => x.trim())
    .filter(Boolean);
const num = (s: string | undefined): number | null => {
  if (s === undefined || s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

/** A record id from ACLED's event id (letters, digits and . _ : - only). */
export function recordIdFor(acledId: string): string {
  const clean = acledId
    .trim()
    .replace(/[^A-Za-z0-9._:-]/g, '-')
    .slice(0, 120);
  return /^[A-Za-z0-9]/.test(clean) ? clean : `acled-${clean}`;
}

/**
 * One CSV row (by column name) as the content of a coded event. Rows exported by Tilshi carry
 * the project's columns and come back exactly; rows of an ACLED export are mapped, and what
 * has no place in the taxonomy is kept in the notes. Schema checks come after (the builder).
 */
export function acledRowToContent(row: Readonly<Record<string, string>>): RowResult {
  const get = (k: string) => (row[k] ?? '').trim();
  const date = parseAcledDate(get('event_date'));
  if (!date) return { ok: false, reason: `event_date "${get('event_date').slice(0, 40)}" is not a date` };
  const eventId = get('tilshi_id') || get('event_id_cnty');
  if (!eventId) return { ok: false, reason: 'event_id_cnty is empty' };
  const lat = num(row.latitude);
  const lon = num(row.longitude);
  const geo = Number(get('geo_precision')) as GeoPrecision;
  const time = Number(get('time_precision')) as TimePrecision;
  const own = get('tilshi_event_type') !== '';
  if (own) {
    const sources = get('sources');
    const content: CodedEventContent = {
      id: eventId,
      event_type: get('tilshi_event_type') as EventType,
      sub_event_type: get('tilshi_sub_event_type') as SubEventType,
      date,
      time_precision: time,
      location: {
        settlement: get('settlement') || null,
        admin1: (row.tilshi_admin1 !== undefined ? get('tilshi_admin1') : get('admin1')) || null,
        country: get('country'),
        lat,
        lon,
        ...(get('geonames_id') ? { geonames_id: Number(get('geonames_id')) } : {}),
        geo_precision: geo,
      },
      actors: JSON.parse(get('actors') || '[]') as Actor[],
      enterprise: get('enterprise')
        ? {
            name: get('enterprise'),
            sector: get('sector') as NonNullable<CodedEventContent['enterprise']>['sector'],
          }
        : null,
      tactics: splitList(row.tactics) as CodedEventContent['tactics'],
      demands: splitList(row.demands) as CodedEventContent['demands'],
      state_responses: splitList(row.state_responses) as CodedEventContent['state_responses'],
      size:
        get('size_low') !== ''
          ? { low: Number(get('size_low')), high: num(row.size_high), text: row.size_text ?? '' }
          : null,
      fatalities: num(row.fatalities_reported),
      injured: num(row.injured),
      detained: num(row.detained),
      organization: get('organization') as CodedEventContent['organization'],
      verification: get('verification') as CodedEventContent['verification'],
      ...(sources ? { sources: JSON.parse(sources) as Source[] } : {}),
      ...(row.notes || get('acled')
        ? {
            notes: joinNotes(
              row.notes ?? '',
              get('acled') ? (JSON.parse(get('acled')) as AcledRecord) : null,
            ),
          }
        : {}),
      ...(get('related_events') ? { related_events: splitList(row.related_events) } : {}),
      ...(get('collectives') ? { collectives: splitList(row.collectives) } : {}),
    };
    return { ok: true, content };
  }

  if (!get('event_type')) return { ok: false, reason: 'event_type is empty' };
  const inter1 = interCode(get('inter1'));
  const inter2 = interCode(get('inter2'));
  const { text: ownNotes } = splitNotes(row.notes);
  const mapping = acledToSub(get('event_type'), get('sub_event_type'), ownNotes, inter1);
  const sub = mapping.sub;
  const actors: Actor[] = [];
  const addActors = (main: string, assoc: string, inter: number | null) => {
    if (main) actors.push({ name: main.slice(0, 200), role: roleOf(main, inter) });
    for (const name of splitList(assoc)) actors.push({ name: name.slice(0, 200), role: roleOf(name, inter) });
  };
  addActors(get('actor1'), get('assoc_actor_1'), inter1);
  const side1 = Math.min(actors.length, 30);
  addActors(get('actor2'), get('assoc_actor_2'), inter2);
  const roles = new Set(actors.map((a) => a.role));
  const eventType = SUB_EVENT_TYPE_TO_EVENT_TYPE[sub];
  const record: AcledRecord = {
    ...acledRecordOf(row),
    actor1_count: side1,
    ...(mapping.fallback ? { fallback: mapping.fallback } : {}),
  };
  const place = acledPlace(get('location'), get('admin1'), lat, lon);
  const content: CodedEventContent = {
    id: recordIdFor(eventId),
    event_type: eventType,
    sub_event_type: sub,
    date,
    time_precision: ([1, 2, 3].includes(time) ? time : 1) as TimePrecision,
    location: {
      settlement: place.settlement,
      admin1: place.admin1,
      country: (get('country') || 'Kazakhstan').slice(0, 100),
      lat: place.lat !== null && place.lon !== null ? place.lat : null,
      lon: place.lat !== null && place.lon !== null ? place.lon : null,
      geo_precision: ([1, 2, 3].includes(geo) ? geo : 3) as GeoPrecision,
    },
    actors: actors.slice(0, 30),
    enterprise: null,
    tactics: [],
    demands: [],
    state_responses: [],
    size: sizeFromTags(get('tags')),
    fatalities: num(row.fatalities),
    injured: null,
    detained: null,
    organization:
      eventType === 'state_measure'
        ? 'unknown'
        : roles.has('union') || roles.has('collective')
          ? 'organized'
          : 'spontaneous',
    verification: 'corroborated',
    ...(get('source')
      ? {
          sources: splitList(row.source)
            .slice(0, 30)
            .map((name) => ({ name: name.slice(0, 300) })),
        }
      : {}),
    notes: joinNotes(ownNotes.trim(), record),
  };
  return { ok: true, content };
}
