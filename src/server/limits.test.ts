import { connect, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { deskHeaders, startTestNode, TEST_ADMIN_PASSWORD, type TestNode } from '../../test/support/node.js';
import { closeSourceAgents, requestFrom } from '../../test/support/source.js';
import { defaultConfig } from '../node/config.js';

const limits = defaultConfig('relay', null).limits;
afterAll(() => closeSourceAgents());

/** A raw TCP client: resolves with how long the node took to close it (null: not within `waitMs`). */
function closedWithin(port: number, send: string, waitMs: number): Promise<{ ms: number | null }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket: Socket = connect({ host: '127.0.0.1', port });
    socket.resume();
    socket.on('error', () => {});
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ms: null });
    }, waitMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - started });
    });
    socket.on('connect', () => {
      if (send) socket.write(send);
    });
  });
}

describe('HTTP timeouts', () => {
  it('closes half-sent bodies, half-sent headers and silent sockets', async () => {
    const t = await startTestNode({
      role: 'relay',
      config: {
        limits: {
          ...limits,
          request_timeout_seconds: 1,
          headers_timeout_seconds: 1,
          idle_timeout_seconds: 1,
          keep_alive_seconds: 1,
        },
      },
    });
    try {
      const port = Number(new URL(t.url).port);
      const [body, headers, silent] = await Promise.all([
        closedWithin(
          port,
          'POST /api/v1/events HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n[{"id":',
          6_000,
        ),
        closedWithin(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', 6_000),
        closedWithin(port, '', 6_000),
      ]);
      for (const r of [body, headers, silent]) {
        expect(r.ms).not.toBeNull();
        expect(r.ms!).toBeLessThan(4_000);
      }
      // The node still answers whole requests.
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    } finally {
      await t.close();
    }
  }, 20_000);
});

/** Open a WebSocket from `from`; resolves with the socket, or the HTTP status it was refused with. */
function wsFrom(url: string, from: string): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { localAddress: from });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.once('error', () => resolve(0));
  });
}

/** Send a REQ and wait for its EOSE or CLOSED. */
function subscribe(ws: WebSocket, subId: string): Promise<unknown[]> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const m = JSON.parse(data.toString()) as unknown[];
      if ((m[0] === 'EOSE' || m[0] === 'CLOSED') && m[1] === subId) {
        ws.off('message', onMessage);
        resolve(m);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify(['REQ', subId, { kinds: [1], limit: 1 }]));
  });
}

describe('WebSocket caps', () => {
  let t: TestNode;
  afterAll(() => t?.close());

  it('caps connections per source and in all, and subscriptions per source over its connections', async () => {
    t = await startTestNode({
      role: 'relay',
      config: {
        limits: {
          ...limits,
          ws_connections_per_source: 3,
          ws_connections_total: 5,
          subscriptions_per_connection: 4,
          subscriptions_per_source: 5,
        },
      },
    });
    const a = await Promise.all([1, 2, 3].map(() => wsFrom(t.wsUrl, '127.0.0.2')));
    expect(a.every((s) => s instanceof WebSocket)).toBe(true);
    expect(await wsFrom(t.wsUrl, '127.0.0.2')).toBe(429);
    const b = await Promise.all([1, 2].map(() => wsFrom(t.wsUrl, '127.0.0.3')));
    expect(b.every((s) => s instanceof WebSocket)).toBe(true);
    // Five open in all: a sixth source is told the node is busy.
    expect(await wsFrom(t.wsUrl, '127.0.0.4')).toBe(503);

    const [first, second] = a as WebSocket[];
    for (let i = 0; i < 4; i++) expect((await subscribe(first!, `a${i}`))[0]).toBe('EOSE');
    expect((await subscribe(second!, 'b0'))[0]).toBe('EOSE');
    const over = await subscribe(second!, 'b1');
    expect(over[0]).toBe('CLOSED');
    expect(String(over[2])).toContain('too_many_subscriptions');
    // Another source is not held to this one's count.
    expect((await subscribe(b[0] as WebSocket, 'c0'))[0]).toBe('EOSE');

    // Closing a subscription, or a connection, frees its place.
    first!.send(JSON.stringify(['CLOSE', 'a0']));
    expect((await subscribe(second!, 'b1'))[0]).toBe('EOSE');
    const closed = new Promise((r) => first!.once('close', r));
    first!.close();
    await closed;
    await new Promise((r) => setTimeout(r, 100));
    expect((await subscribe(second!, 'b2'))[0]).toBe('EOSE');
    expect(await wsFrom(t.wsUrl, '127.0.0.2')).toBeInstanceOf(WebSocket);
    for (const s of [...a, ...b]) if (s instanceof WebSocket) s.terminate();
  });
});

