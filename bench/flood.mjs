// Flood: a relay node in a child process (`tilshi serve`, so its RSS is its own) takes junk from
// one source for a fixed time — WebSocket frames on as many connections as it lets open
// (broken JSON, binary, bad signatures, costly REQs, bogus AUTH), HTTP junk (broken JSON, 1,000
// copies of one bad signature, 1,000 distinct bad signatures, large queries), and idle or
// half-sent HTTP requests from another — while a reporter, a Nostr client and a health probe,
// each from its own address, do what real users do. Prints junk absorbed, real-report and
// /healthz latency, the node's peak RSS and what was stored. `--bombs` adds the bundle bomb
// and the push bomb of issue 10 as phases of their own.
//
// Every address in 127.0.0.0/8 is this machine; each role gets its own, so the node sees
// separate sources as it would on the internet.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { deflateRawSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import WebSocket from 'ws';

const FLOODER = '127.0.0.2';
const REPORTER = '127.0.0.3';
const PROBER = '127.0.0.4';
const NOSTR_CLIENT = '127.0.0.5';
const SLOW = '127.0.0.6';
const POW = 12;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (xs, p) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** An HTTP request from a chosen local address (through `agent`), with a deadline. */
function httpCall(url, { agent, method = 'GET', body, headers = {}, timeoutMs = 15_000 }) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request(url, { method, agent, headers, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          text: Buffer.concat(chunks).toString(),
          ms: performance.now() - started,
        }),
      );
      res.on('error', () => resolve({ status: 0, text: '', ms: performance.now() - started }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, text: '', ms: performance.now() - started }));
    req.end(body);
  });
}

// ---------------------------------------------------------------- flooders (worker threads)

function corrupt(sig) {
  return `${sig.slice(0, 100)}${sig[100] === '0' ? '1' : '0'}${sig.slice(101)}`;
}

function junkEvents(desk, n) {
  const key = generateSecretKey();
  return Array.from({ length: n }, (_, i) => {
    const e = finalizeEvent(
      { kind: 1059, created_at: Math.floor(Date.now() / 1000), tags: [['p', desk]], content: `junk ${i}` },
      key,
    );
    return { ...e, sig: randomBytes(64).toString('hex') };
  });
}

async function wsFlooder({ url, connections, mined, distinct }) {
  const junkKey = generateSecretKey();
  const badCopy = { ...mined, sig: corrupt(mined.sig) };
  const frames = [
    '{"id": "broken',
    JSON.stringify(['EVENT', badCopy]),
    ...distinct.map((e) => JSON.stringify(['EVENT', e])),
    '["REQ", "s", {"kinds": [1059, 30620, 30023, 1], "limit": 5000}]',
    JSON.stringify(['AUTH', finalizeEvent({ kind: 22242, created_at: 0, tags: [], content: '' }, junkKey)]),
    '["NEG-OPEN", "n", {}, "61"]',
  ];
  const stats = { frames: 0, opened: 0, refused: 0, closed1008: 0 };
  const sockets = new Set();
  let stop = false;
  const open = () => {
    if (stop) return;
    const ws = new WebSocket(url, { localAddress: FLOODER, perMessageDeflate: false });
    ws.on('open', () => {
      stats.opened++;
      sockets.add(ws);
    });
    ws.on('unexpected-response', (_req, res) => {
      stats.refused++;
      res.resume();
      setTimeout(open, 50);
    });
    ws.on('error', () => {});
    ws.on('close', (code) => {
      sockets.delete(ws);
      if (code === 1008) stats.closed1008++;
      setTimeout(open, 20); // a flooder comes straight back
    });
  };
  for (let i = 0; i < connections; i++) open();
  let n = 0;
  const timer = setInterval(() => {
    for (const ws of sockets) {
      if (ws.readyState !== WebSocket.OPEN || ws.bufferedAmount > 1_000_000) continue;
      for (let i = 0; i < 40; i++) {
        ws.send(n % 13 === 0 ? Buffer.alloc(200) : frames[n % frames.length]);
        n++;
        stats.frames++;
      }
    }
  }, 10);
  return () => {
    stop = true;
    clearInterval(timer);
    for (const ws of sockets) ws.terminate();
    return stats;
  };
}

