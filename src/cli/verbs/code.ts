import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { clusterReports } from '../../analysis/cluster.js';
import { suggestCodes } from '../../analysis/suggest.js';
import { ValidationError } from '../../core/errors.js';
import { issueText } from '../../core/zod-util.js';
import { parseVerbArgs, UsageError } from '../args.js';
import { codeTrainVerb } from './code-train.js';

/** One input line: the corpus format (`gold` and anything else are ignored). */
const ReportLineSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  text: z.string(),
  lang: z.string().nullish(),
  channel: z.string().nullish(),
  received_at: z.string().nullish(),
});
type ReportLine = z.infer<typeof ReportLineSchema>;

/**
 * `tilshi code suggest --jsonl FILE` and `tilshi code cluster --jsonl FILE` (INTERFACES.md): one
 * output line per input line. FILE `-` reads standard input. A bad line fails the whole run
 * before anything is printed, naming the line. `tilshi code train` retrains the desk's model.
 */
export async function codeVerb(args: string[]): Promise<number> {
  const { values, positionals } = parseVerbArgs(
    args,
    { jsonl: { type: 'string' }, json: { type: 'boolean' } },
    true,
  );
  const [sub, ...extra] = positionals;
  if (sub !== 'suggest' && sub !== 'cluster' && sub !== 'train')
    throw new UsageError('say "suggest", "cluster" or "train"');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (sub === 'train') return codeTrainVerb(values);
  if (!values.jsonl) throw new UsageError('--jsonl FILE is required');
  const reports = readReports(values.jsonl);
  const out: string[] = [];
  if (sub === 'suggest') {
    for (const r of reports) out.push(JSON.stringify({ id: r.id, suggestion: suggestCodes(r) }));
  } else {
    const clusters = clusterReports(reports);
    reports.forEach((r, i) => {
      out.push(JSON.stringify({ id: r.id, cluster: clusters[i] }));
    });
  }
  if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

function readReports(file: string): ReportLine[] {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new ValidationError('cannot_read', `cannot read ${file}: ${(err as Error).message}`);
  }
  const reports: ReportLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new ValidationError('bad_jsonl', `${file} line ${i + 1}: not JSON`);
    }
    const r = ReportLineSchema.safeParse(parsed);
    if (!r.success) {
      throw new ValidationError('bad_jsonl', `${file} line ${i + 1}: ${issueText(r.error, 'line')}`);
    }
    reports.push(r.data);
  }
  return reports;
}
