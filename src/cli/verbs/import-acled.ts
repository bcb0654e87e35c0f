import { readFileSync } from 'node:fs';
import { TilshiError } from '../../core/errors.js';
import { readEnv, resolveDataDir } from '../../node/config.js';
import { importAcled } from '../../situation/import-acled.js';
import { UsageError } from '../args.js';
import { progressBar } from '../progress.js';
import { openCliNode } from '../unlock.js';

/** `tilshi import acled FILE.csv`: ACLED rows become coded events signed by the desk. */
export async function importAcledVerb(
  positionals: string[],
  values: { data?: string | undefined; json?: boolean | undefined },
): Promise<number> {
  const file = positionals[1];
  if (!file || positionals.length !== 2) throw new UsageError('say which ACLED CSV file to import');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const env = readEnv();
  const dataDir = resolveDataDir(values.data, env);
  const node = await openCliNode(dataDir, env, { verifyThreads: 0 });
  try {
    if (!node.deskKey) {
      throw new TilshiError(
        'desk_locked',
        'importing ACLED rows signs coded events: run it on a desk with TILSHI_DESK_PASSPHRASE',
      );
    }
    const bar = progressBar('import');
    const result = await importAcled(node, text, bar);
    bar.done();
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      const lines = [
        `Stored ${result.stored} coded events` +
          (result.updated ? `, updated ${result.updated}` : '') +
          (result.unchanged ? `, ${result.unchanged} were already there unchanged` : ''),
        ...(result.skipped.length > 0 ? [`Skipped ${result.skipped.length} rows:`] : []),
        ...result.skipped.slice(0, 50).map((s) => `  line ${s.line}${s.id ? ` (${s.id})` : ''}: ${s.reason}`),
        ...(result.skipped.length > 50
          ? [`  … and ${result.skipped.length - 50} more (--json lists all)`]
          : []),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return 0;
  } finally {
    await node.close();
  }
}
