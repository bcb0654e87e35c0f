import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWrap, startTestNode, type TestNode } from '../../test/support/node.js';
import { TilshiError } from '../core/errors.js';
import { generateKeyPair, signEvent } from '../crypto/keys.js';
import { importBundle } from './bundle.js';
import {
  BUNDLE_HEADER_KIND,
  BUNDLE_LIMITS,
  type BundleLimits,
  BundleScanner,
  parseBundleHeader,
  scanBundle,
} from './bundle-reader.js';

const key = generateKeyPair();
const eventLine = (content: string) =>
  JSON.stringify(signEvent({ kind: 1, created_at: 1, tags: [], content }, key));

/** A bundle's inflated text: a signed header, then `body` (its count and sha256 by default from `lines`). */
function bundleText(lines: string[], header: { count?: number; body?: string } = {}): string {
  const body = header.body ?? lines.map((l) => `${l}\n`).join('');
  const signed = signEvent(
    {
      kind: BUNDLE_HEADER_KIND,
      created_at: 1,
      tags: [],
      content: JSON.stringify({
        format: 1,
        node: key.publicKey,
        for: null,
        created_at: 1,
        from_seq: 0,
        upto_seq: lines.length,
        count: header.count ?? lines.length,
        events_sha256: createHash('sha256').update(body).digest('hex'),
        acks: [],
      }),
    },
    key,
  );
  return `${JSON.stringify(signed)}\n${body}`;
}

