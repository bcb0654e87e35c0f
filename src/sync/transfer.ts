import { Readable } from 'node:stream';
import { createInflateRaw, deflateRawSync } from 'node:zlib';
import { TilshiError } from '../core/errors.js';
import type { TilshiNode } from '../node/node.js';
import type { LogEntry } from './log-types.js';
import { checkAnswer, PushAnswerSchema, WantAnswerSchema } from './peer-http.js';
import { rawsBySeq } from './repository/index.js';
import { type Encoding, MAX_OFFER_IDS } from './serve-sync.js';
import type { Direction, SyncRun } from './sync-run.js';
import { EVENTS_MEDIA_TYPE, encodePrefixes, FrameReader, frameEvent, parseFrames } from './wire.js';

/**
 * Moving events, shared by the cursor sync and first contact: reading a pulled event stream
 * into the store, and pushing events the peer says it lacks.
 */

/** Read an event stream into the store as it arrives; returns how many whole events came. */
export async function receiveStream(
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

/** The peer's limits for one push (asked once per sync, only when there is something to push). */
export type PushLimitCache = { value: { body: number; events: number } | null };

/**
 * Offer these of our events to the peer (`want`: 8 bytes each) and push those it lacks, in
 * requests within its limits.
 */
export async function pushEntries(
  run: SyncRun,
  entries: readonly Pick<LogEntry, 'seq' | 'id'>[],
  limits: PushLimitCache,
): Promise<void> {
  const { node, http, result, encoding, options } = run;
  const d = result.push;
  const peerLimits = async () => {
    const value = { body: 1024 * 1024, events: 1000 };
    try {
      const doc = await http.nodeDocument();
      value.body = Math.max(16 * 1024, (doc.limits?.body_bytes ?? value.body) - 4096);
      value.events = doc.limits?.events_per_request ?? value.events;
    } catch {
      // keep the defaults
    }
    limits.value = value;
    return value;
  };
  if (entries.length === 0) return;
  if (entries.length > MAX_OFFER_IDS) {
    for (let i = 0; i < entries.length; i += MAX_OFFER_IDS) {
      await pushEntries(run, entries.slice(i, i + MAX_OFFER_IDS), limits);
    }
    return;
  }
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
  const max = seqs.length > 0 ? (limits.value ?? (await peerLimits())) : { body: 0, events: 0 };
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
