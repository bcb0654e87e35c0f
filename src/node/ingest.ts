import { TilshiError } from '../core/errors.js';
import type { NostrEvent } from '../core/event.js';
import { parseEvent } from '../core/event.js';
import type { VerifyPool } from '../crypto/verify-pool.js';
import type { Db } from '../store/db.js';
import type { EventLog, InsertMode } from '../store/event-log.js';
import { type AcceptPolicy, checkAcceptable } from './accept-policy.js';
import { SignatureChecks } from './signature-checks.js';
import { TokenBuckets } from './token-buckets.js';

/** The answer for one submitted event. A duplicate is a success. */
export type IngestResult =
  | { ok: true; id: string; duplicate: boolean }
  | { ok: false; id: string | null; code: string; message: string; status: number };

/** Where submitted events come from. */
export interface SubmitOptions {
  /**
   * The opaque key of the client that sent them (`request.source`): the events the node
   * examines for it are budgeted (`budgetSources`). Without it, nothing is budgeted (the
   * node's own work, sync with peers it chose).
   */
  source?: string;
  /**
   * The other writes of the command that made these events (a desk's audit row): run inside the
   * write transaction that stores them, when every one of them was stored; with them, or not at all.
   */
  alongside?: () => void;
}

interface PendingWrite {
  events: NostrEvent[];
  mode: InsertMode;
  alongside: (() => void) | undefined;
  resolve: (results: ReturnType<EventLog['insertMany']>) => void;
  reject: (err: unknown) => void;
}

/**
 * The one way events enter a node's store: a budget per source → shape and id → acceptance
 * policy → signature (on worker threads; each (id, sig) checked once, failures remembered) →
 * one write transaction shared by everything that arrived in the same tick (group commit). A promise resolves only after its transaction is committed to disk, so an
 * answer sent after it survives a killed process.
 *
 * @example
 *   const results = await ingest.submit([rawEvent], 'submit');
 */
export class Ingest {
  private pending: PendingWrite[] = [];
  private flushScheduled = false;
  private readonly listeners = new Set<(e: NostrEvent, mode: InsertMode) => void>();
  private readonly signatures: SignatureChecks;
  private budget: TokenBuckets | undefined;

  constructor(
    private readonly db: Db,
    private readonly log: EventLog,
    pool: VerifyPool,
    private readonly policy: () => AcceptPolicy,
  ) {
    this.signatures = new SignatureChecks(pool);
  }

  /**
   * Limit the events one source (`SubmitOptions.source`) may have examined per second: the
   * budget is taken before anything is parsed, so it bounds the parsing, hashing and signature
   * checks a source can cost. Events beyond it are answered `rate_limited` (429).
   */
  budgetSources(limits: { perSecond: number; burst: number }): void {
    this.budget?.stop();
    this.budget = new TokenBuckets(limits.perSecond, limits.burst);
  }

