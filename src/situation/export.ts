import type { CodedEventContent } from '../core/content.js';
import type { NostrEvent } from '../core/event.js';
import type { Db } from '../store/db.js';
import { acledCsvLine, CSV_HEADER } from './acled.js';
import { publishedEventRows, rawEvent } from './repository.js';

/*
 * The published events as files: GeoJSON (one Feature per event), ACLED-style CSV, JSONL of
 * the signed records. Each is written as a sequence of chunks, so a large export streams.
 */

export const EXPORT_FORMATS = ['acled-csv', 'geojson', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The published events' contents, oldest day first (for exports, tests and the mirror); `since`
 * keeps events dated on or after that day.
 */
export function* publishedEvents(db: Db, since?: string): Generator<CodedEventContent> {
  for (const row of publishedEventRows(db, since ?? '')) yield JSON.parse(row.content) as CodedEventContent;
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
    for (const row of publishedEventRows(db, since ?? '')) {
      const raw = rawEvent(db, row.id);
      if (raw) yield `${JSON.stringify(JSON.parse(raw) as NostrEvent)}\n`;
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
