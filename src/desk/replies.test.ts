import * as nip98 from 'nostr-tools/nip98';
import { finalizeEvent } from 'nostr-tools/pure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWrap, postJson, startTestNode, type TestNode } from '../../test/support/node.js';
import { openReply } from '../../web/src/shared/open-sealed.js';
import { sealCrypto } from '../../web/src/shared/seal-crypto.js';
import type { NostrEvent } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { generateKeyPair, type KeyPair, plainEvent } from '../crypto/keys.js';
import { minePow, powOf } from '../crypto/pow.js';
import { openWrap } from '../crypto/seal.js';
import { listReplies } from './inbox.js';
import { replyToReporter } from './replies.js';

let desk: TestNode;
let relay: TestNode;
const device = generateKeyPair();
const replyKey = generateKeyPair();
let report: NostrEvent;
let oldReport: NostrEvent;

beforeAll(async () => {
  desk = await startTestNode();
  relay = await startTestNode({ role: 'relay', deskPubkey: desk.node.deskPubkey! });
  const to = desk.node.deskPubkey!;
  report = buildWrap(to, {
    reporter: device,
    content: { text: 'Strike at the depot', channel: 'web', reply_key: replyKey.publicKey },
  });
  // A report from a page made before reply keys: replies go to the device key.
  oldReport = buildWrap(to, { reporter: generateKeyPair(), text: 'Rally at the akimat' });
  for (const node of [desk, relay]) {
    const res = await postJson(`${node.url}/api/v1/events`, [report, oldReport]);
    expect(res.body.accepted).toHaveLength(2);
  }
  await desk.node.desk!.settled();
});
afterAll(async () => {
  await relay.close();
  await desk.close();
});

const rumorId = (wrap: NostrEvent) => openWrap(wrap, desk.deskKey!.secretKey).rumor.id;

/** GET /api/v1/wraps as the report page does, with NIP-98 auth by `key`. */
async function fetchWraps(node: TestNode, key: KeyPair): Promise<NostrEvent[]> {
  const url = `${node.url}/api/v1/wraps`;
  const token = await nip98.getToken(url, 'get', (e) => finalizeEvent(e, key.secretKey), true);
  const res = await fetch(url, { headers: { authorization: token } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: NostrEvent[] }).events;
}

