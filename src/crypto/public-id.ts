import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { KeyPair } from './keys.js';

/**
 * The public id of a collective: HKDF-SHA256 of the desk's secret key and the collective's
 * private id, 12 bytes. The same on every node that holds the desk key, so a collective keeps
 * one id in every public record (its profile's `d`, the program's endorsements), yet no public
 * record names a private id: without the desk key nobody can tie the two.
 *
 * @example publicIdOf(desk, 'col-1a2b') // 'collective-9f0c…' (24 hex digits)
 */
export function publicIdOf(desk: KeyPair, collectiveId: string): string {
  const bytes = hkdf(
    sha256,
    desk.secretKey,
    utf8ToBytes('tilshi collective profile'),
    utf8ToBytes(collectiveId),
    12,
  );
  return `collective-${bytesToHex(bytes)}`;
}
