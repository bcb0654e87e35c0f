import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { TilshiError, ValidationError } from '../core/errors.js';
import { type NostrEvent, parseEvent } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { Hex64Schema, issueText } from '../core/zod-util.js';
import { verifyEventSignature } from '../crypto/verify.js';
import { MAX_FRAME_BYTES, MIN_EVENT_JSON_BYTES } from './wire.js';

/**
 * Reading a bundle (docs/sync.md) as it inflates, never whole: the header line is checked
 * first, then every event line is bounded (length, count against the header and a hard
 * maximum) and hashed as it passes. Nothing here stores anything; `bundle.ts` reads a file
 * twice with it, once to check it whole and once to store it in batches.
 */
export const BUNDLE_FORMAT = 1;
export const BUNDLE_HEADER_KIND = Kind.BundleHeader;

export const BUNDLE_LIMITS = {
  /** Inflated bytes (a shutdown's worth of reports is far less). */
  maxInflatedBytes: 256 * 1024 * 1024,
  /** Event lines (a header that announces more is refused before any line is read). */
  maxEvents: 500_000,
  /** One line: never longer than an event may travel in a sync stream. */
  maxLineBytes: MAX_FRAME_BYTES,
  /** One event line: never shorter than the shortest valid event. */
  minLineBytes: MIN_EVENT_JSON_BYTES,
};
export type BundleLimits = typeof BUNDLE_LIMITS;

const hex64 = Hex64Schema;
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const BundleHeaderSchema = z
  .object({
    format: z.number().int(),
    node: hex64,
    for: hex64.nullable(),
    created_at: z.number().int().min(0),
    from_seq: seq,
    upto_seq: seq,
    count: z.number().int().min(0),
    events_sha256: Hex64Schema,
    acks: z.array(z.object({ node: hex64, upto: seq }).strict()).max(10_000),
  })
  .strict();
export type BundleHeader = z.infer<typeof BundleHeaderSchema>;

const tooLarge = (why: string) => new TilshiError('bundle_too_large', `the bundle is too large: ${why}`, 413);

/** The header line: a kind 27620 event signed by the node its content names. */
export function parseBundleHeader(line: string, limits: BundleLimits = BUNDLE_LIMITS): BundleHeader {
  let headerEvent: NostrEvent;
  try {
    headerEvent = parseEvent(JSON.parse(line));
  } catch {
    throw new ValidationError('bad_bundle', 'not a bundle: the header is not a signed event');
  }
  if (headerEvent.kind !== BUNDLE_HEADER_KIND) throw new ValidationError('bad_bundle', 'not a bundle header');
  let parsed: ReturnType<typeof BundleHeaderSchema.safeParse>;
  try {
    parsed = BundleHeaderSchema.safeParse(JSON.parse(headerEvent.content));
  } catch {
    throw new ValidationError('bad_bundle', 'the bundle header content is not JSON');
  }
  if (!parsed.success) {
    throw new ValidationError('bad_bundle', `bundle header: ${issueText(parsed.error, '')}`);
  }
  const header = parsed.data;
  if (header.format !== BUNDLE_FORMAT) {
    throw new ValidationError(
      'bundle_version',
      `bundle format ${header.format}; this node reads ${BUNDLE_FORMAT}`,
    );
  }
  if (header.node !== headerEvent.pubkey || !verifyEventSignature(headerEvent)) {
    throw new ValidationError('bad_bundle_signature', 'the bundle header is not signed by the node it names');
  }
  if (header.count > limits.maxEvents) throw tooLarge(`at most ${limits.maxEvents} events`);
  return header;
}

/**
 * The inflated bytes of a bundle, chunk by chunk, as they come: a state machine with no I/O.
 * `push` returns the event lines a chunk completes (without their newline) and throws at the
 * first violation; `end` checks the count and the sha256 and returns a last line that had no
 * newline, if any.
 *
 * @example
 *   const scanner = new BundleScanner();
 *   for (const chunk of inflated) for (const line of scanner.push(chunk)) handle(line);
 *   const last = scanner.end(); if (last) handle(last);
 */
export class BundleScanner {
  header: BundleHeader | null = null;
  /** Event lines seen so far. */
  lines = 0;
  private inflated = 0;
  private readonly hash = createHash('sha256');
  private partial: Buffer[] = [];
  private partialBytes = 0;

  constructor(private readonly limits: BundleLimits = BUNDLE_LIMITS) {}

