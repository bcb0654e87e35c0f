import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { TilshiError } from '../core/errors.js';

/**
 * Negentropy range-based set reconciliation, protocol version 1 (NIP-77), written from the
 * protocol description (hoytech/negentropy, docs/negentropy-protocol-v1.md). Exact: both
 * roles find every difference (the responder of nostr-tools 2.25 does not). Fingerprints come
 * from prefix sums, so each range costs O(1) after sealing.
 */

export const PROTOCOL_VERSION = 0x61;
const ID_SIZE = 32;
const FINGERPRINT_SIZE = 16;
const MAX_TS = Number.MAX_SAFE_INTEGER;
const BUCKETS = 16;
const DOUBLE_BUCKETS = BUCKETS * 2;

enum Mode {
  Skip = 0,
  Fingerprint = 1,
  IdList = 2,
}

interface Bound {
  timestamp: number;
  /** An id prefix (0 to 32 bytes); missing bytes count as zeros. */
  id: Uint8Array;
}

interface Item {
  timestamp: number;
  id: Uint8Array;
}

const negError = (message: string) => new TilshiError('bad_negentropy_message', message);

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x - y;
  }
  return 0;
}

function compareItems(a: Bound, b: Bound): number {
  return a.timestamp === b.timestamp ? compareBytes(a.id, b.id) : a.timestamp - b.timestamp;
}

/**
 * The items one side holds: (created_at, id) pairs, sorted on `seal()`.
 *
 * @example
 *   const s = new NegentropyStorage(); s.insert(e.created_at, e.id); s.seal();
 */
export class NegentropyStorage {
  private items: Item[] = [];
  private sealed = false;
  /** prefix[i*8 .. i*8+8]: the sum mod 2^256 of the ids of items[0..i), as 8 little-endian u32 words. */
  private prefix = new Uint32Array(8);

  insert(timestamp: number, id: string | Uint8Array): void {
    if (this.sealed) throw new Error('storage already sealed');
    const bytes = typeof id === 'string' ? hexToBytes(id) : id;
    if (bytes.length !== ID_SIZE) throw new Error('an id is 32 bytes');
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new Error('bad timestamp');
    this.items.push({ timestamp, id: bytes });
  }

  seal(): void {
    if (this.sealed) return;
    this.sealed = true;
    this.items.sort(compareItems);
    for (let i = 1; i < this.items.length; i++) {
      if (compareItems(this.items[i - 1]!, this.items[i]!) === 0) throw new Error('duplicate item');
    }
    const n = this.items.length;
    const prefix = new Uint32Array(8 * (n + 1));
    for (let i = 0; i < n; i++) {
      const id = this.items[i]!.id;
      const view = new DataView(id.buffer, id.byteOffset, ID_SIZE);
      let carry = 0;
      for (let w = 0; w < 8; w++) {
        const s = prefix[i * 8 + w]! + view.getUint32(w * 4, true) + carry;
        prefix[(i + 1) * 8 + w] = s >>> 0;
        carry = s > 0xffffffff ? 1 : 0;
      }
    }
    this.prefix = prefix;
  }

  size(): number {
    return this.items.length;
  }

  item(i: number): Item {
    return this.items[i]!;
  }

  /** The first index in [begin, end) whose item is not below `bound`. */
  findLowerBound(begin: number, end: number, bound: Bound): number {
    let lo = begin;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareItems(this.items[mid]!, bound) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** sha256(sum of ids mod 2^256 ‖ varint(count)), first 16 bytes. */
  fingerprint(begin: number, end: number): Uint8Array {
    const sum = new Uint8Array(ID_SIZE);
    const view = new DataView(sum.buffer);
    let borrow = 0;
    for (let w = 0; w < 8; w++) {
      let d = this.prefix[end * 8 + w]! - this.prefix[begin * 8 + w]! - borrow;
      borrow = d < 0 ? 1 : 0;
      if (d < 0) d += 0x100000000;
      view.setUint32(w * 4, d, true);
    }
    const count = encodeVarint(end - begin);
    const input = new Uint8Array(ID_SIZE + count.length);
    input.set(sum);
    input.set(count, ID_SIZE);
    return sha256(input).subarray(0, FINGERPRINT_SIZE);
  }
}

export function encodeVarint(n: number): Uint8Array {
  if (n === 0) return Uint8Array.of(0);
  const out: number[] = [];
  while (n > 0) {
    out.push(n % 128);
    n = Math.floor(n / 128);
  }
  out.reverse();
  for (let i = 0; i < out.length - 1; i++) out[i]! |= 0x80;
  return Uint8Array.from(out);
}

class Reader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}
  get done() {
    return this.pos >= this.buf.length;
  }
  byte(): number {
    if (this.pos >= this.buf.length) throw negError('message ends early');
    return this.buf[this.pos++]!;
  }
  bytes(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) throw negError('message ends early');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  varint(): number {
    let n = 0;
    for (;;) {
      const b = this.byte();
      n = n * 128 + (b & 0x7f);
      if (n > Number.MAX_SAFE_INTEGER) throw negError('varint too large');
      if ((b & 0x80) === 0) return n;
    }
  }
}

