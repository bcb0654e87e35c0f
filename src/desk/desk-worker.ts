import { Worker } from 'node:worker_threads';
import type { OpenedWrap, WrapToOpen } from './open-wraps.js';

// The worker is evaluated from a string, as the node's other workers are, and imports
// open-wraps by URL. From the compiled build that is a .js file; from the TypeScript sources
// (tests) it is a .ts file, which the worker reads through a small module hook that strips the
// types with esbuild (a development dependency, used only then).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  if (workerData.loader) require('node:module').register(workerData.loader);
  const { openWraps, useCodingModel } = await import(workerData.moduleUrl);
  const options = { suggest: workerData.suggest };
  parentPort.on('message', ({ job, wraps, model }) => {
    if (model !== undefined) {
      try { useCodingModel(model); } catch { useCodingModel(null); }
      return;
    }
    try {
      parentPort.postMessage({ job, opened: openWraps(wraps, workerData.secretKey, workerData.deskPubkey, options) });
    } catch (err) {
      parentPort.postMessage({ job, error: String((err && err.message) || err) });
    }
  });
})();
`;

/** The module hook that lets a worker import the TypeScript sources (tests); see above. */
export function typeScriptLoader(): string {
  const esbuild = import.meta.resolve('esbuild');
  const source = `
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
let esbuild;
export async function resolve(specifier, context, next) {
  if (context.parentURL?.endsWith('.ts') && specifier.startsWith('.') && specifier.endsWith('.js')) {
    const ts = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
    if (existsSync(fileURLToPath(ts))) return { url: ts.href, shortCircuit: true };
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  esbuild ??= await import(${JSON.stringify(esbuild)});
  const file = fileURLToPath(url);
  const { code } = esbuild.transformSync(readFileSync(file, 'utf8'), { loader: 'ts', format: 'esm', target: 'node20', sourcefile: file });
  return { format: 'module', source: code, shortCircuit: true };
}`;
  return `data:text/javascript,${encodeURIComponent(source)}`;
}

interface Job {
  wraps: WrapToOpen[];
  resolve: (opened: OpenedWrap[]) => void;
  reject: (err: Error) => void;
}

/**
 * One worker thread that opens the desk's wraps: the desk secret key is handed to it in memory
 * (workerData) and never written anywhere. Jobs run one after another in the order given.
 * A worker that dies takes its jobs with it: they are rejected and the caller starts another.
 *
 * @example
 *   const worker = new DeskWorker(desk.secretKey, desk.publicKey, { suggest: true });
 *   const opened = await worker.open([{ seq, raw }]);
 *   await worker.close();
 */
export class DeskWorker {
  private readonly worker: Worker;
  private readonly jobs = new Map<number, Job>();
  private nextJob = 0;
  private dead: Error | undefined;

  constructor(secretKey: Uint8Array, deskPubkey: string, options: { suggest: boolean }) {
    const fromSources = import.meta.url.endsWith('.ts');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        moduleUrl: new URL(`./open-wraps.${fromSources ? 'ts' : 'js'}`, import.meta.url).href,
        loader: fromSources ? typeScriptLoader() : null,
        secretKey: Uint8Array.from(secretKey),
        deskPubkey,
        suggest: options.suggest,
      },
    });
    this.worker.on('message', (m: { job: number; opened?: OpenedWrap[]; error?: string }) => {
      const job = this.jobs.get(m.job);
      this.jobs.delete(m.job);
      if (this.jobs.size === 0) this.worker.unref();
      if (!job) return;
      if (m.opened) job.resolve(m.opened);
      else job.reject(new Error(m.error ?? 'the desk worker failed'));
    });
    const die = (err: Error) => {
      this.dead ??= err;
      for (const job of this.jobs.values()) job.reject(err);
      this.jobs.clear();
    };
    this.worker.on('error', die);
    this.worker.on('exit', (code) => die(new Error(`the desk worker stopped (exit ${code})`)));
    this.worker.unref();
  }

  /** Whether the worker has stopped (it then takes no more jobs). */
  get stopped(): boolean {
    return this.dead !== undefined;
  }

  /** How many jobs it holds now. */
  get busy(): number {
    return this.jobs.size;
  }

  open(wraps: WrapToOpen[]): Promise<OpenedWrap[]> {
    if (this.dead) return Promise.reject(this.dead);
    const job = this.nextJob++;
    return new Promise((resolve, reject) => {
      this.jobs.set(job, { wraps, resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ job, wraps });
    });
  }

  /**
   * Suggest with this coding model (its `encodeModel` bytes; null: the shipped one) in the jobs
   * sent after this call.
   */
  useModel(bytes: Uint8Array | null): void {
    if (!this.dead) this.worker.postMessage({ model: bytes });
  }

  async close(): Promise<void> {
    this.dead ??= new Error('the desk worker was closed');
    await this.worker.terminate();
  }
}
