import { getEventHash } from 'nostr-tools/pure';
import { describe, expect, it } from 'vitest';
import { powOf } from '../../../src/crypto/pow.js';
import { leadingZeroBits, type MineJob, miner, powMessage, withNonce, writeNonce } from './pow.js';

const event = {
  pubkey: 'f'.repeat(64),
  created_at: 1_700_000_000,
  kind: 1059,
  tags: [['p', 'e'.repeat(64)]],
  content: 'Ünïcödé content "quoted" \\ and\nlines',
};

describe('proof of work', () => {
  it('counts leading zero bits', () => {
    expect(leadingZeroBits(new Uint8Array([0, 0, 0x10, 0xff]))).toBe(19);
    expect(leadingZeroBits(new Uint8Array([0x80]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array([0, 0]))).toBe(16);
  });

  it('writes the NIP-01 serialization with a ten-digit nonce, as nostr-tools hashes it', () => {
    const job: MineJob = { event, difficulty: 12, start: 3, step: 4 };
    const message = powMessage(job);
    const nonce = writeNonce(message, job, 5);
    expect(nonce).toBe(String(1_000_000_000 + 3 + 5 * 4));
    const serialized = new TextDecoder().decode(message.bytes);
    const signed = { ...event, tags: withNonce(event.tags, nonce, 12) };
    expect(serialized).toBe(
      JSON.stringify([0, event.pubkey, event.created_at, event.kind, signed.tags, event.content]),
    );
  });

  it('finds a nonce that gives the id the difficulty, by nostr-tools’ own hash', () => {
    const m = miner({ event, difficulty: 12, start: 0, step: 1 });
    let nonce: string | null = null;
    while (nonce === null) nonce = m.run(1_000);
    const id = getEventHash({ ...event, tags: withNonce(event.tags, nonce, 12) });
    expect(powOf(id)).toBeGreaterThanOrEqual(12);
    expect(m.tries).toBeGreaterThan(0);
  });

  it('replaces a nonce tag that is already there', () => {
    expect(
      withNonce(
        [
          ['p', 'x'],
          ['nonce', '1', '4'],
        ],
        '7',
        8,
      ),
    ).toEqual([
      ['p', 'x'],
      ['nonce', '7', '8'],
    ]);
  });
});
