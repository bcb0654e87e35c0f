// Runs the proof of work in Web Workers, one per core (at most four), each on its own share of
// the nonces, so that the page stays responsive and a phone with several slow cores uses them
// all. Where workers or Web Crypto are missing, the page mines by itself in short slices.
import { type MineJob, miner, type PowTemplate } from './pow.js';
import type { PowMessage } from './pow-worker.js';

/** Set by scripts/build-web.mjs: the hashed URL of the worker bundle. */
declare const __POW_WORKER__: string;

let warm: Worker | null = null;
let running: Worker[] = [];
let stopped = false;

function spawn(): Worker {
  return new Worker(__POW_WORKER__);
}

/** Fetch and start the worker script ahead of time, so that sending does not wait for it. */
export function prepareWorker(): void {
  try {
    if (!warm) warm = spawn();
  } catch {
    // No workers here: mining will run on the page.
  }
}

function workerCount(): number {
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
}

/**
 * Find a nonce giving the event `difficulty` leading zero bits. `onProgress` gets the nonces
 * tried so far (all workers together); the expected number is 2^difficulty.
 */
export function minePow(
  event: PowTemplate,
  difficulty: number,
  onProgress: (tries: number) => void,
): Promise<string> {
  stopped = false;
  const count = workerCount();
  const tries = new Array<number>(count).fill(0);
  return new Promise<string>((resolve) => {
    const stop = () => {
      for (const w of running) w.terminate();
      running = [];
    };
    let fellBack = false;
    const fallback = () => {
      if (fellBack) return;
      fellBack = true;
      stop();
      mineHere({ event, difficulty, start: 0, step: 1 }, onProgress).then(resolve);
    };
    try {
      for (let i = 0; i < count; i++) {
        const worker = warm ?? spawn();
        warm = null;
        running.push(worker);
        worker.onmessage = (e: MessageEvent<PowMessage>) => {
          if (e.data.type === 'unsupported') return fallback();
          tries[i] = e.data.tries;
          onProgress(tries.reduce((a, b) => a + b, 0));
          if (e.data.type === 'found') {
            stop();
            resolve(e.data.nonce);
          }
        };
        worker.onerror = fallback;
        worker.postMessage({ event, difficulty, start: i, step: count } satisfies MineJob);
      }
    } catch {
      fallback();
    }
  });
}

/** Mining on the page itself, 30 ms at a time, so that the page still answers taps. */
function mineHere(job: MineJob, onProgress: (tries: number) => void): Promise<string> {
  const m = miner(job);
  return new Promise((resolve) => {
    const slice = () => {
      if (stopped) return;
      const until = Date.now() + 30;
      let nonce: string | null = null;
      while (nonce === null && Date.now() < until) nonce = m.run(64);
      onProgress(m.tries);
      if (nonce === null) setTimeout(slice, 0);
      else resolve(nonce);
    };
    slice();
  });
}

/** End all mining now (the page is being wiped). */
export function stopMining(): void {
  stopped = true;
  for (const w of running) w.terminate();
  running = [];
  warm?.terminate();
  warm = null;
}
