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
