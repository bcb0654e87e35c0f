import { Readable } from 'node:stream';
import { createDeflateRaw, createInflateRaw, constants as zc } from 'node:zlib';
import { TilshiError, ValidationError } from '../core/errors.js';
import { Kind } from '../core/kinds.js';
import type { TilshiNode } from '../node/node.js';
import { readLogPage } from './log-reader.js';
import type { SyncAccess } from './log-types.js';
import { PeerStore } from './peers.js';
import { hasIdPrefix, rawsBySeq } from './repository/index.js';
import { isTrustedRelay } from './trusted-relays.js';
import {
  decodeBitmap,
  decodePrefixes,
  encodeBitmap,
  encodePrefixes,
  FrameReader,
  frameEvent,
  parseFrames,
} from './wire.js';

/** The most ids one offer lists (8 bytes each: 400 KB). */
export const MAX_OFFER_IDS = 50_000;

export type Encoding = 'identity' | 'deflate';

/**
 * Sealed records go to the desk, to the peers this node lists and to the relays the desk's
 * signed list trusts (kind 10621); anyone else syncs public records only (as on the relay,
 * where wraps need NIP-42 auth).
 */
export function syncAccessFor(node: TilshiNode, pubkey: string | null): SyncAccess {
  if (!pubkey) return 'public';
  return servesSealedTo(node, pubkey) ? 'all' : 'public';
}

/** Whether this node hands its sealed records to a node key: the desk's, a peer's, a trusted relay's. */
export function servesSealedTo(node: TilshiNode, pubkey: string): boolean {
  if (pubkey === node.deskPubkey || pubkey === node.nodeKey.publicKey) return true;
  return node.config.peers.some((p) => p.pubkey === pubkey) || isTrustedRelay(node, pubkey);
}

export interface OfferAnswer {
  node_pubkey: string;
  after: number;
  upto: number;
  last_seq: number;
  count: number;
  /** Only for callers that get sealed records: how many of each class the offer lists. */
  classes?: [number, number, number];
  /**
   * Sealed records in the range this caller may not have: 0 for a caller that gets them; for a
   * node that signed the request but is not a peer here, how many, with `withheld_reason`.
   */
  withheld?: number;
  /** Why records were withheld: `not_a_peer` (the caller's node key is not listed here). */
  withheld_reason?: 'not_a_peer';
  ids: string;
}

/**
 * "What did you store after seq N": the ids (8-byte prefixes) in send order. A caller that does
 * not get sealed records is not told which they are (no ids, no class counts); a node that
 * signed its request (`caller`) is told how many it did not get and why, so that nothing is
 * withheld in silence (docs/sync.md).
 */
export function offerAfter(
  node: TilshiNode,
  after: number,
  access: SyncAccess,
  limit = MAX_OFFER_IDS,
  caller: string | null = null,
): OfferAnswer {
  const page = readLogPage(node.db, after, {
    access,
    deskPubkey: node.deskPubkey,
    limit: Math.min(limit, MAX_OFFER_IDS),
  });
  const answer: OfferAnswer = {
    node_pubkey: node.nodeKey.publicKey,
    after,
    upto: page.upto,
    last_seq: page.lastSeq,
    count: page.entries.length,
    ids: encodePrefixes(page.entries.map((e) => e.id)),
  };
  if (access === 'all') {
    const classes: [number, number, number] = [0, 0, 0];
    for (const e of page.entries) classes[e.cls]++;
    answer.classes = classes;
    answer.withheld = page.withheld;
  } else if (caller && page.withheld > 0) {
    answer.withheld = page.withheld;
    answer.withheld_reason = 'not_a_peer';
  }
  return answer;
}

/**
 * The wanted events of an offer, as an event stream in the offer's order (`eventStream`).
 */
export function streamWanted(
  node: TilshiNode,
  request: { after: number; upto: number; want: string; encoding: Encoding },
  access: SyncAccess,
  onDone?: (events: number, bytes: number) => void,
): Readable {
  if (request.upto < request.after) throw new ValidationError('bad_range', 'upto is before after');
  if (request.upto > node.log.maxSeq()) throw new ValidationError('bad_range', 'upto is beyond this log');
  const page = readLogPage(node.db, request.after, {
    access,
    deskPubkey: node.deskPubkey,
    limit: MAX_OFFER_IDS,
    upto: request.upto,
  });
  if (page.entries.length > MAX_OFFER_IDS)
    throw new ValidationError('bad_range', 'the range is larger than one offer');
  const bits = decodeBitmap(request.want, page.entries.length);
  const seqs = page.entries.filter((_, i) => bits[i]).map((e) => e.seq);
  return eventStream(node, seqs, request.encoding, onDone);
}

/**
 * The events at these log positions, in this order, as an event stream. Deflated streams are
 * flushed every ~32 KB so that a cut connection still delivers whole events up to the cut.
 */