async function httpFlooder({ base, loops, mined, distinct }) {
  const agent = new Agent({ keepAlive: true, localAddress: FLOODER, maxSockets: loops });
  const badCopy = { ...mined, sig: corrupt(mined.sig) };
  const bodies = [
    '{"id": "broken',
    JSON.stringify(Array.from({ length: 1_000 }, () => badCopy)),
    JSON.stringify(distinct),
  ];
  const stats = { requests: 0, byStatus: {} };
  let stop = false;
  const runs = Array.from({ length: loops }, async (_, w) => {
    for (let i = w; !stop; i++) {
      const query = i % 4 === 3;
      const res = await httpCall(query ? `${base}/api/v1/events?limit=5000` : `${base}/api/v1/events`, {
        agent,
        method: query ? 'GET' : 'POST',
        body: query ? undefined : bodies[i % bodies.length],
        headers: query ? {} : { 'content-type': 'application/json' },
      });
      stats.requests++;
      stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
    }
  });
  return async () => {
    stop = true;
    await Promise.all(runs);
    agent.destroy();
    return stats;
  };
}

/** Connections that send part of a request and then nothing: idle, half-sent headers, half-sent body. */
async function slowFlooder({ host, port, connections }) {
  const stats = { opened: 0, closedByNode: 0 };
  let stop = false;
  const sockets = new Set();
  const open = (i) => {
    if (stop) return;
    const s = tcpConnect({ host, port, localAddress: SLOW });
    sockets.add(s);
    s.on('connect', () => {
      stats.opened++;
      if (i % 3 === 1) s.write('GET / HTTP/1.1\r\nHost: x\r\n');
      if (i % 3 === 2)
        s.write(
          'POST /api/v1/events HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n[',
        );
    });
    s.on('error', () => {});
    s.on('close', () => {
      sockets.delete(s);
      if (!stop) {
        stats.closedByNode++;
        setTimeout(() => open(i), 100);
      }
    });
    s.resume();
  };
  for (let i = 0; i < connections; i++) open(i);
  return () => {
    stop = true;
    for (const s of sockets) s.destroy();
    return stats;
  };
}

if (!isMainThread) {
  const kinds = { ws: wsFlooder, http: httpFlooder, slow: slowFlooder };
  const stopper = await kinds[workerData.kind](workerData);
  parentPort.once('message', async () => parentPort.postMessage(await stopper()));
}

function startFlooder(kind, data) {
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { kind, ...data } });
  return async () => {
    const stats = new Promise((resolve) => worker.once('message', resolve));
    worker.postMessage('stop');
    const result = await stats;
    await worker.terminate();
    return result;
  };
}

// ---------------------------------------------------------------- bombs (issue 10, findings 1 and 2)

/** A self-signed bundle of `lines` lines of `{}` (the 243 KB / 250 MB bomb at 83M lines). */
function bundleBomb(lines) {
  const key = generateSecretKey();
  const body = '{}\n'.repeat(lines);
  const header = {
    format: 1,
    node: getPublicKey(key),
    for: null,
    created_at: Math.floor(Date.now() / 1000),
    from_seq: 0,
    upto_seq: 0,
    count: lines,
    events_sha256: createHash('sha256').update(body).digest('hex'),
    acks: [],
  };
  const signed = finalizeEvent(
    { kind: 27620, created_at: header.created_at, tags: [], content: JSON.stringify(header) },
    key,
  );
  return gzipSync(`${JSON.stringify(signed)}\n${body}`, { level: 9 });
}

/** A raw-deflate push stream of `frames` tiny frames (`{}` each). */
function pushBomb(frames) {
  return deflateRawSync(Buffer.alloc(frames * 3, Buffer.from([2, 0x7b, 0x7d])), { level: 9 });
}

// ---------------------------------------------------------------- the node and the real users

