// NIP-13 proof of work on an unsigned event: the pure part. The PoW worker hashes with the
// browser's native SHA-256 (Web Crypto); `miner` below, with noble's sha256, is the fallback
// where Web Crypto is missing (a page on a plain-HTTP address) and what the unit tests check.
// The nonce tag goes last, so each try changes only the digits between a fixed head and tail.
import { sha256 } from '@noble/hashes/sha2.js';

export interface PowTemplate {
  pubkey: string;
  created_at: number;
  kind: number;
  tags: string[][];
  content: string;
}

export interface MineJob {
  event: PowTemplate;
  difficulty: number;
  /** This miner tries nonce number start, start + step, start + 2·step… */
  start: number;
  step: number;
}

/**
 * Nonces are written with ten digits (1,000,000,000 + n), so that every try hashes a message
 * of the same length and the head and tail around the digits never move.
 */
export const NONCE_BASE = 1_000_000_000;
const DIGITS = 10;

/** Leading zero bits of a hash. */
export function leadingZeroBits(hash: Uint8Array): number {
  let bits = 0;
  for (let i = 0; i < hash.length; i++) {
    if (hash[i]) return bits + Math.clz32(hash[i] as number) - 24;
    bits += 8;
  }
  return bits;
}

/** The event's tags with the nonce tag NIP-13 asks for (value and target difficulty). */
export function withNonce(tags: string[][], nonce: string, difficulty: number): string[][] {
  return [...tags.filter((t) => t[0] !== 'nonce'), ['nonce', nonce, String(difficulty)]];
}

/**
 * The NIP-01 serialization of the event with a ten-digit nonce, as bytes, and where the digits
 * are: `writeNonce` changes them in place.
 */
export function powMessage(job: MineJob): { bytes: Uint8Array<ArrayBuffer>; at: number } {
  const { event, difficulty } = job;
  const mark = '0'.repeat(DIGITS);
  const serial = JSON.stringify([
    0,
    event.pubkey,
    event.created_at,
    event.kind,
    withNonce(event.tags, mark, difficulty),
    event.content,
  ]);
  const utf8 = new TextEncoder();
  const at = utf8.encode(serial.slice(0, serial.lastIndexOf(`["nonce","${mark}"`) + 10)).length;
  return { bytes: utf8.encode(serial), at };
}

/** Write the `k`-th nonce of the job into the message; returns it as the tag's string. */
export function writeNonce(
  message: { bytes: Uint8Array<ArrayBuffer>; at: number },
  job: MineJob,
  k: number,
): string {
  let n = NONCE_BASE + job.start + k * job.step;
  const value = String(n);
  for (let i = DIGITS - 1; i >= 0; i--) {
    message.bytes[message.at + i] = 48 + (n % 10);
    n = Math.floor(n / 10);
  }
  return value;
}

/**
 * A miner with noble's sha256 (synchronous): `run(tries)` tries that many nonces and returns the
 * one that gives the id `difficulty` leading zero bits, or null; call it again to go on.
 *
 * @example const m = miner(job); let nonce; while ((nonce = m.run(4096)) === null) report(m.tries);
 */
export function miner(job: MineJob): { run(tries: number): string | null; readonly tries: number } {
  const message = powMessage(job);
  const head = sha256.create().update(message.bytes.subarray(0, message.at));
  const rest = message.bytes.subarray(message.at);
  let tried = 0;
  return {
    get tries() {
      return tried;
    },
    run(tries: number): string | null {
      for (let i = 0; i < tries; i++) {
        const nonce = writeNonce(message, job, tried++);
        if (leadingZeroBits(head.clone().update(rest).digest()) >= job.difficulty) return nonce;
      }
      return null;
    },
  };
}
