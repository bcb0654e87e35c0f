import { describe, expect, it } from 'vitest';
import { Kind } from '../core/kinds.js';
import { generateKeyPair } from './keys.js';
import { powOf } from './pow.js';
import { openWrap, sealRumor, wrapRecipient } from './seal.js';
import { verifyEventSignature } from './verify.js';

const desk = generateKeyPair();
const reporter = generateKeyPair();
const report = {
  kind: Kind.Report,
  content: JSON.stringify({ text: 'Забастовка на шахте', channel: 'web' }),
};

describe('sealRumor / openWrap (NIP-59 with NIP-13 work)', () => {
  it('seals a report that only the desk opens, and shows who wrote it', () => {
    const wrap = sealRumor(report, reporter.secretKey, desk.publicKey, { powDifficulty: 10 });
    expect(wrap.kind).toBe(Kind.GiftWrap);
    expect(wrapRecipient(wrap)).toBe(desk.publicKey);
    expect(wrap.pubkey).not.toBe(reporter.publicKey); // a one-time key, not the reporter's
    expect(wrap.content).not.toContain('Забастовка');
    expect(powOf(wrap.id)).toBeGreaterThanOrEqual(10);
    expect(verifyEventSignature(wrap)).toBe(true);

    const opened = openWrap(wrap, desk.secretKey);
    expect(opened.author).toBe(reporter.publicKey);
    expect(opened.rumor.kind).toBe(Kind.Report);
    expect(JSON.parse(opened.rumor.content)).toEqual({ text: 'Забастовка на шахте', channel: 'web' });
  });

  it('does not open with another key (undecryptable)', () => {
    const wrap = sealRumor(report, reporter.secretKey, desk.publicKey);
    expect(() => openWrap(wrap, generateKeyPair().secretKey)).toThrow(
      expect.objectContaining({ code: 'undecryptable' }),
    );
  });

  it('refuses a tampered wrap', () => {
    const wrap = sealRumor(report, reporter.secretKey, desk.publicKey);
    const content =
      wrap.content.slice(0, 40) + (wrap.content[40] === 'A' ? 'B' : 'A') + wrap.content.slice(41);
    expect(() => openWrap({ ...wrap, content }, desk.secretKey)).toThrow(
      expect.objectContaining({ code: 'undecryptable' }),
    );
  });

  it('gives each wrap a different one-time key', () => {
    const a = sealRumor(report, reporter.secretKey, desk.publicKey);
    const b = sealRumor(report, reporter.secretKey, desk.publicKey);
    expect(a.pubkey).not.toBe(b.pubkey);
  });
});
