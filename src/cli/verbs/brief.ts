import { ValidationError } from '../../core/errors.js';
import { readEnv, resolveDataDir } from '../../node/config.js';
import type { TilshiNode } from '../../node/node.js';
import { servingPid } from '../../node/serve-lock.js';
import { parseBriefRequest, situationBrief } from '../../situation/brief.js';
import { parseVerbArgs, UsageError } from '../args.js';
import { openCliNode } from '../unlock.js';

/**
 * Open a data folder to read the situation: beside a serving node, read-only (that node keeps
 * the projections current); otherwise normally, which brings the projections up to date.
 */
export async function openForReading(dataFlag: string | undefined): Promise<TilshiNode> {
  const env = readEnv();
  const dataDir = resolveDataDir(dataFlag, env);
  return servingPid(dataDir)
    ? openCliNode(dataDir, env, { readonly: true })
    : openCliNode(dataDir, env, { verifyThreads: 0 });
}

/** Turn a query check's error into a usage error (exit code 2). */
export function asUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof ValidationError) throw new UsageError(err.message);
    throw err;
  }
}

export async function briefVerb(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, {
    hours: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    lang: { type: 'string' },
    json: { type: 'boolean' },
  });
  const query: Record<string, string> = {};
  for (const key of ['hours', 'from', 'to', 'lang'] as const) {
    const v = values[key];
    if (typeof v === 'string') query[key] = v;
  }
  const request = asUsage(() => parseBriefRequest(query));
  const node = await openForReading(values.data);
  try {
    const brief = situationBrief(node.db, request);
    process.stdout.write(values.json ? `${JSON.stringify(brief, null, 2)}\n` : `${brief.text}\n`);
    return 0;
  } finally {
    await node.close();
  }
}
