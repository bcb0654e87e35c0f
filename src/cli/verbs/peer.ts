import { TilshiError } from '../../core/errors.js';
import { npubOf, parsePublicKey } from '../../crypto/keys.js';
import { type EnvSettings, loadConfig, readEnv, resolveDataDir, saveConfig } from '../../node/config.js';
import { servingPid } from '../../node/serve-lock.js';
import { fetchPeerKey, normalPeerUrl, withoutPeer, withPeer } from '../../sync/peer-list.js';
import { setTrusted, trustedRelays } from '../../sync/trusted-relays.js';
import { parseVerbArgs, UsageError } from '../args.js';
import { promptLine } from '../prompt.js';
import { openCliNode } from '../unlock.js';

const RESTART = 'a running `tilshi serve` takes it up when restarted';

const USAGE =
  'peer add URL [--pubkey KEY] [--name NAME] [--yes] | peer list | peer remove URL|KEY | peer trusted | peer trust URL [--pubkey KEY] [--name NAME] [--yes] | peer untrust URL|KEY';

/**
 * `tilshi peer add URL [--pubkey HEX|NPUB] [--name NAME] [--yes]`, `peer list [--json]`,
 * `peer remove URL|NPUB`: the peers of config.json, without editing it by hand. A listed peer is
 * synced by `serve` and may pull the sealed records this node holds (docs/sync.md).
 *
 * On a desk node, `peer trust URL [--pubkey KEY]` and `peer untrust URL|KEY` edit the desk-signed
 * list of trusted relays (kind 10621): once it has synced, every node of the network lets the
 * listed relay pull sealed records, with no change to their config.json.
 */
