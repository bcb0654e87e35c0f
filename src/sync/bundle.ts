import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { TilshiError, ValidationError } from '../core/errors.js';
import { signEvent } from '../crypto/keys.js';
import type { TilshiNode } from '../node/node.js';
import {
  BUNDLE_FORMAT,
  BUNDLE_HEADER_KIND,
  BUNDLE_LIMITS,
  type BundleHeader,
  BundleScanner,
  type BundleSource,
  parseEventLine,
  scanBundle,
} from './bundle-reader.js';
import { readLogPage } from './log-reader.js';
import { PeerStore } from './peers.js';
import { rawsBySeq } from './repository/index.js';

export {
  BUNDLE_FORMAT,
  BUNDLE_HEADER_KIND,
  BUNDLE_LIMITS,
  type BundleHeader,
  BundleHeaderSchema,
  type BundleSource,
} from './bundle-reader.js';

/**
 * A bundle is one gzip file: a header line, then one event per line (JSON). The header is a
 * Nostr event of kind 27620 signed by the sending node's key; its content says the format,
 * who sent it and for whom, which part of the sender's log it carries, a sha256 of the event
 * lines, and the sender's acknowledgement state (how far it holds each peer's log), so that
 * the next bundle in the other direction carries only what is new. docs/sync.md has the format.
 */
/** A bundle that inflates beyond this is refused (a shutdown bundle is far smaller). */
export const MAX_BUNDLE_BYTES = BUNDLE_LIMITS.maxInflatedBytes;

/** Events parsed and handed to ingest at a time (and at most this many bytes of them). */
const IMPORT_BATCH = 1_000;
const IMPORT_BATCH_BYTES = 4 * 1024 * 1024;

export interface ExportResult {
  bytes: Buffer;
  header: BundleHeader;
}

/**
 * What this node has that `peer` has not acknowledged (everything, without a peer), sealed
 * reports first, as a bundle file's bytes.
 *
 * @example
 *   const { bytes } = exportBundle(node, { peer: pubkeyOfB }); writeFileSync('to-b.tilshi', bytes);
 */
export function exportBundle(node: TilshiNode, options: { peer?: string } = {}): ExportResult {
  const peers = new PeerStore(node.db);
  const from = options.peer ? (peers.get(options.peer)?.acked_upto ?? 0) : 0;
  const lines: string[] = [];
  let upto = from;
  for (;;) {
    const page = readLogPage(node.db, upto, { access: 'all', deskPubkey: node.deskPubkey, limit: 50_000 });
    lines.push(
      ...rawsBySeq(
        node.db,
        page.entries.map((e) => e.seq),
      ),
    );
    upto = page.upto;
    if (page.upto >= page.lastSeq) break;
  }
  const body = lines.length ? `${lines.join('\n')}\n` : '';
  // A file no node would read is refused here, where the sender can still do something about it.
  if (lines.length > BUNDLE_LIMITS.maxEvents || Buffer.byteLength(body) > BUNDLE_LIMITS.maxInflatedBytes) {
    throw new TilshiError(
      'bundle_too_large',
      `a bundle carries at most ${BUNDLE_LIMITS.maxEvents} events and ${BUNDLE_LIMITS.maxInflatedBytes} bytes; name the peer (--peer) to carry only what it lacks`,
      413,
    );
  }
  const header: BundleHeader = {
    format: BUNDLE_FORMAT,
    node: node.nodeKey.publicKey,
    for: options.peer ?? null,
    created_at: Math.floor(Date.now() / 1000),
    from_seq: from,
    upto_seq: upto,
    count: lines.length,
    events_sha256: createHash('sha256').update(body).digest('hex'),
    acks: peers
      .all()
      .filter((p) => p.received_upto > 0)
      .map((p) => ({ node: p.node_pubkey, upto: p.received_upto })),
  };
  const signed = signEvent(
    { kind: BUNDLE_HEADER_KIND, created_at: header.created_at, tags: [], content: JSON.stringify(header) },
    node.nodeKey,
  );
  const bytes = gzipSync(`${JSON.stringify(signed)}\n${body}`);
  if (options.peer) {
    peers.ensure(options.peer);
    peers.record(options.peer, { bytesOut: bytes.length, eventsOut: lines.length }, { reached: false });
  }
  return { bytes, header };
}

/**
 * Read and check a bundle held in memory, with its events parsed (for tests and small files:
 * `importBundle` never holds the events of a file at once). Same checks and codes as import.
 */
