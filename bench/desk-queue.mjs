// The desk queue (issue 10, finding 7): `tilshi reindex` of a desk holding N sealed reports,
// `tilshi serve` on a desk whose inbox must be rebuilt (time until it listens, /healthz while
// it catches up), and 1,000 reports in one POST (/healthz meanwhile, time until all are in the
// inbox). Reports are made from the dev corpus, varied, from 2,000 reporter keys.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { generateKeyPair } from '../dist/crypto/keys.js';
import { sealRumor } from '../dist/crypto/seal.js';

const CORPUS = fileURLToPath(new URL('../../shared/corpus/reports.dev.jsonl', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/tilshi.js', import.meta.url));
const PASSPHRASE = 'bench passphrase for the desk queue';
const REPORTERS = 2_000;

if (!isMainThread) {
  // A sealing worker: the reports of its share, sealed by their reporters to the desk.
  const { desk, items, reporters } = workerData;
  const wraps = items.map(({ content, createdAt, reporter }) =>
    sealRumor(
      { kind: 4620, content: JSON.stringify(content), created_at: createdAt },
      Uint8Array.from(reporters[reporter]),
      desk,
    ),
  );
  parentPort.postMessage(wraps);
}

/** N report contents from the corpus: numbers and days shifted so that no two are the same. */
function reportsFromCorpus(n, offset = 0) {
  const base = readFileSync(CORPUS, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
  return Array.from({ length: n }, (_, k) => {
    const i = k + offset;
    const b = base[i % base.length];
    const round = Math.floor(i / base.length);
    const text = `${b.text.replace(/\d+/g, (d) => String(Number(d) + (round % 7)))} (${i})`.slice(0, 5_000);
    const at =
      Math.floor(Date.parse(b.received_at ?? '2022-01-05T10:00:00Z') / 1000) + (round % 200) * 86_400;
    return {
      content: { text, channel: 'web', ...(b.lang ? { lang: b.lang } : {}) },
      createdAt: at,
      reporter: i % REPORTERS,
    };
  });
}

/** Seal on every core (sealing is the reporters' cost, not the desk's). */
async function seal(items, desk, reporters) {
  const cores = availableParallelism();
  const share = Math.ceil(items.length / cores);
  const parts = await Promise.all(
    Array.from(
      { length: cores },
      (_, c) =>
        new Promise((resolve, reject) => {
          const w = new Worker(new URL(import.meta.url), {
            workerData: { desk, items: items.slice(c * share, (c + 1) * share), reporters },
          });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    ),
  );
  return parts.flat();
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(s.length * p) - 1)] ?? 0;
};

/** Ask /healthz over and over until `stop()` is true; the latencies in ms. */
async function probe(url, stop) {
  const ms = [];
  while (!stop()) {
    const t = performance.now();
    try {
      await (await fetch(`${url}/healthz`)).arrayBuffer();
    } catch {
      // Not listening yet.
    }
    ms.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  return ms;
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const cpu = (u) => `${((u.user + u.system) / 1e6).toFixed(1)} s`;

export async function run(args) {
  const { values } = parseArgs({
    args,
    options: { reports: { type: 'string', default: '11830' }, burst: { type: 'string', default: '1000' } },
  });
  const n = Number(values.reports);
  const burst = Number(values.burst);
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { initDeskNode } = await import('../dist/desk/desk-node.js');
  const { loadConfig, saveConfig, dataPaths } = await import('../dist/node/config.js');
  const { openDatabase } = await import('../dist/store/db.js');
  const { decryptSecretKey } = await import('../dist/crypto/keys.js');
  const { storeKey } = await import('../dist/node/open-store.js');
  const { EventLog } = await import('../dist/store/event-log.js');
  const { reindexVerb } = await import('../dist/cli/verbs/reindex.js');
  const { openDeskNode } = await import('../dist/desk/desk-node.js');
  const { buildServer } = await import('../dist/server/app.js');

  const dir = mkdtempSync(join(tmpdir(), 'tilshi-bench-desk-queue-'));
  try {
    await initDeskNode({
      dataDir: dir,
      desk: true,
      passphrase: PASSPHRASE,
      adminPassword: 'bench admin password',
    });
    const config = loadConfig(dir);
    // No work on the wraps: the benchmark is about the desk, not about the reporters' phones.
    saveConfig(dir, {
      ...config,
      pow_difficulty: 0,
      // One address posts the burst: lift the per-source limits (`npm run bench -- flood` measures them).
      limits: {
        ...config.limits,
        body_bytes: 32 * 1024 * 1024,
        http_requests_per_minute: 1_000_000,
        checks_per_source_per_second: 1_000_000,
        body_bytes_per_source_per_second: 1024 * 1024 * 1024,
      },
    });
    const desk = config.desk_pubkey;
    const reporters = Array.from({ length: REPORTERS }, () => Array.from(generateKeyPair().secretKey));
    let t = performance.now();
    const wraps = await seal(reportsFromCorpus(n), desk, reporters);
    const burstWraps = await seal(reportsFromCorpus(burst, n), desk, reporters);
    console.log(
      `(sealed ${n + burst} reports on ${availableParallelism()} cores in ${seconds(performance.now() - t)})`,
    );
    // The desk's store is encrypted with a key derived from the desk key.
    const key = storeKey(config, decryptSecretKey(readFileSync(dataPaths(dir).deskKey, 'utf8'), PASSPHRASE));
    // As a relay's backlog arrives: stored, not opened.
    const db = openDatabase(dataPaths(dir).database, { durability: 'normal', key });
    const log = new EventLog(db);
    for (let i = 0; i < wraps.length; i += 1_000) log.insertMany(wraps.slice(i, i + 1_000), 'replicate');
    db.close();

    console.log(`\nload average at start: ${loadavg()[0].toFixed(2)}\n`);
    console.log('| what | figure |');
    console.log('| --- | --- |');

    // 1. tilshi reindex (in this process, so that its CPU time across threads is counted).
    process.env.TILSHI_DESK_PASSPHRASE = PASSPHRASE;
    const out = process.stdout.write.bind(process.stdout);
    process.stdout.write = () => true;
    let c = process.cpuUsage();
    t = performance.now();
    await reindexVerb(['--data', dir]);
    const reindexMs = performance.now() - t;
    c = process.cpuUsage(c);
    process.stdout.write = out;
    console.log(`| tilshi reindex, ${n.toLocaleString('en-US')} reports: wall | ${seconds(reindexMs)} |`);
    console.log(`| tilshi reindex: CPU time, all threads | ${cpu(c)} |`);
    console.log(`| tilshi reindex: reports per second | ${Math.round(n / (reindexMs / 1000))} |`);

    // 2. serve with the whole inbox to open again.
    const reset = openDatabase(dataPaths(dir).database, { key });
    reset.prepare("DELETE FROM projection_state WHERE name = 'desk_inbox'").run();
    reset.close();
    t = performance.now();
    const child = spawn(process.execPath, [BIN, 'serve', '--data', dir, '--port', '0'], {
      env: { ...process.env, TILSHI_LOG_LEVEL: 'warn' },
    });
    let output = '';
    let url = '';
    let listenedMs = 0;
    let caughtUpMs = 0;
    child.stdout.on('data', (d) => {
      output += d.toString();
      const m = /listening on (http:\/\/[0-9.]+:\d+)/.exec(output);
      if (m && !url) {
        url = m[1];
        listenedMs = performance.now() - t;
      }
      if (/Inbox up to date/.test(output) && !caughtUpMs) caughtUpMs = performance.now() - t;
    });
    while (!url) await new Promise((r) => setTimeout(r, 20));
    const during = await probe(url, () => caughtUpMs > 0);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    console.log(`| tilshi serve, inbox to rebuild: listening after | ${seconds(listenedMs)} |`);
    console.log(`| tilshi serve: inbox up to date after | ${seconds(caughtUpMs)} |`);
    console.log(
      `| tilshi serve: /healthz while catching up, p50 / p99 / max (${during.length} probes) | ${pct(during, 0.5).toFixed(0)} / ${pct(during, 0.99).toFixed(0)} / ${Math.max(...during).toFixed(0)} ms |`,
    );

    // 3. a burst of reports in one POST to a serving desk.
    const node = await openDeskNode({ dataDir: dir, passphrase: PASSPHRASE });
    await node.desk.settled();
    const app = await buildServer(node, { logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${app.server.address().port}`;
    const body = JSON.stringify(burstWraps);
    let settled = false;
    const probing = probe(base, () => settled);
    t = performance.now();
    const res = await fetch(`${base}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const answer = await res.json();
    const answeredMs = performance.now() - t;
    await node.desk.settled();
    const inboxMs = performance.now() - t;
    settled = true;
    const burstProbes = await probing;
    const inInbox = node.db.prepare('SELECT count(*) AS n FROM proj_reports').get().n;
    await app.close();
    await node.close();
    console.log(
      `| ${burst} reports in one POST: answered (${answer.accepted?.length ?? 0} accepted) after | ${seconds(answeredMs)} |`,
    );
    console.log(`| … all in the inbox (${inInbox - n} new rows) after | ${seconds(inboxMs)} |`);
    console.log(
      `| … /healthz meanwhile, p50 / p99 / max (${burstProbes.length} probes) | ${pct(burstProbes, 0.5).toFixed(0)} / ${pct(burstProbes, 0.99).toFixed(0)} / ${Math.max(...burstProbes).toFixed(0)} ms |`,
    );
    console.log(`\nload average at the end: ${loadavg()[0].toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
