// Sync: two stores of N events (~420 bytes each) that differ by 1%, in three cases; bytes on
// the wire (counted on the serving socket: HTTP or WebSocket, headers and framing included),
// round trips and time, for the cursor pull, first contact by coded symbols (rateless IBLT) and
// negentropy (NIP-77), each against the lower
// bound: the bytes of the events the pulling side lacked.
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { keyPairFromHex, plainEvent } from '../dist/crypto/keys.js';
import { initDeskNode, openDeskNode } from '../dist/desk/desk-node.js';
import { loadConfig, saveConfig } from '../dist/node/config.js';
import { buildServer } from '../dist/server/app.js';
import { syncWithPeer } from '../dist/sync/client.js';
import { negentropySync } from '../dist/sync/neg-client.js';
import { PeerStore } from '../dist/sync/peers.js';

const fmt = (n) => n.toLocaleString('en-US');
const DAY = 86_400;
const START = 1_640_995_200; // 2022-01-01
const SPAN = 30 * DAY;

/** A wrap-shaped record (kind 1059, p-tagged to the desk) with a real id; `sign` gives it a real signature too. */
function makeEvent(desk, createdAt, secretKey) {
  const template = {
    kind: 1059,
    created_at: createdAt,
    tags: [['p', desk]],
    content: randomBytes(12).toString('base64'),
  };
  if (secretKey) return plainEvent(finalizeEvent(template, secretKey));
  // Shared records never travel in this benchmark, so their signatures are not checked: a real
  // id and a random signature make them the same size at a fraction of the set-up time.
  const pubkey = randomBytes(32).toString('hex');
  const id = createHash('sha256')
    .update(JSON.stringify([0, pubkey, template.created_at, template.kind, template.tags, template.content]))
    .digest('hex');
  return { id, pubkey, ...template, sig: randomBytes(64).toString('hex') };
}

async function folder(desk) {
  const dir = mkdtempSync(join(tmpdir(), 'tilshi-bench-sync-'));
  await initDeskNode({ dataDir: dir, deskPubkey: desk });
  const config = loadConfig(dir);
  saveConfig(dir, {
    ...config,
    pow_difficulty: 0,
    durability: 'normal',
    limits: {
      ...config.limits,
      http_requests_per_minute: 1_000_000,
      ws_messages_per_second: 100_000,
      ws_messages_per_source_per_second: 100_000,
      ws_queries_per_second: 100_000,
      body_bytes_per_source_per_second: 1024 * 1024 * 1024,
    },
  });
  return dir;
}

function insertAll(node, events) {
  for (let i = 0; i < events.length; i += 5_000) node.log.insertMany(events.slice(i, i + 5_000), 'replicate');
}

/** Every socket the server ever accepted (keep-alive reuses them between runs). */
function trackSockets(app) {
  const sockets = new Set();
  app.server.on('connection', (s) => sockets.add(s));
  return sockets;
}

/** Bytes read and written on the server's sockets while `fn` runs. */
async function onTheWire(sockets, fn) {
  const total = () => [...sockets].reduce((sum, s) => sum + s.bytesRead + s.bytesWritten, 0);
  const before = total();
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 50));
  return { result, bytes: total() - before, ms };
}

