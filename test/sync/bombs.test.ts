import { createHash } from 'node:crypto';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, signEvent } from '../../src/crypto/keys.js';
import { importBundle } from '../../src/sync/bundle.js';
import { BUNDLE_HEADER_KIND } from '../../src/sync/bundle-reader.js';
import { EVENTS_MEDIA_TYPE } from '../../src/sync/wire.js';
import { deskHeaders, startTestNode, type TestNode } from '../support/node.js';

/*
 * Issue 10, findings 1 and 2, as an attacker sent them: a small gzip or deflate body that
 * inflates to hundreds of megabytes of tiny lines or frames. Each must be refused with its code
 * within seconds, store nothing, leave the memory of the process (the node runs in it) nearly
 * where it was, and leave /healthz answering meanwhile.
 */

const MiB = 1024 * 1024;
const MAX_GROWTH = 150 * MiB;

/**
 * A bundle whose header is validly self-signed and whose body is `line` repeated up to about
 * `bodyBytes`: one gzip member per MiB of body, the same member repeated (a valid gzip file,
 * as `gzip` writes when files are concatenated), so it costs the test almost nothing to make.
 */
function bombBundle(line: string, bodyBytes: number, options: { count?: number } = {}) {
  const block = Buffer.from(line.repeat(Math.floor(MiB / line.length)));
  const copies = Math.max(1, Math.floor(bodyBytes / block.length));
  const hash = createHash('sha256');
  for (let i = 0; i < copies; i++) hash.update(block);
  const lines = copies * (block.length / line.length);
  const key = generateKeyPair();
  const count = options.count ?? lines;
  const header = signEvent(
    {
      kind: BUNDLE_HEADER_KIND,
      created_at: Math.floor(Date.now() / 1000),
      tags: [],
      content: JSON.stringify({
        format: 1,
        node: key.publicKey,
        for: null,
        created_at: Math.floor(Date.now() / 1000),
        from_seq: 0,
        upto_seq: count,
        count,
        events_sha256: hash.digest('hex'),
        acks: [],
      }),
    },
    key,
  );
  const member = gzipSync(block, { level: 9 });
  const bytes = Buffer.concat([gzipSync(`${JSON.stringify(header)}\n`), ...Array(copies).fill(member)]);
  return { bytes, inflated: copies * block.length, lines };
}

/** `TILSHI_FIGURES=1` prints what each case measured (docs/sync.md quotes them). */
function figure(name: string, r: { ms: number; growth: number }, slowest?: number): void {
  if (!process.env.TILSHI_FIGURES) return;
  const healthz = slowest === undefined ? '' : `, slowest /healthz ${Math.round(slowest)} ms`;
  console.info(`${name}: ${Math.round(r.ms)} ms, peak RSS +${Math.round(r.growth / MiB)} MiB${healthz}`);
}

/** Peak RSS while `work` runs, sampled every 5 ms, above what it was before. */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; growth: number }> {
  globalThis.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, ms: performance.now() - started, growth: peak - base };
  } finally {
    clearInterval(sampler);
  }
}

/** The slowest /healthz answer while `work` runs (probes every 20 ms). */
async function healthzDuring<T>(url: string, work: Promise<T>): Promise<{ value: T; slowest: number }> {
  let slowest = 0;
  let done = false;
  const probes = (async () => {
    while (!done) {
      const t = performance.now();
      const r = await fetch(`${url}/healthz`);
      await r.arrayBuffer();
      slowest = Math.max(slowest, performance.now() - t);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    const value = await work;
    done = true;
    await probes;
    return { value, slowest };
  } finally {
    done = true;
  }
}

let desk: TestNode;
let session: Record<string, string>;
beforeAll(async () => {
  desk = await startTestNode();
  session = await deskHeaders(desk);
});
afterAll(async () => {
  await desk.close();
});

const upload = (bytes: Buffer, headers: Record<string, string> = session) =>
  fetch(`${desk.url}/api/v1/sync/bundle`, {
    method: 'POST',
    headers: { 'content-type': 'application/gzip', ...headers },
    body: new Uint8Array(bytes),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error?: { code: string } } }));

