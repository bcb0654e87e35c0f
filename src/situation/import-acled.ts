import type { CodedEventContent } from '../core/content.js';
import { TilshiError, ValidationError } from '../core/errors.js';
import type { NostrEvent } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { firstPublishedAt } from '../core/public-tags.js';
import { buildCodedEvent } from '../core/records.js';
import { signEvent } from '../crypto/keys.js';
import type { TilshiNode } from '../node/node.js';
import { acledRowToContent, type SkippedRow } from './acled-row.js';
import { parseCsv } from './csv.js';

export interface PublishResult {
  /** New records. */
  stored: number;
  /** Records that existed with other content and got a new version. */
  updated: number;
  /** Records that exist with the same content already. */
  unchanged: number;
  skipped: SkippedRow[];
}

/** Columns an ACLED file cannot do without. */
const REQUIRED = ['event_id_cnty', 'event_date', 'event_type', 'sub_event_type'];

/**
 * Sign coded events with the desk key and store them: a record that exists becomes an edit of
 * its current version (or is left alone when nothing changed), so importing twice changes
 * nothing the second time.
 *
 * @example await publishCodedEvents(node, contents) // { stored, updated, unchanged, skipped }
 */
export async function publishCodedEvents(
  node: TilshiNode,
  items: readonly { line: number; content: CodedEventContent; tags?: string[][] }[],
  onProgress?: (done: number, total: number) => void,
): Promise<PublishResult> {
  const desk = node.deskKey;
  if (!desk) {
    throw new TilshiError(
      'desk_locked',
      'only a desk with its key unlocked signs coded events (TILSHI_DESK_PASSPHRASE)',
      403,
    );
  }
  const result: PublishResult = { stored: 0, updated: 0, unchanged: 0, skipped: [] };
  const now = Math.floor(Date.now() / 1000);
  const seen = new Set<string>();
  const BATCH = 500;
  for (let start = 0; start < items.length; start += BATCH) {
    const batch: { line: number; id: string; event: NostrEvent; edit: boolean }[] = [];
    for (const item of items.slice(start, start + BATCH)) {
      const { content, line } = item;
      if (seen.has(content.id)) {
        result.skipped.push({
          line,
          id: content.id,
          reason: 'the same event id appears earlier in the file',
        });
        continue;
      }
      seen.add(content.id);
      const heads = node.log.query(
        { kinds: [Kind.CodedEvent], authors: [desk.publicKey], tags: { d: [content.id] }, limit: 5 },
        { as: 'node' },
      );
      try {
        const unsigned = buildCodedEvent(content, {
          pubkey: desk.publicKey,
          createdAt: Math.max(now, ...heads.map((h) => h.created_at + 1)),
          ...(heads[0] ? { prev: heads[0].id } : {}),
          ...(heads.length > 0 ? { publishedAt: firstPublishedAt(heads) as number } : {}),
        });
        if (heads.some((h) => h.content === unsigned.content)) {
          result.unchanged++;
          continue;
        }
        for (const h of heads.slice(1)) unsigned.tags.push(['prev', h.id]);
        if (item.tags) unsigned.tags.push(...item.tags);
        batch.push({ line, id: content.id, event: signEvent(unsigned, desk), edit: heads.length > 0 });
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        result.skipped.push({ line, id: content.id, reason: err.message });
      }
    }
    const answers = await node.ingest.submit(
      batch.map((b) => b.event),
      'submit',
    );
    answers.forEach((a, i) => {
      const b = batch[i] as (typeof batch)[number];
      if (!a.ok) result.skipped.push({ line: b.line, id: b.id, reason: `${a.code}: ${a.message}` });
      else if (b.edit) result.updated++;
      else result.stored++;
    });
    onProgress?.(Math.min(items.length, start + BATCH), items.length);
  }
  return result;
}

/**
 * Read an ACLED CSV export (ACLED's own, or Tilshi's `events.csv`) into coded events signed by
 * the desk. Rows whose type has no taxonomy code, or that break the schema, are skipped and
 * listed with the reason. Throws ValidationError('invalid_csv') when the file is not such a CSV.
 *
 * @example await importAcled(node, readFileSync('kazakhstan.csv', 'utf8'))
 */
export async function importAcled(
  node: TilshiNode,
  text: string,
  onProgress?: (done: number, total: number) => void,
): Promise<PublishResult> {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (err) {
    throw new ValidationError('invalid_csv', `not a CSV file: ${(err as Error).message}`);
  }
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new ValidationError('invalid_csv', `not an ACLED export: no column ${missing.join(', ')}`);
  }
  const items: { line: number; content: CodedEventContent }[] = [];
  const skipped: SkippedRow[] = [];
  rows.slice(1).forEach((fields, i) => {
    const line = i + 2;
    const row: Record<string, string> = {};
    header.forEach((h, j) => {
      row[h] = fields[j] ?? '';
    });
    try {
      const mapped = acledRowToContent(row);
      if (mapped.ok) items.push({ line, content: mapped.content });
      else skipped.push({ line, id: row.event_id_cnty || null, reason: mapped.reason });
    } catch (err) {
      skipped.push({
        line,
        id: row.event_id_cnty || null,
        reason: `unreadable row: ${(err as Error).message}`,
      });
    }
  });
  const result = await publishCodedEvents(node, items, onProgress);
  result.skipped = [...skipped, ...result.skipped].sort((a, b) => a.line - b.line);
  return result;
}
