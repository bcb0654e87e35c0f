import { _SHA256 } from '@noble/hashes/sha2.js';

/**
 * Rateless invertible Bloom lookup tables (Yang, Gilad, Alizadeh, "Practical Rateless Set
 * Reconciliation", SIGCOMM 2024), for first contact between two nodes (docs/sync.md).
 *
 * An item is the first 8 bytes of an event id (what offers carry). A coded symbol holds the
 * xor of its items' keys, the xor of their 64-bit hashes and how many there are. Every item
 * maps to symbol 0 and then to ever sparser indices (an item lands in symbol i with
 * probability 1 / (1 + i/2)), so a sender can stream symbols 0, 1, 2, … without knowing the
 * size of the difference; a receiver subtracts its own symbols and peels the difference once
 * it holds about 1.35 to 1.7 symbols per differing item.
 *
 * Numbers are kept as pairs of unsigned 32-bit halves (hi, lo) in flat typed arrays: no BigInt
 * and no object per item in the loops that run over every item of a set.
 */

/** Bytes of an item key: an event id's first 8 bytes. */
export const KEY_BYTES = 8;
/** Bytes of the salt a client picks for a reconciliation (it keys the item hash). */
export const SALT_BYTES = 16;

/**
 * The item hash: the first 8 bytes of sha256(salt ‖ key). It is the symbol checksum and the
 * seed of the item's index sequence. The salt is chosen per reconciliation by the client, so
 * nobody can prepare events whose keys collide in the mapping of a session.
 */
export class ItemHasher {
  private readonly base = new _SHA256();
  private readonly work = new _SHA256();
  private readonly input = new Uint8Array(KEY_BYTES);
  private readonly inputView = new DataView(this.input.buffer);
  private readonly out = new Uint8Array(32);
  private readonly outView = new DataView(this.out.buffer);
  /** The last hash: high and low 32 bits. */
  hi = 0;
  lo = 0;

  constructor(salt: Uint8Array) {
    this.base.update(salt);
  }

  /** Hash of the key (hi, lo); the result is left in `this.hi` and `this.lo`. */
  hash(keyHi: number, keyLo: number): void {
    this.inputView.setUint32(0, keyHi);
    this.inputView.setUint32(4, keyLo);
    // Cloning a hasher that has absorbed the salt avoids an allocation per item (~1 µs each).
    this.base._cloneInto(this.work);
    this.work.update(this.input);
    this.work.digestInto(this.out);
    this.hi = this.outView.getUint32(0);
    this.lo = this.outView.getUint32(4);
  }
}

/** Items with their hashes, as flat arrays (the keys of a set). */
export interface HashedItems {
  length: number;
  keyHi: Uint32Array;
  keyLo: Uint32Array;
  hashHi: Uint32Array;
  hashLo: Uint32Array;
}

/** Room for `n` items, unhashed. */
export function allocItems(n: number): HashedItems {
  return {
    length: n,
    keyHi: new Uint32Array(n),
    keyLo: new Uint32Array(n),
    hashHi: new Uint32Array(n),
    hashLo: new Uint32Array(n),
  };
}

/** Hash keys [from, to) of `keys` (8 bytes each, concatenated) into `items`. */
export function hashInto(
  items: HashedItems,
  keys: Uint8Array,
  hasher: ItemHasher,
  from: number,
  to: number,
): void {
  const view = new DataView(keys.buffer, keys.byteOffset, keys.byteLength);
  for (let i = from; i < to; i++) {
    const hi = view.getUint32(i * KEY_BYTES);
    const lo = view.getUint32(i * KEY_BYTES + 4);
    hasher.hash(hi, lo);
    items.keyHi[i] = hi;
    items.keyLo[i] = lo;
    items.hashHi[i] = hasher.hi;
    items.hashLo[i] = hasher.lo;
  }
}

/** Hash every key of `keys` (8 bytes each, concatenated). */
export function hashItems(keys: Uint8Array, hasher: ItemHasher): HashedItems {
  const n = Math.floor(keys.length / KEY_BYTES);
  const items = allocItems(n);
  hashInto(items, keys, hasher, 0, n);
  return items;
}

/** Coded symbols, index `offset + i` at position i. */
export class Symbols {
  keyHi: Uint32Array;
  keyLo: Uint32Array;
  hashHi: Uint32Array;
  hashLo: Uint32Array;
  count: Int32Array;
  length: number;

  constructor(
    length: number,
    readonly offset = 0,
  ) {
    this.length = length;
    this.keyHi = new Uint32Array(length);
    this.keyLo = new Uint32Array(length);
    this.hashHi = new Uint32Array(length);
    this.hashLo = new Uint32Array(length);
    this.count = new Int32Array(length);
  }

