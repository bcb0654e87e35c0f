import { Worker } from 'node:worker_threads';
import type { UnsignedEvent } from '../core/event.js';

// Evaluated from a string so that it runs the same from sources (tests) and the build.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.nip13).then(({ minePow }) => {
  parentPort.on('message', ({ job, unsigned, difficulty }) => {
    parentPort.postMessage({ job, mined: minePow(unsigned, difficulty) });
  });
});
`;

let worker: Worker | undefined;
let nextJob = 0;
const pending = new Map<number, (mined: UnsignedEvent & { id: string }) => void>();

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(SOURCE, {
    eval: true,
    workerData: { nip13: import.meta.resolve('nostr-tools/nip13') },
  });
  w.on('message', ({ job, mined }: { job: number; mined: UnsignedEvent & { id: string } }) => {
    pending.get(job)?.(mined);
    pending.delete(job);
    if (pending.size === 0) w.unref();
  });
  w.on('error', () => {
    worker = undefined;
  });
  w.unref();
  worker = w;
  return w;
}

/**
 * NIP-13 mining on a worker thread, so that a node sealing an SMS or an import keeps
 * answering requests meanwhile. Jobs run one after another.
 *
 * @example
 *   const mined = await minePowOffThread(unsignedWrap, 16); // has id with 16 leading zero bits
 */
export function minePowOffThread<T extends UnsignedEvent>(
  unsigned: T,
  difficulty: number,
): Promise<T & { id: string }> {
  const w = getWorker();
  const job = nextJob++;
  w.ref();
  return new Promise((resolve) => {
    pending.set(job, resolve as (mined: UnsignedEvent & { id: string }) => void);
    const { tags, ...rest } = unsigned;
    w.postMessage({ job, difficulty, unsigned: { ...rest, tags: tags.filter((t) => t[0] !== 'nonce') } });
  });
}
