import { createServer, type Server, Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { NostrEvent } from '../../src/core/event.js';
import { Kind } from '../../src/core/kinds.js';
import { exportBundle, importBundle } from '../../src/sync/bundle.js';
import { syncWithPeer } from '../../src/sync/client.js';
import { PeerStore } from '../../src/sync/peers.js';
import { startPeerScheduler } from '../../src/sync/scheduler.js';
import {
  buildDeskCodedEvent,
  buildWrap,
  linkPeers,
  postJson,
  startTestNode,
  type TestNode,
} from '../support/node.js';

/** Relay A "in the town", relay B "across the border", desk C; A and C never talk. */
async function threeNodes() {
  const c = await startTestNode();
  const desk = c.node.deskPubkey!;
  const a = await startTestNode({ role: 'relay', deskPubkey: desk });
  const b = await startTestNode({ role: 'relay', deskPubkey: desk });
  linkPeers(a, b);
  linkPeers(b, c);
  return { a, b, c, desk, close: () => Promise.all([a.close(), b.close(), c.close()]) };
}

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const wrapsOf = (t: TestNode) => t.node.log.query({ kinds: [Kind.GiftWrap], limit: 5_000 }, { as: 'node' });

const toClose: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const f of toClose) await f();
});

describe('three nodes: live sync', () => {
  it('sealed reports sent to A reach C through B, and published events from C reach A', async () => {
    const n = await threeNodes();
    toClose.push(n.close);
    // Every node runs its scheduler, as `tilshi serve` does; A lists only B, C lists only B.
    const schedulers = [n.a, n.b, n.c].map((t) =>
      startPeerScheduler(t.node, { intervalSeconds: 60, retrySeconds: 1, forwardDelayMs: 100 }),
    );
    toClose.unshift(() => Promise.all(schedulers.map((s) => s.stop())));
    expect(n.a.node.config.peers.map((p) => p.url)).toEqual([n.b.url]);
    expect(n.c.node.config.peers.map((p) => p.url)).toEqual([n.b.url]);

    const wraps = Array.from({ length: 5 }, (_, i) => buildWrap(n.desk, { text: `report ${i}` }));
    const posted = await postJson(`${n.a.url}/api/v1/events`, wraps);
    expect(posted.body.accepted).toHaveLength(5);
    await until(() => wraps.every((w) => n.c.node.log.has(w.id)));
    expect(wraps.every((w) => n.b.node.log.has(w.id))).toBe(true);

    const coded = buildDeskCodedEvent(n.c.deskKey!);
    expect((await postJson(`${n.c.url}/api/v1/events`, coded)).status).toBe(200);
    await until(() => n.a.node.log.has(coded.id));

    // C's peer state names B only: it never reached A.
    const cPeers = new PeerStore(n.c.node.db).all().map((p) => p.node_pubkey);
    expect(cPeers).toContain(n.b.node.nodeKey.publicKey);
    expect(cPeers).not.toContain(n.a.node.nodeKey.publicKey);
  }, 60_000);

  it('`tilshi sync` reports events and bytes each way; a node that is not a listed peer gets no wraps', async () => {
    const n = await threeNodes();
    toClose.push(n.close);
    const wraps = Array.from({ length: 3 }, () => buildWrap(n.desk));
    await n.a.node.ingest.submit(wraps);
    const r = await syncWithPeer(n.b.node, n.a.url);
    expect(r.pull.events).toBe(3);
    expect(r.pull.bytesReceived).toBeGreaterThan(0);
    expect(r.push.events).toBe(0);
    // Again: nothing new, one offer each way.
    const again = await syncWithPeer(n.b.node, n.a.url);
    expect(again.pull.events + again.push.events).toBe(0);
    // C is not a peer of A: it may sync, but sealed records are withheld.
    const fromA = await syncWithPeer(n.c.node, n.a.url, { push: false });
    expect(fromA.pull.events).toBe(0);
    expect(wraps.some((w) => n.c.node.log.has(w.id))).toBe(false);
  });
});

