import { Readable } from 'node:stream';
import { createInflateRaw, deflateRawSync } from 'node:zlib';
import { TilshiError } from '../core/errors.js';
import type { TilshiNode } from '../node/node.js';
import { hasIdPrefix, rawsBySeq, readLogPage } from './log-reader.js';
import {
  checkAnswer,
  Http,
  MalformedAnswer,
  OfferAnswerSchema,
  PushAnswerSchema,
  WantAnswerSchema,
} from './peer-http.js';
import { PeerStore } from './peers.js';
import { type Encoding, MAX_OFFER_IDS } from './serve-sync.js';
import {
  decodePrefixes,
  EVENTS_MEDIA_TYPE,
  encodeBitmap,
  encodePrefixes,
  FrameReader,
  frameEvent,
  parseFrames,
} from './wire.js';

export interface Direction {
  /** Events newly stored on the receiving side. */
  events: number;
  /** Events offered (after the cursor) and how many of them the receiver lacked. */
  offered: number;
  wanted: number;
  /** Events the receiver refused (bad signature, policy), by code. */
  rejected: Record<string, number>;
  /** HTTP body bytes sent and received for this direction. */
  bytesSent: number;
  bytesReceived: number;
  /** Sealed records the sending side kept back, and why (pull only: `not_a_peer`). */
  withheld: number;
  withheldReason: string | null;
}

export interface SyncResult {
  peer: string;
  url: string;
  pull: Direction;
  push: Direction;
  roundTrips: number;
  ms: number;
}

export interface SyncOptions {
  pull?: boolean;
  push?: boolean;
  encoding?: Encoding;
  /** Ids per offer (default and most: 50,000). */
  offerLimit?: number;
  /** Gives up a request that takes longer (default 60 s). */
  timeoutMs?: number;
  onProgress?: (done: number, total: number) => void;
  /** Forget both cursors first: everything is offered again (only what is missing moves). */
  fromStart?: boolean;
}

const emptyDirection = (): Direction => ({
  events: 0,
  offered: 0,
  wanted: 0,
  rejected: {},
  bytesSent: 0,
  bytesReceived: 0,
  withheld: 0,
  withheldReason: null,
});

/** A sync stopped by a cut link or a refusal; what moved before it is kept and counted. */
export class SyncError extends TilshiError {
  constructor(
    code: string,
    message: string,
    readonly partial: SyncResult,
  ) {
    super(code, message, 502);
    this.name = 'SyncError';
  }
}

/** Normalize a peer URL: scheme and host, no trailing slash. */
export function peerBaseUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TilshiError('bad_peer_url', `not a URL: ${url}`);
  }
  if (u.protocol === 'ws:' || u.protocol === 'wss:') u.protocol = u.protocol === 'ws:' ? 'http:' : 'https:';
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new TilshiError('bad_peer_url', 'use an http(s) URL');
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

function sameUrl(url: string, base: string): boolean {
  try {
    return peerBaseUrl(url) === base;
  } catch {
    return false;
  }
}

/**
 * One sync with a peer: pull what it stored after our cursor (its id offer first, so that
 * nothing we hold is sent again; sealed reports first), then push what we stored after its
 * acknowledged position. Every pulled event is verified by `ingest.submit(…, 'replicate')`.
 * Cursors move only when a whole offer is done, so a cut at any byte loses nothing: the next
 * sync offers the same range again and only what is still missing moves.
 *
 * @example
 *   const r = await syncWithPeer(node, 'http://127.0.0.1:8081');
 *   console.log(r.pull.events, r.pull.bytesReceived);
 */
