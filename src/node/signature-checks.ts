import type { Signed, VerifyPool } from '../crypto/verify-pool.js';
import { TokenBuckets } from './token-buckets.js';

/** Failed (id, sig) pairs remembered: about 5 MB at most. */
const FAILED_PAIRS = 20_000;

/** What a signature check came to: verified, refused, or not done because the source's budget is spent. */
export type CheckOutcome = 'valid' | 'invalid' | 'over_budget';

/**
 * Signature checks that no sender can make the node repeat: a pair (id, sig) is verified at
 * most once at a time (copies in one batch, or in concurrent requests, share the check), a
 * pair that failed is remembered and refused without a check, and a source that sends
 * events faster than `perSecond` checks gets `over_budget` for the rest.
 *
 * The key is the id and the signature together: the id commits to the pubkey and content, so a
 * sender cannot make a good event look like a remembered failure by reusing its signature.
 *
 * @example
 *   const checks = new SignatureChecks(pool);
 *   checks.budget({ perSecond: 500, burst: 1000 });
 *   const outcomes = await checks.check(events, 'source-key'); // 'valid' | 'invalid' | 'over_budget' each
 */
export class SignatureChecks {
  private readonly failed = new Map<string, true>();
  private readonly inFlight = new Map<string, Promise<boolean>>();
  private budgets: TokenBuckets | undefined;

  constructor(private readonly pool: VerifyPool) {}

  /** Limit the checks each source may cost (per second, with a burst). */
  budget(limits: { perSecond: number; burst: number }): void {
    this.budgets?.stop();
    this.budgets = new TokenBuckets(limits.perSecond, limits.burst);
  }

  /** One outcome per event, in order. Without a `source`, nothing is budgeted (the node's own work). */
  async check(events: readonly Signed[], source?: string): Promise<CheckOutcome[]> {
    const outcomes: (CheckOutcome | Promise<CheckOutcome>)[] = new Array(events.length);
    const fresh: { key: string; event: Signed; indexes: number[] }[] = [];
    const inBatch = new Map<string, { indexes: number[] }>();
    events.forEach((event, i) => {
      const key = event.id + event.sig;
      if (this.failed.has(key)) {
        outcomes[i] = 'invalid';
        return;
      }
      const pending = this.inFlight.get(key);
      if (pending) {
        outcomes[i] = pending.then((ok) => (ok ? 'valid' : 'invalid'));
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

    const granted = source && this.budgets ? this.budgets.takeUpTo(source, fresh.length) : fresh.length;
    fresh.forEach((entry, n) => {
      if (n >= granted) {
        for (const i of entry.indexes) outcomes[i] = 'over_budget';
        return;
      }
      const verdict = this.pool.verify(entry.event).then((ok) => {
        this.inFlight.delete(entry.key);
        if (!ok) this.remember(entry.key);
        return ok;
      });
      this.inFlight.set(entry.key, verdict);
      const outcome = verdict.then((ok): CheckOutcome => (ok ? 'valid' : 'invalid'));
      for (const i of entry.indexes) outcomes[i] = outcome;
    });
    return Promise.all(outcomes);
  }

  close(): void {
    this.budgets?.stop();
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
