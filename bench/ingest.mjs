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
import { initDeskNode, openDeskNode } from '../dist/desk/desk-node.js';
import { loadConfig, saveConfig } from '../dist/node/config.js';
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

/** A relay store, plain or encrypted: the same cipher (SQLCipher 4 pages) a desk's store uses. */
async function freshNode(desk, verifyThreads, databasePassphrase) {
  const dir = mkdtempSync(join(tmpdir(), 'tilshi-bench-'));
  await initDeskNode({
    dataDir: dir,
    deskPubkey: desk,
    ...(databasePassphrase ? { databasePassphrase } : {}),
  });
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
  const node = await openDeskNode({
    dataDir: dir,
    verifyThreads,
    ...(databasePassphrase ? { databasePassphrase } : {}),
  });
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

  // 3. The node's ingest pipeline: shape + id + policy + signature + durable store; the store
  // plain and encrypted, alternated three times so that both meet the same machine load (best of
  // three). Each run also counts the CPU time of the whole process (main thread and verify
  // workers) per event: on a shared machine that figure moves far less than the wall-clock rate,
  // and ingest is CPU-bound, so its ratio is what encryption costs an idle node.
  const measure = async (passphrase, fn) => {
    const { node, remove } = await freshNode(desk, fn.threads, passphrase);
    const cpu = process.cpuUsage();
    const took = await fn(node);
    const used = process.cpuUsage(cpu);
    if (node.log.count() !== n) throw new Error('not everything was stored');
    await node.close();
    remove();
    return { rate: rate(n, took), cpu: (used.user + used.system) / n };
  };
  const ingestRun = async (node) =>
    timeChunks(events, 100, 8, async (chunk) => {
      const results = await node.ingest.submit(chunk);
      if (results.some((r) => !r.ok))
        throw new Error(`rejected: ${JSON.stringify(results.find((r) => !r.ok))}`);
    });
  // The store alone (events already verified, one fsynced commit per 100): the cipher's share
  // at its largest, with nothing else to hide it.
  const storeRun = async (node) =>
    timeChunks(events, 100, 1, async (chunk) => node.log.insertMany(chunk, 'replicate'));
  storeRun.threads = 0;
  const runs = {
    ingest: [undefined, ingestRun],
    ingestEncrypted: ['bench database passphrase', ingestRun],
    store: [undefined, storeRun],
    storeEncrypted: ['bench database passphrase', storeRun],
  };
  const best = {};
  for (let round = 0; round < 3; round++) {
    for (const [name, [passphrase, fn]] of Object.entries(runs)) {
      const r = await measure(passphrase, fn);
      best[name] = {
        rate: Math.max(best[name]?.rate ?? 0, r.rate),
        cpu: Math.min(best[name]?.cpu ?? Number.POSITIVE_INFINITY, r.cpu),
      };
    }
  }
  const ingest = best.ingest.rate;
  rows.push(['ingest: validate + verify + store (fsync per commit), in process', ingest]);
  rows.push(['ingest: the same, store encrypted (SQLCipher 4 pages, as a desk)', best.ingestEncrypted.rate]);
  rows.push(['store only (verified events, commits of 100), plain', best.store.rate]);
  rows.push(['store only, encrypted', best.storeEncrypted.rate]);

  // 4. The same over HTTP: POST /api/v1/events with arrays of 100, 4 clients.
  const { node, remove } = await freshNode(desk);
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
  const cost = (plain, encrypted) => `${(((plain - encrypted) / plain) * 100).toFixed(1)}%`;
  const cpuCost = (plain, encrypted) => `${((1 - plain / encrypted) * 100).toFixed(1)}%`;
  console.log(
    `\nCPU time per event (all threads, best of 3): ${['ingest', 'ingestEncrypted', 'store', 'storeEncrypted'].map((k) => `${k} ${best[k].cpu.toFixed(0)} µs`).join(', ')}`,
  );
  console.log(
    `encryption at rest costs ${cpuCost(best.ingest.cpu, best.ingestEncrypted.cpu)} of ingest throughput by CPU time ` +
      `(${cost(ingest, best.ingestEncrypted.rate)} by wall-clock rate; target ≤ 15%), ` +
      `${cpuCost(best.store.cpu, best.storeEncrypted.cpu)} of the store alone by CPU time (${cost(best.store.rate, best.storeEncrypted.rate)} by rate)`,
  );
  console.log(
    `target ≥ 5,000 events/s: ${ingest >= 5_000 ? 'met' : 'NOT met'} (${fmt(ingest)}/s in process, ${fmt(http)}/s over HTTP)`,
  );
}
