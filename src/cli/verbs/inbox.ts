import { TilshiError } from '../../core/errors.js';
import { inboxWaiting } from '../../desk/desk-queue.js';
import { InboxQuerySchema, listInboxIfBuilt } from '../../desk/inbox.js';
import { loadConfig, readEnv, resolveDataDir } from '../../node/config.js';
import { servingPid } from '../../node/serve-lock.js';
import { parseVerbArgs, UsageError } from '../args.js';
import { progressBar } from '../progress.js';
import { openCliNode } from '../unlock.js';

/**
 * `tilshi inbox [--json] [--status new|noise|attached|unreadable|all] [--limit N]`: the decrypted reports,
 * newest first. With the node stopped it opens the desk key (TILSHI_DESK_PASSPHRASE) and brings
 * the inbox up to date (waiting for the desk queue); while `serve` runs it reads what the
 * running node keeps, and says how many records that node has still to open.
 */
export async function inboxVerb(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, {
    json: { type: 'boolean' },
    status: { type: 'string', default: 'all' },
    limit: { type: 'string', default: '50' },
  });
  const query = InboxQuerySchema.safeParse({ status: values.status, limit: values.limit });
  if (!query.success)
    throw new UsageError('--status is new, noise, attached, unreadable or all; --limit 1-200');
  const env = readEnv();
  const dataDir = resolveDataDir(values.data, env);
  if (loadConfig(dataDir).role !== 'desk')
    throw new TilshiError('not_a_desk', 'only a desk node has an inbox');
  const serving = servingPid(dataDir) !== undefined;
  const bar = progressBar('opening reports');
  const node = await openCliNode(dataDir, env, {
    readonly: serving,
    verifyThreads: 0,
    deskQueue: { onProgress: bar },
  });
  try {
    if (node.desk) {
      await node.desk.settled();
      bar.done();
    }
    const waiting = serving ? inboxWaiting(node.db, node.deskPubkey) : 0;
    if (waiting > 0 && !values.json) {
      process.stdout.write(`The running node has ${waiting} sealed records still to open.\n`);
    }
    const page = listInboxIfBuilt(node.db, query.data);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(page.reports)}\n`);
      return 0;
    }
    if (page.reports.length === 0) process.stdout.write('The inbox is empty.\n');
    for (const r of page.reports) {
      const s = (r.suggestion ?? {}) as {
        event_type?: string | null;
        settlement?: string | null;
        noise?: boolean;
      };
      const codes = s.noise
        ? 'noise?'
        : [s.event_type, s.settlement].filter(Boolean).join(', ') || 'no suggestion';
      const when = new Date(r.received_at * 1000).toISOString().slice(0, 16).replace('T', ' ');
      process.stdout.write(
        `${when}  ${r.channel.padEnd(6)} ${r.status.padEnd(8)} [${codes}] cluster ${r.cluster} (${r.cluster_size} reports, ${r.cluster_sources} sources)\n  ${r.text.replace(/\s+/g, ' ').slice(0, 160)}\n`,
      );
    }
    return 0;
  } finally {
    await node.close();
  }
}
