import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, saveConfig } from '../../src/node/config.js';
import { tilshi } from '../support/cli.js';
import { buildWrap, startTestNode, type TestNode, tempDir } from '../support/node.js';

const _BIN = fileURLToPath(new URL('../../bin/tilshi.js', import.meta.url));

let relay: TestNode;
const tmp = tempDir('tilshi-sync-cli-');
const data = join(tmp.dir, 'town');
beforeAll(async () => {
  if (!existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does) first');
  }
  const desk = startTestNode();
  const deskNode = await desk;
  relay = await startTestNode({ role: 'relay', deskPubkey: deskNode.node.deskPubkey! });
  await relay.node.ingest.submit([
    buildWrap(deskNode.node.deskPubkey!),
    buildWrap(deskNode.node.deskPubkey!),
  ]);
  await deskNode.close();
});
afterAll(async () => {
  await relay.close();
  tmp.remove();
});

describe('tilshi peer', () => {
  it('adds a peer by URL after showing its node key, lists it and removes it', async () => {
    const dir = join(tmp.dir, 'joiner');
    expect((await tilshi(['init', '--desk-pubkey', relay.node.deskPubkey!, '--data', dir])).code).toBe(0);
    const { npubOf } = await import('../../src/crypto/keys.js');
    const relayNpub = npubOf(relay.node.nodeKey.publicKey);

    // No terminal to confirm on and no --yes: the key is shown, nothing is written.
    const unconfirmed = await tilshi(['peer', 'add', `${relay.url}/`, '--data', dir]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stdout).toContain(`says its node key is ${relayNpub}`);
    expect(loadConfig(dir).peers).toEqual([]);

    const added = await tilshi(['peer', 'add', `${relay.url}/`, '--yes', '--name', 'border', '--data', dir]);
    expect(added.code).toBe(0);
    expect(loadConfig(dir).peers).toEqual([
      { url: relay.url, pubkey: relay.node.nodeKey.publicKey, name: 'border' },
    ]);
    // Twice is once; a key given by hand needs no fetch.
    const other = 'http://127.0.0.1:9';
    expect((await tilshi(['peer', 'add', relay.url, '--yes', '--data', dir])).code).toBe(0);
    expect(
      (
        await tilshi([
          'peer',
          'add',
          other,
          '--pubkey',
          relayNpub.replace(/.$/, (c) => (c === 'q' ? 'p' : 'q')),
          '--data',
          dir,
        ])
      ).code,
    ).not.toBe(0);
    const key = 'a'.repeat(64);
    expect((await tilshi(['peer', 'add', other, '--pubkey', key, '--data', dir])).code).toBe(0);
    const listed = JSON.parse((await tilshi(['peer', 'list', '--json', '--data', dir])).stdout) as {
      url: string;
      npub: string;
    }[];
    expect(listed.map((p) => [p.url, p.npub])).toEqual([
      [relay.url, relayNpub],
      [other, npubOf(key)],
    ]);
    expect((await tilshi(['peer', 'remove', relayNpub, '--data', dir])).code).toBe(0);
    expect((await tilshi(['peer', 'remove', `${other}/`, '--data', dir])).code).toBe(0);
    expect(loadConfig(dir).peers).toEqual([]);
    expect((await tilshi(['peer', 'remove', other, '--data', dir])).code).not.toBe(0);
  }, 120_000);
});

describe('sealed records a peer withholds', () => {
  it('are counted by sync and status with the command that fixes it, and come with --from-start once listed', async () => {
    const stranger = join(tmp.dir, 'stranger');
    expect((await tilshi(['init', '--desk-pubkey', relay.node.deskPubkey!, '--data', stranger])).code).toBe(
      0,
    );
    saveConfig(stranger, { ...loadConfig(stranger), pow_difficulty: 8 });
    const { readFileSync } = await import('node:fs');
    const { keyPairFromHex, npubOf } = await import('../../src/crypto/keys.js');
    const key = keyPairFromHex(readFileSync(join(stranger, 'node.key'), 'utf8').trim()).publicKey;

    const first = await tilshi(['sync', relay.url, '--pull-only', '--data', stranger]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/pulled: 0 new events/);
    expect(first.stdout).toContain(
      `withheld: 2 sealed records not offered: ${relay.url} does not list this node's key as a peer; its operator runs \`tilshi peer add URL_OF_THIS_NODE --pubkey ${npubOf(key)}\` (or the desk trusts this relay for the whole network: \`tilshi peer trust URL_OF_THIS_NODE --pubkey ${npubOf(key)}\`), then here \`tilshi sync ${relay.url} --from-start\``,
    );
    // A second sync finds nothing new to withhold, and status still says what was.
    await tilshi(['sync', relay.url, '--pull-only', '--data', stranger]);
    const status = await tilshi(['status', '--data', stranger]);
    expect(status.stdout).toContain('withheld from this node: 2 sealed records:');
    expect(status.stdout).toContain(`--pubkey ${npubOf(key)}`);

    relay.node.config.peers.push({ url: 'http://127.0.0.1:9', pubkey: key });
    try {
      const again = await tilshi(['sync', relay.url, '--pull-only', '--from-start', '--data', stranger]);
      expect(again.stdout).toMatch(/pulled: 2 new events/);
      expect(again.stdout).not.toContain('withheld');
      const json = JSON.parse((await tilshi(['status', '--json', '--data', stranger])).stdout) as {
        peers: { withheld: number; withheld_fix: string | null }[];
      };
      expect(json.peers[0]).toMatchObject({ withheld: 0, withheld_fix: null });
    } finally {
      relay.node.config.peers.pop();
    }
  }, 120_000);
});

