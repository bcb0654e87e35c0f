import type { Signed, VerifyPool } from '../crypto/verify-pool.js';

/** Failed (id, sig) pairs remembered: about 5 MB at most. */
const FAILED_PAIRS = 20_000;

/**
 * Signature checks that no sender can make the node repeat: a pair (id, sig) is verified at
 * most once at a time (copies in one batch, or in concurrent requests, share the check), and a
 * pair that failed is remembered and refused without a check.
 *
 * The key is the id and the signature together: the id commits to the pubkey and content, so a
 * sender cannot make a good event look like a remembered failure by reusing its signature.
 *
 * @example
 *   const checks = new SignatureChecks(pool);
 *   const valid = await checks.check(events); // a boolean per event
 */
export class SignatureChecks {
  private readonly failed = new Map<string, true>();
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(private readonly pool: VerifyPool) {}

  /**
   * Whether this (id, sig) pair failed before. An event that claims such a pair is refused
   * before it is even parsed: either its content hashes to that id and the signature is the
   * one that failed, or it does not and the id is wrong.
   */
  knownBad(id: string, sig: string): boolean {
    return this.failed.has(id + sig);
  }

  /** Whether each signature verifies, in order. */
  async check(events: readonly Signed[]): Promise<boolean[]> {
    const outcomes: (boolean | Promise<boolean>)[] = new Array(events.length);
    const fresh: { key: string; event: Signed; indexes: number[] }[] = [];
    const inBatch = new Map<string, { indexes: number[] }>();
    events.forEach((event, i) => {
      const key = event.id + event.sig;
      if (this.failed.has(key)) {
        outcomes[i] = false;
        return;
      }
      const pending = this.inFlight.get(key);
      if (pending) {
        outcomes[i] = pending;
        return;
      }
      const seen = inBatch.get(key);
      if (seen) {
        seen.indexes.push(i);
        return;
      }
      const entry = { key, event, indexes: [i] };
      inBatch.set(key, entry);
      fresh.push(entry);
    });

    for (const entry of fresh) {
      const verdict = this.pool.verify(entry.event).then((ok) => {
        this.inFlight.delete(entry.key);
        if (!ok) this.remember(entry.key);
        return ok;
      });
      this.inFlight.set(entry.key, verdict);
      for (const i of entry.indexes) outcomes[i] = verdict;
    }
    return Promise.all(outcomes);
  }

  private remember(key: string): void {
    this.failed.set(key, true);
    if (this.failed.size > FAILED_PAIRS) {
      // Oldest first: a Map iterates in insertion order.
      const oldest = this.failed.keys().next().value;
      if (oldest !== undefined) this.failed.delete(oldest);
    }
  }
}