describe('replies to reporters', () => {
  it('are sealed to the report’s reply key in a wrap a relay cannot tell from a report by its signer', async () => {
    const wrap = await replyToReporter(desk.node, {
      to: device.publicKey,
      reportId: rumorId(report),
      text: 'Спасибо. Сколько вас?',
      actor: 'admin',
    });
    const second = await replyToReporter(desk.node, { to: device.publicKey, text: 'И ещё', actor: 'admin' });
    // What a relay sees: a one-time signer, one p tag and a nonce, the same work as a report.
    for (const w of [wrap, second]) {
      expect(w.tags.map((t) => t[0])).toEqual(report.tags.map((t) => t[0]));
      expect(w.tags[0]).toEqual(['p', replyKey.publicKey]);
      expect(powOf(w.id)).toBeGreaterThanOrEqual(desk.node.config.pow_difficulty);
    }
    const res = await postJson(`${relay.url}/api/v1/events`, [wrap, second]);
    expect(res.body).toMatchObject({ accepted: [wrap.id, second.id], rejected: [] });
    const stored = relay.node.log.query({ kinds: [Kind.GiftWrap] }, { as: 'node' });
    const signers = stored.map((e) => e.pubkey);
    expect(new Set(signers).size).toBe(stored.length); // every wrap has a signer of its own
    for (const known of [desk.node.deskPubkey, desk.node.nodeKey.publicKey, device.publicKey]) {
      expect(signers).not.toContain(known);
      expect(stored.flatMap((e) => e.tags.map((t) => t[1]))).not.toContain(device.publicKey);
    }

    // The reporter's page fetches with the reply key from the relay and opens it there.
    const fetched = await fetchWraps(relay, replyKey);
    expect(fetched.map((e) => e.id).sort()).toEqual([wrap.id, second.id].sort());
    const opened = fetched.map((e) => openReply(sealCrypto, e, replyKey.secretKey, desk.node.deskPubkey!));
    expect(opened.map((o) => o?.text).sort()).toEqual(['Спасибо. Сколько вас?', 'И ещё'].sort());
    expect(opened.find((o) => o?.reportId)?.reportId).toBe(rumorId(report));
    expect(await fetchWraps(relay, device)).toEqual([]);

    // The desk keeps the conversation under the reporter's key.
    expect(
      listReplies(desk.node.db, device.publicKey)
        .map((r) => r.text)
        .sort(),
    ).toEqual(['Спасибо. Сколько вас?', 'И ещё'].sort());
  });

  it('still reach a report sent before reply keys, at its device key, in a one-time wrap', async () => {
    const author = openWrap(oldReport, desk.deskKey!.secretKey).author;
    const wrap = await replyToReporter(desk.node, {
      to: author,
      reportId: rumorId(oldReport),
      text: 'Which day?',
      actor: 'admin',
    });
    expect(wrap.tags[0]).toEqual(['p', author]);
    expect(wrap.pubkey).not.toBe(desk.node.deskPubkey);
    expect((await postJson(`${relay.url}/api/v1/events`, wrap)).body.accepted).toEqual([wrap.id]);
  });

  it('refuse a reply naming a report of another reporter', async () => {
    await expect(
      replyToReporter(desk.node, {
        to: generateKeyPair().publicKey,
        reportId: rumorId(report),
        text: 'x',
        actor: 'admin',
      }),
    ).rejects.toMatchObject({ code: 'unknown_report' });
  });

  it('are the only wraps to other keys a node takes: no work, another shape or no NIP-44 payload is refused', async () => {
    const valid = await replyToReporter(desk.node, { to: device.publicKey, text: 'ok', actor: 'admin' });
    const stranger = generateKeyPair();
    const forge = (tags: string[][], content = valid.content, work = true) => {
      const template = {
        kind: Kind.GiftWrap,
        pubkey: stranger.publicKey,
        created_at: 1_700_000_000,
        tags,
        content,
      };
      if (work) {
        const { id: _id, ...mined } = minePow(template, 8);
        return plainEvent(finalizeEvent(mined, stranger.secretKey));
      }
      // Without work: a time whose id happens to have fewer than the 8 bits the node wants.
      for (; ; template.created_at++) {
        const e = plainEvent(finalizeEvent(template, stranger.secretKey));
        if (powOf(e.id) < 8) return e;
      }
    };
    const cases: [NostrEvent, string][] = [
      [forge([['p', replyKey.publicKey]], valid.content, false), 'insufficient_pow'],
      [
        forge([
          ['p', replyKey.publicKey],
          ['t', 'hello'],
        ]),
        'bad_reply_wrap',
      ],
      [forge([['p', replyKey.publicKey]], 'x'.repeat(200)), 'bad_reply_wrap'],
      [forge([['p', replyKey.publicKey]], `AQ${valid.content.slice(2)}`), 'bad_reply_wrap'], // NIP-44 v1
      [
        forge([
          ['p', replyKey.publicKey],
          ['p', device.publicKey],
        ]),
        'wrong_recipient',
      ],
      [forge([['p', 'not-a-key']]), 'wrong_recipient'],
    ];
    const res = await postJson(
      `${relay.url}/api/v1/events`,
      cases.map(([e]) => e),
    );
    expect(res.body.accepted).toEqual([]);
    expect(res.body.rejected.map((r: { code: string }) => r.code)).toEqual(cases.map(([, code]) => code));
    // A well-formed one with work from anyone is taken: it cost what a report costs.
    expect((await postJson(`${relay.url}/api/v1/events`, forge([['p', replyKey.publicKey]]))).status).toBe(
      200,
    );
  });
});