describe('tilshi sync, bundle and status', () => {
  it('syncs with a peer, shows it in status, and moves a bundle', async () => {
    expect((await tilshi(['init', '--desk-pubkey', relay.node.deskPubkey!, '--data', data])).code).toBe(0);
    // The town node lists the relay as a peer; the relay lists the town node's key, so it may pull wraps.
    const town = loadConfig(data);
    saveConfig(data, { ...town, pow_difficulty: 8, peers: [{ url: relay.url, name: 'border' }] });
    const { readFileSync } = await import('node:fs');
    const { keyPairFromHex } = await import('../../src/crypto/keys.js');
    const townKey = keyPairFromHex(readFileSync(join(data, 'node.key'), 'utf8').trim()).publicKey;
    relay.node.config.peers.push({ url: 'http://127.0.0.1:9', pubkey: townKey });

    const synced = await tilshi(['sync', relay.url, '--data', data]);
    expect(synced.code).toBe(0);
    expect(synced.stdout).toMatch(/pulled: 2 new events/);
    expect(synced.stdout).toMatch(/received/);

    const neg = await tilshi(['sync', relay.url, '--negentropy', '--pull-only', '--data', data]);
    expect(neg.code).toBe(0);
    expect(neg.stdout).toMatch(
      /Negentropy with ws:\/\/127\.0\.0\.1:\d+ .*\n {2}pulled: 0 new of 0 missing here/,
    );

    const status = await tilshi(['status', '--data', data]);
    expect(status.stdout).toMatch(/peers: {5}1/);
    expect(status.stdout).toMatch(/border/);
    expect(status.stdout).toMatch(/last reached 20\d\d-/);
    const json = JSON.parse((await tilshi(['status', '--json', '--data', data])).stdout) as {
      peers: { events_in: number; bytes_in: number; waiting: number }[];
    };
    expect(json.peers[0]).toMatchObject({ events_in: 2, waiting: 0 });
    expect(json.peers[0]!.bytes_in).toBeGreaterThan(0);

    const file = join(tmp.dir, 'all.tilshi');
    const exported = await tilshi([
      'bundle',
      'export',
      '--out',
      file,
      '--qr',
      join(tmp.dir, 'qr'),
      '--data',
      data,
    ]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/Wrote 2 events/);
    expect(existsSync(join(tmp.dir, 'qr', 'frame-0001.png'))).toBe(true);
    const imported = await tilshi(['bundle', 'import', file, '--data', data]);
    expect(imported.stdout).toMatch(/0 new of 2 events, 2 already here/);

    const unreachable = await tilshi(['sync', 'http://127.0.0.1:9', '--data', data]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/peer_unreachable/);
    expect((await tilshi(['bundle', 'import', join(tmp.dir, 'nope'), '--data', data])).code).toBe(1);
  }, 180_000);
});

describe('tilshi peer trust', () => {
  it('signs the desk list of trusted relays on a desk, lists it, untrusts; a relay may not', async () => {
    const { npubOf } = await import('../../src/crypto/keys.js');
    const deskDir = join(tmp.dir, 'desk-trust');
    const env = { TILSHI_DESK_PASSPHRASE: 'a passphrase for the trust test' };
    expect((await tilshi(['init', '--desk', '--data', deskDir], env)).code).toBe(0);
    const relayNpub = npubOf(relay.node.nodeKey.publicKey);
    const trusted = await tilshi(['peer', 'trust', relay.url, '--yes', '--data', deskDir], env);
    expect(trusted.stderr).toBe('');
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toContain(`says its node key is ${relayNpub}`);
    const listed = JSON.parse((await tilshi(['peer', 'trusted', '--json', '--data', deskDir], env)).stdout);
    expect(listed).toEqual([
      expect.objectContaining({ pubkey: relay.node.nodeKey.publicKey, url: relay.url, npub: relayNpub }),
    ]);
    // config.json is untouched: the list is a signed record, not a peer.
    expect(loadConfig(deskDir).peers).toEqual([]);
    expect((await tilshi(['peer', 'untrust', relayNpub, '--data', deskDir], env)).code).toBe(0);
    expect(JSON.parse((await tilshi(['peer', 'trusted', '--json', '--data', deskDir], env)).stdout)).toEqual(
      [],
    );
    expect((await tilshi(['peer', 'untrust', relayNpub, '--data', deskDir], env)).code).not.toBe(0);
    const onRelay = await tilshi(['peer', 'trust', relay.url, '--yes', '--data', join(tmp.dir, 'joiner')]);
    expect(onRelay.code).not.toBe(0);
  }, 120_000);
});
