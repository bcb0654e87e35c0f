import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { generateKeyPair } from '../src/crypto/keys.js';
import { buildSigned, buildWrap, startTestNode, type TestNode } from './support/node.js';

let t: TestNode;

beforeAll(async () => {
  // On loopback every client has the same address, so the per-source HTTP limit would stop the
  // real reporter with the flooder; lift it here to test what the node does with the junk itself.
  t = await startTestNode({ role: 'relay', config: { pow_difficulty: 12 } });
  const limits = { ...t.node.config.limits, http_requests_per_minute: 1_000_000 };
  await t.close();
  t = await startTestNode({ role: 'relay', config: { pow_difficulty: 12, limits } });
});
afterAll(() => t.close());

async function sendReport(): Promise<number> {
  const wrap = buildWrap(t.node.deskPubkey!, { pow: 12 });
  const started = performance.now();
  const res = await fetch(`${t.url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(wrap),
  });
  const body = (await res.json()) as { accepted: string[] };
  expect(body.accepted).toEqual([wrap.id]);
  return performance.now() - started;
}

describe('a flood of junk', () => {
  it('neither delays a real report noticeably nor grows the store', async () => {
    const baseline: number[] = [];
    for (let i = 0; i < 5; i++) baseline.push(await sendReport());

    const junkKey = generateKeyPair();
    const desk = t.node.deskPubkey!;
    // Junk that costs the flooder nothing: no work, wrong kind, bad JSON, bad signatures.
    const junk = [
      () =>
        JSON.stringify(buildSigned(junkKey, { kind: 1059, tags: [['p', desk]], content: 'x'.repeat(2_000) })),
      () => JSON.stringify(buildSigned(junkKey, { kind: 1, content: 'spam' })),
      () => '{"id": "broken',
      () => JSON.stringify({ ...buildWrap(desk, { pow: 0 }), sig: 'ab'.repeat(64) }),
    ];
    const bodies = Array.from({ length: 400 }, (_, i) => junk[i % junk.length]!());
    const countBefore = t.node.log.count();
    const pagesBefore = t.node.db.pragma('page_count', { simple: true });

    const JUNK = 3_000;
    let stop = false;
    let junkSent = 0;
    const httpFlood = Array.from({ length: 24 }, async (_, w) => {
      for (let i = w; junkSent < JUNK; i += 24) {
        await fetch(`${t.url}/api/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: bodies[i % bodies.length],
        }).then((r) => r.arrayBuffer());
        junkSent++;
      }
    });
    const sockets = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<WebSocket>((resolve) => {
            const ws = new WebSocket(t.wsUrl);
            ws.on('open', () => resolve(ws));
          }),
      ),
    );
    const wsFlood = setInterval(() => {
      if (stop) return;
      for (const ws of sockets)
        for (let i = 0; i < 50; i++) ws.send(`["EVENT", ${bodies[i % bodies.length]}]`);
    }, 20);

    const flooding = Promise.all(httpFlood);
    const underFlood: number[] = [];
    // Real reports keep coming while the junk does (the flood is a fixed amount of junk, so the
    // test asks the same of a fast and a slow machine).
    while (junkSent < JUNK || underFlood.length < 5) {
      await new Promise((r) => setTimeout(r, 200));
      underFlood.push(await sendReport());
    }
    stop = true;
    clearInterval(wsFlood);
    await flooding;
    for (const ws of sockets) ws.close();

    console.log(
      `junk: ${junkSent} HTTP requests + WebSocket frames; report latency ms, idle: ${baseline.map(Math.round)}, under flood: ${underFlood.map(Math.round)}`,
    );
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // A real report still goes through in well under a second while thousands of junk requests hit the node.
    expect(median(underFlood)).toBeLessThan(Math.max(1_000, median(baseline) * 10));
    expect(t.node.log.count()).toBe(countBefore + underFlood.length);
    // The file grew by what the real reports take (about 2 KB each with indexes), not by the junk.
    const grown = (Number(t.node.db.pragma('page_count', { simple: true })) - Number(pagesBefore)) * 4096;
    expect(grown).toBeLessThanOrEqual(underFlood.length * 4096 + 16_384);
  }, 60_000);
});
