import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDeskCodedEvent,
  buildSigned,
  buildWrap,
  deskHeaders,
  postJson,
  startTestNode,
  type TestNode,
} from '../../test/support/node.js';
import { Kind } from '../core/kinds.js';
import { generateKeyPair } from '../crypto/keys.js';

let t: TestNode;
let desk: string;

beforeAll(async () => {
  t = await startTestNode();
  desk = t.node.deskPubkey!;
});
afterAll(() => t.close());

const post = (body: unknown, headers?: Record<string, string>) =>
  postJson(`${t.url}/api/v1/events`, body, headers);

describe('GET /healthz and /api/v1/node', () => {
  it('say what the node is', async () => {
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({
      ok: true,
      role: 'desk',
      version: '0.1.0',
    });
    const info = await (await fetch(`${t.url}/api/v1/node`)).json();
    expect(info).toMatchObject({
      role: 'desk',
      desk_pubkey: desk,
      node_pubkey: t.node.nodeKey.publicKey,
      pow_difficulty: 8,
    });
  });
});

describe('POST /api/v1/events', () => {
  it('accepts a sealed report to the desk, stores it, and counts a resend as accepted', async () => {
    const wrap = buildWrap(desk);
    const first = await post(wrap);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ accepted: [wrap.id], rejected: [] });
    expect(t.node.log.has(wrap.id)).toBe(true);
    const again = await post(wrap);
    expect(again.body).toEqual({ accepted: [wrap.id], rejected: [] });
    expect(t.node.log.query({ ids: [wrap.id] }, { as: 'node' })).toHaveLength(1);
  });

  it('takes an array and answers per event', async () => {
    const good = buildWrap(desk);
    const bad = { ...buildWrap(desk), sig: '0'.repeat(128) };
    const res = await post([good, bad]);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toEqual([good.id]);
    expect(res.body.rejected).toEqual([{ id: bad.id, code: 'bad_signature', message: expect.any(String) }]);
  });

  const cases: [string, () => unknown, number, string][] = [
    ['malformed JSON', () => '{"id": ', 400, 'invalid_json'],
    ['a wrong shape', () => ({ hello: 'world' }), 400, 'invalid_event'],
    ['an id that is not the hash', () => ({ ...buildWrap(desk), created_at: 1 }), 400, 'bad_id'],
    ['a bad signature', () => ({ ...buildWrap(desk), sig: 'ab'.repeat(64) }), 400, 'bad_signature'],
    ['too little proof of work', () => buildWrap(desk, { pow: 0 }), 400, 'insufficient_pow'],
    [
      'a wrap to two keys',
      () =>
        buildSigned(generateKeyPair(), {
          kind: Kind.GiftWrap,
          tags: [
            ['p', desk],
            ['p', desk],
          ],
        }),
      400,
      'wrong_recipient',
    ],
    // A wrap to a key other than the desk's is taken only in the shape of a reply (one p, a
    // nonce, a NIP-44 payload, the work): src/desk/replies.test.ts.
    [
      'a wrap to another key that is not shaped like a reply',
      () =>
        buildSigned(generateKeyPair(), {
          kind: Kind.GiftWrap,
          tags: [['p', generateKeyPair().publicKey]],
          content: 'hello',
        }),
      400,
      'bad_reply_wrap',
    ],
    [
      'a bare report (private kind)',
      () => buildSigned(generateKeyPair(), { kind: Kind.Report, content: '{}' }),
      400,
      'kind_not_accepted',
    ],
    [
      'a kind this node does not store',
      () => buildSigned(generateKeyPair(), { kind: 1, content: 'hi' }),
      400,
      'kind_not_accepted',
    ],
    [
      'a public record not signed by the desk',
      () => buildSigned(generateKeyPair(), { kind: Kind.Article, tags: [['d', 'x']], content: 'x' }),
      403,
      'not_desk_signed',
    ],
  ];
  for (const [what, make, status, code] of cases) {
    it(`rejects ${what} with ${code} and stores nothing`, async () => {
      const before = t.node.log.count();
      const res = await post(make());
      expect(res.status).toBe(status);
      const reported = res.body.error?.code ?? res.body.rejected?.[0]?.code;
      expect(reported).toBe(code);
      expect(t.node.log.count()).toBe(before);
    });
  }

  it('rejects an oversize body with body_too_large (413) and stores nothing', async () => {
    const before = t.node.log.count();
    const huge = { ...buildWrap(desk), content: 'x'.repeat(t.node.config.limits.body_bytes + 10) };
    const res = await post(huge);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('body_too_large');
    expect(t.node.log.count()).toBe(before);
  });

  it('rejects too many events in one request with too_many_events', async () => {
    const res = await post(Array.from({ length: t.node.config.limits.events_per_request + 1 }, () => ({})));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('too_many_events');
  });

  it('rejects a body that is not JSON with unsupported_media_type', async () => {
    const res = await fetch(`${t.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
  });
});

describe('GET /api/v1/events', () => {
  it('never lists sealed reports', async () => {
    await post(buildWrap(desk));
    const res = await fetch(`${t.url}/api/v1/events?kinds=1059`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { events: unknown[] }).events).toEqual([]);
  });

  it('refuses a bad filter with invalid_filter', async () => {
    const res = await fetch(`${t.url}/api/v1/events?kinds=abc`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_filter');
  });
});

describe('HTTP boundary', () => {
  it('answers unknown routes with not_found as JSON', async () => {
    const res = await fetch(`${t.url}/api/v1/nothing`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('sends security headers', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('lets no cache keep a desk answer (they hold report texts)', async () => {
    const { cookie } = await deskHeaders(t);
    const res = await fetch(`${t.url}/api/v1/desk/inbox`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const refused = await fetch(`${t.url}/api/v1/desk/inbox`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('serves the NIP-11 document on / when asked for application/nostr+json', async () => {
    const res = await fetch(`${t.url}/`, { headers: { accept: 'application/nostr+json' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const doc = (await res.json()) as {
      pubkey: string;
      software: string;
      supported_nips: number[];
      limitation: Record<string, unknown>;
    };
    expect(doc.pubkey).toBe(t.node.nodeKey.publicKey);
    expect(doc.supported_nips).toEqual([1, 11, 13, 42, 59, 77]);
    expect(new URL(doc.software).protocol).toMatch(/^https?:$/);
    const limits = t.node.config.limits;
    // Every limit is the one the node enforces, from its config.
    expect(doc.limitation).toEqual({
      max_message_length: limits.frame_bytes,
      max_subscriptions: limits.subscriptions_per_connection,
      max_limit: 5_000,
      default_limit: 500,
      max_subid_length: 64,
      min_pow_difficulty: 8,
      auth_required: false,
      payment_required: false,
      restricted_writes: true,
    });
  });

  it('logs requests without the client address or the body', async () => {
    const marker = 'UNIQUE-PHRASE-ZHANAOZEN-7731';
    await post(buildWrap(desk, { text: marker }));
    await post({ not: marker });
    // The one line that names an address is the server's own, on start.
    const all = t.logs.filter((l) => !l.includes('Server listening')).join('');
    expect(all).toContain('/api/v1/events');
    expect(all).not.toContain('127.0.0.1');
    expect(all).not.toContain(marker);
  });
});

describe('public records from the desk', () => {
  it('accepts a coded event signed by the desk and lists it in GET /api/v1/events', async () => {
    const coded = buildDeskCodedEvent(t.deskKey!, { id: 'evt-http-1' });
    const res = await post(coded);
    expect(res.body).toEqual({ accepted: [coded.id], rejected: [] });
    const list = (await (await fetch(`${t.url}/api/v1/events?kinds=30620&d=evt-http-1`)).json()) as {
      events: { id: string }[];
    };
    expect(list.events.map((e) => e.id)).toEqual([coded.id]);
  });

  it('rejects a coded event whose content breaks the taxonomy with invalid_content', async () => {
    const bad = buildSigned(t.deskKey!, {
      kind: Kind.CodedEvent,
      tags: [['d', 'evt-bad']],
      content: JSON.stringify({ id: 'evt-bad', event_type: 'picnic' }),
    });
    const res = await post(bad);
    expect(res.status).toBe(400);
    expect(res.body.rejected[0].code).toBe('invalid_content');
    expect(t.node.log.has(bad.id)).toBe(false);
  });

  it('answers a stale edit with 409 stale_edit and keeps the current version', async () => {
    const v1 = buildDeskCodedEvent(t.deskKey!, { id: 'evt-edit' }, { createdAt: 1_700_000_000 });
    await post(v1);
    const editA = buildDeskCodedEvent(
      t.deskKey!,
      { id: 'evt-edit', notes: 'editor A' },
      { prev: v1.id, createdAt: 1_700_000_100 },
    );
    const editB = buildDeskCodedEvent(
      t.deskKey!,
      { id: 'evt-edit', notes: 'editor B' },
      { prev: v1.id, createdAt: 1_700_000_200 },
    );
    expect((await post(editA)).status).toBe(200);
    const stale = await post(editB);
    expect(stale.status).toBe(409);
    expect(stale.body.rejected[0].code).toBe('stale_edit');
    const list = (await (await fetch(`${t.url}/api/v1/events?kinds=30620&d=evt-edit`)).json()) as {
      events: { id: string }[];
    };
    expect(list.events.map((e) => e.id)).toEqual([editA.id]);
  });
});
