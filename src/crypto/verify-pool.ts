import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { hexToBytes } from '@noble/hashes/utils.js';
import { verifySchnorr } from './verify.js';

/** Bytes per job in the shared buffer: id (32) + pubkey (32) + sig (64). */
const RECORD = 128;
/** Largest number of signatures one worker takes at once (keeps latency bounded under load). */
const MAX_BATCH = 512;

// The worker is evaluated from a string so that it runs the same from TypeScript sources
// (tests) and from the compiled build; it imports the verifier by absolute URL.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.moduleUrl).then((secp) => {
  parentPort.on('message', (buf) => {
    const bytes = new Uint8Array(buf);
    const n = bytes.length / ${RECORD};
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const o = i * ${RECORD};
      try {
        out[i] = secp.verifySchnorr(bytes.subarray(o, o + 32), bytes.subarray(o + 32, o + 64), bytes.subarray(o + 64, o + 128)) ? 1 : 0;
      } catch { out[i] = 0; }
    }
    parentPort.postMessage(out.buffer, [out.buffer]);
  });
});
`;

interface Job {
  record: Uint8Array;
  resolve: (ok: boolean) => void;
}

interface Slot {
  worker: Worker;
  busy: Job[] | null;
}

/** What a signature check needs from an event. */
export interface Signed {
  id: string;
  pubkey: string;
  sig: string;
}

/**
 * Verifies Schnorr signatures on worker threads. Requests that arrive while every worker is
 * busy are coalesced into the next batch, so that a burst costs one message per worker per
 * batch, and a single request when idle goes out at once.
 *
 * @example
 *   const pool = new VerifyPool();
 *   const ok = await pool.verifyMany(events); // boolean per event, same order
 *   await pool.close();
 */
export class VerifyPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private closed = false;

  /** `threads` 0 verifies on the calling thread (for tiny deployments and tests). */
  constructor(threads = defaultThreads()) {
    const moduleUrl = import.meta.resolve('tiny-secp256k1');
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { moduleUrl } });
      const slot: Slot = { worker, busy: null };
      worker.on('message', (buf: ArrayBuffer) => this.finish(slot, new Uint8Array(buf)));
      worker.on('error', (err) => this.fail(slot, err));
      worker.unref();
      this.slots.push(slot);
    }
  }

  get threads(): number {
    return this.slots.length;
  }

  /** Verify one signature. */
  verify(e: Signed): Promise<boolean> {
    if (this.slots.length === 0) return Promise.resolve(verifyInline(e));
    return new Promise((resolve) => {
      this.queue.push({ record: pack(e), resolve });
      this.pump();
    });
  }

  /** Verify many; the answer has one boolean per event, in order. */
  verifyMany(events: readonly Signed[]): Promise<boolean[]> {
    return Promise.all(events.map((e) => this.verify(e)));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const job of this.queue.splice(0)) job.resolve(false);
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0 || this.closed) return;
      if (slot.busy) continue;
      // Split what is waiting evenly over the idle workers, up to MAX_BATCH each.
      const idle = this.slots.filter((s) => !s.busy).length;
      const take = Math.min(MAX_BATCH, Math.ceil(this.queue.length / idle));
      const jobs = this.queue.splice(0, take);
      const buf = new Uint8Array(jobs.length * RECORD);
      jobs.forEach((job, i) => {
        buf.set(job.record, i * RECORD);
      });
      slot.busy = jobs;
      slot.worker.ref();
      slot.worker.postMessage(buf.buffer, [buf.buffer]);
    }
  }

  private finish(slot: Slot, results: Uint8Array): void {
    const jobs = slot.busy ?? [];
    slot.busy = null;
    slot.worker.unref();
    jobs.forEach((job, i) => {
      job.resolve(results[i] === 1);
    });
    this.pump();
  }

  private fail(slot: Slot, err: unknown): void {
    // A crashed worker must not lose requests: verify its batch here and keep going without it.
    const jobs = slot.busy ?? [];
    slot.busy = null;
    this.slots.splice(this.slots.indexOf(slot), 1);
    for (const job of jobs) job.resolve(verifyRecord(job.record));
    process.emitWarning(`signature worker stopped: ${String(err)}`);
    if (this.slots.length === 0)
      for (const job of this.queue.splice(0)) job.resolve(verifyRecord(job.record));
    else this.pump();
  }
}

function pack(e: Signed): Uint8Array {
  const record = new Uint8Array(RECORD);
  record.set(hexToBytes(e.id), 0);
  record.set(hexToBytes(e.pubkey), 32);
  record.set(hexToBytes(e.sig), 64);
  return record;
}

function verifyRecord(r: Uint8Array): boolean {
  return verifySchnorr(r.subarray(0, 32), r.subarray(32, 64), r.subarray(64, 128));
}

function verifyInline(e: Signed): boolean {
  return verifyRecord(pack(e));
}

/** One worker per core; `TILSHI_VERIFY_THREADS` overrides (0 = verify on the main thread). */
export function defaultThreads(): number {
  const fromEnv = process.env.TILSHI_VERIFY_THREADS;
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv)) return Number(fromEnv);
  return availableParallelism();
}
