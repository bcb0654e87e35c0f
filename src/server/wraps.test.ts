import * as nip98 from 'nostr-tools/nip98';
import { finalizeEvent } from 'nostr-tools/pure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSigned, postJson, startTestNode, type TestNode } from '../../test/support/node.js';
import { Kind } from '../core/kinds.js';
import { generateKeyPair, type KeyPair } from '../crypto/keys.js';
import { openWrap } from '../crypto/seal.js';
import { replyToReporter } from '../desk/replies.js';

let t: TestNode;
const reporter = generateKeyPair();

beforeAll(async () => {
  t = await startTestNode();
});
afterAll(() => t.close());

/** GET /api/v1/wraps as a reporter's page does: NIP-98 auth made by nostr-tools. */
async function fetchWraps(key: KeyPair, query = '') {
  const url = `${t.url}/api/v1/wraps${query}`;
  const token = await nip98.getToken(url, 'get', (e) => finalizeEvent(e, key.secretKey), true);
  const res = await fetch(url, { headers: { authorization: token } });
  return {
    status: res.status,
    body: (await res.json()) as { events?: { id: string }[]; error?: { code: string } },
  };
}

describe('replies from the desk to a reporter', () => {
  it('are stored, fetched by the reporter with NIP-98 auth, and open with the reporter key only', async () => {
    const wrap = await replyToReporter(t.node, {
      to: reporter.publicKey,
      text: 'Спасибо! Какой это был день?',
      actor: 'admin',
    });
    expect(wrap.pubkey).not.toBe(t.node.deskPubkey); // a one-time signer, as on a report
    const { status, body } = await fetchWraps(reporter);
    expect(status).toBe(200);
    expect(body.events?.map((e) => e.id)).toEqual([wrap.id]);

    const opened = openWrap(wrap, reporter.secretKey);
    expect(opened.author).toBe(t.node.deskPubkey);
    expect(opened.rumor.kind).toBe(Kind.Reply);
    expect(JSON.parse(opened.rumor.content).text).toBe('Спасибо! Какой это был день?');
    expect(opened.rumor.tags).toContainEqual(['p', reporter.publicKey]);

    // Another key sees nothing; the public list never shows wraps.
    expect((await fetchWraps(generateKeyPair())).body.events).toEqual([]);
    const pub = (await (await fetch(`${t.url}/api/v1/events?kinds=1059`)).json()) as { events: unknown[] };
    expect(pub.events).toEqual([]);
  });

  it('refuses requests without auth, with a token for another URL, or a replayed token', async () => {
    const none = await fetch(`${t.url}/api/v1/wraps`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('auth_required');

    const other = await nip98.getToken(
      `${t.url}/api/v1/other`,
      'get',
      (e) => finalizeEvent(e, reporter.secretKey),
      true,
    );
    const wrongUrl = await fetch(`${t.url}/api/v1/wraps`, { headers: { authorization: other } });
    expect(((await wrongUrl.json()) as { error: { code: string } }).error.code).toBe('auth_failed');

    const url = `${t.url}/api/v1/wraps`;
    const token = await nip98.getToken(url, 'get', (e) => finalizeEvent(e, reporter.secretKey), true);
    expect((await fetch(url, { headers: { authorization: token } })).status).toBe(200);
    const replay = await fetch(url, { headers: { authorization: token } });
    expect(replay.status).toBe(401);
  });

  it('relays refuse wraps to other keys that are not shaped like a reply (src/desk/replies.test.ts has more)', async () => {
    const stranger = buildSigned(generateKeyPair(), {
      kind: Kind.GiftWrap,
      tags: [['p', reporter.publicKey]],
      content: 'x',
    });
    const res = await postJson(`${t.url}/api/v1/events`, stranger);
    expect(res.body.rejected[0].code).toBe('bad_reply_wrap');
  });
});
