import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { TilshiError } from '../core/errors.js';
import { RateLimiter, type SourceKeys } from './rate-limit.js';

/** The cookie a browser gets after a successful sign-in: it marks the browser as known for that user. */
export const DEVICE_COOKIE = 'tilshi_device';
export const DEVICE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

export interface SignInLimits {
  /** Attempts per minute from one source (without a device cookie). */
  perSourcePerMinute: number;
}

/**
 * Who may try a password now. Limits are keyed so that a stranger cannot lock the owner out
 * (the device-cookie scheme OWASP describes for slowing online guessing):
 *
 * - a browser that signed in as a user before sends a device cookie for that user (signed by
 *   this node); its attempts count only against that cookie (10 a minute), never against
 *   the source or the username, so no one else's failures slow it;
 * - any other attempt counts against its source (`perSourcePerMinute`), its source and username
 *   together (10 a minute) and the username over all sources (30 a minute): one stranger
 *   holds up only itself; many sources guessing one username slow each other and new browsers
 *   for that username, but not the browsers the owner already uses.
 *
 * @example
 *   const guard = new SignInGuard(keys, nodeSecret, { perSourcePerMinute: 20 });
 *   guard.admit(request.source, username, deviceCookie); // throws rate_limited with retry_after
 *   const cookie = guard.deviceCookieFor(username);   // after a successful sign-in
 */
export class SignInGuard {
  private readonly bySource: RateLimiter;
  private readonly bySourceUser = new RateLimiter(10, 10);
  // Three times the above, so that one stranger alone can never spend it.
  private readonly byUser = new RateLimiter(30, 30);
  private readonly byDevice = new RateLimiter(10, 10);
  private readonly key: Buffer;

  constructor(
    private readonly keys: SourceKeys,
    nodeSecret: Uint8Array,
    limits: SignInLimits,
  ) {
    this.bySource = new RateLimiter(limits.perSourcePerMinute);
    // Derived from the node key so that known browsers stay known across restarts.
    this.key = createHmac('sha256', Buffer.from(nodeSecret)).update('tilshi device cookie v1').digest();
  }

  /** Take one attempt for `username` from `source`; throws `rate_limited` (429) with `retry_after`. */
  admit(source: string, username: string, deviceCookie: string | undefined): void {
    const user = username.trim().toLowerCase();
    const device = this.deviceOf(deviceCookie, user);
    if (device) {
      if (!this.byDevice.take(device)) throw limited(this.byDevice.retryAfter(device));
      return;
    }
    const sourceUser = this.keys.keyOfParts(source, user);
    const userKey = this.keys.keyOfParts('user', user);
    // Checked before any is taken, so that a refusal by one limit costs nothing of the others.
    for (const [limiter, key] of [
      [this.bySource, source],
      [this.bySourceUser, sourceUser],
      [this.byUser, userKey],
    ] as const) {
      const wait = limiter.retryAfter(key);
      if (wait > 0) throw limited(wait);
    }
    this.bySource.take(source);
    this.bySourceUser.take(sourceUser);
    this.byUser.take(userKey);
  }

  /** A device cookie value for a user who just signed in. */
  deviceCookieFor(username: string): string {
    const user = Buffer.from(username.trim().toLowerCase()).toString('base64url');
    const nonce = randomBytes(12).toString('base64url');
    return `v1.${user}.${nonce}.${this.mac(user, nonce)}`;
  }

  stop(): void {
    for (const l of [this.bySource, this.bySourceUser, this.byUser, this.byDevice]) l.stop();
  }

  /** The key of a valid device cookie for `user`, else undefined. */
  private deviceOf(cookie: string | undefined, user: string): string | undefined {
    const parts = cookie?.split('.');
    if (parts?.length !== 4 || parts[0] !== 'v1') return undefined;
    const [, userPart = '', nonce = '', mac = ''] = parts;
    if (Buffer.from(userPart, 'base64url').toString() !== user) return undefined;
    const expected = Buffer.from(this.mac(userPart, nonce));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return this.keys.keyOfParts('device', nonce);
  }

  private mac(user: string, nonce: string): string {
    return createHmac('sha256', this.key).update(`${user}.${nonce}`).digest('base64url');
  }
}

function limited(retryAfter: number): TilshiError {
  return new TilshiError('rate_limited', 'too many sign-in attempts; wait a minute', 429, {
    retry_after: retryAfter,
  });
}
