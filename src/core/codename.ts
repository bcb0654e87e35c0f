import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes } from '@noble/hashes/utils.js';

/** Crockford's base32: no I, L, O or U, so nothing is misheard or misread as a digit. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A short name for a device key, easy to read aloud and to write on paper: the first 40 bits
 * of sha256(public key) in base32, as two groups of four. It names the key for people (the
 * reporter and the desk); it is not a secret and cannot be turned back into the key.
 *
 * @example codename('79be667e…') // 'K7QM-3XWD'
 */
export function codename(pubkeyHex: string): string {
  const hash = sha256(hexToBytes(pubkeyHex));
  let bits = 0;
  let value = 0;
  let out = '';
  for (let i = 0; out.length < 8; ) {
    if (bits < 5) {
      value = (value << 8) | (hash[i++] as number);
      bits += 8;
    }
    bits -= 5;
    out += ALPHABET[(value >> bits) & 31];
  }
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}
