import { settlementNames } from '../analysis/gazetteer.js';
import type { CodedEventContent } from '../core/content.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { Kind } from '../core/kinds.js';
import { cachedStatement, type Db } from '../store/db.js';
import { hasRealEvents } from '../store/projections/coded-events.js';

/*
 * The events themselves, as the situation page shows them: which are visible (demo events only
 * while no real event exists), the latest ones, one event in full, and the names of their places
 * in the reader's languages.
 */

/** The SQL condition of visible rows: demo events stay apart once a real event exists. */
export function visibleWhere(db: Db): { where: string; demo: boolean } {
  if (hasRealEvents(db)) return { where: 'demo = 0', demo: false };
  const anyDemo = cachedStatement(db, 'SELECT 1 FROM proj_coded_events WHERE demo = 1 LIMIT 1').get();
  return { where: '1 = 1', demo: anyDemo !== undefined };
}

/** The earliest and latest visible event day, or nulls when there is none. */
export function visibleDateRange(db: Db): { min: string | null; max: string | null } {
  const { demo } = visibleWhere(db);
  // Two subqueries, so that each is one step down an index (min and max together in one
  // SELECT make SQLite scan the whole index: 40 ms at a million events). Without real events
  // every row is shown; with them, the (demo, date) index answers `demo = 0` in one step too.
  const where = demo || !hasRealEvents(db) ? '' : 'WHERE demo = 0';
  const row = cachedStatement(
    db,
    `SELECT (SELECT min(date) FROM proj_coded_events ${where}) AS min,
            (SELECT max(date) FROM proj_coded_events ${where}) AS max`,
  ).get() as { min: string | null; max: string | null };
  return { min: row.min, max: row.max };
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
  const where = ['date BETWEEN ? AND ?', visibleWhere(db).where];
  const params: string[] = [filter.from, filter.to];
  if (filter.admin1 !== null) {
    where.push('admin1 = ?');
    params.push(filter.admin1);
  }
  if (filter.eventType !== null) {
    where.push('event_type = ?');
    params.push(filter.eventType);
  }
  const rows = cachedStatement(
    db,
    `SELECT d AS id, date, event_type, sub_event_type, settlement, admin1, demo,
            substr(json_extract(content, '$.notes'), 1, 400) AS notes
     FROM proj_coded_events WHERE ${where.join(' AND ')}
     ORDER BY date DESC, created_at DESC, d ASC LIMIT ${limit}`,
  ).all(...params) as (Omit<LatestEvent, 'summary' | 'demo'> & { demo: number; notes: string | null })[];
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
  const row = cachedStatement(
    db,
    `SELECT pubkey, id, content, demo FROM proj_coded_events WHERE d = ? AND ${visibleWhere(db).where}
     ORDER BY created_at DESC LIMIT 1`,
  ).get(id) as { pubkey: string; id: string; content: string; demo: number } | undefined;
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
  const stmt = cachedStatement(
    db,
    `SELECT raw FROM events WHERE kind = ? AND pubkey = ? AND d = ? AND head = 1 ORDER BY created_at DESC LIMIT 1`,
  );
  const out: EventDetail['collectives'] = [];
  for (const id of ids.slice(0, 50)) {
    const row = stmt.get(Kind.Collective, pubkey, id) as { raw: string } | undefined;
    if (!row) continue;
    try {
      const c = JSON.parse((JSON.parse(row.raw) as { content: string }).content) as {
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
