// Reply routes over HTTP, on real nodes: how a desk reply reaches a reporter (docs/intake.md,
// "Routes back"). A report sent through a node the desk cannot reach is `unroutable` in the
// inbox; an SMS report's reply goes out through the SMS gateway (here a fake one that records
// what it is asked), and is `sms_unavailable`, refused and never stored, where no gateway can
// send it; an SMS report carries the language detected in its text.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kind } from '../src/core/kinds.js';
import { buildTrustedRelays } from '../src/core/records.js';
import { generateKeyPair, signEvent } from '../src/crypto/keys.js';
import { buildWrap, deskSession, linkPeers, postJson, startTestNode, type TestNode } from './support/node.js';

const SIGNING_KEY = 'gateway-signing-key-routes';
const PHONE = '+77015550177';

/** A fake SMS Gateway for Android: records each request and answers `status`. */
interface FakeGateway {
  url: string;
  status: number;
  requests: { method: string; path: string; headers: IncomingHttpHeaders; body: unknown }[];
  close(): Promise<void>;
}

async function fakeGateway(): Promise<FakeGateway> {
  const gateway: FakeGateway = { url: '', status: 202, requests: [], close: async () => {} };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      gateway.requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(body),
      });
      res
        .writeHead(gateway.status, { 'content-type': 'application/json' })
        .end('{"id":"m1","state":"Pending"}');
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  gateway.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  gateway.close = () => new Promise<void>((done) => server.close(() => done()));
  return gateway;
}