async function startNode(dataDir, profileDir) {
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(
    process.execPath,
    [...profile, join(ROOT, 'bin/tilshi.js'), 'serve', '--data', dataDir, '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TILSHI_LOG_LEVEL: 'info' },
    },
  );
  let errors = '';
  child.stderr.on('data', (c) => {
    errors += c;
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const onData = (c) => {
      out += c;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        child.stdout.off('data', onData);
        child.stdout.resume(); // request logs: read and dropped
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`node exited (${code}): ${errors.slice(-500)}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  return { child, url, exited, errors: () => errors };
}

function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

async function realUsers(url, wraps, stopAt) {
  const reporterAgent = new Agent({ keepAlive: true, localAddress: REPORTER, maxSockets: 2 });
  const probeAgent = new Agent({ keepAlive: true, localAddress: PROBER, maxSockets: 1 });
  const out = {
    reports: [],
    failedReports: 0,
    probes: [],
    failedProbes: 0,
    wsReports: [],
    failedWs: 0,
    accepted: [],
  };
  const reporter = (async () => {
    while (performance.now() < stopAt) {
      const wrap = wraps.pop();
      if (!wrap) break;
      const res = await httpCall(`${url}/api/v1/events`, {
        agent: reporterAgent,
        method: 'POST',
        body: JSON.stringify(wrap),
        headers: { 'content-type': 'application/json' },
      });
      const ok = res.status === 200 && JSON.parse(res.text).accepted?.[0] === wrap.id;
      if (ok) {
        out.reports.push(res.ms);
        out.accepted.push(wrap.id);
      } else out.failedReports++;
      await sleep(100);
    }
  })();
  const prober = (async () => {
    while (performance.now() < stopAt) {
      const res = await httpCall(`${url}/healthz`, { agent: probeAgent, timeoutMs: 10_000 });
      if (res.status === 200) out.probes.push(res.ms);
      else out.failedProbes++;
      await sleep(50);
    }
  })();
  const nostrClient = (async () => {
    const ws = new WebSocket(url.replace(/^http/, 'ws'), { localAddress: NOSTR_CLIENT });
    const opened = await new Promise((resolve) => {
      ws.once('open', () => resolve(true));
      ws.once('error', () => resolve(false));
    });
    if (!opened) return;
    const waiting = new Map();
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      if (m[0] === 'OK') waiting.get(m[1])?.(m[2]);
    });
    while (performance.now() < stopAt && ws.readyState === WebSocket.OPEN) {
      const wrap = wraps.pop();
      if (!wrap) break;
      const started = performance.now();
      const answer = new Promise((resolve) => waiting.set(wrap.id, resolve));
      ws.send(JSON.stringify(['EVENT', wrap]));
      const ok = await Promise.race([answer, sleep(10_000).then(() => false)]);
      waiting.delete(wrap.id);
      if (ok) {
        out.wsReports.push(performance.now() - started);
        out.accepted.push(wrap.id);
      } else out.failedWs++;
      await sleep(300);
    }
    ws.close();
  })();
  await Promise.all([reporter, prober, nostrClient]);
  reporterAgent.destroy();
  probeAgent.destroy();
  return out;
}

// ---------------------------------------------------------------- run

export async function run(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
      bombs: { type: 'boolean', default: false },
      /** Which junk the flood phase sends: any of ws, http, slow. */
      junk: { type: 'string', default: 'ws,http,slow' },
      /** Write a CPU profile of the node to this folder. */
      profile: { type: 'string' },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const { initDeskNode } = await import('../dist/desk/desk-node.js');
  const { loadConfig, saveConfig } = await import('../dist/node/config.js');
  const { sealRumor } = await import('../dist/crypto/seal.js');

  const dataDir = mkdtempSync(join(tmpdir(), 'tilshi-bench-flood-'));
  const desk = getPublicKey(generateSecretKey());
  await initDeskNode({ dataDir, deskPubkey: desk });
  saveConfig(dataDir, { ...loadConfig(dataDir), pow_difficulty: POW });
  const phases = [
    { name: 'quiet (no junk)', seconds: 3 },
    {
      name: `flood (${values.junk}): ${connections} WebSocket connections, 24 HTTP loops, 300 slow sockets`,
      seconds,
      flood: true,
    },
  ];
  if (values.bombs) {
    phases.push({ name: 'bundle bomb (243 KB gzip, 250 MB of {} lines), repeated', seconds, bomb: 'bundle' });
    phases.push({ name: 'push bomb (16 KB deflate, 5.5M frames), repeated', seconds, bomb: 'push' });
  }
  const totalSeconds = phases.reduce((n, p) => n + p.seconds, 0);
  process.stdout.write(`mining ${fmt(totalSeconds * 14)} real reports (NIP-13 ${POW} bits)… `);
  const wraps = Array.from({ length: totalSeconds * 14 }, () =>
    sealRumor(
      {
        kind: 4620,
        content: JSON.stringify({ text: 'Workers at the mine stopped work at noon', channel: 'web' }),
      },
      generateSecretKey(),
      desk,
      { powDifficulty: POW },
    ),
  );
  const junkWrap = wraps.pop();
  console.log('done');
  // Made before the node starts, so that making them costs the flooders nothing while they flood.
  const distinct = junkEvents(desk, 1_000);
  let bombs = {};
  if (values.bombs) {
    process.stdout.write('building the bombs… ');
    bombs = { bundle: bundleBomb(83_000_000), push: pushBomb(5_500_000) };
    console.log(
      `done (bundle ${fmt(bombs.bundle.length / 1024)} KB, push ${fmt(bombs.push.length / 1024)} KB)`,
    );
  }

  let node;
  let dead = false;
  const deaths = [];
  const start = async () => {
    node = await startNode(dataDir, values.profile);
    dead = false;
    const current = node;
    current.exited.then(() => {
      if (current.stopping) return;
      dead = true;
      deaths.push(
        current
          .errors()
          .split('\n')
          .find((l) => /heap|memory|Error/.test(l)) ?? 'see stderr',
      );
    });
  };
  await start();
  console.log(
    `node: pid ${node.child.pid}, ${node.url}; junk from ${FLOODER} and ${SLOW}, real users from ${REPORTER}, ${NOSTR_CLIENT}, ${PROBER}\n`,
  );
  const rows = [];
  const accepted = [];
  for (const phase of phases) {
    // A phase that killed the node leaves the next one a fresh node on the same data folder.
    if (dead) await start();
    const { port, hostname } = new URL(node.url);
    let peak = rssOf(node.child.pid);
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssOf(node.child.pid));
    }, 100);
    const stoppers = [];
    let bombStats;
    if (phase.flood) {
      const kinds = values.junk.split(',');
      if (kinds.includes('ws'))
        stoppers.push([
          'ws',
          startFlooder('ws', {
            url: node.url.replace(/^http/, 'ws'),
            connections,
            mined: junkWrap,
            distinct: distinct.slice(0, 20),
          }),
        ]);
      if (kinds.includes('http'))
        stoppers.push([
          'http',
          startFlooder('http', { base: node.url, loops: 24, mined: junkWrap, distinct }),
        ]);
      if (kinds.includes('slow'))
        stoppers.push([
          'slow',
          startFlooder('slow', { host: hostname, port: Number(port), connections: 300 }),
        ]);
      await sleep(500); // let the flood build up
    }
    const stopAt = performance.now() + phase.seconds * 1000;
    if (phase.bomb) {
      const agent = new Agent({ keepAlive: true, localAddress: FLOODER });
      const body = bombs[phase.bomb];
      bombStats = { requests: 0, byStatus: {} };
      (async () => {
        while (performance.now() < stopAt && !dead) {
          const res = await httpCall(`${node.url}/api/v1/sync/${phase.bomb}`, {
            agent,
            method: 'POST',
            body,
            timeoutMs: 30_000,
            headers:
              phase.bomb === 'bundle'
                ? { 'content-type': 'application/gzip' }
                : { 'content-type': 'application/vnd.tilshi.events', 'x-tilshi-encoding': 'deflate' },
          });
          bombStats.requests++;
          bombStats.byStatus[res.status] = (bombStats.byStatus[res.status] ?? 0) + 1;
        }
        agent.destroy();
      })();
    }
    const users = await realUsers(node.url, wraps, stopAt);
    accepted.push(...users.accepted);
    const junk = {};
    for (const [kind, stop] of stoppers) junk[kind] = await stop();
    clearInterval(sampler);
    // Give a dying node a moment to be seen dead in the phase that killed it.
    await sleep(200);
    rows.push({ phase, users, junk, bombStats, peak, died: dead });
  }
  const peakAll = Math.max(...rows.map((r) => r.peak));
  if (!dead) {
    node.stopping = true;
    node.child.kill('SIGTERM');
    await node.exited;
  }

  const db = new Database(join(dataDir, 'tilshi.db'), { readonly: true });
  const stored = db.prepare('SELECT count(*) AS n FROM events').get().n;
  const has = db.prepare('SELECT 1 FROM events WHERE id = ?');
  const realStored = accepted.filter((id) => has.get(id)).length;
  db.close();
  rmSync(dataDir, { recursive: true, force: true });

  for (const { phase, users, junk, bombStats, peak, died } of rows) {
    console.log(`## ${phase.name}, ${phase.seconds} s${died ? ' — THE NODE DIED' : ''}`);
    const out = [];
    if (junk.ws) {
      out.push(['junk WebSocket frames sent, per second', fmt(junk.ws.frames / phase.seconds)]);
      out.push([
        'WebSocket connections opened / refused at upgrade / closed 1008',
        `${fmt(junk.ws.opened)} / ${fmt(junk.ws.refused)} / ${fmt(junk.ws.closed1008)}`,
      ]);
    }
    if (junk.http) {
      out.push([
        'junk HTTP requests answered, per second (by status)',
        `${fmt(junk.http.requests / phase.seconds)} (${Object.entries(junk.http.byStatus)
          .map(([s, n]) => `${s}: ${n}`)
          .join(', ')})`,
      ]);
    }
    if (junk.slow)
      out.push([
        'slow sockets opened / closed by the node',
        `${fmt(junk.slow.opened)} / ${fmt(junk.slow.closedByNode)}`,
      ]);
    if (bombStats) {
      out.push([
        'bombs sent (by status; 0 = no answer)',
        `${bombStats.requests} (${Object.entries(bombStats.byStatus)
          .map(([s, n]) => `${s}: ${n}`)
          .join(', ')})`,
      ]);
    }
    const junkPerSecond =
      ((junk.ws?.frames ?? 0) +
        (junk.ws ? junk.ws.opened + junk.ws.refused : 0) +
        (junk.http?.requests ?? 0) +
        (bombStats?.requests ?? 0)) /
      phase.seconds;
    out.push(['junk absorbed, per second (frames + upgrades + requests)', fmt(junkPerSecond)]);
    out.push([
      'real report over HTTP: n, p50 / p99 ms (failed)',
      `${users.reports.length}, ${fmt(pct(users.reports, 50))} / ${fmt(pct(users.reports, 99))} (${users.failedReports})`,
    ]);
    out.push([
      'real report over WebSocket: n, p50 / p99 ms (failed)',
      `${users.wsReports.length}, ${fmt(pct(users.wsReports, 50))} / ${fmt(pct(users.wsReports, 99))} (${users.failedWs})`,
    ]);
    out.push([
      '/healthz: n, p50 / p99 ms (failed)',
      `${users.probes.length}, ${fmt(pct(users.probes, 50))} / ${fmt(pct(users.probes, 99))} (${users.failedProbes})`,
    ]);
    out.push(['node peak RSS in this phase, MB', fmt(peak / 1024 / 1024)]);
    const width = Math.max(...out.map((r) => r[0].length));
    for (const [k, v] of out) console.log(`  ${k.padEnd(width)}  ${v}`);
  }
  console.log(
    `\nnode: ${deaths.length ? `died ${deaths.length} time(s): ${deaths.join('; ')}` : 'alive to the end'}; peak RSS ${fmt(peakAll / 1024 / 1024)} MB`,
  );
  console.log(
    `events stored: ${fmt(stored)} = real ${fmt(realStored)} of ${fmt(accepted.length)} accepted, junk ${fmt(stored - realStored)}`,
  );
  console.log('targets: real report p99 < 1,000 ms, /healthz p99 < 200 ms, RSS < 300 MB, junk stored 0');
}
