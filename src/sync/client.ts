import { TilshiError } from '../core/errors.js';
import type { TilshiNode } from '../node/node.js';
import { firstContactSync } from './first-contact.js';
import { readLogPage } from './log-reader.js';
import { Http, MalformedAnswer, OfferAnswerSchema } from './peer-http.js';
import { PeerStore } from './peers.js';
import { hasIdPrefix } from './repository/index.js';
import { MAX_OFFER_IDS } from './serve-sync.js';
import { emptyDirection, type SyncOptions, type SyncResult, type SyncRun } from './sync-run.js';
import { type PushLimitCache, pushEntries, receiveStream } from './transfer.js';
import { decodePrefixes, encodeBitmap } from './wire.js';

export type { Direction, SyncOptions, SyncResult } from './sync-run.js';

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
    method: 'cursor',
    symbols: 0,
    symbolBytes: 0,
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
    const limits: PushLimitCache = { value: null };
    let pushFrom: number | null = null;
    if (options.pull !== false) {
      let after = known?.received_upto ?? 0;
      // No cursor (first contact, --from-start): compare whole sets by coded symbols.
      if (after === 0 && options.symbols !== false) {
        const outcome = await firstContactSync(run, limits);
        if (outcome.done) {
          result.method = 'symbols';
          pushFrom = outcome.pushFrom;
        } else after = outcome.after;
      }
      if (pushFrom === null) await pull(run, after);
    }
    if (options.push !== false) {
      if (!result.peer) {
        // Push only: learn who the peer is from its node document.
        const doc = await http.nodeDocument();
        if (!doc.node_pubkey) throw new TilshiError('peer_error', 'the peer did not say its node key', 502);
        result.peer = doc.node_pubkey;
        peers.ensure(result.peer, base);
      }
      // After first contact the peer holds what we had then; what came since goes by cursor.
      const row = peers.ensure(result.peer, result.url);
      await push(run, pushFrom ?? (options.fromStart ? 0 : row.acked_upto), limits);
    }
  } catch (err) {
    const e = err instanceof TilshiError ? err : new TilshiError('sync_failed', (err as Error).message, 502);
    record(`${e.code}: ${e.message}`.slice(0, 300));
    throw new SyncError(e.code, e.message, finish());
  }
  record(null);
  return finish();
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

/** Push what we stored after `startAfter` (our log position the peer holds everything up to). */
async function push(run: SyncRun, startAfter: number, limits: PushLimitCache): Promise<void> {
  const { node, peers, result, options, pulledIds } = run;
  let after = startAfter;
  for (;;) {
    const page = readLogPage(node.db, after, {
      access: 'all',
      deskPubkey: node.deskPubkey,
      limit: options.offerLimit ?? MAX_OFFER_IDS,
    });
    // Events pulled from this peer in this sync are not offered back; older ones that came
    // from it are, and it answers "have" (8 bytes each).
    await pushEntries(
      run,
      page.entries.filter((e) => !pulledIds.has(e.id)),
      limits,
    );
    peers.setAcked(result.peer, page.upto);
    after = page.upto;
    if (page.upto >= page.lastSeq) return;
  }
}
