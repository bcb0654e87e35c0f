import { request } from 'node:http';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NostrEvent } from '../../src/core/event.js';
import { generateKeyPair, type KeyPair, signEvent } from '../../src/crypto/keys.js';
import { exportBundle, readBundle } from '../../src/sync/bundle.js';
import { PeerStore } from '../../src/sync/peers.js';
import { EVENTS_MEDIA_TYPE, encodePrefixes, frameEvent } from '../../src/sync/wire.js';
import {
  buildDeskCodedEvent,
  buildWrap,
  deskHeaders,
  linkPeers,
  postJson,
  startTestNode,
  type TestNode,
} from '../support/node.js';

/** A NIP-98 header as a peer node signs it (src/sync/client.ts). */
function nip98(url: string, key: KeyPair, method = 'POST'): string {
  const event = signEvent(
    {
      kind: 27235,
      created_at: Math.floor(Date.now() / 1000),
      tags: [
        ['u', url],
        ['method', method],
      ],
      content: '',
    },
    key,
  );
  return `Nostr ${Buffer.from(JSON.stringify(event)).toString('base64')}`;
}

/** Send only the headers of a POST announcing `length` bytes; the answer, with the socket closed after it. */
function announceOnly(url: string, length: number, headers: Record<string, string>) {
  return new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/gzip', 'content-length': String(length), ...headers },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString();
      });
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

let desk: TestNode;
let relay: TestNode;
let stored: NostrEvent;
beforeAll(async () => {
  desk = await startTestNode();
  relay = await startTestNode({ role: 'relay', deskPubkey: desk.node.deskPubkey! });
  linkPeers(desk, relay);
  stored = buildWrap(desk.node.deskPubkey!);
  await relay.node.ingest.submit([stored, buildDeskCodedEvent(desk.deskKey!)], 'replicate');
});
afterAll(async () => {
  await relay.close();
  await desk.close();
});

