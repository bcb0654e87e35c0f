import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';

/*
 * One-time ballot codes (docs/program.md, "Votes"). A code is 16 characters of Crockford's
 * base32 (80 random bits), printed in four groups of four: long enough that guessing one under
 * the node's rate limits is hopeless, short enough to type from paper. The desk keeps only the
 * SHA-256 of the code as written here (16 capitals, no dashes) and publishes the hashes of the
 * codes used when the vote closes, so anyone holding a code can hash it and find it in the list:
 *
 *   printf %s ABCD0123EFGH4567 | sha256sum
 *
 * No zod here: the /vote page imports this file.
 */

/** Crockford's base32: no I, L, O, U, so that a code read aloud or typed is not mistaken. */
export const BALLOT_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const BALLOT_CODE_LENGTH = 16;
/** A normalized code, as the ballot (4623) carries it. */
export const BALLOT_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{16}$/;

/**
 * A new code from the crypto RNG: 10 random bytes, 5 bits a character.
 *
 * @example newBallotCode() // 'K3V9Q0ZD7M1XRTB4'
 */
export function newBallotCode(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BALLOT_CODE_ALPHABET[(value >>> bits) & 31];
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/**
 * A code as typed (any case, spaces, dashes; O for 0, I and L for 1, as Crockford reads them),
 * or null when it is not one.
 *
 * @example normalizeBallotCode('k3v9-q0zd-7m1x-rtb4') // 'K3V9Q0ZD7M1XRTB4'
 */
export function normalizeBallotCode(typed: string): string | null {
  const code = typed
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return BALLOT_CODE_PATTERN.test(code) ? code : null;
}

/** Four groups of four, as printed: `K3V9-Q0ZD-7M1X-RTB4`. */
export function formatBallotCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/** The SHA-256 (hex) of a normalized code: what the desk keeps and publishes. */
export function ballotCodeHash(code: string): string {
  return bytesToHex(sha256(new TextEncoder().encode(code)));
}
