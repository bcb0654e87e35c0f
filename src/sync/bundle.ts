import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { TilshiError, ValidationError } from '../core/errors.js';
import { parseEvent } from '../core/event.js';
import { signEvent } from '../crypto/keys.js';
import { verifyEventSignature } from '../crypto/verify.js';
import type { TilshiNode } from '../node/node.js';
import { rawsBySeq, readLogPage } from './log-reader.js';
import { PeerStore } from './peers.js';

/**
 * A bundle is one gzip file: a header line, then one event per line (JSON). The header is a
 * Nostr event of kind 27620 signed by the sending node's key; its content says the format,
 * who sent it and for whom, which part of the sender's log it carries, a sha256 of the event
 * lines, and the sender's acknowledgement state (how far it holds each peer's log), so that
 * the next bundle in the other direction carries only what is new. docs/sync.md has the format.
 */
export const BUNDLE_FORMAT = 1;
export const BUNDLE_HEADER_KIND = 27620;
/** A bundle that inflates beyond this is refused (a shutdown bundle is far smaller). */
export const MAX_BUNDLE_BYTES = 256 * 1024 * 1024;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const BundleHeaderSchema = z
  .object({
    format: z.number().int(),
    node: hex64,
    for: hex64.nullable(),
    created_at: z.number().int().min(0),
    from_seq: seq,
    upto_seq: seq,
    count: z.number().int().min(0),
    events_sha256: z.string().regex(/^[0-9a-f]{64}$/),
    acks: z.array(z.object({ node: hex64, upto: seq }).strict()).max(10_000),
  })
  .strict();
export type BundleHeader = z.infer<typeof BundleHeaderSchema>;

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

/** Read and check a bundle without storing anything: header (signature, format) and event lines. */
export function readBundle(bytes: Uint8Array): { header: BundleHeader; events: unknown[] } {
  let text: string;
  try {
    text = gunzipSync(bytes, { maxOutputLength: MAX_BUNDLE_BYTES }).toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new TilshiError('bundle_too_large', `a bundle may hold at most ${MAX_BUNDLE_BYTES} bytes`, 413);
    }
    throw new ValidationError('bad_bundle', 'not a bundle: the file is not gzip, or it is cut short');
  }
  const nl = text.indexOf('\n');
  if (nl < 0) throw new ValidationError('bad_bundle', 'not a bundle: no header line');
  let headerEvent: ReturnType<typeof parseEvent>;
  try {
    headerEvent = parseEvent(JSON.parse(text.slice(0, nl)));
  } catch {
    throw new ValidationError('bad_bundle', 'not a bundle: the header is not a signed event');
  }
  if (headerEvent.kind !== BUNDLE_HEADER_KIND) throw new ValidationError('bad_bundle', 'not a bundle header');
  let parsed: ReturnType<typeof BundleHeaderSchema.safeParse>;
  try {
    parsed = BundleHeaderSchema.safeParse(JSON.parse(headerEvent.content));
  } catch {
    throw new ValidationError('bad_bundle', 'the bundle header content is not JSON');
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError('bad_bundle', `bundle header: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const header = parsed.data;
  if (header.format !== BUNDLE_FORMAT) {
    throw new ValidationError(
      'bundle_version',
      `bundle format ${header.format}; this node reads ${BUNDLE_FORMAT}`,
    );
  }
  if (header.node !== headerEvent.pubkey || !verifyEventSignature(headerEvent)) {
    throw new ValidationError('bad_bundle_signature', 'the bundle header is not signed by the node it names');
  }
  const body = text.slice(nl + 1);
  if (createHash('sha256').update(body).digest('hex') !== header.events_sha256) {
    throw new ValidationError('bundle_corrupt', 'the events do not match the header (damaged or cut file)');
  }
  const lines = body.split('\n').filter((l) => l.length > 0);
  if (lines.length !== header.count)
    throw new ValidationError('bundle_corrupt', 'the event count does not match');
  const events = lines.map((l) => {
    try {
      return JSON.parse(l) as unknown;
    } catch {
      throw new ValidationError('bad_bundle', 'an event line is not JSON');
    }
  });
  return { header, events };
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

/**
 * Import a bundle: every event goes through the ingest pipeline (shape, id, policy,
 * signature) as if it came by live sync; what is already stored changes nothing, so the same
 * bundle twice stores nothing the second time. A damaged file is refused whole.
 *
 * @example
 *   const r = await importBundle(node, readFileSync('from-a.tilshi')); // { new: 12, duplicates: 0, … }
 */
export async function importBundle(node: TilshiNode, bytes: Uint8Array): Promise<ImportResult> {
  const { header, events } = readBundle(bytes);
  const result: ImportResult = {
    sender: header.node,
    total: events.length,
    new: 0,
    duplicates: 0,
    rejected: {},
    newIds: [],
  };
  for (let i = 0; i < events.length; i += 1_000) {
    const results = await node.ingest.submit(events.slice(i, i + 1_000), 'replicate');
    for (const r of results) {
      if (!r.ok) result.rejected[r.code] = (result.rejected[r.code] ?? 0) + 1;
      else if (r.duplicate) result.duplicates++;
      else {
        result.new++;
        result.newIds.push(r.id);
      }
    }
  }
  // A bundle that names no peer and acknowledges nothing (a report page's "save to file", signed
  // by a one-time key) leaves no peer state behind.
  const saysWhoItIs = header.for !== null || header.acks.length > 0;
  if (header.node !== node.nodeKey.publicKey && saysWhoItIs) {
    const peers = new PeerStore(node.db);
    const row = peers.ensure(header.node);
    // Contiguous with what we already hold of the sender's log: we now hold it up to upto_seq.
    if (header.from_seq <= row.received_upto) peers.setReceived(header.node, header.upto_seq);
    const ack = header.acks.find((a) => a.node === node.nodeKey.publicKey);
    if (ack) peers.setAcked(header.node, Math.min(ack.upto, node.log.maxSeq()));
    peers.record(header.node, { bytesIn: bytes.length, eventsIn: result.new }, { reached: true });
  }
  return result;
}
