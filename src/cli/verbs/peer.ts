import { npubOf, parsePublicKey } from '../../crypto/keys.js';
import { loadConfig, readEnv, resolveDataDir, saveConfig } from '../../node/config.js';
import { fetchPeerKey, normalPeerUrl, withoutPeer, withPeer } from '../../sync/peer-list.js';
import { parseVerbArgs, UsageError } from '../args.js';
import { promptLine } from '../prompt.js';

const RESTART = 'a running `tilshi serve` takes it up when restarted';

/**
 * `tilshi peer add URL [--pubkey HEX|NPUB] [--name NAME] [--yes]`, `peer list [--json]`,
 * `peer remove URL|NPUB`: the peers of config.json, without editing it by hand. A listed peer is
 * synced by `serve` and may pull the sealed records this node holds (docs/sync.md).
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
  if (sub === 'remove') {
    const target = positionals[0];
    if (!target || positionals.length > 1) throw new UsageError('give the peer URL or its node key');
    const key = /^https?:/.test(target) ? normalPeerUrl(target) : parsePublicKey(target);
    saveConfig(dataDir, withoutPeer(config, key));
    process.stdout.write(`Removed ${target}; ${RESTART}.\n`);
    return 0;
  }
  if (sub !== 'add')
    throw new UsageError(
      'peer add URL [--pubkey KEY] [--name NAME] [--yes] | peer list | peer remove URL|KEY',
    );
  if (positionals.length !== 1) throw new UsageError('give one peer URL');
  const url = normalPeerUrl(positionals[0]!);
  const given = values.pubkey ? parsePublicKey(values.pubkey) : undefined;
  let pubkey = given;
  let name = values.name;
  if (!given) {
    const fetched = await fetchPeerKey(url);
    pubkey = fetched.pubkey;
    name ??= fetched.name ?? undefined;
    process.stdout.write(
      `${url} says its node key is ${npubOf(fetched.pubkey)}${fetched.name ? ` (${fetched.name})` : ''}.\n`,
    );
    if (!values.yes) {
      // The answer is not authenticated: the operator compares it with what the peer's operator says.
      const answer = await promptLine('Compare it with the key its operator gave you. Add this peer? [y/N] ');
      if (answer === undefined) {
        process.stderr.write('Not added: confirm with --yes, or give the key with --pubkey.\n');
        return 2;
      }
      if (!/^y(es)?$/i.test(answer.trim())) {
        process.stdout.write('Not added.\n');
        return 1;
      }
    }
  }
  saveConfig(dataDir, withPeer(config, { url, ...(pubkey ? { pubkey } : {}), ...(name ? { name } : {}) }));
  process.stdout.write(
    `Added ${url} with node key ${npubOf(pubkey!)}: it may pull the sealed records this node holds; ${RESTART}.\n`,
  );
  return 0;
}
