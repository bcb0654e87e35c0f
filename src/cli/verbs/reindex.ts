import { availableParallelism } from 'node:os';
import { writeAudit } from '../../desk/audit.js';
import { readEnv, resolveDataDir } from '../../node/config.js';
import { requireNotServing } from '../../node/serve-lock.js';
import { attachOrganize } from '../../organize/context.js';
import { parseVerbArgs } from '../args.js';
import { progressBar } from '../progress.js';
import { openCliNode } from '../unlock.js';

export async function reindexVerb(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, {});
  const env = readEnv();
  const dataDir = resolveDataDir(values.data, env);
  requireNotServing(dataDir, 'reindexing');
  const reports = progressBar('opening reports');
  // Nothing else runs: every core opens reports, in batches large enough to keep them busy.
  const node = await openCliNode(dataDir, env, {
    verifyThreads: 0,
    deskQueue: { workers: availableParallelism(), batchSize: 256, onProgress: reports },
  });
  try {
    // Organizing's projection needs the desk key, so it is registered here, above the node.
    if (node.deskKey) attachOrganize(node, writeAudit);
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
    return 0;
  } finally {
    await node.close();
  }
}
