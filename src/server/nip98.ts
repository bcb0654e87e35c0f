import type { FastifyRequest } from 'fastify';
import { AuthError, TilshiError } from '../core/errors.js';
import { parseEvent, tagValue } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { verifyEventSignature } from '../crypto/verify.js';

/** NIP-98 HTTP auth events are good for this long around now. */
const WINDOW_SECONDS = 60;
const NIP98_KIND = Kind.HttpAuth;

/**
 * Checks NIP-98 `Authorization: Nostr <base64 event>` headers: a kind 27235 event signed by
 * the caller's key, naming this request's URL and method, made within a minute. Each auth
 * event is taken once (a replay within the window is refused).
 */
export class HttpAuth {
  private readonly seen = new Map<string, number>();

  /** The public key the request proves it holds; throws `auth_required` / `auth_failed`. */
  authenticate(request: FastifyRequest, now = Math.floor(Date.now() / 1000)): string {
    const header = request.headers.authorization;
    if (!header?.startsWith('Nostr ')) {
      throw new AuthError('auth_required', 'send a NIP-98 Authorization: Nostr … header signed by your key');
    }
    let event: ReturnType<typeof parseEvent>;
    try {
      event = parseEvent(JSON.parse(Buffer.from(header.slice(6).trim(), 'base64').toString('utf8')));
    } catch (err) {
      const why = err instanceof TilshiError ? err.message : 'not base64 JSON';
      throw new AuthError('auth_failed', `the auth event is malformed: ${why}`);
    }
    const url = tagValue(event, 'u') ?? '';
    let sameTarget = false;
    try {
      const u = new URL(url);
      // The scheme is not compared: a TLS-terminating proxy may stand in front of the node.
      sameTarget = u.host === request.headers.host && `${u.pathname}${u.search}` === request.url;
    } catch {
      sameTarget = false;
    }
    const problem =
      event.kind !== NIP98_KIND
        ? 'kind must be 27235'
        : Math.abs(event.created_at - now) > WINDOW_SECONDS
          ? 'created_at is more than a minute from now'
          : !sameTarget
            ? 'the u tag does not name this URL'
            : (tagValue(event, 'method') ?? '').toUpperCase() !== request.method
              ? 'the method tag does not match'
              : !verifyEventSignature(event)
                ? 'bad signature'
                : this.seen.has(event.sig)
                  ? 'this auth event was used already'
                  : null;
    if (problem) throw new AuthError('auth_failed', problem);
    // Keyed by signature: two requests in one second make the same id, but each signing
    // draws fresh randomness, so only a replayed header repeats a signature.
    this.remember(event.sig, now);
    return event.pubkey;
  }

  private remember(sig: string, now: number): void {
    this.seen.set(sig, now);
    if (this.seen.size > 10_000) {
      for (const [k, at] of this.seen) if (now - at > 2 * WINDOW_SECONDS) this.seen.delete(k);
    }
  }
}
