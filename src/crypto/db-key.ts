import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { KeyPair } from './keys.js';

/**
 * Fixed HKDF info: names what the key is for, so that the same desk secret never yields the
 * same bytes for two purposes. Changing it re-keys every desk: bump the version, never edit.
 */
const DESK_DB_INFO = utf8ToBytes('tilshi desk database key v1');

/**
 * The 32-byte key of the desk's encrypted database: HKDF-SHA256 of the desk secret key.
 * The passphrase only unlocks the desk key (NIP-49, scrypt), so changing the passphrase never
 * re-keys the database, and destroying `desk.ncryptsec` leaves the database unreadable even to
 * someone who knows the passphrase.
 *
 * @example
 *   const key = deskDatabaseKey(deskKey); // Uint8Array(32)
 */
export function deskDatabaseKey(deskKey: KeyPair): Uint8Array {
  return hkdf(sha256, deskKey.secretKey, undefined, DESK_DB_INFO, 32);
}
