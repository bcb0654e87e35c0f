import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NostrEvent } from '../../src/core/event.js';
import { keyPairFromHex } from '../../src/crypto/keys.js';
import { openDeskNode } from '../../src/desk/desk-node.js';
import { loadConfig, saveConfig } from '../../src/node/config.js';
import { MAX_SYMBOL_INDEX, MAX_SYMBOLS_PER_REQUEST, symbolsOf } from '../../src/sync/serve-symbols.js';
import { requireBuiltCli, tilshi } from '../support/cli.js';
import { buildWrap, postJson, startTestNode, type TestNode, tempDir } from '../support/node.js';

/** Wrap-shaped records with real ids and random signatures: they sit in both stores and never travel. */
function sharedRecords(desk: string, n: number): NostrEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const pubkey = randomBytes(32).toString('hex');
    const t = {
      kind: 1059,
      created_at: 1_700_000_000 + i,
      tags: [['p', desk]],
      content: randomBytes(12).toString('base64'),
    };
    const id = createHash('sha256')
      .update(JSON.stringify([0, pubkey, t.created_at, t.kind, t.tags, t.content]))
      .digest('hex');
    return { id, pubkey, ...t, sig: randomBytes(64).toString('hex') } as NostrEvent;
  });
}

const idsOf = (db: { prepare: (s: string) => { all: () => unknown[] } }) =>
  new Set((db.prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id));

describe('first contact through `tilshi sync`', () => {
  let relay: TestNode;
  const tmp = tempDir('tilshi-first-contact-');
  const town = join(tmp.dir, 'town');
  let relayOnly: NostrEvent[];
  let townOnly: NostrEvent[];

  beforeAll(async () => {
    requireBuiltCli();
    const deskNode = await startTestNode();
    const desk = deskNode.node.deskPubkey!;
    await deskNode.close();
    relay = await startTestNode({ role: 'relay', deskPubkey: desk });
    expect((await tilshi(['init', '--desk-pubkey', desk, '--data', town])).code).toBe(0);
    saveConfig(town, { ...loadConfig(town), pow_difficulty: 8, peers: [{ url: relay.url, name: 'relay' }] });
    const townKey = keyPairFromHex(readFileSync(join(town, 'node.key'), 'utf8').trim()).publicKey;
    relay.node.config.peers.push({ url: 'http://127.0.0.1:9', pubkey: townKey });

    const shared = sharedRecords(desk, 3_000);
    relayOnly = Array.from({ length: 30 }, () => buildWrap(desk));
    townOnly = Array.from({ length: 20 }, () => buildWrap(desk));
    relay.node.log.insertMany(shared.slice(0, 1_500), 'replicate');
    relay.node.log.insertMany(relayOnly, 'replicate');
    relay.node.log.insertMany(shared.slice(1_500), 'replicate');
    const t = await openDeskNode({ dataDir: town, verifyThreads: 0 });
    t.log.insertMany([...townOnly, ...shared.reverse()], 'replicate');
    await t.close();
  }, 120_000);
  afterAll(async () => {
    await relay.close();
    tmp.remove();
  });

  it('moves exactly the missing events both ways, then syncs by cursor; --from-start reconciles again', async () => {
    const first = await tilshi(['sync', relay.url, '--json', '--data', town]);
    expect(first.stderr).toBe('');
    const r = JSON.parse(first.stdout);
    expect(r.method).toBe('symbols');
    expect(r.pull).toMatchObject({ events: 30, wanted: 30, offered: 3_030 });
    expect(r.push).toMatchObject({ events: 20, wanted: 20, offered: 20 });
    // ~19 bytes a symbol, ~1.35–2 symbols per differing event: nothing like 3,000 ids each way.
    expect(r.symbolBytes).toBeLessThan(50 * 19 * 3 + 1_300);

    const t = await openDeskNode({ dataDir: town, verifyThreads: 0 });
    const townIds = idsOf(t.db);
    await t.close();
    const relayIds = idsOf(relay.node.db);
    expect(townIds.size).toBe(3_050);
    expect([...relayIds].sort()).toEqual([...townIds].sort());
    for (const e of [...relayOnly, ...townOnly]) expect(townIds.has(e.id) && relayIds.has(e.id)).toBe(true);

    const again = JSON.parse((await tilshi(['sync', relay.url, '--json', '--data', town])).stdout);
    expect(again.method).toBe('cursor');
    expect([again.pull.events, again.push.events]).toEqual([0, 0]);

    const fromStart = await tilshi(['sync', relay.url, '--from-start', '--data', town]);
    expect(fromStart.code).toBe(0);
    expect(fromStart.stdout).toMatch(/first contact: 64 coded symbols \(\d+ B\) found the difference/);
    expect(fromStart.stdout).toMatch(/pulled: 0 new events \(3050 offered, 0 missing\)/);
    expect(fromStart.stdout).toMatch(/pushed: 0 new events/);
  }, 180_000);
});

