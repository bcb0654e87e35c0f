import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TilshiError } from '../core/errors.js';
import { NostrEventSchema } from '../core/event.js';
import { generateKeyPair, signEvent } from '../crypto/keys.js';
import {
  decodeBitmap,
  decodePrefixes,
  encodeBitmap,
  encodePrefixes,
  FrameReader,
  frameEvent,
  MAX_FRAME_BYTES,
  MIN_EVENT_JSON_BYTES,
  parseFrames,
  varint,
} from './wire.js';

/** Anything a parser throws must be one of ours, with a stable code. */
function coded(run: () => unknown): void {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(TilshiError);
    expect((err as TilshiError).code).toMatch(/^[a-z_]+$/);
  }
}

const key = generateKeyPair();
const event = (content: string) =>
  JSON.stringify(signEvent({ kind: 1, created_at: 1, tags: [], content }, key));

/** Split bytes at the given cut points (any order, duplicates allowed). */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let last = 0;
  for (const p of points) {
    out.push(bytes.subarray(last, p));
    last = p;
  }
  out.push(bytes.subarray(last));
  return out;
}

describe('MIN_EVENT_JSON_BYTES', () => {
  it('is the length of the shortest text with the shape of an event', () => {
    const z64 = '0'.repeat(64);
    const shortest = { id: z64, pubkey: z64, created_at: 0, kind: 0, tags: [], content: '', sig: z64 + z64 };
    expect(NostrEventSchema.safeParse(shortest).success).toBe(true);
    expect(JSON.stringify(shortest).length).toBe(MIN_EVENT_JSON_BYTES);
  });

  it('is never more than a real signed event', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.nat({ max: 65_535 }), (content, kind) => {
        const e = signEvent({ kind, created_at: 0, tags: [], content }, key);
        expect(Buffer.byteLength(JSON.stringify(e))).toBeGreaterThanOrEqual(MIN_EVENT_JSON_BYTES);
      }),
      { numRuns: 30 },
    );
  });
});

describe('FrameReader', () => {
  it('gives back the same events however the stream is cut into chunks', () => {
    const events = ['a', 'b'.repeat(3_000), 'ж'.repeat(100), ''].map(event);
    const stream = Buffer.concat(events.map(frameEvent));
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        const reader = new FrameReader();
        const out = split(stream, cuts).flatMap((c) => reader.push(c));
        expect(out).toEqual(events);
        expect(reader.pending).toBe(0);
        expect(reader.count).toBe(events.length);
      }),
    );
  });

  it('throws only coded errors on random and adversarial bytes, and never hangs', () => {
    const adversarial = fc.oneof(
      fc.uint8Array({ maxLength: 2_000 }),
      // Plausible lengths followed by junk.
      fc
        .tuple(fc.integer({ min: 0, max: 3 * MAX_FRAME_BYTES }), fc.uint8Array({ maxLength: 600 }))
        .map(([n, rest]) => Buffer.concat([varint(n), rest])),
      // Endless continuation bytes.
      fc.integer({ min: 1, max: 50 }).map((n) => Buffer.alloc(n, 0x80)),
    );
    fc.assert(
      fc.property(adversarial, fc.array(fc.nat(), { maxLength: 8 }), (bytes, cuts) => {
        coded(() => {
          const reader = new FrameReader({ maxFrames: 2 });
          parseFrames(split(Buffer.from(bytes), cuts).flatMap((c) => reader.push(c)));
        });
      }),
      { numRuns: 500 },
    );
  });

  it('refuses frames too small or too large to be an event, before reading them', () => {
    expect(() => new FrameReader().push(Buffer.from('\x02{}'))).toThrow(
      expect.objectContaining({ code: 'bad_stream' }),
    );
    // Only the length has arrived: a frame over 1 MiB is refused without waiting for it.
    expect(() => new FrameReader().push(varint(MAX_FRAME_BYTES + 1))).toThrow(
      expect.objectContaining({ code: 'bad_stream' }),
    );
    expect(() => new FrameReader().push(Buffer.from([0x80, 0x80, 0x80, 0x01]))).toThrow(
      expect.objectContaining({ code: 'bad_stream' }),
    );
  });

  it('refuses the frame past maxFrames as soon as its length is read', () => {
    const one = frameEvent(event('x'));
    const reader = new FrameReader({ maxFrames: 2 });
    expect(reader.push(Buffer.concat([one, one]))).toHaveLength(2);
    // The third frame's length alone is enough to refuse it.
    expect(() => reader.push(varint(400))).toThrow(expect.objectContaining({ code: 'too_many_events' }));
  });

  it('keeps a large frame in pieces until its last byte comes (no copy per chunk)', () => {
    const big = event('y'.repeat(500_000));
    const stream = frameEvent(big);
    const reader = new FrameReader();
    const out: string[] = [];
    for (let i = 0; i < stream.length; i += 1_000) out.push(...reader.push(stream.subarray(i, i + 1_000)));
    expect(out).toEqual([big]);
  });
});

describe('offers and want bitmaps', () => {
  const hex16 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));

  it('round-trip prefixes and bitmaps', () => {
    fc.assert(
      fc.property(
        fc.array(hex16, { maxLength: 100 }),
        fc.array(fc.boolean(), { maxLength: 300 }),
        (ids, bits) => {
          expect(decodePrefixes(encodePrefixes(ids), 1_000)).toEqual(ids.map((id) => id.slice(0, 16)));
          expect(decodeBitmap(encodeBitmap(bits), bits.length)).toEqual(bits);
        },
      ),
    );
  });

  it('throw only coded errors on any string', () => {
    const text = fc.oneof(fc.string({ maxLength: 200 }), fc.base64String({ maxLength: 200 }));
    fc.assert(
      fc.property(text, fc.nat({ max: 2_000 }), (s, n) => {
        coded(() => decodePrefixes(s, 10));
        coded(() => decodeBitmap(s, n));
      }),
      { numRuns: 1_000 },
    );
  });
});
