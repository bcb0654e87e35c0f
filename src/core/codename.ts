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

/**
 * A codename as someone typed or read it out: any case, the dash optional, O for 0 and I or L
 * for 1 (Crockford's reading); null when it cannot be one.
 *
 * @example normalizeCodename('k7qm-3xwd') // 'K7QM-3XWD'
 */
export function normalizeCodename(text: string): string | null {
  const plain = text.trim().toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
  const m = /^([0-9A-Z]{4})-?([0-9A-Z]{4})$/.exec(plain);
  if (!m) return null;
  const name = `${m[1]}-${m[2]}`;
  return [...name.replace('-', '')].every((c) => ALPHABET.includes(c)) ? name : null;
}
