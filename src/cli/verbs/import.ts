import { readFileSync } from 'node:fs';
import { importReports, parseReportLines } from '../../intake/import-reports.js';
import { readEnv, resolveDataDir } from '../../node/config.js';
import { parseVerbArgs, UsageError } from '../args.js';
import { progressBar } from '../progress.js';
import { openCliNode } from '../unlock.js';
import { importAcledVerb } from './import-acled.js';

export async function importVerb(args: string[]): Promise<number> {
  const { values, positionals } = parseVerbArgs(args, { json: { type: 'boolean' } }, true);
  const [what, file] = positionals;
  if (what === 'acled') return importAcledVerb(positionals, values);
  if (what !== 'reports' || !file || positionals.length !== 2)
    throw new UsageError('say what to import and from which file');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const lines = parseReportLines(text);
  const env = readEnv();
  const node = await openCliNode(resolveDataDir(values.data, env), env, { verifyThreads: 0 });
  try {
    const bar = progressBar('import');
    const result = await importReports(node, lines, bar);
    bar.done();
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      process.stdout.write(
        `Sealed to the desk and stored ${result.stored} reports` +
          (result.duplicates ? ` (${result.duplicates} were imported before)` : '') +
          '\n',
      );
    }
    return 0;
  } finally {
    await node.close();
  }
}
