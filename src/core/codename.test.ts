import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { describe, expect, it } from 'vitest';
import { codename } from './codename.js';

describe('codename', () => {
  it('is two groups of four characters that cannot be confused when read aloud', () => {
    for (let i = 0; i < 50; i++) {
      expect(codename(getPublicKey(generateSecretKey()))).toMatch(
        /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/,
      );
    }
  });

  it('is the first 40 bits of sha256(pubkey) in Crockford base32, the same every time', () => {
    const pubkey = '79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798';
    const bits = [...sha256(hexToBytes(pubkey)).slice(0, 5)]
      .map((b) => b.toString(2).padStart(8, '0'))
      .join('');
    const expected = (bits.match(/.{5}/g) ?? [])
      .map((b) => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[parseInt(b, 2)])
      .join('');
    expect(codename(pubkey)).toBe(`${expected.slice(0, 4)}-${expected.slice(4)}`);
    expect(codename(pubkey)).toBe(codename(pubkey));
    expect(codename(getPublicKey(generateSecretKey()))).not.toBe(codename(pubkey));
  });
});
