import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { nip19 } from 'nostr-tools';
import * as nip49 from 'nostr-tools/nip49';
import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { ValidationError } from '../core/errors.js';
import type { NostrEvent, UnsignedEvent } from '../core/event.js';

/** A secp256k1 key pair as Nostr uses it: 32-byte secret, x-only public key in hex. */
export interface KeyPair {
  secretKey: Uint8Array;
  publicKey: string;
}

/** A fresh random key pair. */
export function generateKeyPair(): KeyPair {
  const secretKey = generateSecretKey();
  return { secretKey, publicKey: getPublicKey(secretKey) };
}

/** The key pair of a 32-byte secret given as hex. */
export function keyPairFromHex(secretHex: string): KeyPair {
  if (!/^[0-9a-f]{64}$/.test(secretHex))
    throw new ValidationError('bad_key', 'a secret key is 64 hex characters');
  const secretKey = hexToBytes(secretHex);
  return { secretKey, publicKey: getPublicKey(secretKey) };
}

export function secretKeyHex(pair: KeyPair): string {
  return bytesToHex(pair.secretKey);
}

/** NIP-19 `npub…` of a hex public key. */
export function npubOf(publicKeyHex: string): string {
  return nip19.npubEncode(publicKeyHex);
}

/** Accept a public key as hex or npub and return hex; throws `bad_pubkey`. */
export function parsePublicKey(input: string): string {
  const value = input.trim();
  if (/^[0-9a-f]{64}$/.test(value)) return value;
  if (value.startsWith('npub1')) {
    try {
      const decoded = nip19.decode(value);
      if (decoded.type === 'npub') return decoded.data;
    } catch {
      // fall through to the error below
    }
  }
  throw new ValidationError('bad_pubkey', 'a public key is 64 hex characters or an npub1… string');
}

/** scrypt cost of NIP-49 key encryption: 2^16 (64 MiB, about 0.2 s here). */
const NIP49_LOG_N = 16;

/** Encrypt a secret key with a passphrase (NIP-49 `ncryptsec1…`). */
export function encryptSecretKey(pair: KeyPair, passphrase: string): string {
  if (passphrase.length < 8)
    throw new ValidationError('weak_passphrase', 'the passphrase needs at least 8 characters');
  return nip49.encrypt(pair.secretKey, passphrase.normalize('NFKC'), NIP49_LOG_N, 0x01);
}

/** Decrypt a NIP-49 `ncryptsec1…`; throws `bad_passphrase` when it does not open. */
export function decryptSecretKey(ncryptsec: string, passphrase: string): KeyPair {
  let secretKey: Uint8Array;
  try {
    secretKey = nip49.decrypt(ncryptsec.trim(), passphrase.normalize('NFKC'));
  } catch {
    throw new ValidationError('bad_passphrase', 'the passphrase does not open the desk key');
  }
  return { secretKey, publicKey: getPublicKey(secretKey) };
}

/**
 * Sign an unsigned event with a key: fills `pubkey`, `id` and `sig`.
 *
 * @example
 *   const event = signEvent({ kind: 30620, created_at, tags, content, pubkey: desk.publicKey }, desk);
 */
export function signEvent(
  unsigned: Omit<UnsignedEvent, 'pubkey'> & { pubkey?: string },
  pair: KeyPair,
): NostrEvent {
  const { pubkey: _ignored, ...template } = unsigned;
  return plainEvent(finalizeEvent({ ...template, tags: template.tags.map((t) => [...t]) }, pair.secretKey));
}

/**
 * The seven NIP-01 fields and nothing else. nostr-tools marks events it signed as verified
 * (a symbol property); a record that leaves the function that made it must not carry that.
 */
export function plainEvent(e: NostrEvent): NostrEvent {
  return {
    id: e.id,
    pubkey: e.pubkey,
    created_at: e.created_at,
    kind: e.kind,
    tags: e.tags,
    content: e.content,
    sig: e.sig,
  };
}
