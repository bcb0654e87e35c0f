import { once } from 'node:events';
import { attachProgram } from '../../program/context.js';
import { publicProgram } from '../../program/queries.js';
import { DEFAULT_WEB_ROOT } from '../../server/app.js';
import { programOn } from '../../server/routes/program.js';
import { EXPORT_FORMATS, type ExportFormat, exportEvents } from '../../situation/export.js';
import { writeMirror } from '../../situation/mirror.js';
import { isDay } from '../../situation/period.js';
import { parseVerbArgs, UsageError } from '../args.js';
import { openForReading } from './brief.js';

export async function exportVerb(args: string[]): Promise<number> {
  const { values, positionals } = parseVerbArgs(
    args,
    { since: { type: 'string' }, out: { type: 'string' }, 'base-url': { type: 'string' } },
    true,
  );
  const [what, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected ${extra.join(' ')}`);
  if (what === 'site') {
    if (!values.out) throw new UsageError('export site needs --out DIR');
    const node = await openForReading(values.data);
    try {
      // While the node serves, its store is opened read-only: the collectives' demands (read
      // through organizing's projection) cannot be counted then, only the published events.
      const serving = node.db.readonly && node.config.role === 'desk';
      const program = publicProgram(node.db.readonly ? attachProgram(node) : programOn(node));
      const written = writeMirror(node, values.out, {
        webRoot: DEFAULT_WEB_ROOT,
        baseUrl: values['base-url'],
        program,
      });
      process.stdout.write(`Wrote a static mirror to ${written.dir}: ${written.files} files\n`);
      if (serving)
        process.stdout.write(
          "The node is serving: the program's support counts the published events only; stop it to count the collectives' demands too.\n",
        );
      if (!values['base-url'] && !node.config.public_url)
        process.stdout.write(
          'Links in its feeds are relative: pass --base-url URL (or set public_url) for links that readers can follow.\n',
        );
      return 0;
    } finally {
      await node.close();
    }
  }
  if (!what || !(EXPORT_FORMATS as readonly string[]).includes(what)) {
    const near = what ? nearestFormat(what) : undefined;
    throw new UsageError(
      `${what ? `no export format "${what}"${near ? `: did you mean ${near}?` : ''}` : 'say what to export'} (${EXPORT_FORMATS.join(', ')} or site)`,
    );
  }
  if (values.since !== undefined && !isDay(values.since))
    throw new UsageError('--since must be a date YYYY-MM-DD');
  const node = await openForReading(values.data);
  try {
    for (const chunk of exportEvents(node.db, what as ExportFormat, values.since)) {
      if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
    }
    return 0;
  } finally {
    await node.close();
  }
}

/** The format a mistyped name most likely meant: `csv` → `acled-csv`, `json` → `jsonl`, `geo` → `geojson`. */
function nearestFormat(what: string): string | undefined {
  const w = what.toLowerCase();
  const all = [...EXPORT_FORMATS, 'site'];
  return all.find((f) => f.startsWith(w)) ?? all.find((f) => f.includes(w) || w.includes(f));
}
