import {
  hexToUint8Array,
  Negentropy as NdkNegentropy,
  NegentropyStorage as NdkStorage,
  uint8ArrayToHex,
} from '@nostr-dev-kit/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Kind } from '../../src/core/kinds.js';
import { negentropySync } from '../../src/sync/neg-client.js';
import { buildDeskCodedEvent, buildWrap, startTestNode, type TestNode } from '../support/node.js';

let desk: TestNode;
let relay: TestNode;
beforeAll(async () => {
  desk = await startTestNode();
  relay = await startTestNode({
    role: 'relay',
    deskPubkey: desk.node.deskPubkey!,
    config: {
      limits: {
        ...(await import('../../src/node/config.js')).defaultConfig('relay', null).limits,
        ws_messages_per_second: 5_000,
      },
    },
  });
});
afterAll(async () => {
  await relay.close();
  await desk.close();
});

describe('NIP-77 on the relay', () => {
  it('our initiator against our relay: both sides end with the union, wraps only for their recipient', async () => {
    const key = desk.deskKey!;
    const shared = Array.from({ length: 40 }, (_, i) =>
      buildDeskCodedEvent(key, { id: `evt-shared-${i}` }, { createdAt: 1_700_000_000 + i }),
    );
    const onlyDesk = Array.from({ length: 7 }, (_, i) =>
      buildDeskCodedEvent(key, { id: `evt-desk-${i}` }, { createdAt: 1_700_001_000 + i }),
    );
    const onlyRelay = Array.from({ length: 9 }, (_, i) =>
      buildDeskCodedEvent(key, { id: `evt-relay-${i}` }, { createdAt: 1_700_002_000 + i }),
    );
    const wraps = Array.from({ length: 5 }, () => buildWrap(desk.node.deskPubkey!));
    await desk.node.ingest.submit([...shared, ...onlyDesk], 'replicate');
    await relay.node.ingest.submit([...shared, ...onlyRelay, ...wraps], 'replicate');

    // Without auth, the relay's set leaves the wraps out.
    const pub = await negentropySync(desk.node, relay.wsUrl, {
      filter: { kinds: [Kind.GiftWrap] },
      push: false,
    });
    expect(pub.need).toBe(0);

    const r = await negentropySync(desk.node, relay.wsUrl, { authKey: desk.deskKey! });
    expect(r).toMatchObject({ need: 9 + 5, fetched: 9 + 5, have: 7, pushed: 7 });
    for (const e of [...onlyDesk, ...onlyRelay, ...wraps]) {
      expect(desk.node.log.has(e.id)).toBe(true);
      expect(relay.node.log.has(e.id)).toBe(true);
    }
    const again = await negentropySync(desk.node, relay.wsUrl, { authKey: desk.deskKey! });
    expect(again).toMatchObject({ need: 0, have: 0, roundTrips: 2 });
  });

  it('an independent initiator (@nostr-dev-kit/sync) reconciles against our relay as responder', async () => {
    const events = relay.node.log.query({ kinds: [Kind.CodedEvent], limit: 5_000 }, { as: 'public' });
    const storage = new NdkStorage();
    // The client lacks every third event and has 3 the relay does not.
    const extra = Array.from({ length: 3 }, () => ({
      ts: 1_600_000_000,
      id: crypto.getRandomValues(new Uint8Array(32)),
    }));
    events.forEach((e, i) => {
      if (i % 3 !== 0) storage.insert(e.created_at, e.id);
    });
    for (const x of extra) storage.insert(x.ts, x.id);
    storage.seal();
    const neg = new NdkNegentropy(storage, 0);
    const ws = new WebSocket(relay.wsUrl);
    await new Promise((r) => ws.once('open', r));
    const inbox: unknown[][] = [];
    let wake: (() => void) | null = null;
    ws.on('message', (d) => {
      inbox.push(JSON.parse(d.toString()) as unknown[]);
      wake?.();
    });
    const next = async () => {
      for (;;) {
        const i = inbox.findIndex((m) => m[0] === 'NEG-MSG' || m[0] === 'NEG-ERR');
        if (i >= 0) return inbox.splice(i, 1)[0]!;
        await new Promise<void>((r) => {
          wake = r;
        });
      }
    };
    ws.send(
      JSON.stringify(['NEG-OPEN', 'n1', { kinds: [Kind.CodedEvent] }, uint8ArrayToHex(await neg.initiate())]),
    );
    const need: string[] = [];
    const have: string[] = [];
    for (;;) {
      const m = await next();
      expect(m[0]).toBe('NEG-MSG');
      const r = await neg.reconcile(hexToUint8Array(m[2] as string));
      need.push(...r.need.map(uint8ArrayToHex));
      have.push(...r.have.map(uint8ArrayToHex));
      if (!r.nextMessage) break;
      ws.send(JSON.stringify(['NEG-MSG', 'n1', uint8ArrayToHex(r.nextMessage)]));
    }
    ws.close();
    expect(need.sort()).toEqual(
      events
        .filter((_, i) => i % 3 === 0)
        .map((e) => e.id)
        .sort(),
    );
    expect(have.sort()).toEqual(extra.map((x) => uint8ArrayToHex(x.id)).sort());
  });

  it('answers bad negentropy input with NEG-ERR and a stable code', async () => {
    const ws = new WebSocket(relay.wsUrl);
    await new Promise((r) => ws.once('open', r));
    const got = new Promise<unknown[]>((resolve) =>
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString()) as unknown[];
        if (m[0] === 'NEG-ERR') resolve(m);
      }),
    );
    ws.send(JSON.stringify(['NEG-OPEN', 'bad', {}, 'zz']));
    expect((await got)[2]).toMatch(/^invalid: bad_negentropy_message/);
    ws.close();
  });
});