describe('a hostile client asking for symbols', () => {
  let node: TestNode;
  const symbols = async (body: unknown) => {
    const res = await fetch(`${node.url}/api/v1/sync/symbols`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, bytes, body: res.status === 200 ? null : JSON.parse(bytes.toString()) };
  };
  const salt = () => randomBytes(16).toString('hex');

  beforeAll(async () => {
    node = await startTestNode({ role: 'relay' });
    node.node.log.insertMany(sharedRecords(node.node.deskPubkey!, 20_000), 'replicate');
  }, 60_000);
  afterAll(() => node.close());

  it('is refused past the caps before any work, with stable codes', async () => {
    const t0 = performance.now();
    const cases: [unknown, number, string][] = [
      [{ salt: salt(), start: 0, count: MAX_SYMBOLS_PER_REQUEST + 1 }, 400, 'too_many_symbols'],
      [{ salt: salt(), start: MAX_SYMBOL_INDEX - 10, count: 11 }, 400, 'too_many_symbols'],
      [{ salt: salt(), start: 0, count: 1e15 }, 400, 'too_many_symbols'],
      [{ salt: 'nope', start: 0, count: 10 }, 400, 'invalid_sync_request'],
      [{ salt: salt(), start: -1, count: 10 }, 400, 'invalid_sync_request'],
      [{ salt: salt(), start: 0, count: 10, more: 1 }, 400, 'invalid_sync_request'],
      [{ salt: salt(), start: 0, count: 10, upto: 10_000_000 }, 400, 'bad_range'],
    ];
    for (const [body, status, code] of cases) {
      const res = await symbols(body);
      expect([res.status, res.body.error.code]).toEqual([status, code]);
    }
    expect(performance.now() - t0).toBeLessThan(2_000);
    const fetch = (ids: string) => postJson(`${node.url}/api/v1/sync/fetch`, { ids });
    expect((await fetch('not base64!')).body.error.code).toBe('bad_offer');
    expect((await fetch(Buffer.alloc(8 * 50_001).toString('base64'))).body.error.code).toBe('bad_offer');
    await expect(
      symbolsOf(node.node, { salt: salt(), start: 0, count: 1 }, 'all', null, { maxSet: 1_000 }),
    ).rejects.toMatchObject({ code: 'set_too_large', status: 413 });
  });

  it('gets the costliest request answered in bounded time, one at a time, while the node keeps answering', async () => {
    // The last symbols a client may ask for, from different salts (no cache helps): one runs
    // at a time, four may wait, more are `busy` at once.
    const costly = () =>
      symbols({
        salt: salt(),
        start: MAX_SYMBOL_INDEX - MAX_SYMBOLS_PER_REQUEST,
        count: MAX_SYMBOLS_PER_REQUEST,
      });
    let slowestHealth = 0;
    let running = true;
    const probe = (async () => {
      while (running) {
        const t = performance.now();
        await fetch(`${node.url}/healthz`);
        slowestHealth = Math.max(slowestHealth, performance.now() - t);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const t0 = performance.now();
    const answers = await Promise.all(Array.from({ length: 8 }, costly));
    const took = performance.now() - t0;
    running = false;
    await probe;
    // Answered, or refused `busy` when five are already in line.
    expect(answers.every((a) => a.status === 200 || a.status === 503)).toBe(true);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(1);
    // ~19 bytes a symbol, exactly as many as asked.
    for (const a of answers.filter((x) => x.status === 200)) {
      expect(a.bytes.length).toBeGreaterThan(16 * MAX_SYMBOLS_PER_REQUEST);
      expect(a.bytes.length).toBeLessThan(21 * MAX_SYMBOLS_PER_REQUEST);
    }
    expect(answers.filter((a) => a.status === 503).every((a) => a.body.error.code === 'busy')).toBe(true);
    // Eight requests over 20,000 items: well under a second each on the development machine.
    expect(took).toBeLessThan(20_000);
    expect(slowestHealth).toBeLessThan(1_000);
  }, 60_000);
});