export async function syncWithPeer(
  node: TilshiNode,
  url: string,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const started = performance.now();
  const base = peerBaseUrl(url);
  const http = new Http({ node, base, timeoutMs: options.timeoutMs ?? 60_000 });
  const encoding = options.encoding ?? 'deflate';
  const peers = new PeerStore(node.db);
  const result: SyncResult = {
    peer: '',
    url: base,
    pull: emptyDirection(),
    push: emptyDirection(),
    roundTrips: 0,
    ms: 0,
  };
  const finish = () => {
    result.roundTrips = http.roundTrips;
    result.ms = Math.round(performance.now() - started);
    return result;
  };
  // A listed peer that fails before it says who it is still gets its error recorded, under the
  // key config.json gives it (the desk's Peers screen and `tilshi status` show it).
  const listedKey = node.config.peers.find((p) => p.pubkey && sameUrl(p.url, base))?.pubkey;
  const record = (error: string | null) => {
    const key = result.peer || listedKey;
    if (!key) return;
    if (!result.peer) peers.ensure(key, base);
    peers.record(
      key,
      {
        bytesIn: result.pull.bytesReceived + result.push.bytesReceived,
        bytesOut: result.pull.bytesSent + result.push.bytesSent,
        eventsIn: result.pull.events,
        eventsOut: result.push.events,
      },
      { reached: error === null || !error.startsWith('peer_unreachable'), error },
    );
  };
  // What this sync pulled from the peer is not offered back to it.
  const pulledIds = new Set<string>();
  const run: SyncRun = { node, http, peers, result, encoding, options, pulledIds };
  try {
    const known = options.fromStart ? undefined : peers.byUrl(base);
    if (options.pull !== false) await pull(run, known?.received_upto ?? 0);
    if (options.push !== false) {
      if (!result.peer) {
        // Push only: learn who the peer is from its node document.
        const doc = await http.nodeDocument();
        if (!doc.node_pubkey) throw new TilshiError('peer_error', 'the peer did not say its node key', 502);
        result.peer = doc.node_pubkey;
        peers.ensure(result.peer, base);
      }
      await push(run);
    }
  } catch (err) {
    const e = err instanceof TilshiError ? err : new TilshiError('sync_failed', (err as Error).message, 502);
    record(`${e.code}: ${e.message}`.slice(0, 300));
    throw new SyncError(e.code, e.message, finish());
  }
  record(null);
  return finish();
}

/** What one sync works with, handed to its pull and its push. */
interface SyncRun {
  node: TilshiNode;
  http: Http;
  peers: PeerStore;
  result: SyncResult;
  encoding: Encoding;
  options: SyncOptions;
  /** What this sync pulled from the peer (not offered back to it). */
  pulledIds: Set<string>;
}

async function pull(run: SyncRun, startAfter: number): Promise<void> {
  const { node, http, peers, result, encoding, options, pulledIds } = run;
  const d = result.pull;
  let after = startAfter;
  for (;;) {
    // A peer not yet known by this URL may be known by its key: a first offer of one id says who it is.
    const probe = !result.peer && startAfter === 0 && !options.fromStart;
    const offer = await http
      .json(
        '/api/v1/sync/offer',
        { after, limit: probe ? 1 : (options.offerLimit ?? MAX_OFFER_IDS) },
        OfferAnswerSchema,
      )
      .catch((err: unknown) => {
        throw err instanceof MalformedAnswer
          ? new TilshiError('peer_error', 'the peer sent a malformed offer', 502)
          : err;
      });
    d.bytesSent += offer.sent;
    d.bytesReceived += offer.received;
    const o = offer.data;
    if (o.upto < after) {
      throw new TilshiError('peer_error', 'the peer sent a malformed offer', 502);
    }
    if (!result.peer) {
      result.peer = o.node_pubkey;
      const row = peers.ensure(o.node_pubkey, result.url);
      if (options.fromStart) peers.resetCursors(o.node_pubkey);
      else if (row.received_upto > after) {
        // Known under another URL: start from its cursor.
        after = row.received_upto;
        continue;
      }
    }
    if (o.withheld && o.withheld_reason) {
      // Said, and kept with the peer until a sync from the start brings them (status shows it).
      d.withheld += o.withheld;
      d.withheldReason = o.withheld_reason;
      peers.addWithheld(o.node_pubkey, o.withheld, o.withheld_reason);
    }
    const prefixes = decodePrefixes(o.ids, MAX_OFFER_IDS);
    d.offered += prefixes.length;
    const bits = prefixes.map((p) => !hasIdPrefix(node.db, p));
    const wanted = bits.filter(Boolean).length;
    d.wanted += wanted;
    if (wanted > 0) {
      const body = JSON.stringify({ after, upto: o.upto, want: encodeBitmap(bits), encoding });
      d.bytesSent += Buffer.byteLength(body);
      const res = await http.post('/api/v1/sync/events', { body, contentType: 'application/json' });
      const got = await receiveStream(node, res, encoding, d, pulledIds, (n) =>
        options.onProgress?.(d.events + n, d.wanted),
      );
      if (got < wanted) {
        throw new TilshiError('transfer_cut', `the transfer stopped after ${got} of ${wanted} events`, 502);
      }
    }
    peers.setReceived(o.node_pubkey, o.upto);
    after = o.upto;
    if (o.upto >= o.last_seq) return;
  }
}

