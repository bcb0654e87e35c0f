import { randomBytes } from 'node:crypto';
import type { TilshiError } from '../core/errors.js';
import type { NostrEvent } from '../core/event.js';
import { parseEvent, tagValue } from '../core/event.js';
import { type Filter, matchFilter, parseFilter } from '../core/filter.js';
import { Kind } from '../core/kinds.js';
import type { IngestResult } from '../node/ingest.js';
import type { TilshiNode } from '../node/node.js';
import type { Access } from '../store/event-log.js';
import { NegentropyResponder } from './neg-relay.js';

/** NIP-01 machine-readable prefixes for OK/CLOSED messages, by our error code. */
const PREFIX: Record<string, string> = {
  insufficient_pow: 'pow',
  rate_limited: 'rate-limited',
  not_desk_signed: 'restricted',
  wrong_recipient: 'restricted',
  foreign_network: 'restricted',
  kind_not_accepted: 'blocked',
  no_desk_configured: 'error',
};

/** The OK message for a result: `duplicate: …`, `invalid: bad_signature: …`, `pow: …`. */
export function okMessage(r: IngestResult): string {
  if (r.ok) return r.duplicate ? 'duplicate: already have this event' : '';
  return `${PREFIX[r.code] ?? 'invalid'}: ${r.code}: ${r.message}`;
}

export interface RelaySessionOptions {
  maxSubscriptions: number;
  maxFilters?: number;
  /** The host the client connected to, for NIP-42's relay tag check. */
  host: string;
  /** The opaque key of the client's source: its signature checks are budgeted by it. */
  source?: string;
  /**
   * Whether the source may run another query (REQ, NEG-OPEN) now. Frames are rate-limited by
   * the transport before they are parsed; queries cost more than a frame and are counted again.
   */
  allowQuery?: () => boolean;
  /** Whether the source may open one more subscription (a cap over all its connections). */
  claimSubscription?: () => boolean;
  /** The source closed this many subscriptions. */
  releaseSubscriptions?: (count: number) => void;
}

interface Subscription {
  filters: Filter[];
}

/**
 * One client's conversation with the relay (NIP-01, NIP-42). Transport-free: the server feeds
 * it text frames and gives it a `send`; tests can drive it directly.
 */
export class RelaySession {
  readonly challenge = randomBytes(16).toString('hex');
  private readonly subs = new Map<string, Subscription>();
  private readonly authed = new Set<string>();
  private readonly unsubscribe: () => void;
  /** NIP-77: exact set reconciliation, answered as responder. */
  private readonly negentropy: NegentropyResponder;
  private ordered: Promise<void> = Promise.resolve();

  constructor(
    private readonly node: TilshiNode,
    private readonly send: (message: unknown[]) => void,
    private readonly options: RelaySessionOptions,
  ) {
    this.unsubscribe = node.ingest.onStored((e) => this.live(e));
    // Hex doubles the size; leave room for the JSON around the message.
    this.negentropy = new NegentropyResponder(
      node,
      send,
      Math.max(4_096, Math.floor((node.config.limits.frame_bytes - 1_024) / 2)),
    );
    send(['AUTH', this.challenge]);
  }

  close(): void {
    this.unsubscribe();
    this.options.releaseSubscriptions?.(this.subs.size);
    this.subs.clear();
    this.negentropy.closeAll();
  }