describe('trust_proxy', () => {
  it('keys limits on X-Forwarded-For and sets Secure from X-Forwarded-Proto only behind a listed proxy', async () => {
    const strict = { ...limits, http_requests_per_minute: 3 };
    const direct = await startTestNode({ config: { limits: strict } });
    const proxied = await startTestNode({ config: { limits: strict, trust_proxy: ['127.0.0.1'] } });
    try {
      const hit = (t: TestNode, from: string, client: string) =>
        requestFrom(`${t.url}/api/v1/node`, from, { headers: { 'x-forwarded-for': client } });

      // Without trust_proxy the header is ignored: "different clients" share one bucket.
      const plain = [];
      for (let i = 0; i < 4; i++) plain.push((await hit(direct, '127.0.0.1', `10.0.0.${i + 1}`)).status);
      expect(plain).toEqual([200, 200, 200, 429]);

      // Behind the listed proxy each client has its own bucket, and a reporter is not
      // stopped by what others send.
      for (let i = 0; i < 3; i++) expect((await hit(proxied, '127.0.0.1', '10.0.0.66')).status).toBe(200);
      const limited = await hit(proxied, '127.0.0.1', '10.0.0.66');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await hit(proxied, '127.0.0.1', '10.0.0.7')).status).toBe(200);
      // A client that is not the proxy cannot pick its own address with the header.
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await hit(proxied, '127.0.0.9', `10.1.0.${i}`)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);

      const signIn = (t: TestNode, from: string) =>
        requestFrom(`${t.url}/api/v1/desk/session`, from, {
          body: { username: 'admin', password: TEST_ADMIN_PASSWORD },
          headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '10.2.0.1' },
        });
      const cookiesOf = (r: { headers: Record<string, string | string[] | undefined> }) =>
        [r.headers['set-cookie'] ?? []].flat().join('\n');
      const behindProxy = await signIn(proxied, '127.0.0.1');
      expect(behindProxy.status).toBe(200);
      expect(cookiesOf(behindProxy)).toMatch(/tilshi_session=[^;]+;.*; Secure/);
      const notTrusted = await signIn(proxied, '127.0.0.10');
      expect(notTrusted.status).toBe(200);
      expect(cookiesOf(notTrusted)).not.toContain('Secure');
      const noProxy = await signIn(direct, '127.0.0.2');
      expect(noProxy.status).toBe(200);
      expect(cookiesOf(noProxy)).not.toContain('Secure');
    } finally {
      await direct.close();
      await proxied.close();
    }
  });
});

describe('malformed headers', () => {
  it('answers a cookie that is not percent-encoding, or a broken Origin, with a 4xx and a code', async () => {
    const t = await startTestNode();
    try {
      const badCookie = await fetch(`${t.url}/api/v1/desk/session`, {
        headers: { cookie: 'tilshi_session=%E0%A4%A' },
      });
      expect(badCookie.status).toBe(401);
      expect(((await badCookie.json()) as { error: { code: string } }).error.code).toBe('not_signed_in');

      const headers = await deskHeaders(t);
      for (const origin of ['http://[', 'not a url', 'http://%zz']) {
        const res = await fetch(`${t.url}/api/v1/desk/password`, {
          method: 'POST',
          headers: { ...headers, origin, 'content-type': 'application/json' },
          body: JSON.stringify({ current_password: 'x', new_password: 'y' }),
        });
        expect(res.status).toBe(403);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
      }
    } finally {
      await t.close();
    }
  });
});