/** Read an event stream into the store as it arrives; returns how many whole events came. */
async function receiveStream(
  node: TilshiNode,
  res: Response,
  encoding: Encoding,
  d: Direction,
  pulledIds: Set<string>,
  progress: (n: number) => void,
): Promise<number> {
  if (!res.body) return 0;
  const reader = new FrameReader();
  let pending: string[] = [];
  let count = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const results = await node.ingest.submit(parseFrames(batch), 'replicate');
    for (const r of results) {
      if (r.ok && r.id) pulledIds.add(r.id);
      if (r.ok && !r.duplicate) d.events++;
      if (!r.ok) d.rejected[r.code] = (d.rejected[r.code] ?? 0) + 1;
    }
    progress(count);
  };
  const raw = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
  raw.on('data', (chunk: Buffer) => {
    d.bytesReceived += chunk.length;
  });
  const plain = encoding === 'deflate' ? raw.pipe(createInflateRaw()) : raw;
  raw.on('error', (err) => plain.destroy(err));
  let failure: unknown = null;
  try {
    for await (const chunk of plain) {
      const frames = reader.push(chunk as Buffer);
      count += frames.length;
      pending.push(...frames);
      if (pending.length >= 500) await flush();
    }
  } catch (err) {
    failure = err;
  }
  // Whole events received before a cut are kept: the next sync will not ask for them again.
  await flush();
  if (failure instanceof TilshiError && failure.code === 'bad_stream') throw failure;
  return count;
}

async function push(run: SyncRun): Promise<void> {
  const { node, http, peers, result, encoding, options, pulledIds } = run;
  const d = result.push;
  const row = peers.ensure(result.peer, result.url);
  let after = options.fromStart ? 0 : row.acked_upto;
  // The peer's limits decide how much one push may carry (asked only when there is something to push).
  let limits: { body: number; events: number } | null = null;
  const peerLimits = async () => {
    limits = { body: 1024 * 1024, events: 1000 };
    try {
      const doc = await http.nodeDocument();
      limits.body = Math.max(16 * 1024, (doc.limits?.body_bytes ?? limits.body) - 4096);
      limits.events = doc.limits?.events_per_request ?? limits.events;
    } catch {
      // keep the defaults
    }
    return limits;
  };
  for (;;) {
    const page = readLogPage(node.db, after, {
      access: 'all',
      deskPubkey: node.deskPubkey,
      limit: options.offerLimit ?? MAX_OFFER_IDS,
    });
    // Events pulled from this peer in this sync are not offered back; older ones that came
    // from it are, and it answers "have" (8 bytes each).
    const entries = page.entries.filter((e) => !pulledIds.has(e.id));
    if (entries.length > 0) {
      const want = await http.json(
        '/api/v1/sync/want',
        { ids: encodePrefixes(entries.map((e) => e.id)) },
        WantAnswerSchema,
      );
      d.bytesSent += want.sent;
      d.bytesReceived += want.received;
      d.offered += entries.length;
      const bits = Buffer.from(want.data.want ?? '', 'base64');
      const seqs = entries.filter((_, i) => (bits[i >> 3]! & (1 << (i & 7))) !== 0).map((e) => e.seq);
      d.wanted += seqs.length;
      const max = seqs.length > 0 ? (limits ?? (await peerLimits())) : { body: 0, events: 0 };
      let batch: Buffer[] = [];
      let size = 0;
      const send = async () => {
        if (batch.length === 0) return;
        const plain = Buffer.concat(batch);
        const body = encoding === 'deflate' ? deflateRawSync(plain) : plain;
        batch = [];
        size = 0;
        const res = await http.post('/api/v1/sync/push', {
          body,
          contentType: EVENTS_MEDIA_TYPE,
          headers: { 'x-tilshi-encoding': encoding },
        });
        const answer = await res.text();
        d.bytesSent += body.length;
        d.bytesReceived += Buffer.byteLength(answer);
        const a = checkAnswer('/api/v1/sync/push', answer, PushAnswerSchema);
        d.events += a.accepted;
        for (const r of a.rejected) d.rejected[r.code] = (d.rejected[r.code] ?? 0) + 1;
        options.onProgress?.(d.events, d.wanted);
      };
      for (let i = 0; i < seqs.length; i += 200) {
        for (const raw of rawsBySeq(node.db, seqs.slice(i, i + 200))) {
          const frame = frameEvent(raw);
          if (size + frame.length > max.body || batch.length >= max.events) await send();
          batch.push(frame);
          size += frame.length;
        }
      }
      await send();
    }
    peers.setAcked(result.peer, page.upto);
    after = page.upto;
    if (page.upto >= page.lastSeq) return;
  }
}
