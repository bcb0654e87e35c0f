import type { TilshiError } from '../../core/errors.js';
import { readEnv, resolveDataDir } from '../../node/config.js';
import { normalRelayUrl, publishRefusals, publishStatus, publishTo } from '../../sync/publish.js';
import { parseVerbArgs, UsageError } from '../args.js';
import { openCliNode } from '../unlock.js';

/**
 * `tilshi publish [--relay URL]... [--refused] [--json]`: send the public records each relay has
 * not had yet (config `relays`, or the `--relay` URLs), and say what each accepted, refused and
 * what waits. `--refused` lists the records relays refused, with their reasons, and sends nothing.
 */
export async function publishVerb(args: string[]): Promise<number> {
  const { values, positionals } = parseVerbArgs(
    args,
    {
      relay: { type: 'string', multiple: true },
      refused: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    true,
  );
  if (positionals.length) throw new UsageError('publish takes no argument; give relays with --relay URL');
  const env = readEnv();
  const dataDir = resolveDataDir(values.data, env);
  const node = await openCliNode(dataDir, env, { verifyThreads: 0 });
  try {
    let urls: string[];
    try {
      urls = values.relay?.length ? values.relay.map(normalRelayUrl) : [...node.config.relays];
    } catch (err) {
      throw new UsageError((err as TilshiError).message);
    }
    if (urls.length === 0) {
      throw new UsageError('no relay: give --relay wss://… or list them under `relays` in config.json');
    }
    if (values.refused) {
      const refused = urls.map((url) => ({ url, refused: publishRefusals(node, url, 1_000) }));
      if (values.json) process.stdout.write(`${JSON.stringify(refused, null, 2)}\n`);
      else
        for (const r of refused) {
          process.stdout.write(`${r.url}: ${r.refused.length} refused\n`);
          for (const x of r.refused) process.stdout.write(`  ${x.id} (kind ${x.kind}): ${x.reason}\n`);
        }
      return 0;
    }
    const runs = [];
    for (const url of urls) {
      const run = await publishTo(node, url);
      runs.push(run);
      if (!values.json) {
        process.stdout.write(
          `${url}: sent ${run.sent}, accepted ${run.accepted}${run.duplicates ? ` (+${run.duplicates} already there)` : ''}, refused ${run.refused}, pending ${run.pending}\n`,
        );
        if (run.error) process.stdout.write(`  stopped: ${run.error}; the next run resumes from there\n`);
      }
    }
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ runs, status: publishStatus(node, urls) }, null, 2)}\n`);
    }
    return runs.some((r) => r.error) ? 1 : 0;
  } finally {
    await node.close();
  }
}
