import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/crypto/keys.js';
import { exportBundle, readBundle } from '../../src/sync/bundle.js';
import { EVENTS_MEDIA_TYPE, encodePrefixes, frameEvent } from '../../src/sync/wire.js';
import {
  buildDeskCodedEvent,
  buildSigned,
  buildWrap,
  deskHeaders,
  postJson,
  startTestNode,
  type TestNode,
} from '../support/node.js';

let desk: TestNode;
let relay: TestNode;
beforeAll(async () => {
  desk = await startTestNode();
  relay = await startTestNode({ role: 'relay', deskPubkey: desk.node.deskPubkey! });
  await relay.node.ingest.submit(
    [buildWrap(desk.node.deskPubkey!), buildDeskCodedEvent(desk.deskKey!)],
    'replicate',
  );
});
afterAll(async () => {
  await relay.close();
  await desk.close();
});

const push = (body: Buffer, headers: Record<string, string> = {}) =>
  fetch(`${relay.url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'content-type': EVENTS_MEDIA_TYPE, ...headers },
    body: new Uint8Array(body),
  }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as { error?: { code: string }; accepted?: number },
  }));

describe('sync routes', () => {
  it('offers public records to an unknown caller and withholds wraps', async () => {
    const r = await postJson(`${relay.url}/api/v1/sync/offer`, { after: 0 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      count: 1,
      withheld: 1,
      classes: [0, 0, 1],
      node_pubkey: relay.node.nodeKey.publicKey,
    });
  });

  it('refuses malformed requests with stable codes, storing nothing', async () => {
    const before = relay.node.log.count();
    const bad = async (path: string, body: unknown) =>
      (await postJson(`${relay.url}/api/v1/sync/${path}`, body)).body.error.code;
    expect(await bad('offer', { after: -1 })).toBe('invalid_sync_request');
    expect(await bad('offer', { after: 0, extra: 1 })).toBe('invalid_sync_request');
    expect(await bad('events', { after: 0, upto: 2, want: 'AAAA' })).toBe('bad_want');
    expect(await bad('events', { after: 0, upto: 99, want: '' })).toBe('bad_range');
    expect(await bad('want', { ids: Buffer.alloc(7).toString('base64') })).toBe('bad_offer');
    expect((await push(Buffer.from([0x05, 0x7b]))).body.error?.code).toBe('bad_stream');
    expect(
      (await push(Buffer.from('{"not": "deflate"}'), { 'x-tilshi-encoding': 'deflate' })).body.error?.code,
    ).toBe('bad_stream');
    expect((await push(frameEvent('not json'))).body.error?.code).toBe('bad_stream');
    const forged = fetch(`${relay.url}/api/v1/sync/offer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Nostr e30=' },
      body: '{"after":0}',
    });
    expect((await forged).status).toBe(401);
    expect(relay.node.log.count()).toBe(before);
  });

  it('takes a pushed stream through ingest: new, duplicate and refused events each counted', async () => {
    const wrap = buildWrap(desk.node.deskPubkey!);
    // A wrap to two keys: no node takes it (one to another key is taken as a reply if it has work).
    const other = generateKeyPair().publicKey;
    const foreign = buildSigned(generateKeyPair(), {
      kind: 1059,
      tags: [
        ['p', other],
        ['p', other],
      ],
    });
    const want = await postJson(`${relay.url}/api/v1/sync/want`, {
      ids: encodePrefixes([wrap.id, foreign.id]),
    });
    expect(want.body).toMatchObject({ count: 2, wanted: 2 });
    const body = deflateRawSync(
      Buffer.concat([wrap, wrap, foreign].map((e) => frameEvent(JSON.stringify(e)))),
    );
    const r = await push(body, { 'x-tilshi-encoding': 'deflate' });
    expect(r.body).toMatchObject({
      accepted: 1,
      duplicates: 1,
      rejected: [{ id: foreign.id, code: 'wrong_recipient' }],
    });
    expect(relay.node.log.has(wrap.id)).toBe(true);
  });
});

describe('bundles over HTTP', () => {
  it('uploads a bundle (twice: nothing new the second time) and lets a signed-in editor download one', async () => {
    const source = await startTestNode({ role: 'relay', deskPubkey: desk.node.deskPubkey! });
    try {
      const wraps = [buildWrap(desk.node.deskPubkey!), buildWrap(desk.node.deskPubkey!)];
      await source.node.ingest.submit(wraps);
      const { bytes } = exportBundle(source.node);
      const upload = () =>
        fetch(`${desk.url}/api/v1/sync/bundle`, {
          method: 'POST',
          headers: { 'content-type': 'application/gzip' },
          body: new Uint8Array(bytes),
        }).then((r) => r.json() as Promise<{ new: number; duplicates: number }>);
      expect(await upload()).toMatchObject({ new: 2, duplicates: 0 });
      expect(await upload()).toMatchObject({ new: 0, duplicates: 2 });
    } finally {
      await source.close();
    }

    const anonymous = await fetch(`${desk.url}/api/v1/sync/bundle`);
    expect(anonymous.status).toBe(401);
    const { cookie } = await deskHeaders(desk);
    const res = await fetch(`${desk.url}/api/v1/sync/bundle`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/gzip/);
    const { header, events } = readBundle(new Uint8Array(await res.arrayBuffer()));
    expect(header.node).toBe(desk.node.nodeKey.publicKey);
    expect(events).toHaveLength(2);
    const peers = await fetch(`${desk.url}/api/v1/sync/peers`, { headers: { cookie } });
    expect(((await peers.json()) as { peers: unknown[] }).peers).toEqual([]);
  });
});