export function readBundle(bytes: Uint8Array): { header: BundleHeader; events: unknown[] } {
  let text: Buffer;
  try {
    text = gunzipSync(bytes, { maxOutputLength: BUNDLE_LIMITS.maxInflatedBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new TilshiError('bundle_too_large', `a bundle may hold at most ${MAX_BUNDLE_BYTES} bytes`, 413);
    }
    throw new ValidationError('bad_bundle', 'not a bundle: the file is not gzip, or it is cut short');
  }
  const scanner = new BundleScanner();
  const events = scanner.push(text).map(parseEventLine);
  const last = scanner.end();
  if (last) events.push(parseEventLine(last));
  return { header: scanner.header!, events };
}

export interface ImportResult {
  sender: string;
  total: number;
  /** Events this node did not have and now stores. */
  new: number;
  duplicates: number;
  rejected: Record<string, number>;
  newIds: string[];
}

export interface ImportOptions {
  /** Compressed bytes the source may carry (an upload's limit); past it `bundle_too_large`. */
  maxBytes?: number;
}

/**
 * Import a bundle: every event goes through the ingest pipeline (shape, id, policy,
 * signature) as if it came by live sync; what is already stored changes nothing, so the same
 * bundle twice stores nothing the second time.
 *
 * The file is read twice as it inflates, never whole: first to check it (header, every line's
 * length and JSON, the count, the sha256), so that a damaged or hostile file is refused whole
 * and stores nothing; then to store its events in batches. Memory stays at the compressed
 * bytes (kept between the two readings) plus one batch.
 *
 * @example
 *   const r = await importBundle(node, readFileSync('from-a.tilshi')); // { new: 12, duplicates: 0, … }
 */
export async function importBundle(
  node: TilshiNode,
  source: BundleSource,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  let bytesIn = 0;
  const kept: Uint8Array[] = [];
  const tooLarge = () =>
    new TilshiError('bundle_too_large', `a bundle upload may be at most ${maxBytes} bytes`, 413);
  async function* keep(chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>) {
    for await (const chunk of chunks) {
      bytesIn += chunk.length;
      if (bytesIn > maxBytes) throw tooLarge();
      kept.push(chunk);
      yield chunk;
    }
  }
  if (source instanceof Uint8Array) {
    bytesIn = source.length;
    if (bytesIn > maxBytes) throw tooLarge();
  }
  const header = await scanBundle(source instanceof Uint8Array ? source : keep(source), (lines) => {
    for (const line of lines) parseEventLine(line);
  });

  const result: ImportResult = {
    sender: header.node,
    total: header.count,
    new: 0,
    duplicates: 0,
    rejected: {},
    newIds: [],
  };
  let batch: unknown[] = [];
  let batchBytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const results = await node.ingest.submit(batch, 'replicate');
    batch = [];
    batchBytes = 0;
    for (const r of results) {
      if (!r.ok) result.rejected[r.code] = (result.rejected[r.code] ?? 0) + 1;
      else if (r.duplicate) result.duplicates++;
      else {
        result.new++;
        result.newIds.push(r.id);
      }
    }
  };
  await scanBundle(source instanceof Uint8Array ? source : kept, async (lines) => {
    for (const line of lines) {
      batch.push(parseEventLine(line));
      batchBytes += line.length;
      if (batch.length >= IMPORT_BATCH || batchBytes >= IMPORT_BATCH_BYTES) await flush();
    }
  });
  await flush();
  recordBundlePeer(node, header, bytesIn, result.new);
  return result;
}

/**
 * What a bundle says about its sender's log and acknowledgements. A bundle that names no peer
 * and acknowledges nothing (a report page's "save to file", signed by a one-time key) leaves no
 * peer state behind, and a sender new to this node gets a row only while there is room.
 */
function recordBundlePeer(node: TilshiNode, header: BundleHeader, bytesIn: number, eventsIn: number): void {
  const saysWhoItIs = header.for !== null || header.acks.length > 0;
  if (header.node === node.nodeKey.publicKey || !saysWhoItIs) return;
  const peers = new PeerStore(node.db);
  const row = peers.ensureIfRoom(header.node);
  if (!row) return;
  // Contiguous with what we already hold of the sender's log: we now hold it up to upto_seq.
  if (header.from_seq <= row.received_upto) peers.setReceived(header.node, header.upto_seq);
  const ack = header.acks.find((a) => a.node === node.nodeKey.publicKey);
  if (ack) peers.setAcked(header.node, Math.min(ack.upto, node.log.maxSeq()));
  peers.record(header.node, { bytesIn, eventsIn }, { reached: true });
}
