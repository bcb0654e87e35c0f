import { createHmac, randomBytes } from 'node:crypto';

/**
 * Token buckets in memory. Sources are keyed by an HMAC of their address with a key made at
 * start-up and never stored, so that not even the process's memory holds a plain address
 * list, and nothing about clients outlives a restart.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly salt = randomBytes(32);
  private readonly timer: NodeJS.Timeout;

  /** `perMinute` requests a minute, bursts up to `burst`. */
  constructor(
    private readonly perMinute: number,
    private readonly burst = perMinute,
  ) {
    this.timer = setInterval(() => this.sweep(), 60_000);
    this.timer.unref();
  }

  /** An opaque key for a source address (or any identifying string). */
  keyOf(source: string): string {
    return createHmac('sha256', this.salt).update(source).digest('base64url').slice(0, 22);
  }

  /** Take one token for `key`; false when the bucket is empty. */
  take(key: string, now = Date.now()): boolean {
    const rate = this.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + (now - b.at) * rate);
    b.at = now;
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    this.buckets.set(key, b);
    return ok;
  }

  private sweep(now = Date.now()): void {
    const full = this.burst / (this.perMinute / 60_000);
    for (const [k, b] of this.buckets) if (now - b.at > full) this.buckets.delete(k);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** A per-connection bucket for WebSocket messages (`perSecond`, burst twice that). */
export class ConnectionBucket {
  private tokens: number;
  private at = Date.now();

  constructor(private readonly perSecond: number) {
    this.tokens = perSecond * 2;
  }

  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.perSecond * 2, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
