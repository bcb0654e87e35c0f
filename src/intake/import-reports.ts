import { getPublicKey } from 'nostr-tools/pure';
import { z } from 'zod';
import { TilshiError, ValidationError } from '../core/errors.js';
import { Kind } from '../core/kinds.js';
import { buildReportRumor } from '../core/records.js';
import { issueText } from '../core/zod-util.js';
import { generateKeyPair } from '../crypto/keys.js';
import { sealRumorOffThread } from '../crypto/seal.js';
import type { TilshiNode } from '../node/node.js';
import { claimOf, findSeen, intakeKey, recordSeen } from './seen.js';

/** One line of a reports file: the corpus format. `gold` and other fields are ignored. */
export const ImportLineSchema = z.looseObject({
  id: z.string().min(1).max(200),
  text: z.string().min(1).max(5_000),
  lang: z.enum(['ru', 'kk', 'en']).optional(),
  channel: z.enum(['web', 'sms', 'bundle', 'cli', 'import']).optional(),
  received_at: z
    .string()
    .max(64)
    .refine((s) => Number.isFinite(Date.parse(s)), 'must be an ISO 8601 date-time')
    .optional(),
});
export type ImportLine = z.infer<typeof ImportLineSchema>;

/**
 * Read a JSONL reports file, every line checked before anything is stored: a file with one
 * bad line is refused whole (`invalid_line`, naming the line), so an import is all or nothing.
 */
export function parseReportLines(text: string): ImportLine[] {
  const out: ImportLine[] = [];
  const ids = new Set<string>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new ValidationError('invalid_line', `line ${i + 1}: not JSON`);
    }
    const parsed = ImportLineSchema.safeParse(json);
    if (!parsed.success) {
      throw new ValidationError('invalid_line', `line ${i + 1}: ${issueText(parsed.error, '')}`);
    }
    if (ids.has(parsed.data.id))
      throw new ValidationError('invalid_line', `line ${i + 1}: id ${parsed.data.id} repeats`);
    ids.add(parsed.data.id);
    out.push(parsed.data);
  });
  return out;
}

export interface ImportResult {
  stored: number;
  duplicates: number;
}

/**
 * Seal each report to the desk as a reporter's device would (a fresh reporter key each, the
 * node's proof of work, the report's own time) and store it. Importing the same file again
 * stores nothing new: each line id is remembered as a keyed hash.
 *
 * @example
 *   const lines = parseReportLines(readFileSync('reports.jsonl', 'utf8'));
 *   await importReports(node, lines); // { stored: 70, duplicates: 0 }
 */
export async function importReports(
  node: TilshiNode,
  lines: readonly ImportLine[],
  onProgress?: (done: number, total: number) => void,
): Promise<ImportResult> {
  const desk = node.deskPubkey;
  if (!desk) throw new TilshiError('no_desk_configured', 'this node does not know its desk key', 503);
  const key = intakeKey(node.dataDir);
  const result: ImportResult = { stored: 0, duplicates: 0 };
  let done = 0;
  // Sealing mines proof of work on every core; a few reports at a time keep them all busy.
  const batch = 8;
  for (let i = 0; i < lines.length; i += batch) {
    await Promise.all(
      lines.slice(i, i + batch).map(async (line) => {
        const claims = [claimOf(key, `import:${line.id}`)];
        if (findSeen(node.db, claims)) {
          result.duplicates++;
          return;
        }
        const reporter = generateKeyPair();
        const createdAt = Math.floor((line.received_at ? Date.parse(line.received_at) : Date.now()) / 1000);
        const rumor = buildReportRumor(
          {
            text: line.text,
            channel: line.channel ?? 'import',
            ...(line.lang ? { lang: line.lang } : {}),
            hints: { source_id: line.id },
          },
          { pubkey: getPublicKey(reporter.secretKey), createdAt },
        );
        const wrap = await sealRumorOffThread(
          { kind: Kind.Report, content: rumor.content, tags: rumor.tags, created_at: createdAt },
          reporter.secretKey,
          desk,
          { powDifficulty: node.config.pow_difficulty },
        );
        const stored = node.ingest.storeOwn([wrap], () => {
          if (findSeen(node.db, claims)) return false;
          recordSeen(node.db, 'import', claims, wrap.id);
          return true;
        });
        if (stored) result.stored++;
        else result.duplicates++;
      }),
    );
    done = Math.min(lines.length, i + batch);
    onProgress?.(done, lines.length);
  }
  return result;
}
