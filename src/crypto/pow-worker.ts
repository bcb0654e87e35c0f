import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { UnsignedEvent } from '../core/event.js';

// Evaluated from a string so that it runs the same from sources (tests) and the build.
// The nonce search hashes with Node's native SHA-256 and keeps the hash state of everything
// before the nonce, so each try hashes only the nonce and what follows it (NIP-13: the nonce
// is a tag; the id is still the NIP-01 hash of the whole event, checked by the caller).
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const MARK = 'N0NCE-PLACEHOLDER-7f3a9c';
function zeroBits(h) {
  let bits = 0;
  for (const b of h) { if (b === 0) { bits += 8; continue; } bits += Math.clz32(b) - 24; break; }
  return bits;
}
parentPort.on('message', ({ job, unsigned, difficulty }) => {
  const tags = unsigned.tags.concat([['nonce', MARK, String(difficulty)]]);
  const text = JSON.stringify([0, unsigned.pubkey, unsigned.created_at, unsigned.kind, tags, unsigned.content]);
  const parts = text.split(MARK);
  if (parts.length !== 2) throw new Error('the nonce placeholder occurs in the event');
  const head = createHash('sha256').update(parts[0]);
  for (let n = 0; ; n++) {
    const nonce = String(n);
    const hash = head.copy().update(nonce).update(parts[1]).digest();
    if (zeroBits(hash) >= difficulty) {
      tags[tags.length - 1][1] = nonce;
      parentPort.postMessage({ job, mined: { ...unsigned, tags, id: hash.toString('hex') } });
      return;
    }
  }
});
`;

type Mined = UnsignedEvent & { id: string };

interface Miner {
  worker: Worker;
  jobs: Map<number, (mined: Mined) => void>;
}

const miners: Miner[] = [];
let nextJob = 0;

function startMiner(): Miner {
  const miner: Miner = {
    worker: new Worker(SOURCE, { eval: true }),
    jobs: new Map(),
  };
  miner.worker.on('message', ({ job, mined }: { job: number; mined: Mined }) => {
    miner.jobs.get(job)?.(mined);
    miner.jobs.delete(job);
    if (miner.jobs.size === 0) miner.worker.unref();
  });
  miner.worker.on('error', () => {
    miners.splice(miners.indexOf(miner), 1);
  });
  miner.worker.unref();
  miners.push(miner);
  return miner;
}

/** The idlest miner; a new one while there are fewer than cores. */
function pickMiner(): Miner {
  const idle = miners.find((m) => m.jobs.size === 0);
  if (idle) return idle;
  if (miners.length < availableParallelism()) return startMiner();
  return miners.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
}

/**
 * NIP-13 mining on worker threads (one per core at most), so that a node sealing an SMS or
 * an import keeps answering requests meanwhile, and a batch uses every core.
 *
 * @example
 *   const mined = await minePowOffThread(unsignedWrap, 16); // id with 16 leading zero bits
 */
export function minePowOffThread<T extends UnsignedEvent>(
  unsigned: T,
  difficulty: number,
): Promise<T & { id: string }> {
  const miner = pickMiner();
  const job = nextJob++;
  miner.worker.ref();
  return new Promise((resolve) => {
    miner.jobs.set(job, resolve as (mined: Mined) => void);
    const { tags, ...rest } = unsigned;
    miner.worker.postMessage({
      job,
      difficulty,
      unsigned: { ...rest, tags: tags.filter((t) => t[0] !== 'nonce') },
    });
  });
}
