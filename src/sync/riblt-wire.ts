import { TilshiError } from '../core/errors.js';
import { Symbols } from './riblt.js';
import { varint } from './wire.js';

/**
 * How coded symbols travel (docs/sync.md, "First contact"): `varint(n) ‖ n bytes of JSON`
 * (what the answer is about), then each symbol as key xor (8 bytes), hash xor (8 bytes), both
 * big-endian, and its count as an unsigned LEB128 varint. Keys and hashes are random bytes,
 * which deflate cannot shrink, so the answer is not compressed.
 */
export const SYMBOLS_MEDIA_TYPE = 'application/vnd.tilshi.symbols';

/** The JSON part of an answer is never longer than this. */
const MAX_META_BYTES = 4096;
/** A count below 2^31 needs at most 5 varint bytes. */
const MAX_COUNT_VARINT = 5;

export function encodeSymbolsAnswer(meta: unknown, symbols: Symbols): Buffer {
  const json = Buffer.from(JSON.stringify(meta), 'utf8');
  const head = varint(json.length);
  const out = Buffer.allocUnsafe(head.length + json.length + symbols.length * (16 + MAX_COUNT_VARINT));
  let p = head.copy(out, 0);
  p += json.copy(out, p);
  for (let i = 0; i < symbols.length; i++) {
    out.writeUInt32BE(symbols.keyHi[i]!, p);
    out.writeUInt32BE(symbols.keyLo[i]!, p + 4);
    out.writeUInt32BE(symbols.hashHi[i]!, p + 8);
    out.writeUInt32BE(symbols.hashLo[i]!, p + 12);
    p += 16;
    let n = symbols.count[i]!;
    while (n >= 0x80) {
      out[p++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    out[p++] = n;
  }
  return out.subarray(0, p);
}

const malformed = (why: string) =>
  new TilshiError('peer_error', `the peer sent malformed symbols: ${why}`, 502);

/** The JSON part of an answer (unchecked) and where the symbols start. */
export function readSymbolsMeta(bytes: Uint8Array): { meta: unknown; rest: Uint8Array } {
  let len = 0;
  let shift = 1;
  let p = 0;
  for (;;) {
    if (p >= bytes.length || p >= 2) throw malformed('no header');
    const b = bytes[p++]!;
    len += (b & 0x7f) * shift;
    shift *= 128;
    if ((b & 0x80) === 0) break;
  }
  if (len > MAX_META_BYTES || p + len > bytes.length) throw malformed('header length');
  let meta: unknown;
  try {
    meta = JSON.parse(Buffer.from(bytes.subarray(p, p + len)).toString('utf8'));
  } catch {
    throw malformed('header is not JSON');
  }
  return { meta, rest: bytes.subarray(p + len) };
}

/**
 * Exactly `count` symbols (indices offset …) and nothing after them; a count above `maxCount`
 * (the sender's set size) is refused.
 */
export function readSymbols(rest: Uint8Array, count: number, offset: number, maxCount: number): Symbols {
  const out = new Symbols(count, offset);
  const view = new DataView(rest.buffer, rest.byteOffset, rest.byteLength);
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 17 > rest.length) throw malformed('cut short');
    out.keyHi[i] = view.getUint32(p);
    out.keyLo[i] = view.getUint32(p + 4);
    out.hashHi[i] = view.getUint32(p + 8);
    out.hashLo[i] = view.getUint32(p + 12);
    p += 16;
    let n = 0;
    let shift = 1;
    for (let k = 0; ; k++) {
      if (k >= MAX_COUNT_VARINT || p >= rest.length) throw malformed('bad count');
      const b = rest[p++]!;
      n += (b & 0x7f) * shift;
      shift *= 128;
      if ((b & 0x80) === 0) break;
    }
    if (n > maxCount) throw malformed('a count beyond the set size');
    out.count[i] = n;
  }
  if (p !== rest.length) throw malformed('bytes after the last symbol');
  return out;
}