  async handle(text: string): Promise<void> {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.send(['NOTICE', 'invalid: invalid_json: the message is not JSON']);
      return;
    }
    if (!Array.isArray(message) || typeof message[0] !== 'string') {
      this.send(['NOTICE', 'invalid: invalid_message: a message is a JSON array starting with its type']);
      return;
    }
    const [type, ...args] = message as [string, ...unknown[]];
    if ((type === 'REQ' || type === 'NEG-OPEN') && this.options.allowQuery && !this.options.allowQuery()) {
      const subId = typeof args[0] === 'string' ? args[0].slice(0, 64) : '';
      this.send([
        type === 'REQ' ? 'CLOSED' : 'NEG-ERR',
        subId,
        'rate-limited: rate_limited: too many queries from this source; wait a second',
      ]);
      return;
    }
    if (type === 'EVENT') return this.onEvent(args[0]);
    // Everything else runs in the order it came: an AUTH is checked on a worker, and the REQ
    // a client sends right after it must see its result.
    const run = () => this.dispatch(type, args);
    this.ordered = this.ordered.then(run, run);
    return this.ordered;
  }

  private async dispatch(type: string, args: unknown[]): Promise<void> {
    switch (type) {
      case 'REQ':
        return this.onReq(args);
      case 'CLOSE':
        if (typeof args[0] === 'string' && this.subs.delete(args[0])) this.options.releaseSubscriptions?.(1);
        return;
      case 'AUTH':
        return this.onAuth(args[0]);
      case 'NEG-OPEN':
        return this.negentropy.open(args, this.accesses());
      case 'NEG-MSG':
        return this.negentropy.message(args);
      case 'NEG-CLOSE':
        return this.negentropy.close(args);
      default:
        this.send([
          'NOTICE',
          `invalid: unknown_message: unsupported message type ${JSON.stringify(type).slice(0, 20)}`,
        ]);
    }
  }

  private async onEvent(raw: unknown): Promise<void> {
    const [result] = await this.node.ingest.submit(
      [raw],
      'submit',
      this.options.source ? { source: this.options.source } : {},
    );
    if (result) this.send(['OK', result.id ?? idOf(raw), result.ok, okMessage(result)]);
  }

  private onReq(args: unknown[]): void {
    const [subId, ...rawFilters] = args;
    if (!validSubscriptionId(subId)) {
      // NIP-01: a refused REQ is answered CLOSED, with the id as sent so the client can match it.
      this.send(['CLOSED', typeof subId === 'string' ? subId : '', BAD_SUBSCRIPTION_ID]);
      return;
    }
    const maxFilters = this.options.maxFilters ?? 10;
    if (rawFilters.length === 0 || rawFilters.length > maxFilters) {
      this.send(['CLOSED', subId, `invalid: bad_filter: send 1 to ${maxFilters} filters`]);
      return;
    }
    const filters: Filter[] = [];
    for (const raw of rawFilters) {
      const parsed = parseFilter(raw);
      if (!parsed.ok) {
        this.send(['CLOSED', subId, `invalid: bad_filter: ${parsed.message}`]);
        return;
      }
      filters.push(parsed.filter);
    }
    if (!this.subs.has(subId) && this.subs.size >= this.options.maxSubscriptions) {
      this.send([
        'CLOSED',
        subId,
        `blocked: too_many_subscriptions: at most ${this.options.maxSubscriptions} at once`,
      ]);
      return;
    }
    const asksForWraps = filters.some((f) => f.kinds?.includes(Kind.GiftWrap));
    if (asksForWraps && this.authed.size === 0) {
      this.send(['CLOSED', subId, 'auth-required: wraps are served only to their recipient (NIP-42)']);
      return;
    }
    if (!this.subs.has(subId) && this.options.claimSubscription && !this.options.claimSubscription()) {
      this.send([
        'CLOSED',
        subId,
        'blocked: too_many_subscriptions: this source holds too many subscriptions',
      ]);
      return;
    }
    this.subs.set(subId, { filters });
    const seen = new Set<string>();
    const found: NostrEvent[] = [];
    for (const f of filters) {
      for (const access of this.accesses()) {
        for (const e of this.node.log.query(f, access)) {
          if (!seen.has(e.id)) {
            seen.add(e.id);
            found.push(e);
          }
        }
      }
    }
    found.sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? -1 : 1));
    for (const e of found) this.send(['EVENT', subId, e]);
    this.send(['EOSE', subId]);
  }

  private async onAuth(raw: unknown): Promise<void> {
    let event: NostrEvent;
    try {
      event = parseEvent(raw);
    } catch (err) {
      this.send(['OK', idOf(raw), false, `invalid: ${(err as TilshiError).code}: ${(err as Error).message}`]);
      return;
    }
    const relayTag = tagValue(event, 'relay') ?? '';
    const fresh = Math.abs(event.created_at - Date.now() / 1000) < 600;
    let sameHost = false;
    try {
      sameHost = new URL(relayTag).host === this.options.host;
    } catch {
      sameHost = false;
    }
    const problem =
      event.kind !== Kind.ClientAuth
        ? 'kind must be 22242'
        : tagValue(event, 'challenge') !== this.challenge
          ? 'wrong challenge'
          : !sameHost
            ? 'the relay tag names another relay'
            : !fresh
              ? 'created_at is too far from now'
              : null;
    if (problem) {
      this.send(['OK', event.id, false, `invalid: auth_failed: ${problem}`]);
      return;
    }
    // On the worker pool and within the source's budget, like any other signature it sends.
    const checked = await this.node.ingest.checkSignature(event, this.options.source);
    if (checked !== 'valid') {
      this.send([
        'OK',
        event.id,
        false,
        checked === 'invalid'
          ? 'invalid: auth_failed: bad signature'
          : 'rate-limited: rate_limited: too many events to check from this source',
      ]);
      return;
    }
    this.authed.add(event.pubkey);
    this.send(['OK', event.id, true, '']);
  }

  /** What this client may read: public events, plus wraps to each key it proved it holds. */
  private accesses(): Access[] {
    if (this.authed.size === 0) return [{ as: 'public' }];
    return [...this.authed].map((pubkey) => ({ as: 'recipient' as const, pubkey }));
  }

  private live(e: NostrEvent): void {
    if (e.kind === Kind.GiftWrap && !this.authed.has(tagValue(e, 'p') ?? '')) return;
    for (const [subId, sub] of this.subs) {
      if (sub.filters.some((f) => matchFilter(f, e))) this.send(['EVENT', subId, e]);
    }
  }
}

/** The reason given for a subscription id that is not a string of 1 to 64 characters. */
export const BAD_SUBSCRIPTION_ID =
  'invalid: bad_subscription_id: a subscription id is a string of 1 to 64 characters';

export function validSubscriptionId(subId: unknown): subId is string {
  return typeof subId === 'string' && subId.length > 0 && subId.length <= 64;
}

function idOf(raw: unknown): string {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id.slice(0, 64) : '';
}
