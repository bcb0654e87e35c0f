import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { minePow } from 'nostr-tools/nip13';
import * as nip17 from 'nostr-tools/nip17';
import * as nip44 from 'nostr-tools/nip44';
import { createRumor, createSeal } from 'nostr-tools/nip59';
import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { InboxQuerySchema, listInbox } from '../src/desk/inbox.js';
import { startTestNode, type TestNode } from './support/node.js';

// Issue 14: a report sent by an ordinary Nostr client was answered OK and never reached the
// inbox. Everything here is built with nostr-tools alone, as another client would build it.

const example = fileURLToPath(new URL('../docs/examples/send-report.mjs', import.meta.url));
const run = promisify(execFile);

let t: TestNode;
beforeAll(async () => {
  t = await startTestNode({ config: { pow_difficulty: 12 } });
});
afterAll(() => t.close());

const inboxItem = (node: TestNode, id: string) =>
  listInbox(node.node.db, InboxQuerySchema.parse({ status: 'all', limit: 200 })).reports.find(
    (r) => r.id === id,
  );

/** One EVENT over the relay's WebSocket; resolves with its OK frame. */
function sendEvent(url: string, event: unknown): Promise<[string, string, boolean, string]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => ws.send(JSON.stringify(['EVENT', event])));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as [string, string, boolean, string];
      if (frame[0] !== 'OK') return;
      ws.close();
      resolve(frame);
    });
    ws.on('error', reject);
  });
}

/** A gift wrap to the desk holding `sealJson` as its plaintext, mined to the node's work. */
function wrapHolding(plaintext: string, desk: string, difficulty: number) {
  const wrapKey = generateSecretKey();
  const { id: _id, ...mined } = minePow(
    {
      kind: 1059,
      pubkey: getPublicKey(wrapKey),
      created_at: Math.floor(Date.now() / 1000),
      tags: [['p', desk]],
      content: nip44.encrypt(plaintext, nip44.getConversationKey(wrapKey, desk)),
    },
    difficulty,
  );
  return finalizeEvent(mined, wrapKey);
}

describe('a report from any Nostr client', () => {
  it.each([
    ['14', 'NIP-17 message: забастовка на шахте Казахстанская с утра'],
    ['4620', 'plain-text 4620: рабочие депо остановили работу'],
    ['1', 'kind 1 note: митинг у акимата Темиртау'],
  ])(
    'docs/examples/send-report.mjs with kind %s reaches the inbox, channel nostr',
    async (kind, text) => {
      const { stdout } = await run(process.execPath, [example, t.wsUrl, text, kind], { timeout: 60_000 });
      const sent = JSON.parse(stdout) as { wrap: string; rumor: string; difficulty: number };
      expect(sent.difficulty).toBe(12);
      await t.node.desk!.settled();
      expect(inboxItem(t, sent.rumor)).toMatchObject({ text, channel: 'nostr', status: 'new' });
    },
    90_000,
  );

  it('nip17.wrapEvent as it comes (no work) reaches the inbox of a node that asks for none', async () => {
    const open = await startTestNode({ config: { pow_difficulty: 0 } });
    try {
      const sender = generateSecretKey();
      const wrap = nip17.wrapEvent(
        sender,
        { publicKey: open.node.deskPubkey! },
        'Бастуют водители автобусов',
      );
      const [, , ok, message] = await sendEvent(open.wsUrl, wrap);
      expect(ok, message).toBe(true);
      await open.node.desk!.settled();
      const inbox = listInbox(open.node.db, InboxQuerySchema.parse({ status: 'all' })).reports;
      expect(inbox).toEqual([
        expect.objectContaining({ text: 'Бастуют водители автобусов', channel: 'nostr', status: 'new' }),
      ]);
    } finally {
      await open.close();
    }
  }, 90_000);

  it('a wrap with garbage inside, or a rumor the schema refuses, is listed unreadable with the reason', async () => {
    const desk = t.node.deskPubkey!;
    const garbage = wrapHolding('this is not a sealed event', desk, 12);
    const key = generateSecretKey();
    const badRumor = createRumor({ kind: 4620, content: JSON.stringify({ text: 5, channel: 'web' }) }, key);
    const badReport = wrapHolding(JSON.stringify(createSeal(badRumor, key, desk)), desk, 12);
    const tooLong = createRumor({ kind: 14, tags: [['p', desk]], content: 'x'.repeat(6_000) }, key);
    const longReport = wrapHolding(JSON.stringify(createSeal(tooLong, key, desk)), desk, 12);
    for (const w of [garbage, badReport, longReport]) expect((await sendEvent(t.wsUrl, w))[2]).toBe(true);
    await t.node.desk!.settled();
    expect(inboxItem(t, garbage.id)).toMatchObject({ status: 'unreadable', text: '' });
    expect(inboxItem(t, garbage.id)?.problem).toBe('bad_seal: the wrap opens but holds no JSON event');
    expect(inboxItem(t, badRumor.id)).toMatchObject({ status: 'unreadable', channel: 'web' });
    expect(inboxItem(t, badRumor.id)?.problem).toMatch(/text/);
    expect(inboxItem(t, tooLong.id)).toMatchObject({ status: 'unreadable', channel: 'nostr' });
    expect(inboxItem(t, tooLong.id)?.text).toHaveLength(5_000);
    expect(inboxItem(t, tooLong.id)?.problem).toMatch(/text/);
    // The three, and nothing the earlier reports left.
    expect(t.node.desk!.progress().unreadable).toBe(3);
  }, 90_000);
});