describe('three nodes: bundles only', () => {
  it('carries reports A → B → C and published events C → B → A by files; the same file twice changes nothing', async () => {
    const n = await threeNodes();
    toClose.push(n.close);
    const pk = (t: TestNode) => t.node.nodeKey.publicKey;
    const wraps = Array.from({ length: 4 }, () => buildWrap(n.desk));
    await n.a.node.ingest.submit(wraps);

    const ab = exportBundle(n.a.node, { peer: pk(n.b) });
    expect(ab.header.count).toBe(4);
    const first = await importBundle(n.b.node, ab.bytes);
    expect(first).toMatchObject({ new: 4, duplicates: 0, rejected: {} });
    const countB = n.b.node.log.count();
    const second = await importBundle(n.b.node, ab.bytes);
    expect(second).toMatchObject({ new: 0, duplicates: 4 });
    expect(n.b.node.log.count()).toBe(countB);

    const bc = await importBundle(n.c.node, exportBundle(n.b.node, { peer: pk(n.c) }).bytes);
    expect(bc.new).toBe(4);
    expect(wraps.every((w) => n.c.node.log.has(w.id))).toBe(true);

    const coded: NostrEvent = buildDeskCodedEvent(n.c.deskKey!);
    await n.c.node.ingest.submit([coded]);
    // C's bundle to B carries C's acknowledgement of B's log: B's next bundle to C is empty.
    const cb = exportBundle(n.c.node, { peer: pk(n.b) });
    expect((await importBundle(n.b.node, cb.bytes)).newIds).toContain(coded.id);
    const nextToC = exportBundle(n.b.node, { peer: pk(n.c) });
    expect(nextToC.header.count).toBe(1); // only C's own coded event, which B got from C after its last ack
    await importBundle(n.a.node, exportBundle(n.b.node, { peer: pk(n.a) }).bytes);
    expect(n.a.node.log.has(coded.id)).toBe(true);
  });

  it('refuses a damaged or foreign file with a stable code and stores nothing', async () => {
    const n = await threeNodes();
    toClose.push(n.close);
    await n.a.node.ingest.submit([buildWrap(n.desk)]);
    const { bytes } = exportBundle(n.a.node);
    const before = n.b.node.log.count();
    await expect(importBundle(n.b.node, Buffer.from('not a bundle'))).rejects.toMatchObject({
      code: 'bad_bundle',
    });
    await expect(importBundle(n.b.node, bytes.subarray(0, bytes.length - 20))).rejects.toMatchObject({
      code: 'bad_bundle',
    });
    const { gunzipSync, gzipSync } = await import('node:zlib');
    const text = gunzipSync(bytes)
      .toString()
      // Change one character of the first event's content to a different one.
      .replace(/"content":"[^"]{10}/, (m) => `${m.slice(0, -1)}${m.endsWith('x') ? 'y' : 'x'}`);
    await expect(importBundle(n.b.node, gzipSync(text))).rejects.toMatchObject({ code: 'bundle_corrupt' });
    expect(n.b.node.log.count()).toBe(before);
  });
});

/** A TCP proxy on 127.0.0.1 that cuts every connection once `budget` bytes have come back from the node. */
async function cuttingProxy(targetPort: number, budget: number): Promise<{ url: string; server: Server }> {
  let passed = 0;
  const server = createServer((client) => {
    const upstream = new Socket();
    upstream.connect(targetPort, '127.0.0.1');
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d: Buffer) => {
      const room = budget - passed;
      if (room <= 0) {
        client.destroy();
        upstream.destroy();
        return;
      }
      const part = d.subarray(0, room);
      passed += part.length;
      client.write(part);
      if (part.length < d.length) {
        client.destroy();
        upstream.destroy();
      }
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server };
}

describe('sync cut mid-transfer', () => {
  for (const encoding of ['deflate', 'identity'] as const) {
    it(`resumes without loss or duplicates (${encoding})`, async () => {
      const n = await threeNodes();
      toClose.push(n.close);
      const wraps = Array.from({ length: 150 }, () => buildWrap(n.desk, { text: 'x'.repeat(500) }));
      await n.a.node.ingest.submit(wraps);
      const port = Number(new URL(n.a.url).port);
      const peerOfB = n.a.node.nodeKey.publicKey;
      let previous = 0;
      let cuts = 0;
      let partial = 0;
      for (const budget of [3_000, 40_000, 90_000, 150_000, 220_000]) {
        const proxy = await cuttingProxy(port, budget);
        // Through the proxy the peer has another URL: B still knows it by its node key.
        const outcome = await syncWithPeer(n.b.node, proxy.url, { push: false, encoding }).catch((e) => e);
        proxy.server.close();
        const have = wraps.filter((w) => n.b.node.log.has(w.id)).length;
        expect(have).toBeGreaterThanOrEqual(previous);
        if (have > 0 && have < 150) partial++;
        previous = have;
        if (outcome instanceof Error) {
          cuts++;
          // A cut never moves the cursor past what is missing: A stored the wraps in order, so
          // everything up to the cursor is here.
          const cursor = new PeerStore(n.b.node.db).get(peerOfB)?.received_upto ?? 0;
          expect(cursor).toBeLessThan(150);
          expect(wraps.slice(0, cursor).every((w) => n.b.node.log.has(w.id))).toBe(true);
        }
      }
      expect(cuts).toBeGreaterThan(1);
      expect(partial).toBeGreaterThan(0);
      const last = await syncWithPeer(n.b.node, n.a.url, { push: false, encoding });
      expect(last.pull.events).toBe(150 - previous);
      expect(wrapsOf(n.b)).toHaveLength(150);
      expect(n.b.node.log.count()).toBe(150);
      // What came before the cut was not sent again.
      expect(last.pull.wanted).toBe(150 - previous);
    }, 60_000);
  }
});