class Writer {
  private parts: Uint8Array[] = [];
  length = 0;
  push(b: Uint8Array | number[]): void {
    const bytes = b instanceof Uint8Array ? b : Uint8Array.from(b);
    this.parts.push(bytes);
    this.length += bytes.length;
  }
  clear(): void {
    this.parts = [];
    this.length = 0;
  }
  append(w: Writer): void {
    for (const p of w.parts) this.push(p);
  }
  concat(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

export interface ReconcileResult {
  /** The next message to send, or null when the initiator is done. */
  output: Uint8Array | null;
  /** Ids (hex) the initiator has and the other side lacks. */
  have: string[];
  /** Ids (hex) the other side has and the initiator lacks. */
  need: string[];
}

/**
 * One side of a reconciliation. The initiator calls `initiate()` and feeds each answer to
 * `reconcile()` until its output is null; the responder answers each message with `reconcile()`.
 *
 * @example
 *   const client = new Negentropy(mine); let msg = client.initiate();
 *   while (msg) { const r = client.reconcile(await send(msg)); need.push(...r.need); msg = r.output; }
 */
export class Negentropy {
  private isInitiator = false;
  private lastTimestampIn = 0;
  private lastTimestampOut = 0;

  constructor(
    private readonly storage: NegentropyStorage,
    /** Largest message in bytes (0: no limit); at least 4096 when set. */
    private readonly frameSizeLimit = 0,
  ) {
    if (frameSizeLimit !== 0 && frameSizeLimit < 4096) throw new Error('frameSizeLimit too small');
    storage.seal();
  }

  initiate(): Uint8Array {
    if (this.isInitiator) throw new Error('already initiated');
    this.isInitiator = true;
    const out = new Writer();
    out.push([PROTOCOL_VERSION]);
    this.lastTimestampOut = 0;
    out.append(this.splitRange(0, this.storage.size(), { timestamp: MAX_TS, id: new Uint8Array(0) }));
    return out.concat();
  }

  reconcile(query: Uint8Array): ReconcileResult {
    const have: string[] = [];
    const need: string[] = [];
    const q = new Reader(query);
    this.lastTimestampIn = 0;
    this.lastTimestampOut = 0;
    const full = new Writer();
    full.push([PROTOCOL_VERSION]);
    const version = q.byte();
    if (version < 0x60 || version > 0x6f) throw negError('not a negentropy message');
    if (version !== PROTOCOL_VERSION) {
      if (this.isInitiator) throw negError('unsupported negentropy protocol version');
      return { output: full.concat(), have, need };
    }
    const storageSize = this.storage.size();
    let prevBound: Bound = { timestamp: 0, id: new Uint8Array(0) };
    let prevIndex = 0;
    let skip = false;

    while (!q.done) {
      const o = new Writer();
      const doSkip = () => {
        if (skip) {
          skip = false;
          o.push(this.encodeBound(prevBound));
          o.push(encodeVarint(Mode.Skip));
        }
      };
      const currBound = this.decodeBound(q);
      const mode = q.varint();
      const lower = prevIndex;
      let upper = this.storage.findLowerBound(prevIndex, storageSize, currBound);

      if (mode === Mode.Skip) {
        skip = true;
      } else if (mode === Mode.Fingerprint) {
        const theirs = q.bytes(FINGERPRINT_SIZE);
        const ours = this.storage.fingerprint(lower, upper);
        if (compareBytes(theirs, ours) !== 0) {
          doSkip();
          o.append(this.splitRange(lower, upper, currBound));
        } else {
          skip = true;
        }
      } else if (mode === Mode.IdList) {
        const numIds = q.varint();
        const theirs = new Set<string>();
        for (let i = 0; i < numIds; i++) theirs.add(bytesToHex(q.bytes(ID_SIZE)));
        for (let i = lower; i < upper; i++) {
          const k = bytesToHex(this.storage.item(i).id);
          if (!theirs.has(k)) {
            if (this.isInitiator) have.push(k);
          } else {
            theirs.delete(k);
          }
        }
        if (this.isInitiator) {
          skip = true;
          for (const k of theirs) need.push(k);
        } else {
          doSkip();
          const ids = new Writer();
          let count = 0;
          let endBound = currBound;
          for (let i = lower; i < upper; i++) {
            if (this.exceeded(full.length + ids.length)) {
              endBound = this.storage.item(i);
              upper = i;
              break;
            }
            ids.push(this.storage.item(i).id);
            count++;
          }
          o.push(this.encodeBound(endBound));
          o.push(encodeVarint(Mode.IdList));
          o.push(encodeVarint(count));
          o.append(ids);
          full.append(o);
          o.clear();
        }
      } else {
        throw negError('unexpected mode');
      }

      if (this.exceeded(full.length + o.length)) {
        // Over the frame limit: stop here and send one fingerprint for everything that remains.
        const remaining = this.storage.fingerprint(upper, storageSize);
        full.push(this.encodeBound({ timestamp: MAX_TS, id: new Uint8Array(0) }));
        full.push(encodeVarint(Mode.Fingerprint));
        full.push(remaining);
        break;
      }
      full.append(o);
      prevIndex = upper;
      prevBound = currBound;
    }
    return {
      output: full.length === 1 && this.isInitiator ? null : full.concat(),
      have,
      need,
    };
  }

  private exceeded(n: number): boolean {
    return this.frameSizeLimit !== 0 && n > this.frameSizeLimit - 200;
  }

  private splitRange(lower: number, upper: number, upperBound: Bound): Writer {
    const o = new Writer();
    const numElems = upper - lower;
    if (numElems < DOUBLE_BUCKETS) {
      o.push(this.encodeBound(upperBound));
      o.push(encodeVarint(Mode.IdList));
      o.push(encodeVarint(numElems));
      for (let i = lower; i < upper; i++) o.push(this.storage.item(i).id);
      return o;
    }
    const perBucket = Math.floor(numElems / BUCKETS);
    const withExtra = numElems % BUCKETS;
    let curr = lower;
    for (let i = 0; i < BUCKETS; i++) {
      const size = perBucket + (i < withExtra ? 1 : 0);
      const fp = this.storage.fingerprint(curr, curr + size);
      curr += size;
      const next =
        curr === upper ? upperBound : minimalBound(this.storage.item(curr - 1), this.storage.item(curr));
      o.push(this.encodeBound(next));
      o.push(encodeVarint(Mode.Fingerprint));
      o.push(fp);
    }
    return o;
  }

  private encodeBound(b: Bound): Uint8Array {
    const w = new Writer();
    w.push(this.encodeTimestampOut(b.timestamp));
    w.push(encodeVarint(b.id.length));
    w.push(b.id);
    return w.concat();
  }

  private encodeTimestampOut(ts: number): Uint8Array {
    if (ts === MAX_TS) {
      this.lastTimestampOut = MAX_TS;
      return encodeVarint(0);
    }
    const delta = ts - this.lastTimestampOut;
    this.lastTimestampOut = ts;
    return encodeVarint(delta + 1);
  }

  private decodeBound(q: Reader): Bound {
    const timestamp = this.decodeTimestampIn(q);
    const len = q.varint();
    if (len > ID_SIZE) throw negError('bound key too long');
    return { timestamp, id: q.bytes(len) };
  }

  private decodeTimestampIn(q: Reader): number {
    const raw = q.varint();
    let ts = raw === 0 ? MAX_TS : raw - 1;
    if (this.lastTimestampIn === MAX_TS || ts === MAX_TS) {
      this.lastTimestampIn = MAX_TS;
      return MAX_TS;
    }
    ts += this.lastTimestampIn;
    if (ts > MAX_TS) throw negError('timestamp too large');
    this.lastTimestampIn = ts;
    return ts;
  }
}

/** The shortest bound that sorts above `prev` and not above `curr`. */
function minimalBound(prev: Item, curr: Item): Bound {
  if (curr.timestamp !== prev.timestamp) return { timestamp: curr.timestamp, id: new Uint8Array(0) };
  let shared = 0;
  while (shared < ID_SIZE && curr.id[shared] === prev.id[shared]) shared++;
  return { timestamp: curr.timestamp, id: curr.id.subarray(0, shared + 1) };
}

export const toHex = bytesToHex;
export const fromHex = hexToBytes;
