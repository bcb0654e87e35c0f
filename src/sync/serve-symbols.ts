import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { TilshiError, ValidationError } from '../core/errors.js';
import type { TilshiNode } from '../node/node.js';
import { countUpTo, entriesByPrefix, idPrefixesUpTo } from './log-reader.js';
import type { SyncAccess } from './log-types.js';
import {
  allocItems,
  type HashedItems,
  hashInto,
  ItemHasher,
  ItemWindow,
  KEY_BYTES,
  SALT_BYTES,
  Symbols,
} from './riblt.js';
import { encodeSymbolsAnswer } from './riblt-wire.js';
import { decodePrefixes } from './wire.js';

/** The most symbols one request may ask for (~19 bytes each: about 1.2 MB). */
export const MAX_SYMBOLS_PER_REQUEST = 65_536;
/**
 * No symbol past this index is served. A difference of up to ~180,000 events decodes below
 * it; a larger one moves tens of megabytes of events, beside which a cursor offer is cheap.
 */
export const MAX_SYMBOL_INDEX = 262_144;
/** A set larger than this is not reconciled (`set_too_large`): the client pulls by cursor. */
export const MAX_RECONCILE_SET = 1_000_000;
/** The most ids one fetch may name (as an offer: 8 bytes each). */
export const MAX_FETCH_IDS = 50_000;

/** Items hashed and walked between two turns of the event loop, so `/healthz` keeps answering. */
const CHUNK = 20_000;

export interface SymbolsRequest {
  /** 32 hex digits, chosen by the client for the whole reconciliation. */
  salt: string;
  start: number;
  count: number;
  /** The log position the set ends at: absent on the first request, then the first answer's. */
  upto?: number | undefined;
}

export interface SymbolsMeta {
  node_pubkey: string;
  /** The set: events at log positions up to `upto` the caller may have. */
  upto: number;
  last_seq: number;
  /** Items in the set. */
  size: number;
  /** `all` when the set holds sealed records, `public` when it does not. */
  scope: SyncAccess;
  start: number;
  count: number;
  /** As in an offer: sealed records up to `upto` a signed, unlisted caller does not get. */
  withheld?: number;
  withheld_reason?: 'not_a_peer';
}

/**
 * The hashed set of the last request, kept for the next one with the same salt and range: a
 * client asks for a few batches in a row. One entry, at most MAX_RECONCILE_SET items (16 MB).
 */
interface CachedSet {
  key: string;
  items: HashedItems;
  at: number;
}
const cache = new WeakMap<TilshiNode, CachedSet>();
const CACHE_MS = 60_000;

/** Throws `too_many_symbols` for more than MAX_SYMBOLS_PER_REQUEST or an index past MAX_SYMBOL_INDEX. */
export function checkSymbolRange(start: number, count: number): void {
  if (count > MAX_SYMBOLS_PER_REQUEST || start + count > MAX_SYMBOL_INDEX) {
    throw new ValidationError(
      'too_many_symbols',
      `at most ${MAX_SYMBOLS_PER_REQUEST} symbols per request and none past index ${MAX_SYMBOL_INDEX}`,
    );
  }
}

/**
 * Coded symbols [start, start + count) of the set this caller may receive: every event up to
 * `upto` (the log's end on the first request), sealed records only for `all`. Refused before
 * any work: too many symbols (`too_many_symbols`), a set over MAX_RECONCILE_SET
 * (`set_too_large`), an `upto` beyond the log (`bad_range`). The work is bounded by
 * set size × log(index), done in chunks between which the node serves other requests.
 *
 * @example
 *   const body = await symbolsOf(node, { salt, start: 0, count: 64 }, 'all', callerKey);
 */
export async function symbolsOf(
  node: TilshiNode,
  request: SymbolsRequest,
  access: SyncAccess,
  caller: string | null,
  options: { maxSet?: number } = {},
): Promise<Buffer> {
  const { start, count } = request;
  checkSymbolRange(start, count);
  const lastSeq = node.log.maxSeq();
  const upto = request.upto ?? lastSeq;
  if (upto > lastSeq) throw new ValidationError('bad_range', 'upto is beyond this log');
  const { size, withheld } = countUpTo(node.db, upto, access);
  const maxSet = options.maxSet ?? MAX_RECONCILE_SET;
  if (size > maxSet) {
    throw new TilshiError('set_too_large', `this node holds more than ${maxSet} events: sync by cursor`, 413);
  }
  const key = `${access}:${upto}:${request.salt}:${size}`;
  let entry = cache.get(node);
  if (!entry || entry.key !== key || Date.now() - entry.at > CACHE_MS) {
    const { keys } = idPrefixesUpTo(node.db, upto, access);
    const hasher = new ItemHasher(Buffer.from(request.salt, 'hex'));
    const n = keys.length / KEY_BYTES;
    const items = allocItems(n);
    for (let i = 0; i < n; i += CHUNK) {
      hashInto(items, keys, hasher, i, Math.min(n, i + CHUNK));
      await yieldToLoop();
    }
    entry = { key, items, at: Date.now() };
    cache.set(node, entry);
  }
  const out = new Symbols(count, start);
  const window = ItemWindow.of(entry.items);
  for (let i = 0; i < window.length; i += CHUNK) {
    window.apply(out, start + count, 1, i, Math.min(window.length, i + CHUNK));
    await yieldToLoop();
  }
  const meta: SymbolsMeta = {
    node_pubkey: node.nodeKey.publicKey,
    upto,
    last_seq: lastSeq,
    size: entry.items.length,
    scope: access,
    start,
    count,
  };
  if (access === 'all') meta.withheld = 0;
  else if (caller && withheld > 0) {
    meta.withheld = withheld;
    meta.withheld_reason = 'not_a_peer';
  }
  return encodeSymbolsAnswer(meta, out);
}

/** Salt of a symbols request: SALT_BYTES as hex. */
export const SALT_HEX = new RegExp(`^[0-9a-f]{${SALT_BYTES * 2}}$`);

/**
 * The log positions of the events a fetch names (8-byte id prefixes, base64) that this
 * caller may have, in send order; a prefix that matches nothing is skipped.
 */
export function fetchSeqs(node: TilshiNode, idsB64: string, access: SyncAccess): number[] {
  const prefixes = decodePrefixes(idsB64, MAX_FETCH_IDS);
  return entriesByPrefix(node.db, prefixes, access, node.deskPubkey).map((e) => e.seq);
}
