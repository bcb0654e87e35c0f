import { getPow, minePow as mine } from 'nostr-tools/nip13';
import type { UnsignedEvent } from '../core/event.js';

/** NIP-13 difficulty of an event id: the number of leading zero bits. */
export function powOf(id: string): number {
  return getPow(id);
}

/**
 * Add a NIP-13 nonce to an unsigned event until its id has `difficulty` leading zero bits.
 * Returns the event with its id; sign it afterwards (signing does not change the id).
 * Mining updates `created_at` to the current second, as NIP-13 miners do.
 */
export function minePow<T extends UnsignedEvent>(unsigned: T, difficulty: number): T & { id: string } {
  const copy = { ...unsigned, tags: unsigned.tags.filter((t) => t[0] !== 'nonce').map((t) => [...t]) };
  return mine(copy, difficulty) as T & { id: string };
}
