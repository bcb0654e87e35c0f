import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Decoder, encodeRange, hashItems, ItemHasher, keyHex, SALT_BYTES } from './riblt.js';
import { encodeSymbolsAnswer, readSymbols, readSymbolsMeta } from './riblt-wire.js';

const hexKeys = (bytes: Uint8Array) => {
  const hex = Buffer.from(bytes).toString('hex');
  return Array.from({ length: hex.length / 16 }, (_, i) => hex.slice(i * 16, i * 16 + 16));
};

/**
 * Two random sets sharing `shared` keys, with `onlyA` keys only the sender has and `onlyB`
 * only the receiver has; the receiver asks for symbols in batches until it has decoded.
 */
function reconcile(shared: number, onlyA: number, onlyB: number, batch = 64) {
  const salt = randomBytes(SALT_BYTES);
  const common = randomBytes(8 * shared);
  const a = randomBytes(8 * onlyA);
  const b = randomBytes(8 * onlyB);
  const sender = hashItems(Buffer.concat([a, common]), new ItemHasher(salt));
  const receiverHasher = new ItemHasher(salt);
  // The receiver's items in another order: sets, not lists.
  const decoder = new Decoder(receiverHasher, hashItems(Buffer.concat([common, b]), receiverHasher));
  while (!decoder.done && decoder.received < 20 * (onlyA + onlyB) + 1000) {
    decoder.add(encodeRange(sender, decoder.received, decoder.received + batch));
  }
  return {
    decoder,
    remote: decoder.remote.map(keyHex).sort(),
    local: decoder.local.map(keyHex).sort(),
    expectRemote: hexKeys(a).sort(),
    expectLocal: hexKeys(b).sort(),
  };
}

describe('rateless IBLT', () => {
  it('hashes an item as the first 8 bytes of sha256(salt ‖ key)', () => {
    const salt = randomBytes(SALT_BYTES);
    const key = randomBytes(8);
    const h = new ItemHasher(salt);
    h.hash(key.readUInt32BE(0), key.readUInt32BE(4));
    const want = createHash('sha256').update(salt).update(key).digest();
    expect([h.hi, h.lo]).toEqual([want.readUInt32BE(0), want.readUInt32BE(4)]);
  });

  it('produces the same symbols in batches as at once, and every item lands in symbol 0', () => {
    const items = hashItems(randomBytes(8 * 500), new ItemHasher(randomBytes(SALT_BYTES)));
    const whole = encodeRange(items, 0, 300);
    const parts = [encodeRange(items, 0, 100), encodeRange(items, 100, 250), encodeRange(items, 250, 300)];
    const joined = parts.flatMap((p) => Array.from(p.count));
    expect(joined).toEqual(Array.from(whole.count));
    expect(Array.from(parts[2]!.keyHi)).toEqual(Array.from(whole.keyHi.subarray(250)));
    expect(whole.count[0]).toBe(500);
    // Sparser and sparser: about 500 / (1 + i/2) items in symbol i.
    expect(whole.count[199]!).toBeLessThan(30);
  });

  it.each([
    ['no difference', 5_000, 0, 0],
    ['one event missing here', 5_000, 1, 0],
    ['one event missing there', 5_000, 0, 1],
    ['1,000 differences both ways', 20_000, 600, 400],
    ['10% of the set', 18_000, 1_200, 800],
  ])(
    'decodes exactly: %s',
    (_name, shared, onlyA, onlyB) => {
      const r = reconcile(shared, onlyA, onlyB);
      expect(r.decoder.done).toBe(true);
      expect(r.decoder.inconsistent).toBe(false);
      expect(r.remote).toEqual(r.expectRemote);
      expect(r.local).toEqual(r.expectLocal);
      // The paper's overhead: ~1.35–1.7 symbols per differing item once the difference is large.
      const d = onlyA + onlyB;
      if (d >= 1_000) expect(r.decoder.received).toBeLessThan(1.75 * d + 64);
      if (d === 0) expect(r.decoder.received).toBe(64);
    },
    60_000,
  );

  it('decodes random sets and differences over many rounds', () => {
    for (let round = 0; round < 20; round++) {
      const n = 1 + Math.floor(Math.random() * 3_000);
      const r = reconcile(n, Math.floor(Math.random() * 60), Math.floor(Math.random() * 60), 16);
      expect(r.decoder.done).toBe(true);
      expect([r.remote, r.local]).toEqual([r.expectRemote, r.expectLocal]);
    }
  });

  it('does not decode against symbols of another salt', () => {
    const common = randomBytes(8 * 1_000);
    const sender = hashItems(common, new ItemHasher(randomBytes(SALT_BYTES)));
    const salt = randomBytes(SALT_BYTES);
    const decoder = new Decoder(new ItemHasher(salt), hashItems(common, new ItemHasher(salt)));
    decoder.add(encodeRange(sender, 0, 512));
    expect(decoder.done).toBe(false);
  });
});

describe('symbols on the wire', () => {
  const items = hashItems(randomBytes(8 * 300), new ItemHasher(randomBytes(SALT_BYTES)));
  const symbols = encodeRange(items, 10, 74);
  const meta = { size: 300, start: 10, count: 64 };
  const bytes = encodeSymbolsAnswer(meta, symbols);

  it('round-trips the header and the symbols, at ~18 bytes a symbol', () => {
    const { meta: m, rest } = readSymbolsMeta(bytes);
    expect(m).toEqual(meta);
    const back = readSymbols(rest, 64, 10, 300);
    expect(back.offset).toBe(10);
    expect(Array.from(back.count)).toEqual(Array.from(symbols.count));
    expect(Array.from(back.hashLo)).toEqual(Array.from(symbols.hashLo));
    expect(rest.length).toBeLessThan(64 * 19);
  });

  it('refuses trailing bytes, a cut answer, a count beyond the set and a bad header', () => {
    const { rest } = readSymbolsMeta(bytes);
    expect(() => readSymbols(Buffer.concat([rest, Buffer.from([0])]), 64, 10, 300)).toThrow(/after the last/);
    expect(() => readSymbols(rest.subarray(0, rest.length - 1), 64, 10, 300)).toThrow(/malformed/);
    expect(() => readSymbols(rest, 64, 10, 2)).toThrow(/beyond the set size/);
    expect(() => readSymbolsMeta(Buffer.from([0xff, 0xff, 0x7f]))).toThrow(/header/);
    expect(() => readSymbolsMeta(Buffer.from([3, 0x7b, 0x7b, 0x7b]))).toThrow(/not JSON/);
  });
});
