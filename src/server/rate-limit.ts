import { createHmac, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { Transform } from 'node:stream';
import { TokenBuckets } from '../node/token-buckets.js';

/**
 * Opaque keys for client sources. A source is an IPv4 address or an IPv6 /64 (one subscriber
 * line usually holds a whole /64, so single IPv6 addresses would cost an attacker nothing). The
 * key is an HMAC with a key made at start-up and never stored, so that not even the process's
 * memory holds a plain address list, and nothing about clients outlives a restart.
 */
export class SourceKeys {
  private readonly salt = randomBytes(32);

  /** The key of an address (as `request.ip` gives it); anything unparsable is its own source. */
  keyOf(address: string): string {
    return createHmac('sha256', this.salt).update(sourceOf(address)).digest('base64url').slice(0, 22);
  }

  /** A key for anything else that identifies a client (a source and a username, say). */
  keyOfParts(...parts: string[]): string {
    const h = createHmac('sha256', this.salt);
    for (const p of parts) h.update(`${p.length}:${p}`);
    return h.digest('base64url').slice(0, 22);
  }
}

/** An IPv4 address as is (also when IPv4-mapped), an IPv6 address cut to its /64. */
export function sourceOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIP(address) !== 6) return address;
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  if (right.some((g) => g.includes('.'))) right.splice(-1, 1, '0', '0'); // an embedded IPv4 tail
  const groups =
    tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}

/**
 * Requests per minute per source key (keys from `SourceKeys`), bursts up to `burst`.
 *
 * @example
 *   const limiter = new RateLimiter(600);
 *   if (!limiter.take(request.source)) throw rateLimited(limiter.retryAfter(request.source));
 */
export class RateLimiter extends TokenBuckets {
  constructor(perMinute: number, burst = perMinute) {
    super(perMinute / 60, burst);
  }
}

/** What a connection's bucket says about a message: take it, drop it, or close the connection. */
export type Admission = 'take' | 'drop' | 'close';

/** Tokens a WebSocket frame costs: one per started 16 KiB, so big frames buy no more parsing than small ones. */
export function frameCost(bytes: number): number {
  return 1 + Math.floor(bytes / 16_384);
}

/**
 * Frames a connection may have dropped within ten seconds before it counts as flooding. A
 * client that reads the NOTICE and slows down never gets near it; one that ignores it does.
 */
const FLOOD_DROPS = 50;

/**
 * A per-connection bucket for WebSocket frames (`perSecond` tokens, burst twice that), asked
 * before a frame is parsed. `shared` is the source's own bucket over all its connections. A
 * connection that has had more than `FLOOD_DROPS` frames dropped within ten seconds keeps
 * flooding on purpose: `close`.
 */
export class ConnectionBucket {
  private tokens: number;
  private at = Date.now();
  private dropped = 0;
  private windowStart = Date.now();

  constructor(private readonly perSecond: number) {
    this.tokens = perSecond * 2;
  }

  admit(bytes: number, shared: (cost: number) => boolean = () => true, now = Date.now()): Admission {
    const cost = frameCost(bytes);
    this.tokens = Math.min(this.perSecond * 2, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    if (this.tokens >= cost && shared(cost)) {
      this.tokens -= cost;
      return 'take';
    }
    if (now - this.windowStart > 10_000) {
      this.windowStart = now;
      this.dropped = 0;
    }
    this.dropped += 1;
    return this.dropped > FLOOD_DROPS ? 'close' : 'drop';
  }
}

export interface SourceGateLimits {
  connectionsPerSource: number;
  connectionsTotal: number;
  subscriptionsPerSource: number;
  /** Frame tokens per second of one source over all its connections. */
  messagesPerSecond: number;
  /** Queries (REQ, NEG-OPEN) per second of one source. */
  queriesPerSecond: number;
}

/**
 * What each source holds open at once (WebSocket connections, subscriptions) against a cap
 * per source and, for connections, one in all; and what it may send over all its connections.
 */
export class SourceGate {
  private readonly connections = new Map<string, number>();
  private readonly subscriptions = new Map<string, number>();
  private readonly messages: TokenBuckets;
  private readonly queries: TokenBuckets;
  /** Sources whose connection was closed for flooding, until when they may not open another. */
  private readonly barred = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: SourceGateLimits) {
    // No saved-up burst beyond one second's worth: twenty connections opening at once must not
    // be able to spend it all in the same instant.
    this.messages = new TokenBuckets(limits.messagesPerSecond, limits.messagesPerSecond);
    this.queries = new TokenBuckets(limits.queriesPerSecond, limits.queriesPerSecond * 2);
  }

  /** Why a new connection from `source` would be refused now, or null. */
  refusal(source: string, now = Date.now()): 'barred' | 'source' | 'total' | null {
    const until = this.barred.get(source);
    if (until !== undefined) {
      if (until > now) return 'barred';
      this.barred.delete(source);
    }
    if ((this.connections.get(source) ?? 0) >= this.limits.connectionsPerSource) return 'source';
    if (this.total >= this.limits.connectionsTotal) return 'total';
    return null;
  }

  /** Count a connection in; false (and nothing counted) when a cap is reached. */
  openConnection(source: string): boolean {
    if (this.refusal(source)) return false;
    this.connections.set(source, (this.connections.get(source) ?? 0) + 1);
    this.total += 1;
    return true;
  }

  closeConnection(source: string): void {
    const n = this.connections.get(source) ?? 0;
    if (n === 0) return;
    if (n === 1) this.connections.delete(source);
    else this.connections.set(source, n - 1);
    this.total -= 1;
  }

  /**
   * Keep `source` from opening connections for `ms` (one of its connections was closed for
   * flooding): a flooder that reconnects at once would otherwise cost an upgrade and a session
   * each time.
   */
  bar(source: string, ms: number, now = Date.now()): void {
    this.barred.set(source, now + ms);
    if (this.barred.size > 100_000) {
      for (const [k, until] of this.barred) if (until <= now) this.barred.delete(k);
    }
  }

  /** Seconds until a barred source may connect again (0 when it may now). */
  barredFor(source: string, now = Date.now()): number {
    const until = this.barred.get(source) ?? 0;
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  claimSubscription(source: string): boolean {
    const n = this.subscriptions.get(source) ?? 0;
    if (n >= this.limits.subscriptionsPerSource) return false;
    this.subscriptions.set(source, n + 1);
    return true;
  }

  releaseSubscriptions(source: string, count: number): void {
    const n = (this.subscriptions.get(source) ?? 0) - count;
    if (n <= 0) this.subscriptions.delete(source);
    else this.subscriptions.set(source, n);
  }

  takeMessages(source: string, cost: number): boolean {
    return this.messages.take(source, cost);
  }

  takeQuery(source: string): boolean {
    return this.queries.take(source);
  }

  get openConnections(): number {
    return this.total;
  }

  stop(): void {
    this.messages.stop();
    this.queries.stop();
  }
}

/**
 * A request body passed on no faster than its source's byte budget allows: chunks wait (and
 * the socket with them) until the source's bucket has refilled, so a source that sends body
 * after body is slowed to `perSecond` bytes rather than parsed as fast as it can send.
 */
export function throttleBody(
  body: NodeJS.ReadableStream,
  budget: TokenBuckets,
  source: string,
): NodeJS.ReadableStream {
  const shaped = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const wait = budget.reserve(source, chunk.length);
      if (wait === 0) done(null, chunk);
      else setTimeout(() => done(null, chunk), wait);
    },
  });
  body.on('error', (err) => shaped.destroy(err));
  return body.pipe(shaped);
}