async function runCase(name, missingTimes, n, desk, deskKey) {
  const shared = Array.from({ length: n - missingTimes.length }, () =>
    makeEvent(desk, START + Math.floor(Math.random() * SPAN)),
  );
  // Each missing record is signed by its own key, as a wrap's one-time key is.
  const missing = missingTimes.map((t) => makeEvent(desk, t, generateSecretKey()));
  const lowerBound = missing.reduce((s, e) => s + Buffer.byteLength(JSON.stringify(e)), 0);

  // A stored the shared records, then the missing ones; B (the puller) holds the shared ones
  // and, from its last sync, a cursor at the end of A's shared part.
  const dirA = await folder(desk);
  const dirB = await folder(desk);
  const a = await openDeskNode({ dataDir: dirA, verifyThreads: 1 });
  insertAll(a, shared);
  insertAll(a, missing);
  const app = await buildServer(a, { logger: false });
  const sockets = trackSockets(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${app.server.address().port}`;
  const b0 = await openDeskNode({ dataDir: dirB, verifyThreads: 0 });
  insertAll(b0, shared);
  const peers = new PeerStore(b0.db);
  peers.ensure(a.nodeKey.publicKey, url);
  peers.setReceived(a.nodeKey.publicKey, shared.length);
  peers.setAcked(a.nodeKey.publicKey, b0.log.maxSeq());
  await b0.close();
  const dirB2 = `${dirB}-identity`;
  const dirB3 = `${dirB}-first`;
  const dirB4 = `${dirB}-symbols`;
  cpSync(dirB, dirB2, { recursive: true });
  cpSync(dirB, dirB3, { recursive: true });
  cpSync(dirB, dirB4, { recursive: true });
  // A lists B as a peer (by node key), so B may pull sealed records.
  const bKey = (dir) => keyPairFromHex(readFileSync(join(dir, 'node.key'), 'utf8').trim()).publicKey;
  a.config.peers.push({ url: 'http://127.0.0.1:1', pubkey: bKey(dirB) });

  const rows = [];
  for (const [label, dir, encoding, fromStart, symbols] of [
    ['cursor pull, deflate', dirB, 'deflate', false, false],
    ['cursor pull, identity', dirB2, 'identity', false, false],
    ['cursor pull, no cursor (every id offered)', dirB3, 'deflate', true, false],
    ['first contact, no cursor: rateless IBLT (riblt) + fetch, deflate', dirB4, 'deflate', true, true],
  ]) {
    const b = await openDeskNode({ dataDir: dir, verifyThreads: 1 });
    const m = await onTheWire(sockets, () => syncWithPeer(b, url, { encoding, fromStart, symbols }));
    if (symbols && m.result.method !== 'symbols')
      throw new Error('first contact fell back to the cursor pull');
    const note = symbols ? ` (${fmt(m.result.symbols)} symbols, ${fmt(m.result.symbolBytes)} bytes)` : '';
    rows.push({
      label: label + note,
      bytes: m.bytes,
      rt: m.result.roundTrips,
      ms: m.ms,
      got: m.result.pull.events,
    });
    await b.close();
  }
  // Negentropy from a fresh store that holds the shared records only.
  const negDir = await folder(desk);
  const bn = await openDeskNode({ dataDir: negDir, verifyThreads: 1 });
  insertAll(bn, shared);
  const neg = await onTheWire(sockets, () =>
    negentropySync(bn, `ws://127.0.0.1:${app.server.address().port}/`, { authKey: deskKey, push: false }),
  );
  rows.push({
    label: 'negentropy (NIP-77) + REQ',
    bytes: neg.bytes,
    rt: neg.result.roundTrips,
    ms: neg.ms,
    got: neg.result.fetched,
  });
  await bn.close();

  await app.close();
  await a.close();
  for (const d of [dirA, dirB, dirB2, dirB3, dirB4, negDir]) rmSync(d, { recursive: true, force: true });

  console.log(
    `\n## ${name}: ${fmt(n)} events, ${fmt(missing.length)} missing, lower bound ${fmt(lowerBound)} bytes`,
  );
  console.log('| method | bytes on the wire | × lower bound | round trips | time (ms) | events stored |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(
      `| ${r.label} | ${fmt(r.bytes)} | ${(r.bytes / lowerBound).toFixed(3)} | ${r.rt} | ${fmt(Math.round(r.ms))} | ${fmt(r.got)} |`,
    );
  }
}

export async function run(argv) {
  const { values } = parseArgs({ args: argv, options: { events: { type: 'string', default: '100000' } } });
  const n = Number(values.events);
  const missing = Math.round(n / 100);
  const deskSecret = generateSecretKey();
  const desk = getPublicKey(deskSecret);
  const deskKey = { secretKey: deskSecret, publicKey: desk };
  const end = START + SPAN;
  const window = START + 12 * DAY;
  const cases = [
    ['newest 1% missing', Array.from({ length: missing }, (_, i) => end + i)],
    [
      'difference in one two-hour window',
      Array.from({ length: missing }, () => window + Math.floor(Math.random() * 7_200)),
    ],
    ['scattered at random', Array.from({ length: missing }, () => START + Math.floor(Math.random() * SPAN))],
  ];
  for (const [name, times] of cases) await runCase(name, times, n, desk, deskKey);
}