/** Deliver an SMS to a node's webhook, signed as the gateway app signs it. */
async function receiveSms(node: TestNode, id: string, message: string, phoneNumber = PHONE): Promise<string> {
  const body = JSON.stringify({
    deviceId: 'ffffffffceb0b1db0000018e937c815b',
    event: 'sms:received',
    id,
    payload: { messageId: id, message, phoneNumber, simNumber: 1, receivedAt: new Date().toISOString() },
    webhookId: 'routes-webhook',
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', SIGNING_KEY)
    .update(body + timestamp)
    .digest('hex');
  const res = await fetch(`${node.url}/api/v1/intake/sms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': signature, 'x-timestamp': timestamp },
    body,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** A report as the desk's inbox lists it (the fields these tests read). */
interface InboxRow {
  id: string;
  text: string;
  reporter: string;
  channel: string;
  lang: string | null;
  via: string | null;
  reply_route: string;
}

async function inbox(node: TestNode, query = 'status=all&limit=200') {
  await node.node.desk!.settled();
  const res = await fetch(`${node.url}/api/v1/desk/inbox?${query}`, { headers: await deskSession(node) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { reports: InboxRow[] }).reports;
}

async function reportWith(node: TestNode, marker: string) {
  const found = (await inbox(node)).find((r) => String(r.text).includes(marker));
  if (!found) throw new Error(`no report with ${marker}`);
  return found;
}

async function reply(node: TestNode, report: InboxRow, text: string) {
  return postJson(
    `${node.url}/api/v1/desk/replies`,
    { to: report.reporter, report_id: report.id, text },
    await deskSession(node),
  );
}

/** The desk's copies of its replies to a reporter, as its conversation view lists them. */
async function repliesTo(node: TestNode, reporter: string): Promise<{ text: string }[]> {
  const res = await fetch(`${node.url}/api/v1/desk/reporters/${reporter}`, {
    headers: await deskSession(node),
  });
  return ((await res.json()) as { replies: { text: string }[] }).replies;
}

let gateway: FakeGateway;
/** A desk that takes SMS and can answer them through its gateway. */
let desk: TestNode;
/** A desk that takes SMS but has no gateway to answer through. */
let mute: TestNode;
/** A relay of `desk`'s network that the desk neither peers with nor trusts, at first. */
let stranger: TestNode;

beforeAll(async () => {
  gateway = await fakeGateway();
  desk = await startTestNode({
    config: {
      sms_signing_key: SIGNING_KEY,
      sms_gateway: { url: `${gateway.url}/message`, username: 'sms', password: 'gateway-pass' },
    },
  });
  mute = await startTestNode({ config: { sms_signing_key: SIGNING_KEY } });
  stranger = await startTestNode({
    role: 'relay',
    deskPubkey: desk.node.deskPubkey!,
    config: { sms_signing_key: SIGNING_KEY },
  });
}, 60_000);
afterAll(async () => {
  await stranger?.close();
  await mute?.close();
  await desk?.close();
  await gateway?.close();
});

describe('routes back to a reporter of the report page', () => {
  it('are unroutable while the node the report came through is neither this node, a peer nor a trusted relay', async () => {
    const replyKey = generateKeyPair();
    const wraps = [
      buildWrap(desk.node.deskPubkey!, {
        content: {
          text: 'Через чужой ретранслятор route-stranger',
          channel: 'web',
          reply_key: replyKey.publicKey,
          via: stranger.node.nodeKey.publicKey,
        },
      }),
      buildWrap(desk.node.deskPubkey!, {
        content: { text: 'Прямо на узел route-here', channel: 'web', via: desk.node.nodeKey.publicKey },
      }),
      buildWrap(desk.node.deskPubkey!, { content: { text: 'Без узла route-none', channel: 'web' } }),
    ];
    expect((await postJson(`${desk.url}/api/v1/events`, wraps)).body.accepted).toHaveLength(3);

    const report = await reportWith(desk, 'route-stranger');
    expect(report).toMatchObject({ via: stranger.node.nodeKey.publicKey, reply_route: 'unroutable' });
    expect(await reportWith(desk, 'route-here')).toMatchObject({ reply_route: 'relay' });
    expect(await reportWith(desk, 'route-none')).toMatchObject({ via: null, reply_route: 'unknown' });
    // The reporter's own view says the same.
    const res = await fetch(`${desk.url}/api/v1/desk/reporters/${report.reporter}`, {
      headers: await deskSession(desk),
    });
    expect(((await res.json()) as { reports: { reply_route: string }[] }).reports[0]?.reply_route).toBe(
      'unroutable',
    );

    // The reply is still sealed and stored (it may reach them later), and the answer says where it stands.
    const sent = await reply(desk, report, 'Ответ, который пока не дойдёт');
    expect(sent).toMatchObject({ status: 201, body: { route: 'unroutable' } });
    expect(desk.node.log.get(sent.body.id)?.tags[0]).toEqual(['p', replyKey.publicKey]);
  });

  it('become relay once that node is a peer, or once the desk trusts it', async () => {
    const other = await startTestNode({ role: 'relay', deskPubkey: desk.node.deskPubkey! });
    try {
      const wrap = buildWrap(desk.node.deskPubkey!, {
        content: {
          text: 'Через доверенный route-trusted',
          channel: 'web',
          via: other.node.nodeKey.publicKey,
        },
      });
      await postJson(`${desk.url}/api/v1/events`, [wrap]);
      expect(await reportWith(desk, 'route-trusted')).toMatchObject({ reply_route: 'unroutable' });
      const list = signEvent(
        buildTrustedRelays(
          { relays: [{ pubkey: other.node.nodeKey.publicKey, url: other.url }] },
          { pubkey: desk.node.deskPubkey!, createdAt: Math.floor(Date.now() / 1000) },
        ),
        desk.deskKey!,
      );
      expect((await postJson(`${desk.url}/api/v1/events`, [list])).body.accepted).toEqual([list.id]);
      expect(await reportWith(desk, 'route-trusted')).toMatchObject({ reply_route: 'relay' });
    } finally {
      await other.close();
    }
    expect(await reportWith(desk, 'route-stranger')).toMatchObject({ reply_route: 'unroutable' });
    linkPeers(desk, stranger);
    expect(await reportWith(desk, 'route-stranger')).toMatchObject({ reply_route: 'relay' });
  });
});

describe('replies to SMS reporters', () => {
  it('carry the language detected in the SMS: Kazakh, Russian', async () => {
    await receiveSms(
      desk,
      'lang-kk',
      'Жаңаөзенде мұнайшылар жұмысты тоқтатты, жалақыны көтеруді талап етеді sms-kk',
    );
    await receiveSms(
      desk,
      'lang-ru',
      'В Жанаозене нефтяники остановили работу, требуют поднять зарплату sms-ru',
    );
    expect(await reportWith(desk, 'sms-kk')).toMatchObject({ channel: 'sms', lang: 'kk' });
    expect(await reportWith(desk, 'sms-ru')).toMatchObject({ channel: 'sms', lang: 'ru' });
    // The desk's filter by language finds them.
    const kazakh = await inbox(desk, 'status=all&lang=kk&channel=sms');
    expect(kazakh.map((r) => r.text)).toEqual([expect.stringContaining('sms-kk')]);
  });

  it('go out as an SMS through the gateway of the node that took it, naming the sender’s number only to the gateway', async () => {
    const report = await reportWith(desk, 'sms-ru');
    expect(report.reply_route).toBe('sms');
    gateway.requests.length = 0;
    const sent = await reply(desk, report, 'Спасибо. Сколько человек вышло? sms-reply-1');
    expect(sent).toMatchObject({ status: 201, body: { route: 'sms' } });
    expect(gateway.requests).toHaveLength(1);
    const [request] = gateway.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/message',
      body: { textMessage: { text: 'Спасибо. Сколько человек вышло? sms-reply-1' }, phoneNumbers: [PHONE] },
    });
    expect(request!.headers.authorization).toBe(
      `Basic ${Buffer.from('sms:gateway-pass').toString('base64')}`,
    );
    expect((await repliesTo(desk, report.reporter)).map((r) => r.text)).toContain(
      'Спасибо. Сколько человек вышло? sms-reply-1',
    );
    // Neither the number nor the text in the node's log lines.
    const logs = desk.logs.join('');
    expect(logs).not.toContain('7015550177');
    expect(logs).not.toContain('sms-reply-1');
  });

  it('are refused, and not stored, when the gateway phone does not take them', async () => {
    const report = await reportWith(desk, 'sms-kk');
    gateway.status = 500;
    try {
      const refused = await reply(desk, report, 'Рахмет! sms-reply-refused');
      expect(refused).toMatchObject({ status: 502, body: { error: { code: 'sms_gateway_failed' } } });
    } finally {
      gateway.status = 202;
    }
    expect((await repliesTo(desk, report.reporter)).map((r) => r.text)).not.toContain(
      'Рахмет! sms-reply-refused',
    );
  });

  it('cannot be delivered where no gateway can send them: sms_unavailable, refused, nothing stored, nothing sent', async () => {
    gateway.requests.length = 0;
    // A desk with no gateway at all.
    await receiveSms(mute, 'mute-1', 'Автобусы стоят у депо sms-mute');
    const report = await reportWith(mute, 'sms-mute');
    expect(report.reply_route).toBe('sms_unavailable');
    const wrapsBefore = mute.node.log.query({ kinds: [Kind.GiftWrap] }, { as: 'node' }).length;
    const refused = await reply(mute, report, 'Не дойдёт sms-reply-mute');
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'sms_reply_unavailable' } } });
    expect(mute.node.log.query({ kinds: [Kind.GiftWrap] }, { as: 'node' })).toHaveLength(wrapsBefore);
    expect(await repliesTo(mute, report.reporter)).toEqual([]);

    // An SMS that came in through another node's gateway: only that node can open its way back.
    const id = await receiveSms(stranger, 'via-relay', 'Митинг у акимата sms-elsewhere', '+77015550188');
    await postJson(`${desk.url}/api/v1/events`, [stranger.node.log.get(id)]);
    const elsewhere = await reportWith(desk, 'sms-elsewhere');
    expect(elsewhere.reply_route).toBe('sms_unavailable');
    const again = await reply(desk, elsewhere, 'Не отсюда sms-reply-elsewhere');
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'sms_reply_unavailable' } } });
    expect(gateway.requests).toEqual([]);
  });
});