  /** Room for `length` symbols, keeping those held (capacity doubles). */
  grow(length: number): void {
    if (length > this.keyHi.length) {
      const cap = Math.max(length, this.keyHi.length * 2);
      const more = <T extends Uint32Array | Int32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(cap);
        b.set(a);
        return b;
      };
      this.keyHi = more(this.keyHi);
      this.keyLo = more(this.keyLo);
      this.hashHi = more(this.hashHi);
      this.hashLo = more(this.hashLo);
      this.count = more(this.count);
    }
    this.length = length;
  }

  /** Whether symbol i (position, not index) holds nothing. */
  isEmpty(i: number): boolean {
    return (
      this.count[i] === 0 &&
      this.keyHi[i] === 0 &&
      this.keyLo[i] === 0 &&
      this.hashHi[i] === 0 &&
      this.hashLo[i] === 0
    );
  }
}

// The index sequence of an item, as in the paper's reference implementation: a multiplicative
// congruential generator seeded with the item hash gives r, and the next index is
// last + ceil((last + 1.5) × (2^32 / sqrt(r + 1) − 1)), which lands in index i with
// probability 1 / (1 + i/2).
const MUL_HI = 0xda942042;
const MUL_LO = 0xe4dd58b5;
const TWO_32 = 4294967296;

/** High 32 bits of the unsigned 64-bit product of two unsigned 32-bit numbers. */
function mulHigh32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) >>> 0;
}

/**
 * Items with where each stands in its index sequence: `next` is the next index it adds to.
 * A window walks its items forward only, so symbols are produced in batches of growing
 * indices (the sender's stream, the receiver's own set, the items decoded so far).
 */
export class ItemWindow {
  length = 0;
  keyHi: Uint32Array = new Uint32Array(16);
  keyLo: Uint32Array = new Uint32Array(16);
  hashHi: Uint32Array = new Uint32Array(16);
  hashLo: Uint32Array = new Uint32Array(16);
  private prngHi: Uint32Array = new Uint32Array(16);
  private prngLo: Uint32Array = new Uint32Array(16);
  private next: Float64Array = new Float64Array(16);

  /** A window over a whole set, every item at index 0. */
  static of(items: HashedItems): ItemWindow {
    const w = new ItemWindow();
    w.keyHi = items.keyHi;
    w.keyLo = items.keyLo;
    w.hashHi = items.hashHi;
    w.hashLo = items.hashLo;
    w.prngHi = items.hashHi.slice();
    w.prngLo = items.hashLo.slice();
    w.next = new Float64Array(items.length);
    w.length = items.length;
    return w;
  }

  /** Add one item at index 0; returns its position. */
  add(keyHi: number, keyLo: number, hashHi: number, hashLo: number): number {
    if (this.length === this.keyHi.length) {
      const cap = this.length * 2;
      const u = (a: Uint32Array) => {
        const b = new Uint32Array(cap);
        b.set(a);
        return b;
      };
      this.keyHi = u(this.keyHi);
      this.keyLo = u(this.keyLo);
      this.hashHi = u(this.hashHi);
      this.hashLo = u(this.hashLo);
      this.prngHi = u(this.prngHi);
      this.prngLo = u(this.prngLo);
      const n = new Float64Array(cap);
      n.set(this.next);
      this.next = n;
    }
    const i = this.length++;
    this.keyHi[i] = keyHi;
    this.keyLo[i] = keyLo;
    this.hashHi[i] = hashHi;
    this.hashLo[i] = hashLo;
    this.prngHi[i] = hashHi;
    this.prngLo[i] = hashLo;
    this.next[i] = 0;
    return i;
  }

  /**
   * Add (sign 1) or subtract (sign −1) items [from, to) of the window into every symbol of
   * `out` they map to below index `end`, moving them past it. Indices below `out.offset` are
   * walked over, not written. `touched` hears every position written.
   */
  apply(
    out: Symbols,
    end: number,
    sign: 1 | -1,
    from = 0,
    to = this.length,
    touched?: (position: number) => void,
  ): void {
    const { keyHi, keyLo, hashHi, hashLo, prngHi, prngLo, next } = this;
    const { offset } = out;
    for (let i = from; i < to; i++) {
      let idx = next[i]!;
      if (idx >= end) continue;
      const kh = keyHi[i]!;
      const kl = keyLo[i]!;
      const hh = hashHi[i]!;
      const hl = hashLo[i]!;
      let ph = prngHi[i]!;
      let pl = prngLo[i]!;
      while (idx < end) {
        const p = idx - offset;
        if (p >= 0) {
          out.keyHi[p]! ^= kh;
          out.keyLo[p]! ^= kl;
          out.hashHi[p]! ^= hh;
          out.hashLo[p]! ^= hl;
          out.count[p]! += sign;
          touched?.(p);
        }
        // prng ← prng × MUL (mod 2^64)
        const lo = Math.imul(pl, MUL_LO) >>> 0;
        ph = (mulHigh32(pl, MUL_LO) + Math.imul(pl, MUL_HI) + Math.imul(ph, MUL_LO)) >>> 0;
        pl = lo;
        const r = ph * TWO_32 + pl;
        // A step of 0 happens only for r within 2^11 of 2^64; an item never maps twice to one symbol.
        idx += Math.max(1, Math.ceil((idx + 1.5) * (TWO_32 / Math.sqrt(r + 1) - 1)));
      }
      next[i] = idx;
      prngHi[i] = ph;
      prngLo[i] = pl;
    }
  }
}

