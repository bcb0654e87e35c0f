import { settlementNames } from '../analysis/gazetteer.js';
import type { CodedEventContent } from '../core/content.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { Kind } from '../core/kinds.js';
import type { Db } from '../store/db.js';
import {
  currentAddressable,
  eventDayRange,
  latestEventRows,
  visibility,
  visibleEventRow,
} from './repository.js';

/*
 * The events themselves, as the situation page shows them: which are visible (demo events only
 * while no real event exists), the latest ones, one event in full, and the names of their places
 * in the reader's languages.
 */

/** Whether the events shown are demo events (none real exists yet). */
export function showsDemo(db: Db): boolean {
  return visibility(db).demo;
}

/** The earliest and latest visible event day, or nulls when there is none. */
export function visibleDateRange(db: Db): { min: string | null; max: string | null } {
  return eventDayRange(db, visibility(db));
}

/** The start of the notes that marks a demo event (src/cli/demo.ts): the page says it in the reader's language. */
const DEMO_NOTE_LINE = /^DEMO DATA:[^\n]*\n*/;

/** An event's notes without the demo marker line (the page shows a translated "demo" badge instead). */
export function plainNotes(notes: string | null | undefined, demo: boolean): string | null {
  if (!notes) return null;
  const text = demo ? notes.replace(DEMO_NOTE_LINE, '') : notes;
  return text.trim() === '' ? null : text;
}

export interface LatestEvent {
  id: string;
  date: string;
  event_type: string;
  sub_event_type: string;
  settlement: string | null;
  admin1: string | null;
  summary: string | null;
  demo: boolean;
}

/** The newest visible events of a period (and region, type), newest day first. */
export function latestEvents(
  db: Db,
  filter: { from: string; to: string; admin1: string | null; eventType: string | null },
  limit: number,
): LatestEvent[] {
  const rows = latestEventRows(db, visibility(db), filter, limit);
  return rows.map(({ notes, demo, ...r }) => ({
    ...r,
    summary: plainNotes(notes, demo === 1)?.slice(0, 300) ?? null,
    demo: demo === 1,
  }));
}

/** Settlement value → its Russian and Kazakh names (where the gazetteer holds them). */
export type PlaceNames = Record<string, { ru: string | null; kk: string | null }>;

/** The names of the given settlement values in Russian and Kazakh. */
export function placeNames(settlements: Iterable<string | null>): PlaceNames {
  const out: PlaceNames = {};
  for (const s of settlements) if (s !== null && !(s in out)) out[s] = settlementNames(s);
  return out;
}

/** One published event as the page opens it: every coded field, its collectives, its place's names. */
export interface EventDetail {
  event: CodedEventContent;
  demo: boolean;
  /** The desk's signed record of this version (kind 30620): anyone can check it. */
  record_id: string;
  collectives: { id: string; name: string; form: string }[];
  names: PlaceNames;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * One visible published event by its id (`d` tag). Throws `invalid_event_id` for an id that
 * cannot be one, `not_found` when no visible event has it (a hidden demo event is not shown).
 *
 * @example eventDetail(node.db, 'demo-2022-d12').event.demands
 */
export function eventDetail(db: Db, id: string): EventDetail {
  if (!ID.test(id))
    throw new ValidationError('invalid_event_id', 'an event id is 1-128 letters, digits or ._:-');
  const row = visibleEventRow(db, visibility(db), id);
  if (!row) throw new NotFoundError('not_found', `no published event ${id}`);
  const event = JSON.parse(row.content) as CodedEventContent;
  const demo = row.demo === 1;
  const notes = plainNotes(event.notes, demo);
  const { notes: _notes, report_ids: _private, ...rest } = event;
  return {
    event: { ...rest, ...(notes ? { notes } : {}) } as CodedEventContent,
    demo,
    record_id: row.id,
    collectives: collectivesOf(db, row.pubkey, event.collectives ?? []),
    names: placeNames([event.location.settlement]),
  };
}

/** The public profiles (kind 30621, by the same desk) of the collectives an event names. */
function collectivesOf(db: Db, pubkey: string, ids: readonly string[]): EventDetail['collectives'] {
  const out: EventDetail['collectives'] = [];
  for (const id of ids.slice(0, 50)) {
    const raw = currentAddressable(db, Kind.Collective, pubkey, id);
    if (!raw) continue;
    try {
      const c = JSON.parse((JSON.parse(raw) as { content: string }).content) as {
        name?: unknown;
        form?: unknown;
      };
      if (typeof c.name === 'string')
        out.push({ id, name: c.name, form: typeof c.form === 'string' ? c.form : '' });
    } catch {
      // A collective record whose content is not JSON is not shown; the event still is.
    }
  }
  return out;
}
