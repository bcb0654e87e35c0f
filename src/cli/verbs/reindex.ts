import { availableParallelism } from 'node:os';
import { readEnv, resolveDataDir } from '../../node/config.js';
import { openNode } from '../../node/node.js';
import { requireNotServing } from '../../node/serve-lock.js';
import { parseVerbArgs } from '../main.js';
import { progressBar } from '../progress.js';

export async function reindexVerb(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, {});
  const env = readEnv();
  const dataDir = resolveDataDir(values.data, env);
  requireNotServing(dataDir, 'reindexing');
  const reports = progressBar('opening reports');
  // Nothing else runs: every core opens reports, in batches large enough to keep them busy.
  const node = await openNode({
    dataDir,
    ...(env.deskPassphrase ? { passphrase: env.deskPassphrase } : {}),
    verifyThreads: 0,
    deskQueue: { workers: availableParallelism(), batchSize: 256, onProgress: reports },
  });
  try {
    const started = performance.now();
    const bar = progressBar('reindex');
    const n = node.projections.rebuildAll(node.log, bar);
    bar.done();
    const opened = node.desk ? await node.desk.rebuild() : 0;
    if (node.desk) reports.done();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const inbox = node.desk ? `; opened ${opened} wraps to the desk into the inbox` : '';
    process.stdout.write(
      `Rebuilt ${node.projections.list.length + (node.desk ? 1 : 0)} projections from ${n} events${inbox} in ${seconds} s\n`,
    );
    if (!node.deskKey && node.config.role === 'desk') {
      process.stdout.write('The inbox was not rebuilt: set TILSHI_DESK_PASSPHRASE to open the reports.\n');
    }
    return 0;
  } finally {
    await node.close();
  }
}