export function eventStream(
  node: TilshiNode,
  seqs: readonly number[],
  encoding: Encoding,
  onDone?: (events: number, bytes: number) => void,
): Readable {
  let i = 0;
  let bytes = 0;
  const BATCH = 200;
  const source = new Readable({
    read() {
      if (i >= seqs.length) {
        this.push(null);
        return;
      }
      const raws = rawsBySeq(node.db, seqs.slice(i, i + BATCH));
      i += raws.length;
      const chunk = Buffer.concat(raws.map(frameEvent));
      bytes += chunk.length;
      this.push(chunk);
    },
  });
  source.on('end', () => onDone?.(seqs.length, bytes));
  if (encoding === 'identity') return source;
  const deflate = createDeflateRaw({ level: 6 });
  let sinceFlush = 0;
  source.on('data', (chunk: Buffer) => {
    sinceFlush += chunk.length;
    if (!deflate.write(chunk)) source.pause();
    if (sinceFlush >= 32 * 1024) {
      sinceFlush = 0;
      deflate.flush(zc.Z_SYNC_FLUSH);
    }
  });
  deflate.on('drain', () => source.resume());
  source.on('end', () => deflate.end());
  source.on('error', (err) => deflate.destroy(err));
  return deflate;
}

/**
 * A push offer: which of these ids (8-byte prefixes) this node lacks. A public caller is
 * answered about public records only, so that it cannot learn whether a sealed report is here:
 * a wrap it names is always "wanted".
 */
export function wantOf(
  node: TilshiNode,
  idsB64: string,
  access: SyncAccess,
): { want: string; count: number; wanted: number } {
  const prefixes = decodePrefixes(idsB64, MAX_OFFER_IDS);
  const bits = prefixes.map((p) => !hasIdPrefix(node.db, p, access));
  return { want: encodeBitmap(bits), count: prefixes.length, wanted: bits.filter(Boolean).length };
}

export interface PushAnswer {
  accepted: number;
  duplicates: number;
  rejected: { id: string | null; code: string }[];
}

export interface PushLimits {
  /** Bytes the stream may inflate to. */
  maxInflated: number;
  /** Events one push may carry (`limits.events_per_request`). */
  maxEvents: number;
}

/**
 * The frames of a pushed stream, bounded while it is read: inflated chunk by chunk (on zlib's
 * threads) up to `maxInflated`, frames counted as they come and refused past `maxEvents`
 * before the rest is inflated, frames shorter than an event refused unparsed.
 */
export async function readPushedFrames(
  body: Uint8Array,
  encoding: Encoding,
  limits: PushLimits,
): Promise<string[]> {
  const reader = new FrameReader({ maxFrames: limits.maxEvents });
  const frames: string[] = [];
  if (encoding === 'identity') {
    frames.push(...reader.push(body));
  } else {
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
    let inflated = 0;
    try {
      inflate.end(body);
      for await (const chunk of inflate as AsyncIterable<Buffer>) {
        inflated += chunk.length;
        if (inflated > limits.maxInflated) {
          throw new TilshiError(
            'body_too_large',
            'the pushed stream inflates beyond what this node takes',
            413,
          );
        }
        for (const frame of reader.push(chunk)) frames.push(frame);
      }
    } catch (err) {
      if (err instanceof TilshiError) throw err;
      throw new ValidationError('bad_stream', 'the pushed stream is not raw deflate');
    } finally {
      inflate.destroy();
    }
  }
  if (reader.pending > 0) throw new ValidationError('bad_stream', 'the pushed stream ends inside an event');
  return frames;
}

/**
 * Take a pushed event stream: every event is verified and stored by the ingest pipeline
 * ('replicate': edits from another node are kept side by side, never refused as stale). A
 * public caller is not told which sealed records were here already: a wrap stored before
 * counts as accepted, as a new one does.
 */
export async function receivePush(
  node: TilshiNode,
  body: Uint8Array,
  encoding: Encoding,
  limits: PushLimits,
  access: SyncAccess,
): Promise<PushAnswer> {
  const raws = parseFrames(await readPushedFrames(body, encoding, limits));
  const results = await node.ingest.submit(raws, 'replicate');
  const answer: PushAnswer = { accepted: 0, duplicates: 0, rejected: [] };
  results.forEach((r, i) => {
    if (!r.ok) answer.rejected.push({ id: r.id, code: r.code });
    else if (r.duplicate && (access === 'all' || !isSealed(raws[i]))) answer.duplicates++;
    else answer.accepted++;
  });
  return answer;
}

function isSealed(raw: unknown): boolean {
  const kind = (raw as { kind?: unknown } | null)?.kind;
  return kind === Kind.GiftWrap || kind === Kind.Seal;
}

/**
 * Count what a listed peer moved, on the serving side too. Any key can sign a NIP-98 header,
 * so an unlisted caller leaves no row behind (else anyone could add rows without limit).
 */
export function recordServed(
  node: TilshiNode,
  pubkey: string | null,
  moved: { bytesIn?: number; bytesOut?: number; eventsIn?: number; eventsOut?: number },
): void {
  if (!pubkey || pubkey === node.nodeKey.publicKey) return;
  if (!servesSealedTo(node, pubkey)) return;
  const peers = new PeerStore(node.db);
  peers.ensure(pubkey);
  peers.record(pubkey, moved, { reached: true });
}