function scanText(text: Buffer, chunks: number[] = [], limits: BundleLimits = BUNDLE_LIMITS): string[] {
  const scanner = new BundleScanner(limits);
  const points = [...new Set(chunks.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const lines: string[] = [];
  let last = 0;
  for (const p of [...points, text.length]) {
    for (const l of scanner.push(text.subarray(last, p))) lines.push(l.toString());
    last = p;
  }
  const tail = scanner.end();
  if (tail) lines.push(tail.toString());
  return lines;
}

const code = (run: () => unknown) => {
  try {
    run();
    return null;
  } catch (err) {
    if (!(err instanceof TilshiError)) throw err;
    return err.code;
  }
};

const lines = ['one', 'two', 'ж'.repeat(200), 'x'.repeat(5_000)].map(eventLine);

describe('BundleScanner', () => {
  it('gives back the event lines however the inflated bytes are cut', () => {
    const text = Buffer.from(bundleText(lines));
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 30 }), (cuts) => {
        expect(scanText(text, cuts)).toEqual(lines);
      }),
    );
  });

  it('reads an empty bundle and a last line without its newline', () => {
    expect(scanText(Buffer.from(bundleText([])))).toEqual([]);
    const body = `${lines[0]}\n${lines[1]}`;
    expect(scanText(Buffer.from(bundleText(lines.slice(0, 2), { body })))).toEqual(lines.slice(0, 2));
  });

  it('throws only coded errors on damaged or hostile text', () => {
    const text = Buffer.from(bundleText(lines));
    const damage = fc.oneof(
      // Bytes changed.
      fc
        .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 5 })
        .map((edits) => {
          const copy = Buffer.from(text);
          for (const [at, b] of edits) copy[at % copy.length] = b;
          return copy;
        }),
      // Cut short, or newlines inserted.
      fc.nat().map((n) => text.subarray(0, n % text.length)),
      fc
        .nat()
        .map((n) =>
          Buffer.concat([
            text.subarray(0, n % text.length),
            Buffer.from('\n'),
            text.subarray(n % text.length),
          ]),
        ),
      fc.uint8Array({ maxLength: 3_000 }).map((b) => Buffer.from(b)),
    );
    const small = { ...BUNDLE_LIMITS, maxInflatedBytes: text.length + 10, maxLineBytes: 6_000 };
    fc.assert(
      fc.property(damage, fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
        const c = code(() => scanText(bytes, cuts, small));
        if (c !== null)
          expect([
            'bad_bundle',
            'bundle_corrupt',
            'bundle_too_large',
            'bad_bundle_signature',
            'bundle_version',
          ]).toContain(c);
        else expect(bytes.equals(text)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('stops at the first violation, with its code', () => {
    const few = { ...BUNDLE_LIMITS, maxEvents: 3 };
    // The header announces too many: refused before any line.
    expect(code(() => scanText(Buffer.from(bundleText(lines)), [], few))).toBe('bundle_too_large');
    expect(code(() => parseBundleHeader('{"not":"an event"}'))).toBe('bad_bundle');
    // No header line within the longest line allowed.
    const tight = { ...BUNDLE_LIMITS, maxLineBytes: 1_000 };
    expect(code(() => new BundleScanner(tight).push(Buffer.alloc(1_001, 0x61)))).toBe('bad_bundle');
    // A line longer than an event: refused without waiting for its end.
    const header = bundleText(['x'.repeat(2_001)]).split('\n')[0]!;
    const scanner = new BundleScanner({ ...BUNDLE_LIMITS, maxLineBytes: 2_000 });
    scanner.push(Buffer.from(`${header}\n{`));
    expect(code(() => scanner.push(Buffer.alloc(2_000, 0x61)))).toBe('bad_bundle');
    const refused = (text: string) => code(() => scanText(Buffer.from(text)));
    expect(refused(bundleText(['{}']))).toBe('bad_bundle');
    expect(refused(bundleText([lines[0]!, '', lines[1]!]))).toBe('bad_bundle');
    expect(refused(bundleText([`[${lines[0]}]`]))).toBe('bad_bundle');
    // More lines than announced: refused at the first extra one; fewer: at the end.
    expect(refused(bundleText(lines, { count: 2 }))).toBe('bundle_corrupt');
    expect(refused(bundleText(lines, { count: 5 }))).toBe('bundle_corrupt');
    // A line changed after the header was signed.
    expect(refused(bundleText(lines).replace('one', 'two'))).toBe('bundle_corrupt');
    // Inflating past the limit.
    const text = Buffer.from(bundleText(lines));
    expect(code(() => scanText(text, [], { ...BUNDLE_LIMITS, maxInflatedBytes: text.length - 1 }))).toBe(
      'bundle_too_large',
    );
  });
});

describe('scanBundle', () => {
  it('reads gzip as it arrives, in chunks of any size', async () => {
    const gz = gzipSync(bundleText(lines));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 200 }), async (size) => {
        const chunks: Uint8Array[] = [];
        for (let i = 0; i < gz.length; i += size) chunks.push(gz.subarray(i, i + size));
        const seen: string[] = [];
        const header = await scanBundle(chunks, (ls) => {
          for (const l of ls) seen.push(l.toString());
        });
        expect(header.count).toBe(lines.length);
        expect(seen).toEqual(lines);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses random and damaged gzip with a code, never anything else', async () => {
    const gz = gzipSync(bundleText(lines));
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 500 }),
      fc.nat().map((n) => gz.subarray(0, n % gz.length)),
      fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, b]) => {
        const copy = Buffer.from(gz);
        copy[at % copy.length] = b;
        return copy;
      }),
    );
    await fc.assert(
      fc.asyncProperty(input, async (bytes) => {
        try {
          await scanBundle(Buffer.from(bytes), () => {});
        } catch (err) {
          expect(err).toBeInstanceOf(TilshiError);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('importBundle', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode();
  });
  afterAll(async () => {
    await node.close();
  });

  it('stores nothing from a file whose last line is wrong, though its checksum matches', async () => {
    const wraps = Array.from({ length: 30 }, () => JSON.stringify(buildWrap(node.node.deskPubkey!)));
    const bad = gzipSync(bundleText([...wraps, `{${'"a":1,'.repeat(60)}}`]));
    const before = node.node.log.count();
    await expect(importBundle(node.node, bad)).rejects.toMatchObject({ code: 'bad_bundle' });
    expect(node.node.log.count()).toBe(before);
    const good = gzipSync(bundleText(wraps));
    expect(await importBundle(node.node, good)).toMatchObject({ new: 30, total: 30 });
  });

  it('counts compressed bytes as they arrive against the upload limit', async () => {
    const gz = gzipSync(bundleText(lines));
    const chunks = [gz.subarray(0, 100), gz.subarray(100)];
    await expect(importBundle(node.node, chunks, { maxBytes: gz.length - 1 })).rejects.toMatchObject({
      code: 'bundle_too_large',
      status: 413,
    });
    await expect(importBundle(node.node, gz, { maxBytes: gz.length - 1 })).rejects.toMatchObject({
      code: 'bundle_too_large',
    });
    expect(await importBundle(node.node, chunks, { maxBytes: gz.length })).toMatchObject({ total: 4 });
  });
});
