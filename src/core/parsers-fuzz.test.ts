import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateKeyPair, signEvent } from '../crypto/keys.js';
import { ValidationError } from './errors.js';
import { parseEvent } from './event.js';
import { parseFilter } from './filter.js';

/*
 * Property tests for the parsers every outside input meets first: random and adversarial
 * values never make them throw anything but a ValidationError with a code, and never hang.
 */

const key = generateKeyPair();
const signed = signEvent({ kind: 1, created_at: 1_700_000_000, tags: [['t', 'strike']], content: 'x' }, key);

/** Any value JSON.parse could give, plus the odd things a caller might pass. */
const anyValue = fc.oneof(
  fc.jsonValue(),
  fc.anything({ withNullPrototype: true, withObjectString: true, withBigInt: true, withSparseArray: true }),
);

/** A signed event with one field replaced by anything. */
const mutated = fc
  .tuple(fc.constantFrom(...Object.keys(signed)), anyValue)
  .map(([field, value]) => ({ ...signed, [field]: value }));

/** Shapes close to valid: long strings, many tags, big numbers. */
const nearly = fc.record({
  id: fc.oneof(fc.constant(signed.id), fc.string({ maxLength: 70 })),
  pubkey: fc.oneof(fc.constant(signed.pubkey), fc.string({ maxLength: 70 })),
  created_at: fc.oneof(fc.integer(), fc.double(), fc.constant(2 ** 41)),
  kind: fc.oneof(fc.integer(), fc.constant(70_000)),
  tags: fc.array(fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }), { maxLength: 10 }),
  content: fc.string({ maxLength: 50 }),
  sig: fc.oneof(fc.constant(signed.sig), fc.string({ maxLength: 130 })),
});

describe('parseEvent', () => {
  it('accepts a signed event as it is', () => {
    expect(parseEvent(JSON.parse(JSON.stringify(signed)))).toEqual(signed);
  });

  it('throws only ValidationError with a code on anything else', () => {
    fc.assert(
      fc.property(fc.oneof(anyValue, mutated, nearly), (raw) => {
        try {
          const e = parseEvent(raw);
          // What passes is the event itself (a field "changed" to its own value).
          expect(e.id).toBe(signed.id);
        } catch (err) {
          expect(err).toBeInstanceOf(ValidationError);
          expect(['invalid_event', 'bad_id']).toContain((err as ValidationError).code);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses an oversized event quickly', () => {
    const big = { ...signed, tags: Array.from({ length: 100_000 }, () => ['t', 'x']) };
    const started = performance.now();
    expect(() => parseEvent(big)).toThrow(expect.objectContaining({ code: 'invalid_event' }));
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('parseFilter', () => {
  const filterish = fc.dictionary(
    fc.oneof(
      fc.constantFrom(
        'ids',
        'authors',
        'kinds',
        'since',
        'until',
        'limit',
        'search',
        '#e',
        '#p',
        '#t',
        '#ab',
      ),
      fc.string({ maxLength: 4 }),
    ),
    anyValue,
    { maxKeys: 6 },
  );

  it('never throws: an answer or a message, on anything', () => {
    fc.assert(
      fc.property(fc.oneof(anyValue, filterish), (raw) => {
        const r = parseFilter(raw);
        if (r.ok) expect(typeof r.filter).toBe('object');
        else expect(r.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps what it accepts within its limits', () => {
    expect(parseFilter({ ids: Array(1_001).fill(signed.id) }).ok).toBe(false);
    expect(parseFilter({ '#t': Array(1_001).fill('x') }).ok).toBe(false);
    expect(parseFilter({ kinds: [1], '#t': ['strike'] })).toEqual({
      ok: true,
      filter: { kinds: [1], tags: { t: ['strike'] } },
    });
  });
});
