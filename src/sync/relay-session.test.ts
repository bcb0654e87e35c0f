import { getPow } from 'nostr-tools/nip13';
import { makeAuthEvent } from 'nostr-tools/nip42';
import { finalizeEvent } from 'nostr-tools/pure';
import { Relay, useWebSocketImplementation } from 'nostr-tools/relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildDeskArticle, buildWrap, startTestNode, type TestNode } from '../../test/support/node.js';
import { Kind } from '../core/kinds.js';
import { generateKeyPair } from '../crypto/keys.js';

useWebSocketImplementation(WebSocket);

let t: TestNode;
beforeAll(async () => {
  t = await startTestNode();
});
afterAll(() => t.close());

/** A raw WebSocket client that collects messages, for what nostr-tools does not expose. */
async function rawClient(url: string) {
  const ws = new WebSocket(url);
  const messages: unknown[][] = [];
  const waiters: { test: (m: unknown[]) => boolean; resolve: (m: unknown[]) => void }[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as unknown[];
    messages.push(m);
    for (const w of [...waiters]) {
      if (w.test(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    ws,
    messages,
    send: (m: unknown) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)),
    next: (test: (m: unknown[]) => boolean) =>
      new Promise<unknown[]>((resolve) => {
        const found = messages.find(test);
        if (found) resolve(found);
        else waiters.push({ test, resolve });
      }),
    close: () => ws.close(),
  };
}

describe('relay over WebSocket (NIP-01) with a real Nostr client', () => {
  it('publishes a wrap and gets OK; a bad one gets OK false with a reason', async () => {
    const relay = await Relay.connect(t.wsUrl);
    const wrap = buildWrap(t.node.deskPubkey!);
    await expect(relay.publish(wrap)).resolves.toBe('');
    // Without work: an id of fewer leading zero bits than the node asks (one random id in 256
    // has 8 by luck, and would be accepted).
    let lazy = buildWrap(t.node.deskPubkey!, { pow: 0 });
    while (getPow(lazy.id) >= 8) lazy = buildWrap(t.node.deskPubkey!, { pow: 0 });
    await expect(relay.publish(lazy)).rejects.toThrow(/^pow: insufficient_pow/);
    relay.close();
    expect(t.node.log.has(wrap.id)).toBe(true);
  });

  it('a subscription gets stored events, EOSE, then live events', async () => {
    const desk = t.deskKey!;
    const announce = (name: string) =>
      buildDeskArticle(desk, { id: `sub-${name}`, title: name, type: 'news' });
    const stored = announce('first');
    expect((await t.node.ingest.submit([stored]))[0]).toMatchObject({ ok: true });

    const relay = await Relay.connect(t.wsUrl);
    const received: string[] = [];
    let eose!: () => void;
    const eosed = new Promise<void>((r) => {
      eose = r;
    });
    const sub = relay.subscribe([{ kinds: [Kind.Article] }], {
      onevent: (e) => received.push(e.id),
      oneose: () => eose(),
    });
    await eosed;
    expect(received).toEqual([stored.id]);

    const live = announce('second');
    await t.node.ingest.submit([live]);
    await expect.poll(() => received).toEqual([stored.id, live.id]);
    sub.close();
    relay.close();
  });

  it('serves wraps only to their recipient after NIP-42 AUTH', async () => {
    const c = await rawClient(t.wsUrl);
    const [, challenge] = (await c.next((m) => m[0] === 'AUTH')) as [string, string];
    c.send(['REQ', 'w', { kinds: [Kind.GiftWrap] }]);
    const closed = await c.next((m) => m[0] === 'CLOSED' && m[1] === 'w');
    expect(String(closed[2])).toMatch(/^auth-required:/);

    const desk = t.deskKey!;
    const auth = finalizeEvent(makeAuthEvent(t.wsUrl, challenge), desk.secretKey);
    c.send(['AUTH', auth]);
    expect(await c.next((m) => m[0] === 'OK' && m[1] === auth.id)).toEqual(['OK', auth.id, true, '']);
    c.send(['REQ', 'w2', { kinds: [Kind.GiftWrap], limit: 1 }]);
    const event = await c.next((m) => m[0] === 'EVENT' && m[1] === 'w2');
    expect((event[2] as { tags: string[][] }).tags).toContainEqual(['p', desk.publicKey]);
    c.close();
  });

  it('refuses an AUTH for another challenge', async () => {
    const c = await rawClient(t.wsUrl);
    await c.next((m) => m[0] === 'AUTH');
    const auth = finalizeEvent(makeAuthEvent(t.wsUrl, 'not-the-challenge'), generateKeyPair().secretKey);
    c.send(['AUTH', auth]);
    const ok = await c.next((m) => m[0] === 'OK');
    expect(ok[2]).toBe(false);
    expect(String(ok[3])).toContain('auth_failed');
    c.close();
  });

  it('answers malformed frames with a NOTICE and bad filters with CLOSED', async () => {
    const c = await rawClient(t.wsUrl);
    c.send('{not json');
    expect(String((await c.next((m) => m[0] === 'NOTICE'))[1])).toContain('invalid_json');
    c.send(['REQ', 'bad', { kinds: ['x'] }]);
    expect(String((await c.next((m) => m[0] === 'CLOSED' && m[1] === 'bad'))[2])).toContain('bad_filter');
    c.send(['WHAT']);
    expect(String((await c.next((m) => String(m[1]).includes('unknown_message')))[1])).toContain(
      'unknown_message',
    );
    c.close();
  });

  it('answers an invalid subscription id with CLOSED and a reason (NIP-01), never a NOTICE', async () => {
    const c = await rawClient(t.wsUrl);
    const long = 'x'.repeat(65);
    c.send(['REQ', long, { kinds: [1] }]);
    const tooLong = await c.next((m) => m[0] === 'CLOSED' && m[1] === long);
    expect(String(tooLong[2])).toMatch(/^invalid: bad_subscription_id:/);
    c.send(['REQ', '', { kinds: [1] }]);
    expect(String((await c.next((m) => m[0] === 'CLOSED' && m[1] === ''))[2])).toContain(
      'bad_subscription_id',
    );
    c.send(['REQ', 42, { kinds: [1] }]);
    await c.next(
      (m) => m[0] === 'CLOSED' && m[1] === '' && c.messages.filter((x) => x[0] === 'CLOSED').length >= 3,
    );
    c.send(['NEG-OPEN', long, { kinds: [1] }, '61']);
    expect(String((await c.next((m) => m[0] === 'NEG-ERR' && m[1] === long))[2])).toContain(
      'bad_subscription_id',
    );
    // A REQ with a valid id right after is served: the bad ones cost nothing.
    c.send(['REQ', 'ok', { kinds: [1] }]);
    await c.next((m) => m[0] === 'EOSE' && m[1] === 'ok');
    expect(c.messages.some((m) => m[0] === 'NOTICE')).toBe(false);
    c.close();
  });

  it('limits subscriptions per connection', async () => {
    // A node of its own with a small cap: the REQs stay within the source's query budget, which
    // the other tests here spend, so the refusal can only be the subscription cap.
    const own = await startTestNode({
      config: { limits: { ...t.node.config.limits, subscriptions_per_connection: 3 } },
    });
    try {
      const c = await rawClient(own.wsUrl);
      const max = own.node.config.limits.subscriptions_per_connection;
      for (let i = 0; i <= max; i++) c.send(['REQ', `s${i}`, { kinds: [1], limit: 1 }]);
      const closed = await c.next((m) => m[0] === 'CLOSED' && m[1] === `s${max}`);
      expect(String(closed[2])).toContain('too_many_subscriptions');
      c.close();
    } finally {
      await own.close();
    }
  });
});

describe('relay rate limit', () => {
  it('counts every frame before parsing it: a small excess gets one notice, a flood is closed with 1008', async () => {
    const small = await startTestNode({
      config: { limits: { ...t.node.config.limits, ws_messages_per_second: 5 } },
    });
    try {
      // Burst is twice the rate: 10 frames pass, the next few are dropped with one NOTICE.
      const c = await rawClient(small.wsUrl);
      for (let i = 0; i < 13; i++) c.send(['REQ', `f${i}`, { kinds: [1], limit: 1 }]);
      const limited = await c.next((m) => m[0] === 'NOTICE' && String(m[1]).startsWith('rate-limited'));
      expect(limited).toBeDefined();
      await new Promise((r) => setTimeout(r, 200));
      expect(c.ws.readyState).toBe(WebSocket.OPEN);
      const notices = c.messages.filter((m) => m[0] === 'NOTICE' && String(m[1]).startsWith('rate-limited'));
      expect(notices).toHaveLength(1);
      // Dropped frames are not answered: 10 REQs answered (EOSE), 3 not.
      expect(c.messages.filter((m) => m[0] === 'EOSE')).toHaveLength(10);
      c.close();

      // Broken JSON and binary frames count too; a connection that keeps flooding is closed.
      const flood = await rawClient(small.wsUrl);
      const closed = new Promise<number>((resolve) => flood.ws.on('close', (code) => resolve(code)));
      // 80 frames: at most the connection's burst (10) is taken, so more than the 50 drops that
      // mark a flood are dropped even if the source's shared bucket has refilled meanwhile.
      for (let i = 0; i < 40; i++) {
        flood.send('{"not json');
        flood.ws.send(Buffer.from([1, 2, 3]));
      }
      expect(await closed).toBe(1008);
      const invalid = flood.messages.filter((m) => String(m[1]).startsWith('invalid:'));
      expect(invalid.length).toBeLessThanOrEqual(10);
    } finally {
      await small.close();
    }
  });
});
