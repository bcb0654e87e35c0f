// Ingest: events verified and stored per second, next to the signature-verification-only
// rate of each verifier on the same events, measured in the same run.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hexToBytes } from '@noble/hashes/utils.js';
import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { plainEvent } from '../dist/crypto/keys.js';
import { nobleVerify, wasmVerify } from '../dist/crypto/verify.js';
import { VerifyPool } from '../dist/crypto/verify-pool.js';
import { loadConfig, saveConfig } from '../dist/node/config.js';
import { initNode } from '../dist/node/init.js';
import { openNode } from '../dist/node/node.js';
import { buildServer } from '../dist/server/app.js';

const rate = (n, ms) => Math.round((n / ms) * 1000);
const fmt = (n) => n.toLocaleString('en-US');

/**
 * Wraps as a relay sees them: kind 1059, p-tagged to the desk, ~1 KB of (opaque) content,
 * each signed by its own one-time key. The relay never decrypts, so random content costs it
 * exactly what a real sealed report does.
 */
function makeWraps(n, desk) {
  const out = [];
  const keys = Array.from({ length: 256 }, () => generateSecretKey());
  for (let i = 0; i < n; i++) {
    const e = finalizeEvent(
      {
        kind: 1059,
        created_at: Math.floor(Date.now() / 1000) - (i % 3600),
        tags: [['p', desk]],
        content: randomBytes(760).toString('base64'),
      },
      keys[i % keys.length],
    );
    out.push(plainEvent(e));
  }
  return out;
}

async function freshNode(desk, verifyThreads) {
  const dir = mkdtempSync(join(tmpdir(), 'tilshi-bench-'));
  await initNode({ dataDir: dir, deskPubkey: desk });
  saveConfig(dir, {
    ...loadConfig(dir),
    pow_difficulty: 0,
    durability: 'full',
    // Four clients on one address load the node in bulk: lift the per-source limits (the
    // pipeline is what is measured; `npm run bench -- flood` measures the limits).
    limits: {
      ...loadConfig(dir).limits,
      http_requests_per_minute: 1_000_000,
      checks_per_source_per_second: 1_000_000,
      body_bytes_per_source_per_second: 1024 * 1024 * 1024,
    },
  });
  const node = await openNode({ dataDir: dir, verifyThreads });
  return { node, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Run `fn` over `items` in chunks with `inFlight` chunks outstanding; returns ms. */
async function timeChunks(items, size, inFlight, fn) {
  const chunks = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < chunks.length) await fn(chunks[next++]);
    }),
  );
  return performance.now() - started;
}

export async function run(argv) {
  const { values } = parseArgs({ args: argv, options: { events: { type: 'string', default: '20000' } } });
  const n = Number(values.events);
  const desk = getPublicKey(generateSecretKey());
  process.stdout.write(`generating ${fmt(n)} signed wraps… `);
  const events = makeWraps(n, desk);
  const raw = events.map((e) => [hexToBytes(e.id), hexToBytes(e.pubkey), hexToBytes(e.sig)]);
  console.log('done');

  const rows = [];
  // 1. Verification only, one thread, each verifier.
  const nobleN = Math.min(n, 3_000);
  let t = performance.now();
  for (let i = 0; i < nobleN; i++)
    if (!nobleVerify(...raw[i])) throw new Error('noble rejected a good signature');
  rows.push(['verify only: noble (pure JS), 1 thread', rate(nobleN, performance.now() - t)]);

  t = performance.now();
  for (const r of raw) if (!wasmVerify(...r)) throw new Error('wasm rejected a good signature');
  const wasmSingle = rate(n, performance.now() - t);
  rows.push(['verify only: libsecp256k1 WASM (tiny-secp256k1), 1 thread', wasmSingle]);

  // 2. Verification only, the node's worker pool.
  const pool = new VerifyPool();
  await pool.verifyMany(events.slice(0, 200)); // start the workers
  let ms = await timeChunks(events, 500, 4, async (chunk) => {
    const ok = await pool.verifyMany(chunk);
    if (ok.includes(false)) throw new Error('pool rejected a good signature');
  });
  const verifyPool = rate(n, ms);
  rows.push([`verify only: libsecp256k1 WASM, pool of ${pool.threads} worker threads`, verifyPool]);
  await pool.close();

  // 3. The node's ingest pipeline: shape + id + policy + signature + durable store.
  let { node, remove } = await freshNode(desk);
  ms = await timeChunks(events, 100, 8, async (chunk) => {
    const results = await node.ingest.submit(chunk);
    if (results.some((r) => !r.ok))
      throw new Error(`rejected: ${JSON.stringify(results.find((r) => !r.ok))}`);
  });
  const ingest = rate(n, ms);
  rows.push(['ingest: validate + verify + store (fsync per commit), in process', ingest]);
  if (node.log.count() !== n) throw new Error('not everything was stored');
  await node.close();
  remove();

  // 4. The same over HTTP: POST /api/v1/events with arrays of 100, 4 clients.
  ({ node, remove } = await freshNode(desk));
  const app = await buildServer(node, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${app.server.address().port}/api/v1/events`;
  ms = await timeChunks(events, 100, 4, async (chunk) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chunk),
    });
    const body = await res.json();
    if (body.accepted?.length !== chunk.length)
      throw new Error(`HTTP ingest rejected: ${JSON.stringify(body).slice(0, 200)}`);
  });
  const http = rate(n, ms);
  rows.push(['ingest over HTTP: POST arrays of 100, 4 clients', http]);
  await app.close();
  await node.close();
  remove();

  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`\n${'what'.padEnd(width)}  events/s`);
  for (const [what, value] of rows) console.log(`${what.padEnd(width)}  ${fmt(value).padStart(8)}`);
  const fastestVerify = Math.max(verifyPool, wasmSingle);
  console.log(
    `\ningest / fastest verify-only rate (${fmt(fastestVerify)}/s): ${((ingest / fastestVerify) * 100).toFixed(0)}% in process, ` +
      `${((http / fastestVerify) * 100).toFixed(0)}% over HTTP (target ≥ 70%)`,
  );
  console.log(`ingest / single-thread WASM verify: ${((ingest / wasmSingle) * 100).toFixed(0)}%`);
  console.log(
    `target ≥ 5,000 events/s: ${ingest >= 5_000 ? 'met' : 'NOT met'} (${fmt(ingest)}/s in process, ${fmt(http)}/s over HTTP)`,
  );
}
