import { Worker } from 'node:worker_threads';
import { TilshiError } from '../core/errors.js';

// Evaluated from a string so that it runs the same from TypeScript sources (tests) and from the
// build; it imports noble's argon2 (audited) by absolute URL.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.moduleUrl).then(({ argon2id }) => {
  parentPort.on('message', ({ password, salt, opts }) => {
    try {
      const hash = argon2id(password, salt, opts);
      parentPort.postMessage({ hash }, [hash.buffer]);
    } catch (err) {
      parentPort.postMessage({ error: String(err && err.message || err) });
    }
  });
});
`;

export interface Argon2Options {
  m: number;
  t: number;
  p: number;
  dkLen: number;
}

interface Job {
  password: string;
  salt: Uint8Array;
  opts: Argon2Options;
  resolve: (hash: Uint8Array) => void;
  reject: (err: unknown) => void;
}

interface Slot {
  worker: Worker | undefined;
  job: Job | undefined;
}

/** A rough time per hash, for the Retry-After of a full queue. */
const SECONDS_PER_HASH = 0.25;

/**
 * argon2id on worker threads with a hard cap: `threads` hashes at once (each on its own
 * thread, started when first needed), `queue` waiting; a hash asked beyond that fails at once
 * with `busy` (503, `details.retry_after` seconds) instead of piling up memory and latency.
 * Idle workers do not keep the process alive.
 *
 * @example
 *   const hasher = new PasswordHasher({ threads: 1, queue: 16 });
 *   const hash = await hasher.argon2id('password', salt, { m: 19456, t: 2, p: 1, dkLen: 32 });
 */
export class PasswordHasher {
  readonly threads: number;
  readonly queueLimit: number;
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(limits: { threads: number; queue: number }) {
    this.threads = Math.max(1, limits.threads);
    this.queueLimit = Math.max(0, limits.queue);
    this.slots = Array.from({ length: this.threads }, () => ({ worker: undefined, job: undefined }));
  }

  /** Hashes waiting for a thread now. */
  get waiting(): number {
    return this.queue.length;
  }

  argon2id(password: string, salt: Uint8Array, opts: Argon2Options): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new Error('the password hasher is closed'));
    const idle = this.slots.some((s) => !s.job);
    if (!idle && this.queue.length >= this.queueLimit) {
      const retryAfter = Math.max(
        1,
        Math.ceil(((this.queue.length + this.threads) * SECONDS_PER_HASH) / this.threads),
      );
      return Promise.reject(
        new TilshiError('busy', 'the node is busy checking passwords; try again in a few seconds', 503, {
          retry_after: retryAfter,
        }),
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ password, salt, opts, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    // Work already taken finishes; only then do the threads stop.
    for (const job of this.queue.splice(0)) job.reject(new Error('the password hasher is closed'));
    await Promise.all(
      this.slots.map(async (slot) => {
        while (slot.job) await new Promise((r) => setTimeout(r, 10));
        await slot.worker?.terminate();
      }),
    );
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.job) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      const worker = this.workerOf(slot);
      worker.ref();
      worker.postMessage({ password: job.password, salt: job.salt, opts: job.opts });
    }
  }

  private workerOf(slot: Slot): Worker {
    if (slot.worker) return slot.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { moduleUrl: import.meta.resolve('@noble/hashes/argon2.js') },
    });
    worker.on('message', (answer: { hash?: Uint8Array; error?: string }) => {
      const job = slot.job;
      slot.job = undefined;
      worker.unref();
      if (answer.hash) job?.resolve(new Uint8Array(answer.hash));
      else job?.reject(new Error(`argon2id failed: ${answer.error}`));
      this.pump();
    });
    worker.on('error', (err) => {
      // A crashed worker fails its one job; the next job starts a fresh thread.
      const job = slot.job;
      slot.job = undefined;
      slot.worker = undefined;
      job?.reject(err);
      this.pump();
    });
    slot.worker = worker;
    return worker;
  }
}