const asPeer = (path: string) => ({ authorization: nip98(`${relay.url}${path}`, desk.node.nodeKey) });

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
  it('offers public records to an unknown caller, telling nothing about sealed ones', async () => {
    const r = await postJson(`${relay.url}/api/v1/sync/offer`, { after: 0 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ count: 1, node_pubkey: relay.node.nodeKey.publicKey });
    expect(r.body).not.toHaveProperty('withheld');
    expect(r.body).not.toHaveProperty('classes');
    // A listed peer gets the wraps, and the class counts.
    const peer = await postJson(`${relay.url}/api/v1/sync/offer`, { after: 0 }, asPeer('/api/v1/sync/offer'));
    expect(peer.body).toMatchObject({ count: 2, classes: [1, 0, 1], withheld: 0 });
  });

  it('does not tell an unknown caller whether a wrap is stored; a listed peer is told', async () => {
    const ids = encodePrefixes([stored.id]);
    const anonymous = await postJson(`${relay.url}/api/v1/sync/want`, { ids });
    expect(anonymous.body).toMatchObject({ count: 1, wanted: 1 });
    const peer = await postJson(`${relay.url}/api/v1/sync/want`, { ids }, asPeer('/api/v1/sync/want'));
    expect(peer.body).toMatchObject({ count: 1, wanted: 0 });
    // Pushing it back does not tell either: it counts as accepted, as a new wrap would.
    const again = await push(frameEvent(JSON.stringify(stored)));
    expect(again.body).toMatchObject({ accepted: 1, duplicates: 0 });
    const fromPeer = await push(frameEvent(JSON.stringify(stored)), asPeer('/api/v1/sync/push'));
    expect(fromPeer.body).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it('keeps no peer row for a caller it does not list (any key can sign NIP-98)', async () => {
    const stranger = generateKeyPair();
    const r = await postJson(
      `${relay.url}/api/v1/sync/offer`,
      { after: 0 },
      { authorization: nip98(`${relay.url}/api/v1/sync/offer`, stranger) },
    );
    expect(r.status).toBe(200);
    const peers = new PeerStore(relay.node.db);
    expect(peers.get(stranger.publicKey)).toBeUndefined();
    await fetch(`${relay.url}/api/v1/sync/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...asPeer('/api/v1/sync/events') },
      body: JSON.stringify({ after: 0, upto: r.body.upto, want: 'Aw==', encoding: 'identity' }),
    }).then((res) => res.arrayBuffer());
    expect(peers.get(desk.node.nodeKey.publicKey)?.events_out).toBeGreaterThan(0);
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
    const foreign = buildWrap(generateKeyPair().publicKey);
    const want = await postJson(`${relay.url}/api/v1/sync/want`, {
      ids: encodePrefixes([wrap.id, foreign.id]),
    });
    expect(want.body).toMatchObject({ count: 2, wanted: 2 });
    const body = deflateRawSync(
      Buffer.concat([wrap, wrap, foreign].map((e) => frameEvent(JSON.stringify(e)))),
    );
    const r = await push(body, { 'x-tilshi-encoding': 'deflate', ...asPeer('/api/v1/sync/push') });
    expect(r.body).toMatchObject({
      accepted: 1,
      duplicates: 1,
      rejected: [{ id: foreign.id, code: 'wrong_recipient' }],
    });
    expect(relay.node.log.has(wrap.id)).toBe(true);
  });
});

describe('bundles over HTTP', () => {
  it('takes uploads from a signed-in desk user (twice: nothing new the second time) and lets an editor download one', async () => {
    const source = await startTestNode({ role: 'relay', deskPubkey: desk.node.deskPubkey! });
    try {
      const wraps = [buildWrap(desk.node.deskPubkey!), buildWrap(desk.node.deskPubkey!)];
      await source.node.ingest.submit(wraps);
      const { bytes } = exportBundle(source.node);
      const session = await deskHeaders(desk);
      const upload = (headers: Record<string, string>) =>
        fetch(`${desk.url}/api/v1/sync/bundle`, {
          method: 'POST',
          headers: { 'content-type': 'application/gzip', ...headers },
          body: new Uint8Array(bytes),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

      // Nobody else: refused before the body is read, nothing stored.
      const before = desk.node.log.count();
      expect(await upload({})).toMatchObject({ status: 401, body: { error: { code: 'not_signed_in' } } });
      expect(await upload({ cookie: session.cookie })).toMatchObject({
        status: 403,
        body: { error: { code: 'csrf_failed' } },
      });
      const stranger = nip98(`${desk.url}/api/v1/sync/bundle`, generateKeyPair());
      expect(await upload({ authorization: stranger })).toMatchObject({
        status: 403,
        body: { error: { code: 'forbidden' } },
      });
      expect(desk.node.log.count()).toBe(before);

      expect(await upload(session)).toMatchObject({ status: 200, body: { new: 2, duplicates: 0 } });
      expect(await upload(session)).toMatchObject({ status: 200, body: { new: 0, duplicates: 2 } });
      // A listed peer signs NIP-98 with its node key.
      const peer = nip98(`${desk.url}/api/v1/sync/bundle`, relay.node.nodeKey);
      expect(await upload({ authorization: peer })).toMatchObject({ status: 200, body: { duplicates: 2 } });
      // A refused upload still being sent gets its answer, and the connection is closed after it.
      const junk = await fetch(`${desk.url}/api/v1/sync/bundle`, {
        method: 'POST',
        headers: { 'content-type': 'application/gzip', ...session },
        body: new Uint8Array(8 * 1024 * 1024).fill(0x41),
      });
      expect(junk.status).toBe(400);
      expect(junk.headers.get('connection')).toBe('close');
      expect(((await junk.json()) as { error: { code: string } }).error.code).toBe('bad_bundle');
      // A body announced larger than an upload may be is refused before a byte of it is read.
      expect(await announceOnly(`${desk.url}/api/v1/sync/bundle`, 65 * 1024 * 1024, session)).toMatchObject({
        status: 413,
        body: { error: { code: 'bundle_too_large' } },
      });
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
    // The configured relay only: the bundles named no peer, so they left no row behind.
    expect(((await peers.json()) as { peers: { url: string }[] }).peers.map((p) => p.url)).toEqual([
      relay.url,
    ]);
  });
});
