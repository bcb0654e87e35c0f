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
  const parts: Buffer[] = [varint(json.length), json];
  const fixed = Buffer.alloc(16);
  for (let i = 0; i < symbols.length; i++) {
    fixed.writeUInt32BE(symbols.keyHi[i]!, 0);
    fixed.writeUInt32BE(symbols.keyLo[i]!, 4);
    fixed.writeUInt32BE(symbols.hashHi[i]!, 8);
    fixed.writeUInt32BE(symbols.hashLo[i]!, 12);
    parts.push(Buffer.from(fixed), varint(symbols.count[i]!));
  }
  return Buffer.concat(parts);
}

const malformed = (why: string) => new TilshiError('peer_error', `the peer sent malformed symbols: ${why}`, 502);

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
