import { loadGazetteer, locateSettlement } from '../analysis/index.js';
import { tokenize } from '../analysis/normalize.js';

/*
 * What an ACLED row has that a coded event has no field for (its own event id and types, inter
 * codes as written, interaction, civilian targeting, admin2, admin3, source scale, tags, how
 * its actors split into the two sides…) is kept with the event as the last paragraph of its
 * notes, `ACLED {json}`, and given back column by column on export: ACLED in and out without
 * loss. In the CSV export the record travels in a column of its own (`acled`), so that ACLED's
 * `notes` column holds only the notes.
 */

/** The columns of an ACLED row kept as written. */
export const ACLED_KEPT = [
  'event_id_cnty',
  'disorder_type',
  'event_type',
  'sub_event_type',
  'inter1',
  'inter2',
  'interaction',
  'civilian_targeting',
  'iso',
  'region',
  'admin1',
  'admin2',
  'admin3',
  'location',
  'source_scale',
  'tags',
  'timestamp',
] as const;

/** ACLED's own values of a row (only those it has), how many actors are on side 1, and a stated fallback. */
export type AcledRecord = Partial<Record<(typeof ACLED_KEPT)[number], string>> & {
  actor1_count?: number;
  fallback?: string;
};

const PREFIX = 'ACLED ';

/** The record of a row: its kept columns that are not empty. */
export function acledRecordOf(row: Readonly<Record<string, string>>): AcledRecord {
  const out: AcledRecord = {};
  for (const k of ACLED_KEPT) {
    const v = (row[k] ?? '').trim();
    if (v) out[k] = v.slice(0, 1000);
  }
  return out;
}

/** Notes without the ACLED record, and the record (null when there is none). */
export function splitNotes(notes: string | undefined): { text: string; acled: AcledRecord | null } {
  const s = notes ?? '';
  const at = s.lastIndexOf(`\n\n${PREFIX}{`);
  const start = at >= 0 ? at + 2 : s.startsWith(`${PREFIX}{`) ? 0 : -1;
  if (start < 0) return { text: s, acled: null };
  try {
    const acled = JSON.parse(s.slice(start + PREFIX.length)) as AcledRecord;
    return { text: s.slice(0, Math.max(0, at)), acled };
  } catch {
    return { text: s, acled: null };
  }
}

/** Notes with the record as their last paragraph (the text cut so that both fit in `max`). */
export function joinNotes(text: string, acled: AcledRecord | null, max = 8_000): string {
  if (!acled) return text.slice(0, max);
  const block = `${PREFIX}${JSON.stringify(acled)}`;
  const room = max - block.length - 2;
  return text ? `${text.slice(0, Math.max(0, room))}\n\n${block}` : block;
}

export interface AcledPlace {
  settlement: string | null;
  admin1: string | null;
  lat: number | null;
  lon: number | null;
}

/**
 * ACLED's location and admin1 in the names of the gazetteer: a location that is a settlement
 * keeps it even when it is also the admin1 name (Almaty, Nur-Sultan → Astana, Aktobe,
 * Kyzylorda), so that the event is on the map; a location that only names the region
 * ("Mangystau") gives no settlement; "Mangystau" and "Mangystau Region" are one region.
 * @example acledPlace('Nur-Sultan', 'Nur-Sultan', null, null) // { settlement: 'Astana', admin1: 'Astana', lat: 51.18, lon: 71.45 }
 */
export function acledPlace(
  location: string,
  admin1: string,
  lat: number | null,
  lon: number | null,
): AcledPlace {
  const gaz = loadGazetteer();
  const region = admin1 ? (gaz.regionOf(admin1)?.name ?? admin1.slice(0, 200)) : null;
  const found = location ? gaz.find(tokenize(location)) : { places: [], regions: [] };
  const place = found.places[0]?.value ?? null;
  // An unknown place that is not the admin1 name is still a settlement, as ACLED wrote it.
  const settlement =
    place?.name ??
    (location && location !== admin1 && found.regions.length === 0 ? location.slice(0, 200) : null);
  const at = settlement ? locateSettlement(settlement) : undefined;
  return {
    settlement,
    admin1: region ?? place?.admin1 ?? at?.admin1 ?? null,
    lat: lat !== null && lon !== null ? lat : (at?.lat ?? null),
    lon: lat !== null && lon !== null ? lon : (at?.lon ?? null),
  };
}
