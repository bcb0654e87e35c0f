import { getConversationKey } from 'nostr-tools/nip44';
import { verifyEvent } from 'nostr-tools/pure';
import { describe, expect, it } from 'vitest';
import { ReportContentSchema } from '../../../src/core/content.js';
import { Kind } from '../../../src/core/kinds.js';
import { buildReceiptRumor, buildReplyRumor } from '../../../src/core/records.js';
import { generateKeyPair } from '../../../src/crypto/keys.js';
import { powOf } from '../../../src/crypto/pow.js';
import { openWrap, sealRumor } from '../../../src/crypto/seal.js';
import { openFromDesk as fromDesk, openOwnSeal as ownSeal, openReply as reply } from './open-sealed.js';
import { miner } from './pow.js';
import { sealReport, signWrap } from './seal.js';
import { sealCrypto } from './seal-crypto.js';

const openFromDesk = (...a: Parameters<typeof fromDesk> extends [unknown, ...infer R] ? R : never) =>
  fromDesk(sealCrypto, ...a);
const openOwnSeal = (...a: Parameters<typeof ownSeal> extends [unknown, ...infer R] ? R : never) =>
  ownSeal(sealCrypto, ...a);
const openReply = (...a: Parameters<typeof reply> extends [unknown, ...infer R] ? R : never) =>
  reply(sealCrypto, ...a);

const desk = generateKeyPair();
const device = generateKeyPair();
const content = ReportContentSchema.parse({
  text: 'Забастовка на шахте имени Костенко, стоят 300 человек',
  channel: 'web',
  lang: 'ru',
  hints: { place: 'Караганда' },
});

/** What the page does: seal, mine (here with the fallback miner), sign. */
function sealAndMine(difficulty = 8) {
  const sealed = sealReport(content, device.secretKey, desk.publicKey);
  const m = miner({ event: sealed.wrap, difficulty, start: 0, step: 1 });
  let nonce: string | null = null;
  while (nonce === null) nonce = m.run(10_000);
  return { sealed, wrap: signWrap(sealed.wrap, sealed.wrapKey, nonce, difficulty) };
}

describe('sealing in the browser', () => {
  it('makes a wrap the desk opens with openWrap of the node, with the work and a valid signature', () => {
    const { sealed, wrap } = sealAndMine(10);
    expect(wrap.kind).toBe(Kind.GiftWrap);
    expect(wrap.tags).toContainEqual(['p', desk.publicKey]);
    expect(wrap.pubkey).not.toBe(device.publicKey);
    expect(wrap.content).not.toContain('Забастовка');
    expect(powOf(wrap.id)).toBeGreaterThanOrEqual(10);
    expect(verifyEvent({ ...wrap })).toBe(true);

    const opened = openWrap(wrap, desk.secretKey);
    expect(opened.author).toBe(device.publicKey);
    expect(opened.rumor.id).toBe(sealed.rumorId);
    expect(opened.rumor.kind).toBe(Kind.Report);
    expect(ReportContentSchema.parse(JSON.parse(opened.rumor.content))).toEqual(content);
  });

  it('keeps a seal that the device key opens again, and nothing else does', () => {
    const { sealed } = sealAndMine();
    expect(sealed.seal.kind).toBe(Kind.Seal);
    // NIP-59: the seal's time is blurred within two days before now, the rumor's is not.
    expect(sealed.seal.created_at).toBeLessThanOrEqual(sealed.createdAt);
    expect(sealed.createdAt - sealed.seal.created_at).toBeLessThanOrEqual(2 * 24 * 3600);
    expect(openOwnSeal(sealed.seal, getConversationKey(device.secretKey, desk.publicKey))).toEqual(content);
    const stranger = generateKeyPair();
    expect(openOwnSeal(sealed.seal, getConversationKey(stranger.secretKey, desk.publicKey))).toBeUndefined();
  });
});

describe('openReply', () => {
  function deskReply(
    text: string,
    options: { from?: typeof desk; to?: string; kind?: number; sealTo?: string; deskSigned?: boolean } = {},
  ) {
    const from = options.from ?? desk;
    const rumor = buildReplyRumor(
      { text },
      {
        pubkey: from.publicKey,
        createdAt: 1_700_000_000,
        to: options.to ?? device.publicKey,
        reportId: 'ab'.repeat(32),
      },
    );
    // As src/desk/replies.ts sends it: a wrap signed by a one-time key, to the report's reply
    // key; before reply keys, a wrap the desk signed, to the device key.
    return sealRumor(
      { ...rumor, kind: options.kind ?? rumor.kind },
      from.secretKey,
      options.sealTo ?? device.publicKey,
      options.deskSigned ? { wrapSecretKey: from.secretKey } : {},
    );
  }

  it('opens a reply sealed to the reply key of one report, and one the desk signed before reply keys', () => {
    const replyKey = generateKeyPair();
    const wrap = deskReply('Спасибо!', { sealTo: replyKey.publicKey });
    expect(wrap.pubkey).not.toBe(desk.publicKey);
    expect(wrap.tags).toEqual([['p', replyKey.publicKey]]);
    expect(openReply(wrap, replyKey.secretKey, desk.publicKey)?.text).toBe('Спасибо!');
    expect(openReply(wrap, device.secretKey, desk.publicKey)).toBeUndefined();
    const old = deskReply('Старый ответ', { deskSigned: true });
    expect(openReply(old, device.secretKey, desk.publicKey)?.text).toBe('Старый ответ');
  });

  it('opens a reply the desk sealed to this device', () => {
    const wrap = deskReply('Спасибо. Какого числа это было?');
    expect(openReply(wrap, device.secretKey, desk.publicKey)).toEqual({
      wrapId: wrap.id,
      rumorId: expect.stringMatching(/^[0-9a-f]{64}$/),
      createdAt: 1_700_000_000,
      text: 'Спасибо. Какого числа это было?',
      reportId: 'ab'.repeat(32),
    });
  });

  it('ignores a "reply" sealed by anyone but the desk, another kind, or a wrap for another key', () => {
    const impostor = generateKeyPair();
    expect(
      openReply(deskReply('I am the desk', { from: impostor }), device.secretKey, desk.publicKey),
    ).toBeUndefined();
    expect(
      openReply(deskReply('{}', { kind: Kind.Report }), device.secretKey, desk.publicKey),
    ).toBeUndefined();
    expect(openReply(deskReply('hi'), generateKeyPair().secretKey, desk.publicKey)).toBeUndefined();
  });
});

describe('openFromDesk', () => {
  const receipt = (from: typeof desk, to: string) =>
    sealRumor(
      buildReceiptRumor(
        { report: 'cd'.repeat(32) },
        { pubkey: from.publicKey, createdAt: 1_700_000_000, to },
      ),
      from.secretKey,
      to,
    );

  it('opens the desk’s receipt of a report, which openReply (the join page) leaves alone', () => {
    const replyKey = generateKeyPair();
    const wrap = receipt(desk, replyKey.publicKey);
    expect(openFromDesk(wrap, replyKey.secretKey, desk.publicKey)).toEqual({
      wrapId: wrap.id,
      receipt: 'cd'.repeat(32),
    });
    expect(openReply(wrap, replyKey.secretKey, desk.publicKey)).toBeUndefined();
  });

  it('ignores a receipt sealed by anyone but the desk', () => {
    const replyKey = generateKeyPair();
    expect(
      openFromDesk(receipt(generateKeyPair(), replyKey.publicKey), replyKey.secretKey, desk.publicKey),
    ).toBeUndefined();
  });
});
