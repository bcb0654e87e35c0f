import { TilshiError, ValidationError } from '../core/errors.js';
import { Kind } from '../core/kinds.js';

/**
 * The pieces of the sync protocol that travel (docs/sync.md): id prefixes in offers, want
 * bitmaps, and event streams (each event: varint length, then its JSON).
 */

/** Offers carry the first 8 bytes of each id: a false "I have it" needs a 64-bit collision. */
export const ID_PREFIX_BYTES = 8;
const PREFIX_HEX = ID_PREFIX_BYTES * 2;

/** Media type of an event stream: `varint(len) ‖ JSON` per event, optionally raw-deflated. */
export const EVENTS_MEDIA_TYPE = 'application/vnd.tilshi.events';

/** One event in a stream is never larger than this (an event's own limits keep it far below). */
export const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * What goes first when a link is short: 0 sealed reports and replies (wraps), 1 desk-private
 * records (wraps the desk signs to itself), 2 public records.
 */
export type SyncClass = 0 | 1 | 2;

export function syncClass(
  e: { kind: number; pubkey: string; recipient?: string | null },
  deskPubkey: string | null,
): SyncClass {
  if (e.kind !== Kind.GiftWrap) return 2;
  return deskPubkey !== null && e.pubkey === deskPubkey && e.recipient === deskPubkey ? 1 : 0;
}

export function encodePrefixes(ids: readonly string[]): string {
  return Buffer.from(ids.map((id) => id.slice(0, PREFIX_HEX)).join(''), 'hex').toString('base64');
}

/** Hex prefixes from an offer; throws `bad_offer` on a malformed one. */
export function decodePrefixes(b64: string, max: number): string[] {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new ValidationError('bad_offer', 'ids must be base64');
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length % ID_PREFIX_BYTES !== 0) {
    throw new ValidationError('bad_offer', `ids must be a whole number of ${ID_PREFIX_BYTES}-byte prefixes`);
  }
  const n = bytes.length / ID_PREFIX_BYTES;
  if (n > max) throw new ValidationError('bad_offer', `at most ${max} ids per offer`);
  const hex = bytes.toString('hex');
  return Array.from({ length: n }, (_, i) => hex.slice(i * PREFIX_HEX, (i + 1) * PREFIX_HEX));
}

export function encodeBitmap(bits: readonly boolean[]): string {
  const bytes = Buffer.alloc(Math.ceil(bits.length / 8));
  bits.forEach((b, i) => {
    if (b) bytes[i >> 3]! |= 1 << (i & 7);
  });
  return bytes.toString('base64');
}

/** Throws `bad_want` unless the bitmap has room for exactly `n` bits. */
export function decodeBitmap(b64: string, n: number): boolean[] {
  const bytes = /^[A-Za-z0-9+/]*={0,2}$/.test(b64) ? Buffer.from(b64, 'base64') : null;
  if (!bytes || bytes.length !== Math.ceil(n / 8)) {
    throw new ValidationError('bad_want', `want must be a base64 bitmap of ${n} bits`);
  }
  return Array.from({ length: n }, (_, i) => (bytes[i >> 3]! & (1 << (i & 7))) !== 0);
}

export function varint(n: number): Buffer {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

/** One event of a stream: LEB128 length, then the event's JSON as stored. */
export function frameEvent(rawJson: string): Buffer {
  const body = Buffer.from(rawJson, 'utf8');
  return Buffer.concat([varint(body.length), body]);
}

/**
 * The shortest text a valid event can have: the seven NIP-01 fields, 64 + 64 + 128 hex digits,
 * one-digit numbers, no tags, empty content and no whitespace (`wire.test.ts` builds it). A
 * frame or bundle line shorter than this cannot be an event and is refused unparsed.
 */
export const MIN_EVENT_JSON_BYTES = 333;

/** A varint longer than this cannot carry a length up to MAX_FRAME_BYTES (2^21 > 1 MiB). */
const MAX_VARINT_BYTES = 3;

export interface FrameLimits {
  /** Frames the whole stream may hold; the next frame is refused with `too_many_events` (413). */
  maxFrames?: number;
}

/**
 * Splits a stream into event JSON strings as bytes arrive; keeps an incomplete tail (a cut
 * stream leaves one, which is dropped). Throws `bad_stream` on a frame that cannot be right
 * (a length below an event's smallest or above MAX_FRAME_BYTES) and `too_many_events` as soon
 * as a frame past `maxFrames` starts, before its bytes are looked at.
 */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  /** Chunks of a frame whose end has not arrived, joined once it has (no copy per chunk). */
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  /** Bytes `buf` must reach before the next frame is whole. */
  private need = 0;
  private frames = 0;

  constructor(private readonly limits: FrameLimits = {}) {}

  push(chunk: Uint8Array): string[] {
    if (this.buf.length + this.waitingBytes + chunk.length < this.need) {
      this.waiting.push(Buffer.from(chunk));
      this.waitingBytes += chunk.length;
      return [];
    }
    this.buf =
      this.buf.length === 0 && this.waiting.length === 0
        ? Buffer.from(chunk)
        : Buffer.concat([this.buf, ...this.waiting, chunk]);
    this.waiting = [];
    this.waitingBytes = 0;
    this.need = 0;
    const out: string[] = [];
    let pos = 0;
    for (;;) {
      let len = 0;
      let shift = 1;
      let p = pos;
      let complete = false;
      while (p < this.buf.length) {
        if (p - pos >= MAX_VARINT_BYTES) {
          throw new ValidationError('bad_stream', 'an event frame length is too long');
        }
        const b = this.buf[p++]!;
        len += (b & 0x7f) * shift;
        shift *= 128;
        if ((b & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete) break;
      if (len > MAX_FRAME_BYTES || len < MIN_EVENT_JSON_BYTES) {
        throw new ValidationError('bad_stream', 'an event frame has an impossible length');
      }
      if (this.limits.maxFrames !== undefined && this.frames >= this.limits.maxFrames) {
        throw new TilshiError('too_many_events', `at most ${this.limits.maxFrames} events per stream`, 413);
      }
      if (p + len > this.buf.length) {
        this.need = p + len - pos;
        break;
      }
      this.frames++;
      out.push(this.buf.toString('utf8', p, p + len));
      pos = p + len;
    }
    this.buf = this.buf.subarray(pos);
    return out;
  }

  /** Bytes of an incomplete frame left over. */
  get pending(): number {
    return this.buf.length + this.waitingBytes;
  }

  /** Whole frames read so far. */
  get count(): number {
    return this.frames;
  }
}

/** Parse stream frames into JSON values; a frame that is not JSON is `bad_stream`. */
export function parseFrames(frames: readonly string[]): unknown[] {
  return frames.map((f) => {
    try {
      return JSON.parse(f) as unknown;
    } catch {
      throw new ValidationError('bad_stream', 'an event frame is not JSON');
    }
  });
}
