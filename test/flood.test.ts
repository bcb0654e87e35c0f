import { Agent, request } from 'node:http';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../src/crypto/keys.js';
import { buildSigned, buildWrap, startTestNode, type TestNode } from './support/node.js';

/**
 * Every address in 127.0.0.0/8 is this machine: the flooder, the reporter and the prober each
 * get their own, so that the node sees three sources as it would on the internet.
 */
const FLOODER = '127.0.0.2';
const REPORTER = '127.0.0.3';
const PROBER = '127.0.0.4';

interface FlooderStats {
  junkFrames: number;
  junkRequests: number;
  opened: number;
  refused: number;
  closed1008: number;
}

/**
 * Opens `connections` WebSockets from one address, reopens each one the node closes or refuses,
 * and sends junk frames on every open one as fast as the socket takes them; meanwhile six
 * loops POST junk bodies from the same address. On 'stop' it posts what happened.
 */
const FLOODER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const WebSocket = require('ws');
const http = require('node:http');
const { url, httpUrl, from, connections, frames, bodies } = workerData;
const stats = { junkFrames: 0, junkRequests: 0, opened: 0, refused: 0, closed1008: 0 };
const agent = new http.Agent({ keepAlive: true, localAddress: from });
function post(body) {
  return new Promise((resolve) => {
    const req = http.request(httpUrl + '/api/v1/events', { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', resolve);
    req.end(body);
  });
}
const sockets = new Set();
let stop = false;
function connect() {
  if (stop) return;
  const ws = new WebSocket(url, { localAddress: from, perMessageDeflate: false });
  ws.on('open', () => {
    stats.opened++;
    sockets.add(ws);
  });
  ws.on('unexpected-response', (_req, res) => {
    if (res.statusCode === 429) stats.refused++;
    res.resume();
    setTimeout(connect, 50);
  });
  ws.on('error', () => {});
  ws.on('close', (code) => {
    sockets.delete(ws);
    if (code === 1008) stats.closed1008++;
    setTimeout(connect, 20);
  });
}
for (let i = 0; i < connections; i++) connect();
for (let w = 0; w < 6; w++) {
  (async () => {
    for (let i = w; !stop; i++) {
      await post(bodies[i % bodies.length]);
      stats.junkRequests++;
    }
  })();
}
const timer = setInterval(() => {
  for (const ws of sockets) {
    if (ws.readyState !== WebSocket.OPEN || ws.bufferedAmount > 1000000) continue;
    for (let i = 0; i < 40; i++) {
      ws.send(frames[i % frames.length]);
      if (i % 10 === 0) ws.send(Buffer.alloc(100));
      stats.junkFrames += i % 10 === 0 ? 2 : 1;
    }
  }
}, 10);
parentPort.on('message', () => {
  stop = true;
  clearInterval(timer);
  for (const ws of sockets) ws.terminate();
  agent.destroy();
  parentPort.postMessage(stats);
});
`;

let t: TestNode;
beforeAll(async () => {
  t = await startTestNode({ role: 'relay' });
});
afterAll(async () => {
  for (const agent of agents.values()) agent.destroy();
  await t.close();
});

/** One kept-alive connection per local address, as a browser keeps one to a site. */
const agents = new Map<string, Agent>();
const agentFor = (from: string) => {
  let agent = agents.get(from);
  if (!agent) {
    agent = new Agent({ keepAlive: true, localAddress: from, maxSockets: 1 });
    agents.set(from, agent);
  }
  return agent;
};

/** An HTTP request from a given local address; status and body text. */
function send(
  url: string,
  from: string,
  options: { method?: string; body?: string } = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.body ? { 'content-type': 'application/json' } : {},
        agent: agentFor(from),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

describe('a flood of junk from one source', () => {
  it('is capped and cut off while real reports are accepted quickly, /healthz answers, and nothing of it is stored', async () => {
    const desk = t.node.deskPubkey!;
    const junkKey = generateKeyPair();
    const mined = buildWrap(desk);
    const badSig = {
      ...mined,
      sig: `${mined.sig.slice(0, 100)}${mined.sig[100] === '0' ? '1' : '0'}${mined.sig.slice(101)}`,
    };
    const frames = [
      '{"id": "broken',
      `["EVENT", ${JSON.stringify(badSig)}]`,
      `["EVENT", ${JSON.stringify({ ...buildWrap(desk, { pow: 0 }), sig: 'ab'.repeat(64) })}]`,
      `["EVENT", ${JSON.stringify(buildSigned(junkKey, { kind: 1, content: 'spam' }))}]`,
      '["REQ", "s", {"kinds": [1059, 30620, 1], "limit": 5000}]',
      `["AUTH", ${JSON.stringify(buildSigned(junkKey, { kind: 22242, content: '' }))}]`,
    ];
    const batchBody = JSON.stringify(Array.from({ length: 1_000 }, () => badSig));
    // Sealed before the flood: sealing costs the reporter's device, not the node.
    const realWraps = Array.from({ length: 80 }, () => buildWrap(desk));
    const countBefore = t.node.log.count();
    const idle: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      await send(`${t.url}/healthz`, PROBER);
      idle.push(performance.now() - started);
    }

    // The flooder runs on its own thread, so that its sending does not slow the node's event
    // loop in this process: what is measured is what the node does with the junk.
    const flooder = new Worker(FLOODER_SOURCE, {
      eval: true,
      workerData: {
        url: t.wsUrl,
        httpUrl: t.url,
        from: FLOODER,
        connections: 50,
        frames,
        bodies: [batchBody, '{"id": "broken'],
      },
    });
    const flooderStats = new Promise<FlooderStats>((resolve) => flooder.once('message', resolve));
    let stop = false;
    // Counted on the node's side: how many relay connections were open at once.
    let maxOpenOnNode = 0;
    const counter = setInterval(() => {
      let n = 0;
      for (const c of t.app.websocketServer.clients) if (c.readyState === c.OPEN) n++;
      maxOpenOnNode = Math.max(maxOpenOnNode, n);
    }, 5);
    const reports: number[] = [];
    const probes: number[] = [];
    const accepted: string[] = [];
    const reporter = (async () => {
      await new Promise((r) => setTimeout(r, 300)); // let the flood build up first
      while (!stop) {
        const wrap = realWraps.pop()!;
        const started = performance.now();
        const res = await send(`${t.url}/api/v1/events`, REPORTER, {
          method: 'POST',
          body: JSON.stringify(wrap),
        });
        reports.push(performance.now() - started);
        expect(res.status).toBe(200);
        expect(JSON.parse(res.text).accepted).toEqual([wrap.id]);
        accepted.push(wrap.id);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const prober = (async () => {
      await new Promise((r) => setTimeout(r, 300));
      while (!stop) {
        const started = performance.now();
        const res = await send(`${t.url}/healthz`, PROBER);
        probes.push(performance.now() - started);
        expect(res.status).toBe(200);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    await new Promise((r) => setTimeout(r, 6_000));
    stop = true;
    clearInterval(counter);

    flooder.postMessage('stop');
    const { junkFrames, junkRequests, opened, refused, closed1008 } = await flooderStats;
    await flooder.terminate();
    await Promise.all([reporter, prober]);

    console.log(
      `idle /healthz ms p50 ${Math.round(percentile(idle, 50))} p99 ${Math.round(percentile(idle, 99))}; flood: ${junkFrames} junk frames, ${junkRequests} junk HTTP requests; connections opened ${opened}, at most ${maxOpenOnNode} at once, ` +
        `${refused} refused (429), ${closed1008} closed (1008); report ms p50/p90/p99 ${[50, 90, 99].map((p) => Math.round(percentile(reports, p))).join('/')}, ` +
        `/healthz ms p50/p90/p99 ${[50, 90, 99].map((p) => Math.round(percentile(probes, p))).join('/')}`,
    );
    const limits = t.node.config.limits;
    // At most the per-source cap of connections was ever open; the rest were refused.
    expect(maxOpenOnNode).toBeGreaterThan(0);
    expect(maxOpenOnNode).toBeLessThanOrEqual(limits.ws_connections_per_source);
    expect(refused).toBeGreaterThan(0);
    // Flooding connections were closed rather than answered frame by frame.
    expect(closed1008).toBeGreaterThan(0);
    // The real reporter (another source) was served quickly all along, and so was /healthz.
    expect(reports.length).toBeGreaterThanOrEqual(5);
    // Before the limits, 50 such connections held a report back 17 s at the median. The
    // benchmark (`npm run bench -- flood`, the node in a process of its own) holds the p99 to
    // 1 s and 200 ms; here the test's clients share the node's process and CI shares the
    // machine, so a single hiccup would decide a p99: the test holds the median and p90.
    expect(percentile(reports, 50)).toBeLessThan(250);
    expect(percentile(reports, 90)).toBeLessThan(1_000);
    expect(percentile(probes, 50)).toBeLessThan(100);
    expect(percentile(probes, 90)).toBeLessThan(400);
    // Only the real reports were stored.
    expect(t.node.log.count()).toBe(countBefore + accepted.length);
    for (const id of accepted) expect(t.node.log.has(id)).toBe(true);
    expect(t.node.log.has(badSig.id)).toBe(false);
  }, 60_000);
});
