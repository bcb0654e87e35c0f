import type { Actor, CodedEventContent, Source } from '../core/content.js';
import {
  type ActorRole,
  type EventType,
  type GeoPrecision,
  SIZE_WORD_VALUES,
  SUB_EVENT_TYPE_TO_EVENT_TYPE,
  type SubEventType,
  type TimePrecision,
} from '../core/taxonomy.js';
import { type AcledRecord, acledPlace, acledRecordOf, joinNotes, splitNotes } from './acled-record.js';
import { acledToSub } from './acled-types.js';
import { isDay } from './period.js';

/*
 * One row of an ACLED CSV as the content of a coded event: the project's own export comes back
 * exactly from its columns; a row of ACLED's own export is mapped (acled-types.ts,
 * acled-record.ts).
 */

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

export function interCode(s: string): number | null {
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
