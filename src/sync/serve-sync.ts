import { Readable } from 'node:stream';
import { createDeflateRaw, inflateRawSync, constants as zc } from 'node:zlib';
import { TilshiError, ValidationError } from '../core/errors.js';
import type { TilshiNode } from '../node/node.js';
import { hasIdPrefix, rawsBySeq, readLogPage, type SyncAccess } from './log-reader.js';
import { PeerStore } from './peers.js';
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
 * Sealed records go to the desk and to the peers this node lists; anyone else syncs public
 * records only (as on the relay, where wraps need NIP-42 auth).
 */
export function syncAccessFor(node: TilshiNode, pubkey: string | null): SyncAccess {
  if (!pubkey) return 'public';
  if (pubkey === node.deskPubkey || pubkey === node.nodeKey.publicKey) return 'all';
  return node.config.peers.some((p) => p.pubkey === pubkey) ? 'all' : 'public';
}

export interface OfferAnswer {
  node_pubkey: string;
  after: number;
  upto: number;
  last_seq: number;
  count: number;
  classes: [number, number, number];
  withheld: number;
  ids: string;
}

/** "What did you store after seq N": the ids (8-byte prefixes) in send order. */
export function offerAfter(
  node: TilshiNode,
  after: number,
  access: SyncAccess,
  limit = MAX_OFFER_IDS,
): OfferAnswer {
  const page = readLogPage(node.db, after, {
    access,
    deskPubkey: node.deskPubkey,
    limit: Math.min(limit, MAX_OFFER_IDS),
  });
  const classes: [number, number, number] = [0, 0, 0];
  for (const e of page.entries) classes[e.cls]++;
  return {
    node_pubkey: node.nodeKey.publicKey,
    after,
    upto: page.upto,
    last_seq: page.lastSeq,
    count: page.entries.length,
    classes,
    withheld: page.withheld,
    ids: encodePrefixes(page.entries.map((e) => e.id)),
  };
}

/**
 * The wanted events of an offer, as an event stream in the offer's order. Deflated streams are
 * flushed every ~32 KB so that a cut connection still delivers whole events up to the cut.
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
  if (request.encoding === 'identity') return source;
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

/** A push offer: which of these ids (8-byte prefixes) this node lacks. */
export function wantOf(node: TilshiNode, idsB64: string): { want: string; count: number; wanted: number } {
  const prefixes = decodePrefixes(idsB64, MAX_OFFER_IDS);
  const bits = prefixes.map((p) => !hasIdPrefix(node.db, p));
  return { want: encodeBitmap(bits), count: prefixes.length, wanted: bits.filter(Boolean).length };
}

export interface PushAnswer {
  accepted: number;
  duplicates: number;
  rejected: { id: string | null; code: string }[];
}

/**
 * Take a pushed event stream: every event is verified and stored by the ingest pipeline
 * ('replicate': edits from another node are kept side by side, never refused as stale).
 */
export async function receivePush(
  node: TilshiNode,
  body: Buffer,
  encoding: Encoding,
  maxInflated: number,
): Promise<PushAnswer> {
  let plain = body;
  if (encoding === 'deflate') {
    try {
      plain = inflateRawSync(body, { maxOutputLength: maxInflated });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new TilshiError(
          'body_too_large',
          'the pushed stream inflates beyond what this node takes',
          413,
        );
      }
      throw new ValidationError('bad_stream', 'the pushed stream is not raw deflate');
    }
  }
  const reader = new FrameReader();
  const raws = parseFrames(reader.push(plain));
  if (reader.pending > 0) throw new ValidationError('bad_stream', 'the pushed stream ends inside an event');
  if (raws.length > node.config.limits.events_per_request) {
    throw new TilshiError(
      'too_many_events',
      `at most ${node.config.limits.events_per_request} events per push`,
      413,
    );
  }
  const results = await node.ingest.submit(raws, 'replicate');
  const answer: PushAnswer = { accepted: 0, duplicates: 0, rejected: [] };
  for (const r of results) {
    if (!r.ok) answer.rejected.push({ id: r.id, code: r.code });
    else if (r.duplicate) answer.duplicates++;
    else answer.accepted++;
  }
  return answer;
}

/** Count what an authenticated peer moved, on the serving side too. */
export function recordServed(
  node: TilshiNode,
  pubkey: string | null,
  moved: { bytesIn?: number; bytesOut?: number; eventsIn?: number; eventsOut?: number },
): void {
  if (!pubkey || pubkey === node.nodeKey.publicKey) return;
  const peers = new PeerStore(node.db);
  peers.ensure(pubkey);
  peers.record(pubkey, moved, { reached: true });
}