/**
 * Symbols [start, end) of a set, computed from nothing (what a serving node does per request).
 *
 * @example
 *   const items = hashItems(keys, new ItemHasher(salt));
 *   const batch = encodeRange(items, 0, 1024);
 */
export function encodeRange(items: HashedItems, start: number, end: number): Symbols {
  const out = new Symbols(end - start, start);
  ItemWindow.of(items).apply(out, end, 1);
  return out;
}

export interface DecodedKey {
  hi: number;
  lo: number;
}

/**
 * The receiving side: takes the sender's symbols batch after batch, subtracts its own set and
 * peels. When `done`, `remote` holds the keys only the sender has and `local` those only the
 * receiver has.
 *
 * @example
 *   const d = new Decoder(hasher, ownItems);
 *   d.add(batch); if (d.done) fetch(d.remote);
 */
export class Decoder {
  readonly symbols = new Symbols(0);
  /** Keys only the sender has. */
  readonly remote: DecodedKey[] = [];
  /** Keys only this side has. */
  readonly local: DecodedKey[] = [];
  /** A key decoded twice: the batches do not come from one set (it changed between them). */
  inconsistent = false;
  private readonly own: ItemWindow;
  private readonly remoteWindow = new ItemWindow();
  private readonly localWindow = new ItemWindow();
  private readonly seen = new Set<string>();
  private readonly queue: number[] = [];

  constructor(
    private readonly hasher: ItemHasher,
    own: HashedItems,
  ) {
    this.own = ItemWindow.of(own);
  }

  /** Symbols received so far. */
  get received(): number {
    return this.symbols.length;
  }

  /** The whole difference is decoded: symbol 0, which every item maps to, is empty. */
  get done(): boolean {
    return !this.inconsistent && this.symbols.length > 0 && this.symbols.isEmpty(0);
  }

  /** Items decoded so far, both sides. */
  get decoded(): number {
    return this.remote.length + this.local.length;
  }

  /** The sender's next symbols (indices `received` …), then peel what became pure. */
  add(batch: Symbols): void {
    if (batch.offset !== this.symbols.length) throw new Error('symbols must come in order');
    const s = this.symbols;
    const m0 = s.length;
    const m1 = m0 + batch.length;
    s.grow(m1);
    s.keyHi.set(batch.keyHi.subarray(0, batch.length), m0);
    s.keyLo.set(batch.keyLo.subarray(0, batch.length), m0);
    s.hashHi.set(batch.hashHi.subarray(0, batch.length), m0);
    s.hashLo.set(batch.hashLo.subarray(0, batch.length), m0);
    s.count.set(batch.count.subarray(0, batch.length), m0);
    // The difference is sender − receiver: subtract our own set and what was decoded as the
    // sender's, add back what was decoded as ours.
    this.own.apply(s, m1, -1);
    this.remoteWindow.apply(s, m1, -1);
    this.localWindow.apply(s, m1, 1);
    for (let p = m0; p < m1; p++) this.consider(p);
    this.peel();
  }

  private consider(p: number): void {
    const c = this.symbols.count[p];
    if (c === 1 || c === -1) this.queue.push(p);
  }

  private peel(): void {
    const s = this.symbols;
    const h = this.hasher;
    const touched = (p: number) => this.consider(p);
    while (this.queue.length > 0 && !this.inconsistent) {
      const p = this.queue.pop()!;
      const c = s.count[p]!;
      if (c !== 1 && c !== -1) continue;
      const kh = s.keyHi[p]!;
      const kl = s.keyLo[p]!;
      h.hash(kh, kl);
      if (h.hi !== s.hashHi[p] || h.lo !== s.hashLo[p]) continue;
      const name = `${kh}:${kl}`;
      if (this.seen.has(name)) {
        this.inconsistent = true;
        return;
      }
      this.seen.add(name);
      const window = c === 1 ? this.remoteWindow : this.localWindow;
      (c === 1 ? this.remote : this.local).push({ hi: kh, lo: kl });
      const i = window.add(kh, kl, h.hi, h.lo);
      // Peel it out of every symbol received so far; it stays in its window for later batches.
      window.apply(s, s.length, c === 1 ? -1 : 1, i, i + 1, touched);
    }
  }
}

/** Hex of a key (16 digits: an id prefix). */
export function keyHex(k: DecodedKey): string {
  return k.hi.toString(16).padStart(8, '0') + k.lo.toString(16).padStart(8, '0');
}

/** Keys from id prefixes (hex), 8 bytes each. */
export function keysOfIds(ids: readonly string[]): Uint8Array {
  const out = new Uint8Array(ids.length * KEY_BYTES);
  ids.forEach((id, i) => {
    out.set(Buffer.from(id.slice(0, KEY_BYTES * 2), 'hex'), i * KEY_BYTES);
  });
  return out;
}