export async function peerVerb(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseVerbArgs(
    rest,
    {
      pubkey: { type: 'string' },
      name: { type: 'string' },
      yes: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    true,
  );
  const dataDir = resolveDataDir(values.data, readEnv());
  const config = loadConfig(dataDir);
  if (sub === 'list') {
    if (positionals.length) throw new UsageError('peer list takes no argument');
    const peers = config.peers.map((p) => ({ ...p, npub: p.pubkey ? npubOf(p.pubkey) : null }));
    if (values.json) process.stdout.write(`${JSON.stringify(peers, null, 2)}\n`);
    else if (!peers.length) process.stdout.write('No peers. Add one with `tilshi peer add URL`.\n');
    else
      for (const p of peers)
        process.stdout.write(
          `${p.url}${p.name ? ` (${p.name})` : ''}\n  node key: ${p.npub ?? 'not given: it may not pull sealed records'}\n`,
        );
    return 0;
  }
  if (sub === 'trusted') {
    if (positionals.length) throw new UsageError('peer trusted takes no argument');
    // The list is a record in the store (any node that synced holds it), not in config.json.
    const trusted = (await withNode(dataDir, false, (node) => trustedRelays(node))).map((r) => ({
      ...r,
      npub: npubOf(r.pubkey),
    }));
    if (values.json) process.stdout.write(`${JSON.stringify(trusted, null, 2)}\n`);
    else if (!trusted.length)
      process.stdout.write('The desk trusts no relay. On the desk: `tilshi peer trust URL`.\n');
    else
      for (const r of trusted)
        process.stdout.write(
          `${r.url ?? '(no URL)'}${r.name ? ` (${r.name})` : ''}\n  node key: ${r.npub}\n`,
        );
    return 0;
  }
  if (sub === 'trust' || sub === 'untrust') return trustVerb(sub, dataDir, positionals, values);
  if (sub === 'remove') {
    const target = positionals[0];
    if (!target || positionals.length > 1) throw new UsageError('give the peer URL or its node key');
    const key = /^https?:/.test(target) ? normalPeerUrl(target) : parsePublicKey(target);
    saveConfig(dataDir, withoutPeer(config, key));
    process.stdout.write(`Removed ${target}; ${RESTART}.\n`);
    return 0;
  }
  if (sub !== 'add') throw new UsageError(USAGE);
  if (positionals.length !== 1) throw new UsageError('give one peer URL');
  const url = normalPeerUrl(positionals[0]!);
  const confirmed = await confirmKey(url, values, 'Add this peer?');
  if (typeof confirmed === 'number') return confirmed;
  const { pubkey, name } = confirmed;
  saveConfig(dataDir, withPeer(config, { url, ...(pubkey ? { pubkey } : {}), ...(name ? { name } : {}) }));
  process.stdout.write(
    `Added ${url} with node key ${npubOf(pubkey!)}: it may pull the sealed records this node holds; ${RESTART}.\n`,
  );
  return 0;
}

type Flags = { pubkey?: string | undefined; name?: string | undefined; yes?: boolean | undefined };

/**
 * The node key of the node at `url`: given (`--pubkey`), or fetched, shown and confirmed (the
 * answer is not authenticated: the operator compares it with what the other operator says).
 * A number is the exit code when the operator did not confirm.
 */
async function confirmKey(
  url: string,
  values: Flags,
  question: string,
): Promise<{ pubkey: string; name: string | undefined } | number> {
  if (values.pubkey) return { pubkey: parsePublicKey(values.pubkey), name: values.name };
  const fetched = await fetchPeerKey(url);
  process.stdout.write(
    `${url} says its node key is ${npubOf(fetched.pubkey)}${fetched.name ? ` (${fetched.name})` : ''}.\n`,
  );
  if (!values.yes) {
    const answer = await promptLine(`Compare it with the key its operator gave you. ${question} [y/N] `);
    if (answer === undefined) {
      process.stderr.write('Not done: confirm with --yes, or give the key with --pubkey.\n');
      return 2;
    }
    if (!/^y(es)?$/i.test(answer.trim())) {
      process.stdout.write('Not done.\n');
      return 1;
    }
  }
  return { pubkey: fetched.pubkey, name: values.name ?? fetched.name ?? undefined };
}

/** Run `f` on the node of the data folder (read-only beside a running `serve`, unless `write`). */
async function withNode<T>(
  dataDir: string,
  write: boolean,
  f: (node: Awaited<ReturnType<typeof openCliNode>>) => Promise<T> | T,
  env: EnvSettings = readEnv(),
): Promise<T> {
  const serving = servingPid(dataDir) !== undefined;
  const node = await openCliNode(dataDir, env, { readonly: serving && !write, verifyThreads: 0 });
  try {
    return await f(node);
  } finally {
    await node.close();
  }
}

/** `peer trust URL [--pubkey KEY] [--name NAME] [--yes]`, `peer untrust URL|KEY` (desk only). */
async function trustVerb(
  sub: 'trust' | 'untrust',
  dataDir: string,
  positionals: string[],
  values: Flags,
): Promise<number> {
  if (loadConfig(dataDir).role !== 'desk') {
    throw new TilshiError('not_a_desk', 'only a desk node signs the list of trusted relays');
  }
  const target = positionals[0];
  if (sub === 'untrust') {
    if (!target || positionals.length > 1) throw new UsageError('give the relay URL or its node key');
    const left = await withNode(dataDir, true, async (node) => {
      const url = /^https?:/.test(target) ? normalPeerUrl(target) : null;
      const relay = trustedRelays(node).find((r) =>
        url ? r.url === url : r.pubkey === parsePublicKey(target),
      );
      if (!relay)
        throw new TilshiError('unknown_relay', `${target} is not on the list of trusted relays`, 404);
      return setTrusted(node, { pubkey: relay.pubkey }, false);
    });
    process.stdout.write(
      `Untrusted ${target}; ${left.length} relays stay trusted. Nodes stop serving it sealed records once the new list reaches them.\n`,
    );
    return 0;
  }
  if (!target || positionals.length > 1) throw new UsageError('give one relay URL');
  const url = normalPeerUrl(target);
  const confirmed = await confirmKey(url, values, 'Trust this relay across the network?');
  if (typeof confirmed === 'number') return confirmed;
  const listed = await withNode(dataDir, true, (node) =>
    setTrusted(
      node,
      { pubkey: confirmed.pubkey, url, ...(confirmed.name ? { name: confirmed.name } : {}) },
      true,
    ),
  );
  process.stdout.write(
    `Trusted ${url} (${npubOf(confirmed.pubkey)}); the desk's list now names ${listed.length} relays and reaches every node by sync.\n`,
  );
  return 0;
}
