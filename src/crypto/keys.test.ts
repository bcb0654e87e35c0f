import { describe, expect, it } from 'vitest';
import {
  decryptSecretKey,
  encryptSecretKey,
  generateKeyPair,
  npubOf,
  parsePublicKey,
  signEvent,
} from './keys.js';
import { verifyEventSignature } from './verify.js';

describe('keys', () => {
  it('encrypts a desk key with a passphrase (NIP-49) and opens it only with that passphrase', () => {
    const pair = generateKeyPair();
    const sealed = encryptSecretKey(pair, 'пароль редакции 2022');
    expect(sealed).toMatch(/^ncryptsec1/);
    expect(decryptSecretKey(sealed, 'пароль редакции 2022').publicKey).toBe(pair.publicKey);
    expect(() => decryptSecretKey(sealed, 'wrong passphrase')).toThrow(
      expect.objectContaining({ code: 'bad_passphrase' }),
    );
    expect(() => encryptSecretKey(pair, 'short')).toThrow(
      expect.objectContaining({ code: 'weak_passphrase' }),
    );
  });

  it('reads a public key as hex or npub and refuses anything else', () => {
    const { publicKey } = generateKeyPair();
    expect(parsePublicKey(publicKey)).toBe(publicKey);
    expect(parsePublicKey(npubOf(publicKey))).toBe(publicKey);
    expect(() => parsePublicKey('npub1nonsense')).toThrow(expect.objectContaining({ code: 'bad_pubkey' }));
    expect(() => parsePublicKey('zz')).toThrow(expect.objectContaining({ code: 'bad_pubkey' }));
  });

  it('signs a plain event that verifies and carries nothing but the NIP-01 fields', () => {
    const pair = generateKeyPair();
    const e = signEvent({ pubkey: pair.publicKey, kind: 1, created_at: 1, tags: [], content: 'x' }, pair);
    expect(verifyEventSignature(e)).toBe(true);
    expect(Object.getOwnPropertySymbols(e)).toEqual([]);
    expect(Object.keys(e).sort()).toEqual(['content', 'created_at', 'id', 'kind', 'pubkey', 'sig', 'tags']);
  });
});
