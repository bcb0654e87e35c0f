import type { CodedEventContent } from '../core/content.js';
import type { NostrEvent } from '../core/event.js';
import { cachedStatement, type Db } from '../store/db.js';
import { acledCsvLine, CSV_HEADER } from './acled.js';

/*
 * The published events as files: GeoJSON (one Feature per event), ACLED-style CSV, JSONL of
 * the signed records. Each is written as a sequence of chunks, so a large export streams.
 */

export const EXPORT_FORMATS = ['acled-csv', 'geojson', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

interface ExportRow {
  id: string;
  content: string;
}

/**
 * The current version of every published event, oldest day first; `since` keeps events dated
 * on or after that day.
 */
function* publishedRows(db: Db, since?: string): Generator<ExportRow> {
  // Not a cached statement: an iterating statement is busy until the walk ends.
  const stmt = db.prepare('SELECT id, content FROM proj_coded_events WHERE date >= ? ORDER BY date, d');
  yield* stmt.iterate(since ?? '') as IterableIterator<ExportRow>;
}

/** The published events' contents (for tests and the mirror). */
export function* publishedEvents(db: Db, since?: string): Generator<CodedEventContent> {
  for (const row of publishedRows(db, since)) yield JSON.parse(row.content) as CodedEventContent;
}

/** A GeoJSON Feature of one event: a Point where it is located, else no geometry (RFC 7946 §3.2). */
export function eventFeature(c: CodedEventContent) {
  const { location, ...rest } = c;
  const { lat, lon, ...place } = location;
  return {
    type: 'Feature' as const,
    id: c.id,
    geometry: lat !== null && lon !== null ? { type: 'Point' as const, coordinates: [lon, lat] } : null,
    properties: { ...rest, ...place },
  };
}

/**
 * The export in one format, as chunks of text.
 *
 * @example for (const chunk of exportEvents(db, 'geojson')) process.stdout.write(chunk);
 */
export function* exportEvents(db: Db, format: ExportFormat, since?: string): Generator<string> {
  if (format === 'acled-csv') {
    yield CSV_HEADER;
    for (const c of publishedEvents(db, since)) yield acledCsvLine(c);
    return;
  }
  if (format === 'jsonl') {
    const raw = cachedStatement(db, 'SELECT raw FROM events WHERE id = ?');
    for (const row of publishedRows(db, since)) {
      const r = raw.get(row.id) as { raw: string } | undefined;
      if (r) yield `${JSON.stringify(JSON.parse(r.raw) as NostrEvent)}\n`;
    }
    return;
  }
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  for (const c of publishedEvents(db, since)) {
    yield `${first ? '' : ','}\n${JSON.stringify(eventFeature(c))}`;
    first = false;
  }
  yield '\n]}\n';
}

/**
 * The whole export as one string, read at once: the HTTP routes use this, because a walk left
 * open across an await would keep the connection busy while the node writes.
 */
export function exportEventsText(db: Db, format: ExportFormat, since?: string): string {
  return [...exportEvents(db, format, since)].join('');
}
