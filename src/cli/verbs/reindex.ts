import { readEnv, resolveDataDir } from '../../node/config.js';
import { requireNotServing } from '../../node/serve-lock.js';
import { parseVerbArgs } from '../main.js';
import { progressBar } from '../progress.js';
import { openCliNode } from '../unlock.js';

export async function reindexVerb(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, {});
  const env = readEnv();
  const dataDir = resolveDataDir(values.data, env);
  requireNotServing(dataDir, 'reindexing');
  const node = await openCliNode(dataDir, env, { verifyThreads: 0 });
  try {
    const bar = progressBar('reindex');
    const started = performance.now();
    const n = node.projections.rebuildAll(node.log, bar);
    bar.done();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `Rebuilt ${node.projections.list.length} projections from ${n} events in ${seconds} s\n`,
    );
    return 0;
  } finally {
    await node.close();
  }
}
