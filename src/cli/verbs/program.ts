import { loadConfig, readEnv, resolveDataDir } from '../../node/config.js';
import { requireNotServing } from '../../node/serve-lock.js';
import { plankText } from '../../program/program-text.js';
import { publicProgram } from '../../program/queries.js';
import { programOn } from '../../server/routes/program.js';
import { parseVerbArgs, UsageError } from '../args.js';
import { openCliNode } from '../unlock.js';

/**
 * `tilshi program show [--lang ru|kk|en] [--json]`: the published program and the demand
 * inventory as the public sees them (counts below the threshold withheld). On a desk node the
 * collectives' demands count too (the desk passphrase unlocks them). It opens the store
 * itself, so the node must be stopped (while it serves, use `GET /api/v1/program`).
 */
export async function programVerb(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'show') throw new UsageError('program show [--lang ru|kk|en] [--json]');
  const { values } = parseVerbArgs(rest, { json: { type: 'boolean' }, lang: { type: 'string' } });
  const lang = values.lang ?? 'en';
  if (lang !== 'ru' && lang !== 'kk' && lang !== 'en') throw new UsageError('--lang is ru, kk or en');
  const env = readEnv();
  const dataDir = resolveDataDir(values.data, env);
  loadConfig(dataDir);
  requireNotServing(dataDir, 'reading the program from the command line (use GET /api/v1/program meanwhile)');
  const node = await openCliNode(dataDir, env, { verifyThreads: 0 });
  try {
    const view = publicProgram(programOn(node));
    if (values.json) {
      process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(`${showText(view, lang)}\n`);
    return 0;
  } finally {
    await node.close();
  }
}

const count = (n: number | null, t: number) => (n === null ? `<${t}` : String(n));

function showText(view: ReturnType<typeof publicProgram>, lang: 'ru' | 'kk' | 'en'): string {
  const t = view.threshold;
  const lines: string[] = [];
  const p = view.published?.content;
  if (p) {
    lines.push(
      `${p.title} (published ${new Date(view.published!.created_at * 1000).toISOString().slice(0, 10)})`,
    );
    for (const [i, plank] of (p.planks ?? []).entries()) {
      const s = plank.support;
      lines.push(
        `${i + 1}. [${plank.status}] ${plankText(plank, lang).text}  (events ${count(s.events, t)}, collectives ${count(s.collectives, t)}, regions ${count(s.regions ?? null, t)})`,
      );
    }
    if (p.endorsements) lines.push(`endorsed by ${p.endorsements.count} collective(s)`);
  } else {
    lines.push('no program published yet');
  }
  lines.push('', `demands (counts below ${t} withheld; votes are not built yet):`);
  for (const d of view.demands) {
    const s = d.support;
    lines.push(
      `  ${(d.code ?? d.label ?? d.key).padEnd(28)} ${String(d.class ?? '-').padEnd(10)} events ${count(s.events, t).padStart(4)}  collectives ${count(s.collectives, t).padStart(4)}  regions ${count(s.regions, t).padStart(3)}  ${s.first_seen ?? ''}${s.last_seen ? `…${s.last_seen}` : ''}`,
    );
  }
  if (view.withheld > 0)
    lines.push(`  (${view.withheld} demand(s) in people's own words withheld: too few behind them)`);
  return lines.join('\n');
}
