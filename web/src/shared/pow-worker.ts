// The proof-of-work worker (its own small bundle): mines one job with the browser's native
// SHA-256, posting how many nonces it has tried about ten times a second, then the nonce it
// found. Without Web Crypto (a plain-HTTP address) it says so and the page mines by itself.
// The page ends it with terminate().
import { leadingZeroBits, type MineJob, powMessage, writeNonce } from './pow.js';

export type PowMessage =
  | { type: 'progress'; tries: number }
  | { type: 'found'; nonce: string; tries: number }
  | { type: 'unsupported'; tries: number };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<MineJob>) => void) | null;
  postMessage(m: PowMessage): void;
};

/** Digests in flight at once: enough to keep the native hashing busy between turns. */
const BATCH = 512;

scope.onmessage = async (e) => {
  const job = e.data;
  const subtle = self.crypto?.subtle;
  if (!subtle) return scope.postMessage({ type: 'unsupported', tries: 0 });
  const message = powMessage(job);
  let tries = 0;
  let reported = Date.now();
  for (;;) {
    const nonces: string[] = [];
    const hashes: Promise<ArrayBuffer>[] = [];
    for (let i = 0; i < BATCH; i++) {
      nonces.push(writeNonce(message, job, tries + i));
      // digest() copies the bytes before it returns, so the buffer can change for the next try.
      hashes.push(subtle.digest('SHA-256', message.bytes));
    }
    const done = await Promise.all(hashes);
    tries += BATCH;
    for (let i = 0; i < BATCH; i++) {
      if (leadingZeroBits(new Uint8Array(done[i] as ArrayBuffer)) >= job.difficulty) {
        return scope.postMessage({ type: 'found', nonce: nonces[i] as string, tries: tries - BATCH + i + 1 });
      }
    }
    if (Date.now() - reported >= 100) {
      reported = Date.now();
      scope.postMessage({ type: 'progress', tries });
    }
  }
};