  /**
   * Be told of every event newly stored (for live subscriptions), with how it came: `submit`
   * (sent to this node, or made here) or `replicate` (copied from another node). Returns an
   * unsubscribe.
   */
  onStored(listener: (e: NostrEvent, mode: InsertMode) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Check one signature (an auth event, say) as submitted events are: within the source's
   * budget, once per (id, sig). `rate_limited` when the budget is spent.
   */
  async checkSignature(event: NostrEvent, source?: string): Promise<'valid' | 'invalid' | 'rate_limited'> {
    if (source && this.budget && !this.budget.take(source)) return 'rate_limited';
    const [ok] = await this.signatures.check([event]);
    return ok ? 'valid' : 'invalid';
  }

  async submit(
    raws: readonly unknown[],
    mode: InsertMode = 'submit',
    options: SubmitOptions = {},
  ): Promise<IngestResult[]> {
    const results: (IngestResult | undefined)[] = new Array(raws.length);
    const candidates: { index: number; event: NostrEvent }[] = [];
    const policy = this.policy();
    const granted =
      options.source && this.budget ? this.budget.takeUpTo(options.source, raws.length) : raws.length;
    for (let index = 0; index < raws.length; index++) {
      const raw = raws[index];
      if (index >= granted) {
        results[index] = { ...OVER_BUDGET, id: rawId(raw) };
        continue;
      }
      // A big batch is examined in slices, with other requests served in between.
      if (index > 0 && index % EXAMINE_SLICE === 0) await new Promise((r) => setImmediate(r));
      const claimed = raw as { id?: unknown; sig?: unknown } | null;
      if (
        typeof claimed?.id === 'string' &&
        typeof claimed.sig === 'string' &&
        this.signatures.knownBad(claimed.id, claimed.sig)
      ) {
        results[index] = { ...BAD_SIGNATURE, id: claimed.id.slice(0, 64) };
        continue;
      }
      let event: NostrEvent | undefined;
      try {
        event = parseEvent(raw);
        if (this.log.has(event.id)) {
          results[index] = { ok: true, id: event.id, duplicate: true };
          continue;
        }
        checkAcceptable(event, policy);
        candidates.push({ index, event });
      } catch (err) {
        results[index] = failure(event?.id ?? rawId(raw), err);
      }
    }

    const checked = await this.signatures.check(candidates.map((c) => c.event));
    const toStore: { index: number; event: NostrEvent }[] = [];
    const firstOf = new Map<string, number>();
    const copies: { index: number; first: number }[] = [];
    candidates.forEach((c, i) => {
      if (checked[i]) {
        // Copies of one event in a batch are stored once and answered as the first one is.
        const first = firstOf.get(c.event.id);
        if (first === undefined) {
          firstOf.set(c.event.id, c.index);
          toStore.push(c);
        } else copies.push({ index: c.index, first });
      } else results[c.index] = { ...BAD_SIGNATURE, id: c.event.id };
    });

    if (toStore.length > 0) {
      const stored = await this.write(
        toStore.map((c) => c.event),
        mode,
        toStore.length === raws.length ? options.alongside : undefined,
      );
      stored.forEach((r, i) => {
        const c = toStore[i]!;
        if (r.ok) {
          results[c.index] = { ok: true, id: c.event.id, duplicate: r.result.duplicate };
          if (!r.result.duplicate) for (const l of this.listeners) l(c.event, mode);
        } else {
          results[c.index] = failure(c.event.id, r.error);
        }
      });
    }
    for (const { index, first } of copies) {
      const r = results[first]!;
      results[index] = r.ok ? { ...r, duplicate: true } : r;
    }
    return results as IngestResult[];
  }

  /**
   * Store events this node made itself (sealed here, so nothing to verify) in one transaction
   * with the other writes of the command that made them. `alongside` runs first in that
   * transaction; when it returns false nothing is stored (say, the SMS was seen already).
   * Live subscribers are told of what was stored.
   */
  storeOwn(events: NostrEvent[], alongside: () => boolean = () => true): boolean {
    const stored = this.db.transaction(() => {
      if (!alongside()) return false;
      for (const r of this.log.insertMany(events, 'submit')) if (!r.ok) throw r.error;
      return true;
    })();
    if (stored) for (const e of events) for (const l of this.listeners) l(e, 'submit');
    return stored;
  }

  private write(
    events: NostrEvent[],
    mode: InsertMode,
    alongside?: () => void,
  ): Promise<ReturnType<EventLog['insertMany']>> {
    return new Promise((resolve, reject) => {
      this.pending.push({ events, mode, alongside, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    let outcomes: ReturnType<EventLog['insertMany']>[];
    try {
      outcomes = this.db.transaction(() =>
        batch.map((p) => {
          const results = this.log.insertMany(p.events, p.mode);
          if (p.alongside && results.every((x) => x.ok)) p.alongside();
          return results;
        }),
      )();
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => {
      p.resolve(outcomes[i]!);
    });
  }
}

/** Events examined in one turn of the event loop (about 10 ms of work on a slow core). */
const EXAMINE_SLICE = 64;

// Answers a flood produces by the thousand are plain objects: an Error would capture a stack each time.
const BAD_SIGNATURE = {
  ok: false,
  code: 'bad_signature',
  message: 'the signature does not verify',
  status: 400,
} as const;
const OVER_BUDGET = {
  ok: false,
  code: 'rate_limited',
  message: 'this source has sent more events than the node examines per second; send the rest later',
  status: 429,
} as const;

function rawId(raw: unknown): string | null {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length <= 64 ? id : null;
}

function failure(id: string | null, err: unknown): IngestResult {
  if (err instanceof TilshiError)
    return { ok: false, id, code: err.code, message: err.message, status: err.status };
  throw err;
}
