import { base64 as scure } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { base64 } from './base64.js';

describe('base64 (the report page’s stand-in for @scure/base)', () => {
  it('encodes and decodes as @scure/base does, at every length', () => {
    for (let n = 0; n < 200; n++) {
      const bytes = crypto.getRandomValues(new Uint8Array(n * 7));
      const text = base64.encode(bytes);
      expect(text).toBe(scure.encode(bytes));
      expect(base64.decode(text)).toEqual(bytes);
    }
    const big = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 131) % 256);
    expect(base64.decode(scure.encode(big))).toEqual(big);
    expect(base64.encode(big)).toBe(scure.encode(big));
  });

  it('refuses what is not padded base64', () => {
    for (const bad of ['abc', 'ab c', 'a===', '####', 'YQ']) expect(() => base64.decode(bad)).toThrow();
  });
});
