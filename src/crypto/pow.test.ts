import { describe, expect, it } from 'vitest';
import { computeEventId } from '../core/event.js';
import { minePow, powOf } from './pow.js';

describe('NIP-13 proof of work', () => {
  it('counts leading zero bits of an id', () => {
    expect(powOf(`000000${'f'.repeat(58)}`)).toBe(24);
    expect(powOf(`0f${'f'.repeat(62)}`)).toBe(4);
    expect(powOf('f'.repeat(64))).toBe(0);
  });

  it('mines a nonce until the id has the difficulty, and the id is the real one', () => {
    const unsigned = {
      pubkey: 'a'.repeat(64),
      kind: 1059,
      created_at: 1,
      tags: [['p', 'b'.repeat(64)]],
      content: 'x',
    };
    const mined = minePow(unsigned, 12);
    expect(powOf(mined.id)).toBeGreaterThanOrEqual(12);
    expect(computeEventId(mined)).toBe(mined.id);
    expect(mined.tags.find((t) => t[0] === 'nonce')?.[2]).toBe('12');
    expect(unsigned.tags).toHaveLength(1); // the input is not changed
  });
});

describe('NIP-13 mining off the main thread', () => {
  it('finds an id with the difficulty that is the real NIP-01 id of the event', async () => {
    const { minePowOffThread } = await import('./pow-worker.js');
    const unsigned = {
      pubkey: 'c'.repeat(64),
      kind: 1059,
      created_at: 5,
      tags: [['p', 'd'.repeat(64)]],
      content: 'é"\\\n'.repeat(300),
    };
    const mined = await Promise.all([12, 14].map((d) => minePowOffThread(unsigned, d)));
    for (const [i, m] of mined.entries()) {
      expect(computeEventId(m)).toBe(m.id);
      expect(powOf(m.id)).toBeGreaterThanOrEqual([12, 14][i]!);
      expect(m.tags.at(-1)?.[0]).toBe('nonce');
    }
  });
});
