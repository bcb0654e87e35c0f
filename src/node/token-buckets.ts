/**
 * Token buckets in memory, one per key: `perSecond` tokens a second, at most `burst` saved up.
 * A bucket that has been full for a while is swept, so the map holds only keys seen within
 * the time a bucket takes to refill.
 *
 * @example
 *   const buckets = new TokenBuckets(10, 20);
 *   if (!buckets.take(key)) answerTooMany(buckets.retryAfter(key));
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.timer = setInterval(() => this.sweep(), 60_000);
    this.timer.unref();
  }

  /** Take `n` tokens for `key`; false (and nothing taken) when the bucket holds fewer. */
  take(key: string, n = 1, now = Date.now()): boolean {
    const b = this.refill(key, now);
    if (b.tokens < n) return false;
    b.tokens -= n;
    return true;
  }

  /** Take up to `n` tokens for `key`; how many were taken. */
  takeUpTo(key: string, n: number, now = Date.now()): number {
    const b = this.refill(key, now);
    const taken = Math.max(0, Math.min(n, Math.floor(b.tokens)));
    b.tokens -= taken;
    return taken;
  }

  /**
   * Take `n` tokens now even when the bucket holds fewer (it goes into debt) and say how many
   * milliseconds the caller should wait before going on: for shaping a stream rather than
   * refusing it.
   */
  reserve(key: string, n: number, now = Date.now()): number {
    const b = this.refill(key, now);
    b.tokens -= n;
    return b.tokens >= 0 ? 0 : Math.ceil((-b.tokens / this.perSecond) * 1000);
  }

  /** Whole seconds until `key` has a token again (0 when it has one now). */
  retryAfter(key: string, now = Date.now()): number {
    const b = this.buckets.get(key);
    if (!b) return 0;
    const tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.perSecond));
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private refill(key: string, now: number): { tokens: number; at: number } {
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    this.buckets.set(key, b);
    return b;
  }

  private sweep(now = Date.now()): void {
    const full = (this.burst / this.perSecond) * 1000;
    for (const [k, b] of this.buckets) if (now - b.at > full) this.buckets.delete(k);
  }
}
