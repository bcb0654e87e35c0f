import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../test/support/node.js';
import { Kind } from '../core/kinds.js';
import { generateKeyPair } from '../crypto/keys.js';
import { openWrap } from '../crypto/seal.js';
import { dataPaths } from '../node/config.js';
import { intakeKey } from './seen.js';
import { openSmsReturn } from './sms-reply.js';

const SIGNING_KEY = 'gateway-signing-key-9f2c';
let t: TestNode;
// The gateway's node is a relay: it seals the SMS to a desk elsewhere and can never read it back.
const desk = generateKeyPair();

beforeAll(async () => {
  t = await startTestNode({
    role: 'relay',
    deskPubkey: desk.publicKey,
    config: { sms_signing_key: SIGNING_KEY },
  });
});
afterAll(() => t.close());

/** A webhook exactly as SMS Gateway for Android sends it (docs: features/webhooks). */
function webhook(
  overrides: {
    id?: string;
    message?: string;
    phoneNumber?: string;
    receivedAt?: string;
    event?: string;
  } = {},
) {
  return JSON.stringify({
    deviceId: 'ffffffffceb0b1db0000018e937c815b',
    event: overrides.event ?? 'sms:received',
    id: overrides.id ?? 'Ey6ECgOkVVFjz3CL48B8C',
    payload: {
      messageId: 'abc123',
      message: overrides.message ?? 'Zhanaozen: voditeli perekryli dorogu, 500 chel',
      phoneNumber: overrides.phoneNumber ?? '+77011234567',
      simNumber: 1,
      receivedAt: overrides.receivedAt ?? '2022-01-02T15:46:11.000+05:00',
    },
    webhookId: 'LreFUt-Z3sSq0JufY9uWB',
  });
}

async function deliver(body: string, options: { key?: string; timestamp?: number } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', options.key ?? SIGNING_KEY)
    .update(body + timestamp)
    .digest('hex');
  const res = await fetch(`${t.url}/api/v1/intake/sms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': signature, 'x-timestamp': timestamp },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const wraps = () => t.node.log.query({ kinds: [Kind.GiftWrap] }, { as: 'node' });

describe('SMS intake (SMS Gateway for Android webhook)', () => {
  it('seals the SMS to the desk at once and stores it; the desk opens it', async () => {
    const res = await deliver(webhook({ message: 'Жанаозен: UNIQUE-SMS-4471 у акимата' }));
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('stored');
    const wrap = t.node.log.get(res.body.id)!;
    const opened = openWrap(wrap, desk.secretKey);
    expect(opened.rumor.kind).toBe(Kind.Report);
    const content = JSON.parse(opened.rumor.content);
    expect(content).toEqual({
      text: 'Жанаозен: UNIQUE-SMS-4471 у акимата',
      channel: 'sms',
      // An SMS declares no language: the analysis detects it.
      lang: 'ru',
      sms_return: expect.any(String),
    });
    // The way back is the number, readable only with this node's intake key.
    expect(content.sms_return).not.toContain('7011234567');
    expect(openSmsReturn(intakeKey(t.node.dataDir), content.sms_return)).toBe('+77011234567');
    expect(opened.rumor.created_at).toBe(Date.parse('2022-01-02T15:46:11.000+05:00') / 1000);
  });

  it('stores a resent webhook and a duplicated SMS once', async () => {
    const body = webhook({ id: 'resend-1', message: 'resend test' });
    const first = await deliver(body);
    const again = await deliver(body);
    const sameSmsNewWebhook = await deliver(webhook({ id: 'resend-2', message: 'resend test' }));
    expect(first.body.status).toBe('stored');
    expect(again.body).toEqual({ status: 'duplicate', id: first.body.id });
    expect(sameSmsNewWebhook.body).toEqual({ status: 'duplicate', id: first.body.id });
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => deliver(webhook({ id: 'race', message: 'race' }))),
    );
    expect(new Set(concurrent.map((r) => r.body.id)).size).toBe(1);
  });

  it('groups messages of one sender under one reporter key, whatever the number format', async () => {
    const a = await deliver(webhook({ id: 's1', message: 'one', phoneNumber: '+7 701 555 0101' }));
    const b = await deliver(webhook({ id: 's2', message: 'two', phoneNumber: '87015550101' }));
    const c = await deliver(webhook({ id: 's3', message: 'three', phoneNumber: '+77015550102' }));
    const author = (id: string) => openWrap(t.node.log.get(id)!, desk.secretKey).author;
    expect(author(a.body.id)).toBe(author(b.body.id));
    expect(author(a.body.id)).not.toBe(author(c.body.id));
  });

  it('never stores the number or the text in clear', async () => {
    await deliver(webhook({ id: 'secret', message: 'SECRET-TEXT-8812', phoneNumber: '+77019998877' }));
    t.node.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(dataPaths(t.dataDir).database).toString('latin1');
    const utf8 = readFileSync(dataPaths(t.dataDir).database).toString('utf8');
    for (const needle of ['SECRET-TEXT-8812', '77019998877', '7019998877']) {
      expect(bytes.includes(needle) || utf8.includes(needle)).toBe(false);
    }
    expect(t.logs.join('')).not.toContain('SECRET-TEXT-8812');
  });

  it('refuses a bad signature, a stale timestamp and a malformed payload, storing nothing', async () => {
    const before = wraps().length;
    expect((await deliver(webhook({ id: 'x1' }), { key: 'wrong-key-123' })).body.error.code).toBe(
      'bad_signature',
    );
    expect(
      (await deliver(webhook({ id: 'x2' }), { timestamp: Math.floor(Date.now() / 1000) - 3600 })).body.error
        .code,
    ).toBe('stale_timestamp');
    const bad = await deliver(JSON.stringify({ event: 'sms:received', id: 'x3', payload: { message: '' } }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_sms');
    const notJson = await deliver('{"event":');
    expect(notJson.body.error.code).toBe('invalid_json');
    expect(wraps().length).toBe(before);
  });

  it('acknowledges other gateway events without storing anything', async () => {
    const before = wraps().length;
    const res = await deliver(webhook({ event: 'system:ping', id: 'ping-1' }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ignored: 'system:ping' });
    expect(wraps().length).toBe(before);
  });
});

describe('SMS intake switched off', () => {
  it('answers sms_not_configured when no signing key is set', async () => {
    const plain = await startTestNode();
    try {
      const res = await fetch(`${plain.url}/api/v1/intake/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: webhook(),
      });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('sms_not_configured');
    } finally {
      await plain.close();
    }
  });
});