  push(chunk: Uint8Array): Buffer[] {
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.inflated += buf.length;
    if (this.inflated > this.limits.maxInflatedBytes) {
      throw tooLarge(`it inflates past ${this.limits.maxInflatedBytes} bytes`);
    }
    if (this.header) this.hash.update(buf);
    const out: Buffer[] = [];
    let start = 0;
    while (start < buf.length) {
      const nl = buf.indexOf(10, start);
      const end = nl < 0 ? buf.length : nl;
      if (this.partialBytes + end - start > this.limits.maxLineBytes) {
        throw new ValidationError(
          'bad_bundle',
          this.header ? 'an event line is longer than an event can be' : 'not a bundle: no header line',
        );
      }
      if (nl < 0) {
        this.partial.push(buf.subarray(start));
        this.partialBytes += buf.length - start;
        break;
      }
      const line = this.take(buf.subarray(start, nl));
      start = nl + 1;
      if (this.header) {
        out.push(this.eventLine(line));
      } else {
        this.header = parseBundleHeader(line.toString('utf8'), this.limits);
        this.hash.update(buf.subarray(start));
      }
    }
    return out;
  }

  /** The input ended: count and checksum must match the header. */
  end(): Buffer | null {
    if (!this.header) throw new ValidationError('bad_bundle', 'not a bundle: no header line');
    const last = this.partialBytes > 0 ? this.eventLine(this.take(Buffer.alloc(0))) : null;
    if (this.lines !== this.header.count) {
      throw new ValidationError('bundle_corrupt', 'the event count does not match the header');
    }
    if (this.hash.digest('hex') !== this.header.events_sha256) {
      throw new ValidationError('bundle_corrupt', 'the events do not match the header (damaged or cut file)');
    }
    return last;
  }

  private take(tail: Buffer): Buffer {
    if (this.partialBytes === 0) return tail;
    const line = Buffer.concat([...this.partial, tail]);
    this.partial = [];
    this.partialBytes = 0;
    return line;
  }

  private eventLine(line: Buffer): Buffer {
    this.lines++;
    if (this.lines > this.header!.count) {
      throw new ValidationError('bundle_corrupt', `more event lines than the header's ${this.header!.count}`);
    }
    if (line.length < this.limits.minLineBytes) {
      throw new ValidationError('bad_bundle', 'an event line is shorter than any event');
    }
    // An object on every line: `{` … `}` (JSON.parse checks the rest where it is parsed).
    if (line[0] !== 0x7b || line[line.length - 1] !== 0x7d) {
      throw new ValidationError('bad_bundle', 'an event line is not a JSON object');
    }
    return line;
  }
}

/** A bundle's bytes: whole in memory, or as they arrive (an upload). */
export type BundleSource = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * Gunzip chunk by chunk on zlib's threads (so the event loop turns between chunks); a
 * consumer that stops early stops the inflation. Not gzip or cut short: `bad_bundle`.
 */
export async function* inflateBundle(source: BundleSource): AsyncGenerator<Buffer> {
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  const input = Readable.from(source instanceof Uint8Array ? [source] : source, { objectMode: false });
  const pumping = pipeline(input, gunzip).catch((err: unknown) => err);
  let failure: unknown = null;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
  } catch (err) {
    failure = err;
  } finally {
    gunzip.destroy();
    input.destroy();
  }
  const fromInput = await pumping;
  const err = failure ?? fromInput;
  if (!err) return;
  if (err instanceof TilshiError) throw err;
  if (fromInput instanceof TilshiError) throw fromInput;
  throw new ValidationError('bad_bundle', 'not a bundle: the file is not gzip, or it is cut short');
}

/**
 * Calls `onLines` with the event lines of each inflated chunk, after the header checked out,
 * and throws at the first violation; returns the header once count and checksum matched.
 */
export async function scanBundle(
  source: BundleSource,
  onLines: (lines: Buffer[]) => void | Promise<void>,
  limits: BundleLimits = BUNDLE_LIMITS,
): Promise<BundleHeader> {
  const scanner = new BundleScanner(limits);
  for await (const chunk of inflateBundle(source)) {
    const lines = scanner.push(chunk);
    if (lines.length > 0) await onLines(lines);
  }
  const last = scanner.end();
  if (last) await onLines([last]);
  return scanner.header!;
}

/** One event line as JSON; `bad_bundle` when it is not. */
export function parseEventLine(line: Buffer): unknown {
  try {
    return JSON.parse(line.toString('utf8')) as unknown;
  } catch {
    throw new ValidationError('bad_bundle', 'an event line is not JSON');
  }
}
