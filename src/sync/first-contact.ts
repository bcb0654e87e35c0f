import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { TilshiError } from '../core/errors.js';
import { Hex64Schema } from '../core/zod-util.js';
import { entriesByPrefix, idPrefixesUpTo } from './log-reader.js';
import { sealedEntriesUpTo } from './repository/index.js';
import { Decoder, hashItems, ItemHasher, keyHex, SALT_BYTES, type Symbols } from './riblt.js';
import { readSymbols, readSymbolsMeta } from './riblt-wire.js';
import {
  MAX_FETCH_IDS,
  MAX_RECONCILE_SET,
  MAX_SYMBOL_INDEX,
  MAX_SYMBOLS_PER_REQUEST,
  type SymbolsMeta,
} from './serve-symbols.js';
import type { SyncRun } from './sync-run.js';
import { type PushLimitCache, pushEntries, receiveStream } from './transfer.js';
import { encodePrefixes } from './wire.js';

/**
 * First contact (no cursor, or `--from-start`): instead of offering every id, the peer sends
 * coded symbols of its set (a rateless IBLT, `riblt.ts`) until this side has decoded the
 * difference; then each side gets exactly what it lacks. About 19 bytes per differing event,
 * whatever the size of the sets (docs/sync.md, "First contact").
 */

/** Symbols of the first request: enough to settle a difference of up to ~40 events at once. */
const FIRST_BATCH = 64;
/** Bytes of one symbol at most (16 bytes, a count of up to 5). */
const MAX_SYMBOL_WIRE = 21;

const SymbolsMetaSchema = z.object({
  node_pubkey: Hex64Schema,
  upto: z.number().int().nonnegative().refine(Number.isSafeInteger),
  last_seq: z.number().int().nonnegative().refine(Number.isSafeInteger),
  size: z.number().int().nonnegative().max(MAX_RECONCILE_SET),
  scope: z.enum(['all', 'public']),
  start: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  withheld: z.number().int().nonnegative().refine(Number.isSafeInteger).optional(),
  withheld_reason: z.literal('not_a_peer').optional(),
});

/** What first contact did: `done` (both ways, cursors set), or the cursor pull starts at `after`. */
export type FirstContactOutcome = { done: true; pushFrom: number } | { done: false; after: number };

/**
 * Reconcile with the peer's whole set by coded symbols, pull what is missing here and push
 * what is missing there. Falls back (`done: false`, nothing recorded) when the peer does not
 * serve symbols, the difference is too large for symbols to pay, or its set changed between
 * requests; a cut transfer throws, as a cursor pull does, and the next sync starts over.
 */