describe('bundle bomb (issue 10, finding 1)', () => {
  it('refuses the 243 KB gzip of ~250 MB of {} lines: no reading past the header, nothing stored', async () => {
    const bomb = bombBundle('{}\n', 250 * MiB);
    expect(bomb.bytes.length).toBeLessThan(300 * 1024);
    expect(bomb.inflated).toBeGreaterThan(240 * MiB);
    const before = desk.node.log.count();

    const anonymous = await upload(bomb.bytes, {});
    expect(anonymous).toMatchObject({ status: 401, body: { error: { code: 'not_signed_in' } } });

    const r = await measured(() => healthzDuring(desk.url, upload(bomb.bytes)));
    // The header announces 87 million events: refused before a line is read.
    expect(r.value.value).toMatchObject({ status: 413, body: { error: { code: 'bundle_too_large' } } });
    figure('bundle bomb, 243 KB', r, r.value.slowest);
    expect(r.ms).toBeLessThan(5_000);
    expect(r.growth).toBeLessThan(MAX_GROWTH);
    expect(r.value.slowest).toBeLessThan(1_000);
    expect(desk.node.log.count()).toBe(before);
  });

  it('refuses the same body under a header that claims few events: at the first line', async () => {
    const bomb = bombBundle('{}\n', 250 * MiB, { count: 1_000 });
    const before = desk.node.log.count();
    const r = await measured(() => upload(bomb.bytes));
    expect(r.value).toMatchObject({ status: 400, body: { error: { code: 'bad_bundle' } } });
    figure('bundle bomb, few events announced', r);
    expect(r.ms).toBeLessThan(5_000);
    expect(r.growth).toBeLessThan(MAX_GROWTH);
    // The importer the CLI and the desk call directly is the same reader.
    await expect(importBundle(desk.node, bomb.bytes)).rejects.toMatchObject({ code: 'bad_bundle' });
    expect(desk.node.log.count()).toBe(before);
  });

  it('refuses the 20 KB variant and its event-sized cousin, wherever the count gives out', async () => {
    const small = bombBundle('{}\n', 20 * MiB);
    expect(small.bytes.length).toBeLessThan(24 * 1024);
    const before = desk.node.log.count();
    const r = await measured(() => healthzDuring(desk.url, upload(small.bytes)));
    expect(r.value.value).toMatchObject({ status: 413, body: { error: { code: 'bundle_too_large' } } });
    figure('bundle bomb, 20 KB', r, r.value.slowest);
    expect(r.ms).toBeLessThan(5_000);
    expect(r.value.slowest).toBeLessThan(1_000);

    // Lines as long as an event, under a header that admits 1,000 of them: the 1,001st stops it.
    const padded = `{"content":"${'x'.repeat(400)}"}\n`;
    const cousin = bombBundle(padded, 100 * MiB, { count: 1_000 });
    const c = await measured(() => upload(cousin.bytes));
    expect(c.value).toMatchObject({ status: 400, body: { error: { code: 'bundle_corrupt' } } });
    figure('bundle of event-sized lines past its count', c);
    expect(c.ms).toBeLessThan(5_000);
    expect(c.growth).toBeLessThan(MAX_GROWTH);
    expect(desk.node.log.count()).toBe(before);
  });
});

describe('the most a signed-in uploader can make a node do', () => {
  it('checks, then ingests in batches a well-formed bundle of junk, keeping /healthz answering', async () => {
    // Every line is a JSON object as long as an event, the count and checksum match: the
    // file passes every check of its own and each event is refused by ingest.
    const junk = bombBundle(`{"content":"${'x'.repeat(400)}"}\n`, 12 * MiB);
    const before = desk.node.log.count();
    const r = await measured(() => healthzDuring(desk.url, upload(junk.bytes)));
    expect(r.value.value).toMatchObject({
      status: 200,
      body: { total: junk.lines, new: 0, rejected: { invalid_event: junk.lines } },
    });
    figure(`well-formed bundle of ${junk.lines} junk events`, r, r.value.slowest);
    expect(r.growth).toBeLessThan(MAX_GROWTH);
    expect(r.value.slowest).toBeLessThan(1_000);
    expect(desk.node.log.count()).toBe(before);
  }, 60_000);
});

describe('push bomb (issue 10, finding 2)', () => {
  const push = (body: Buffer) =>
    fetch(`${desk.url}/api/v1/sync/push`, {
      method: 'POST',
      headers: { 'content-type': EVENTS_MEDIA_TYPE, 'x-tilshi-encoding': 'deflate' },
      body: new Uint8Array(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error?: { code: string } } }));

  it('refuses 16 KB deflated of 5.5 million tiny frames at the first frame', async () => {
    const body = deflateRawSync(Buffer.from('\x02{}'.repeat(5_500_000)), { level: 9 });
    expect(body.length).toBeLessThan(20 * 1024);
    const before = desk.node.log.count();
    const r = await measured(() => healthzDuring(desk.url, push(body)));
    expect(r.value.value).toMatchObject({ status: 400, body: { error: { code: 'bad_stream' } } });
    figure('push bomb, 16 KB', r, r.value.slowest);
    expect(r.ms).toBeLessThan(2_000);
    expect(r.growth).toBeLessThan(MAX_GROWTH);
    expect(r.value.slowest).toBeLessThan(1_000);
    expect(desk.node.log.count()).toBe(before);
  });

  it('counts frames as they inflate: event-sized junk past events_per_request is refused unparsed', async () => {
    const json = `{"content":"${'x'.repeat(400)}"}`;
    const frame = Buffer.concat([
      Buffer.from([(json.length & 0x7f) | 0x80, json.length >> 7]),
      Buffer.from(json),
    ]);
    const body = deflateRawSync(Buffer.concat(Array(30_000).fill(frame)), { level: 9 });
    const before = desk.node.log.count();
    const r = await measured(() => push(body));
    expect(r.value).toMatchObject({ status: 413, body: { error: { code: 'too_many_events' } } });
    figure('push of 30,000 event-sized frames', r);
    expect(r.ms).toBeLessThan(2_000);
    expect(r.growth).toBeLessThan(MAX_GROWTH);
    expect(desk.node.log.count()).toBe(before);
  });
});
