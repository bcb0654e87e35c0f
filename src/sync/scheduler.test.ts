import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../test/support/node.js';
import { startPeerScheduler } from './scheduler.js';

let t: TestNode;
beforeAll(async () => {
  t = await startTestNode({ role: 'relay' });
});
afterAll(async () => {
  await t.close();
});

describe('startPeerScheduler', () => {
  it('follows the running node’s list of peers: a peer removed is not synced again', async () => {
    let hits = 0;
    // A peer that answers every request with an error: the scheduler tries it again soon.
    const peer = createServer((_req, res) => {
      hits++;
      res.statusCode = 500;
      res.end('{}');
    });
    await new Promise<void>((done) => peer.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;
    const scheduler = startPeerScheduler(t.node, { retrySeconds: 0.2, intervalSeconds: 1 });
    try {
      t.node.config.peers = [{ url }];
      await expect.poll(() => hits, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
      t.node.config.peers = [];
      // A sync under way when the peer was removed ends; none starts after it.
      await new Promise((r) => setTimeout(r, 1_000));
      const after = hits;
      await new Promise((r) => setTimeout(r, 1_500));
      expect(hits).toBe(after);
    } finally {
      await scheduler.stop();
      peer.close();
    }
  }, 30_000);
});