export async function firstContactSync(run: SyncRun, limits: PushLimitCache): Promise<FirstContactOutcome> {
  const { node, http, peers, result, options } = run;
  const salt = randomBytes(SALT_BYTES);
  const ask = (start: number, count: number, upto?: number) =>
    requestSymbols(run, {
      salt: salt.toString('hex'),
      start,
      count,
      ...(upto === undefined ? {} : { upto }),
    });

  let first: { meta: SymbolsMeta; symbols: Symbols };
  try {
    first = await ask(0, FIRST_BATCH);
  } catch (err) {
    // A node without the route, busy, or too large for symbols: the cursor pull serves.
    if (err instanceof TilshiError && err.code === 'peer_unreachable') throw err;
    return { done: false, after: 0 };
  }
  const meta = first.meta;
  result.peer = meta.node_pubkey;
  const row = peers.ensure(meta.node_pubkey, result.url);
  if (options.fromStart) peers.resetCursors(meta.node_pubkey);
  else if (row.received_upto > 0) return { done: false, after: row.received_upto }; // known under another URL

  // Our set as of now, in the peer's scope; what this node stores later is pushed by cursor.
  const snapshot = node.log.maxSeq();
  const own = idPrefixesUpTo(node.db, snapshot, meta.scope);
  const ownSize = own.seqs.length;
  const hasher = new ItemHasher(salt);
  const decoder = new Decoder(hasher, hashItems(own.keys, hasher));
  decoder.add(first.symbols);
  // Past this many symbols, offering every id (~11 bytes each, both ways) costs less.
  const budget = Math.min(MAX_SYMBOL_INDEX, Math.max(1024, Math.ceil(0.6 * (meta.size + ownSize))));
  while (!decoder.done) {
    const have = decoder.received;
    if (decoder.inconsistent || have >= budget) return { done: false, after: 0 };
    // At least |size difference| events differ; peeling needs ~1.35–1.5 symbols per event.
    const estimate = Math.ceil(1.45 * Math.max(Math.abs(meta.size - ownSize), decoder.decoded)) + 32;
    const grow = decoder.decoded < have / 4 ? 2 : 1.5;
    // A difference too large for symbols to pay (a new, empty node): offer every id instead.
    if (estimate > budget) return { done: false, after: 0 };
    const target = Math.min(budget, have < estimate ? estimate : Math.ceil(have * grow));
    const next = await ask(have, Math.min(MAX_SYMBOLS_PER_REQUEST, target - have), meta.upto);
    if (
      next.meta.node_pubkey !== meta.node_pubkey ||
      next.meta.size !== meta.size ||
      next.meta.scope !== meta.scope
    ) {
      return { done: false, after: 0 }; // the set changed (a deletion) between requests
    }
    decoder.add(next.symbols);
  }

  const d = result.pull;
  if (meta.withheld && meta.withheld_reason) {
    d.withheld += meta.withheld;
    d.withheldReason = meta.withheld_reason;
    peers.addWithheld(meta.node_pubkey, meta.withheld, meta.withheld_reason);
  }
  d.offered += meta.size;
  d.wanted += decoder.remote.length;
  if (options.pull !== false) {
    const missing = decoder.remote.map(keyHex);
    for (let i = 0; i < missing.length; i += MAX_FETCH_IDS) {
      const ids = encodePrefixes(missing.slice(i, i + MAX_FETCH_IDS));
      const body = JSON.stringify({ ids, encoding: run.encoding });
      d.bytesSent += Buffer.byteLength(body);
      const res = await http.post('/api/v1/sync/fetch', { body, contentType: 'application/json' });
      const expected = Number(res.headers.get('x-tilshi-count') ?? 'NaN');
      const got = await receiveStream(node, res, run.encoding, d, run.pulledIds, (n) =>
        options.onProgress?.(d.events + n, d.wanted),
      );
      if (!Number.isSafeInteger(expected) || got < expected) {
        throw new TilshiError('transfer_cut', `the transfer stopped after ${got} of ${expected} events`, 502);
      }
    }
    peers.setReceived(meta.node_pubkey, meta.upto);
  }
  if (options.push !== false) {
    const theirs = entriesByPrefix(node.db, decoder.local.map(keyHex), 'all', node.deskPubkey).filter(
      (e) => e.seq <= snapshot,
    );
    // A peer that does not give us sealed records left them out of both sets: offer ours the
    // way a cursor push does (it takes them; it does not say which it held).
    const sealed = meta.scope === 'public' ? sealedEntriesUpTo(node.db, snapshot) : [];
    await pushEntries(run, [...sealed, ...theirs], limits);
    peers.setAcked(meta.node_pubkey, snapshot);
  }
  return { done: true, pushFrom: snapshot };
}

/** One batch of the peer's symbols, checked: its header, then exactly the symbols asked. */
async function requestSymbols(
  run: SyncRun,
  body: { salt: string; start: number; count: number; upto?: number },
): Promise<{ meta: SymbolsMeta; symbols: Symbols }> {
  const text = JSON.stringify(body);
  const res = await run.http.post('/api/v1/sync/symbols', { body: text, contentType: 'application/json' });
  const bytes = await readAtMost(res, 4200 + body.count * MAX_SYMBOL_WIRE);
  run.result.pull.bytesSent += Buffer.byteLength(text);
  run.result.pull.bytesReceived += bytes.length;
  run.result.symbols += body.count;
  run.result.symbolBytes += bytes.length;
  const { meta: raw, rest } = readSymbolsMeta(bytes);
  const parsed = SymbolsMetaSchema.safeParse(raw);
  if (
    !parsed.success ||
    parsed.data.start !== body.start ||
    parsed.data.count !== body.count ||
    (body.upto !== undefined && parsed.data.upto !== body.upto)
  ) {
    throw new TilshiError('peer_error', 'the peer answered /api/v1/sync/symbols malformed', 502);
  }
  const meta = parsed.data as SymbolsMeta;
  return { meta, symbols: readSymbols(rest, body.count, body.start, meta.size) };
}

/** A response body of at most `max` bytes (a peer is outside input). */
async function readAtMost(res: Response, max: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (res.body) {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > max) {
        await res.body.cancel().catch(() => {});
        throw new TilshiError('peer_error', 'the peer sent more symbols than asked', 502);
      }
      chunks.push(chunk);
    }
  }
  return Buffer.concat(chunks);
}
