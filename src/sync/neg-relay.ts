import { TilshiError } from '../core/errors.js';
import { type Filter, parseFilter } from '../core/filter.js';
import type { TilshiNode } from '../node/node.js';
import type { Access } from '../store/event-log.js';
import { fromHex, Negentropy, NegentropyStorage, toHex } from './negentropy.js';
import { negentropyItems } from './repository/index.js';

/** Items one NEG-OPEN may cover; a larger set is refused (`blocked:`), as NIP-77 allows. */
export const MAX_NEG_ITEMS = 1_000_000;
const MAX_SESSIONS = 4;
/** Filters one NEG-OPEN may carry (as a REQ). */
const MAX_FILTERS = 10;

/**
 * The responder side of NIP-77 for one relay connection: `NEG-OPEN` builds the set of what
 * the filter selects (and the client may read), then each `NEG-MSG` is answered until the
 * client closes. The reconciliation is exact (see negentropy.ts).
 */
export class NegentropyResponder {
  private readonly sessions = new Map<string, Negentropy>();

  constructor(
    private readonly node: TilshiNode,
    private readonly send: (message: unknown[]) => void,
    /** The largest message this relay sends, in bytes of the binary message (half the hex frame). */
    private readonly frameLimit: number,
  ) {}

  open(args: unknown[], accesses: Access[]): void {
    const [subId, rawFilter, hex] = args;
    if (typeof subId !== 'string' || subId.length === 0 || subId.length > 64) {
      // NIP-77's CLOSED: the refusal names the id as sent, so the client can match it.
      this.send([
        'NEG-ERR',
        typeof subId === 'string' ? subId : '',
        'invalid: bad_subscription_id: a subscription id is a string of 1 to 64 characters',
      ]);
      return;
    }
    this.sessions.delete(subId);
    // NIP-77 sends one filter; NDK's sync sends an array of them (their union is the set).
    const rawFilters = Array.isArray(rawFilter) ? rawFilter : [rawFilter];
    if (rawFilters.length === 0 || rawFilters.length > MAX_FILTERS) {
      this.send(['NEG-ERR', subId, `invalid: bad_filter: send 1 to ${MAX_FILTERS} filters`]);
      return;
    }
    const filters: Filter[] = [];
    for (const raw of rawFilters) {
      const parsed = parseFilter(raw);
      if (!parsed.ok) {
        this.send(['NEG-ERR', subId, `invalid: bad_filter: ${parsed.message}`]);
        return;
      }
      filters.push(parsed.filter);
    }
    if (this.sessions.size >= MAX_SESSIONS) {
      this.send(['NEG-ERR', subId, `blocked: too_many_subscriptions: at most ${MAX_SESSIONS} at once`]);
      return;
    }
    const storage = new NegentropyStorage();
    const seen = new Set<string>();
    for (const filter of filters) {
      for (const access of accesses) {
        // The set is what a REQ with this filter would return: current versions only (a
        // superseded version of a replaceable record is history, not something a peer should be
        // asked to hold) unless ids are asked for, and wraps only to their recipient. Else two
        // relays never settle.
        const items = negentropyItems(this.node.db, filter, access, MAX_NEG_ITEMS, {
          currentOnly: !filter.ids,
        });
        if (items.length > MAX_NEG_ITEMS || seen.size + items.length > MAX_NEG_ITEMS * 2) {
          this.send([
            'NEG-ERR',
            subId,
            `blocked: too many records: narrow the filter (at most ${MAX_NEG_ITEMS})`,
          ]);
          return;
        }
        for (const it of items) {
          if (seen.has(it.id)) continue;
          seen.add(it.id);
          storage.insert(it.created_at, it.id);
        }
      }
    }
    const neg = new Negentropy(storage, this.frameLimit);
    this.sessions.set(subId, neg);
    this.answer(subId, neg, hex);
  }

  message(args: unknown[]): void {
    const [subId, hex] = args;
    const neg = typeof subId === 'string' ? this.sessions.get(subId) : undefined;
    if (!neg) {
      this.send(['NEG-ERR', String(subId).slice(0, 64), 'closed: no such negentropy session']);
      return;
    }
    this.answer(subId as string, neg, hex);
  }

  close(args: unknown[]): void {
    if (typeof args[0] === 'string') this.sessions.delete(args[0]);
  }

  closeAll(): void {
    this.sessions.clear();
  }

  private answer(subId: string, neg: Negentropy, hex: unknown): void {
    if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(hex)) {
      this.sessions.delete(subId);
      this.send(['NEG-ERR', subId, 'invalid: bad_negentropy_message: the message must be hex']);
      return;
    }
    try {
      const { output } = neg.reconcile(fromHex(hex.toLowerCase()));
      this.send(['NEG-MSG', subId, toHex(output ?? new Uint8Array(0))]);
    } catch (err) {
      this.sessions.delete(subId);
      const code = err instanceof TilshiError ? err.code : 'bad_negentropy_message';
      this.send(['NEG-ERR', subId, `invalid: ${code}: ${(err as Error).message}`]);
    }
  }
}
