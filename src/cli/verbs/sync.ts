import { readEnv, resolveDataDir } from '../../node/config.js';
import { type Direction, SyncError, type SyncResult, syncWithPeer } from '../../sync/client.js';
import { negentropySync } from '../../sync/neg-client.js';
import { withheldFix } from '../../sync/status.js';
import { parseVerbArgs, UsageError } from '../args.js';
import { progressBar } from '../progress.js';
import { openCliNode } from '../unlock.js';

const kb = (n: number) => (n < 10_240 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`);

function describe(name: string, d: Direction): string {
  const rejected = Object.entries(d.rejected)
    .map(([code, n]) => `${n} ${code}`)
    .join(', ');
  return `  ${name}: ${d.events} new events (${d.offered} offered, ${d.wanted} missing), ${kb(d.bytesSent)} sent, ${kb(d.bytesReceived)} received${rejected ? `; refused: ${rejected}` : ''}`;
}

/** What a sync moved; `stopped` when it ended on an error, so the header never says "Synced". */
function summary(r: SyncResult, nodePubkey: string, stopped = false): string {
  const took = `${(r.ms / 1000).toFixed(1)} s (${r.roundTrips} requests)`;
  return [
    stopped ? `Sync with ${r.url} stopped after ${took}; so far:` : `Synced with ${r.url} in ${took}`,
    ...(r.method === 'symbols'
      ? [`  first contact: ${r.symbols} coded symbols (${kb(r.symbolBytes)}) found the difference`]
      : []),
    describe('pulled', r.pull),
    ...(r.pull.withheld
      ? [
          `  withheld: ${r.pull.withheld} sealed records not offered: ${withheldFix(r.pull.withheldReason ?? 'not_a_peer', r.url, nodePubkey)}`,
        ]
      : []),
    describe('pushed', r.push),
  ].join('\n');
}

/** `tilshi sync URL`: one sync with a peer node, both ways; prints events and bytes each way. */
export async function syncVerb(args: string[]): Promise<number> {
  const { values, positionals } = parseVerbArgs(
    args,
    {
      json: { type: 'boolean' },
      'pull-only': { type: 'boolean' },
      'push-only': { type: 'boolean' },
      'from-start': { type: 'boolean' },
      identity: { type: 'boolean' },
      negentropy: { type: 'boolean' },
    },
    true,
  );
  const url = positionals[0];
  if (!url || positionals.length > 1) throw new UsageError('give one peer URL');
  if (values['pull-only'] && values['push-only'])
    throw new UsageError('--pull-only and --push-only exclude each other');
  const env = readEnv();
  const node = await openCliNode(resolveDataDir(values.data, env), env, { verifyThreads: 1 });
  if (values.negentropy) {
    // NIP-77 with any relay that speaks it (first contact, another Nostr relay); a desk whose
    // key is unlocked reads its wraps there too.
    try {
      const wsUrl = url.replace(/^http/, 'ws');
      const r = await negentropySync(node, wsUrl, {
        ...(node.deskKey ? { authKey: node.deskKey } : {}),
        push: !values['pull-only'],
      });
      process.stdout.write(
        values.json
          ? `${JSON.stringify(r, null, 2)}\n`
          : `Negentropy with ${wsUrl} in ${(r.ms / 1000).toFixed(1)} s (${r.roundTrips} round trips)\n  pulled: ${r.fetched} new of ${r.need} missing here\n  pushed: ${r.pushed} of ${r.have} missing there\n  ${kb(r.bytesSent)} sent, ${kb(r.bytesReceived)} received\n`,
      );
      return 0;
    } finally {
      await node.close();
    }
  }
  const bar = progressBar('sync');
  try {
    const result = await syncWithPeer(node, url, {
      pull: !values['push-only'],
      push: !values['pull-only'],
      fromStart: !!values['from-start'],
      ...(values.identity ? { encoding: 'identity' as const } : {}),
      onProgress: bar,
    });
    bar.done();
    process.stdout.write(
      `${values.json ? JSON.stringify(result, null, 2) : summary(result, node.nodeKey.publicKey)}\n`,
    );
    return 0;
  } catch (err) {
    bar.done();
    if (err instanceof SyncError) {
      // Nothing moved (an unreachable peer, a refusal at the first request): the error alone says it.
      const moved = err.partial.pull.events + err.partial.push.events > 0;
      if (values.json) process.stdout.write(`${JSON.stringify(err.partial, null, 2)}\n`);
      else if (moved) process.stdout.write(`${summary(err.partial, node.nodeKey.publicKey, true)}\n`);
      process.stderr.write(
        `tilshi sync: ${moved ? 'stopped' : 'failed'}: ${err.message} (${err.code})${moved ? '; run it again to resume' : ''}\n`,
      );
      return 1;
    }
    throw err;
  } finally {
    await node.close();
  }
}
