import WebSocket from 'ws';
import { TilshiError } from '../core/errors.js';
import type { NostrEvent } from '../core/event.js';
import { DESK_PUBLIC_KINDS, Kind } from '../core/kinds.js';
import type { TilshiNode } from '../node/node.js';
import {
  addRelayRetry,
  allRelayRows,
  ensureRelayRow,
  insertRefusal,
  markRelayAttempt,
  type Publishable,
  type PublishRefusal,
  type PublishRelayRow,
  publishableCount,
  publishablePage,
  refusalCounts,
  refusalsOf,
  saveRelayRunEnd,
  settleRecord,
} from './repository/index.js';

/*
 * Publishing public records to other Nostr relays (docs/sync.md): each record is sent once per
 * relay with NIP-01 `EVENT` and its `OK` is kept. A refusal for good (`invalid:`, `blocked:`,
 * `restricted:`, `pow:`, `mute:`) is stored with the relay's reason and not sent again; one for
 * now (`rate-limited:`, `error:`, `auth-required:`, no answer, a cut connection) stops the run,
 * which starts again from the same record after a backoff. Nothing is skipped in silence: the
 * cursor moves past a record only once the relay has answered it.
 */

/** Kinds pushed to other relays: the desk's public records and node announcements. */
export const PUBLISHED_KINDS: readonly number[] = [...DESK_PUBLIC_KINDS, Kind.NodeAnnouncement];

/** OK prefixes that will not change by sending again (NIP-01). */
const PERMANENT = ['invalid', 'blocked', 'restricted', 'pow', 'mute'];

export interface PublishRun {
  url: string;
  sent: number;
  accepted: number;
  duplicates: number;
  refused: number;
  /** Publishable records still to send to this relay. */
  pending: number;
  /** Why the run stopped early (a transient refusal or a connection problem), else null. */
  error: string | null;
}

export interface PublishRelayStatus {
  url: string;
  sent: number;
  accepted: number;
  duplicates: number;
  refused: number;
  /** Refused records by the relay's prefix (`invalid`, `blocked`, …). */
  refused_by_reason: Record<string, number>;
  retries: number;
  pending: number;
  last_attempt_at: number | null;
  last_success_at: number | null;
  last_error: string | null;
  next_attempt_at: number | null;
}

const now = () => Math.floor(Date.now() / 1000);

/** What is published: current versions of public kinds signed by the desk, and node announcements. */
const publishable = (node: TilshiNode): Publishable => ({
  kinds: PUBLISHED_KINDS,
  desk: node.deskPubkey ?? '',
});

/** A relay URL as kept: ws(s) only, no trailing slash beyond the root. */
export function normalRelayUrl(url: string): string {
  const trimmed = url.trim();
  if (!/^wss?:\/\/[^\s/]+(\/[^\s]*)?$/.test(trimmed) || trimmed.length > 2_000) {
    throw new TilshiError('bad_relay_url', `${url} is not a ws:// or wss:// URL`, 400);
  }
  return trimmed;
}

const row = (node: TilshiNode, url: string): PublishRelayRow => ensureRelayRow(node.db, url);

const pendingCount = (node: TilshiNode, after: number): number =>
  publishableCount(node.db, publishable(node), after);

/** What each relay of `urls` (default: config `relays` and any relay published to before) got. */
export function publishStatus(
  node: TilshiNode,
  urls: readonly string[] = node.config.relays,
): PublishRelayStatus[] {
  let rows: PublishRelayRow[] = [];
  try {
    rows = allRelayRows(node.db);
  } catch {
    // A store opened read-only before migration 007 ran has no table yet.
  }
  const all = [...new Set([...urls, ...rows.map((r) => r.url)])];
  return all.map((url) => {
    const r = rows.find((x) => x.url === url);
    const reasons = r ? refusalCounts(node.db, url) : [];
    return {
      url,
      sent: r?.sent ?? 0,
      accepted: r?.accepted ?? 0,
      duplicates: r?.duplicates ?? 0,
      refused: r?.refused ?? 0,
      refused_by_reason: Object.fromEntries(reasons.map((x) => [x.prefix, x.n])),
      retries: r?.retries ?? 0,
      pending: pendingCount(node, r?.sent_upto ?? 0),
      last_attempt_at: r?.last_attempt_at ?? null,
      last_success_at: r?.last_success_at ?? null,
      last_error: r?.last_error ?? null,
      next_attempt_at: r?.next_attempt_at ?? null,
    };
  });
}

/** The records refused by a relay, with its reasons (newest first). */
export function publishRefusals(node: TilshiNode, url: string, limit = 100): PublishRefusal[] {
  return refusalsOf(node.db, url, limit);
}

/** One connection to a relay that sends an event and waits for its OK. */
class RelayLink {
  private readonly waiting = new Map<string, (answer: { ok: boolean; message: string }) => void>();
  private closedWith: string | null = null;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      let m: unknown;
      try {
        m = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (!Array.isArray(m) || m[0] !== 'OK' || typeof m[1] !== 'string') return;
      const done = this.waiting.get(m[1]);
      if (done) {
        this.waiting.delete(m[1]);
        done({ ok: m[2] === true, message: typeof m[3] === 'string' ? m[3].slice(0, 500) : '' });
      }
    });
    ws.on('close', () => this.fail('the relay closed the connection'));
    ws.on('error', (err) => this.fail(err.message));
  }

  static open(url: string, timeoutMs: number): Promise<RelayLink> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { maxPayload: 1024 * 1024, handshakeTimeout: timeoutMs });
      ws.once('open', () => resolve(new RelayLink(ws)));
      ws.once('error', (err) =>
        reject(new TilshiError('relay_unreachable', `cannot reach ${url}: ${err.message}`, 502)),
      );
    });
  }

  private fail(reason: string): void {
    this.closedWith ??= reason;
    for (const [id, done] of this.waiting) {
      this.waiting.delete(id);
      done({ ok: false, message: `connection: ${reason}` });
    }
  }

  send(event: NostrEvent, timeoutMs: number): Promise<{ ok: boolean; message: string }> {
    if (this.closedWith) return Promise.resolve({ ok: false, message: `connection: ${this.closedWith}` });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(event.id);
        resolve({ ok: false, message: `connection: no OK within ${timeoutMs} ms` });
      }, timeoutMs);
      this.waiting.set(event.id, (a) => {
        clearTimeout(timer);
        resolve(a);
      });
      this.ws.send(JSON.stringify(['EVENT', event]));
    });
  }

  close(): void {
    this.ws.close();
  }
}

export interface PublishOptions {
  /** Wait this long for a relay's OK (default 10 s). */
  timeoutMs?: number;
  /** Stop after this many records (default: all that wait). */
  max?: number;
  /** First backoff after a transient failure (default 5 s); doubles up to 10 minutes. */
  backoffMs?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Send the records `url` has not settled yet, in log order, one at a time (a relay answers
 * each before the next goes: a refusal never leaves a hole behind the cursor).
 *
 * @example const run = await publishTo(node, 'wss://relay.example.org');
 */
export async function publishTo(
  node: TilshiNode,
  url: string,
  options: PublishOptions = {},
): Promise<PublishRun> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const start = row(node, url);
  const run: PublishRun = { url, sent: 0, accepted: 0, duplicates: 0, refused: 0, pending: 0, error: null };
  const total = Math.min(pendingCount(node, start.sent_upto), options.max ?? Number.POSITIVE_INFINITY);
  let cursor = start.sent_upto;
  markRelayAttempt(node.db, url, now());
  const selection = publishable(node);
  let link: RelayLink | undefined;
  try {
    link = await RelayLink.open(url, timeoutMs);
    let done = 0;
    outer: while (done < total) {
      const rows = publishablePage(node.db, selection, cursor);
      if (rows.length === 0) break;
      for (const r of rows) {
        if (done >= total) break outer;
        const event = JSON.parse(r.raw) as NostrEvent;
        const answer = await link.send(event, timeoutMs);
        run.sent++;
        const prefix = answer.message.split(':')[0]!.trim();
        if (answer.ok) {
          const duplicate = prefix === 'duplicate';
          settleRecord(node.db, url, r.seq, duplicate ? 'duplicate' : 'accepted');
          if (duplicate) run.duplicates++;
          else run.accepted++;
        } else if (PERMANENT.includes(prefix)) {
          node.db.transaction(() => {
            const reason = answer.message || `${prefix}:`;
            insertRefusal(node.db, url, { id: event.id, kind: event.kind, reason, at: now() });
            settleRecord(node.db, url, r.seq, 'refused');
          })();
          run.refused++;
        } else {
          // For now: the record stays first in line; the next run sends it again.
          addRelayRetry(node.db, url);
          run.error = answer.message || 'refused without a reason';
          break outer;
        }
        cursor = r.seq;
        done++;
        options.onProgress?.(done, total);
      }
    }
  } catch (err) {
    run.error = (err as Error).message;
  } finally {
    link?.close();
  }
  const after = row(node, url);
  const failures = run.error ? after.failures + 1 : 0;
  const backoff = Math.min((options.backoffMs ?? 5_000) * 2 ** Math.max(0, failures - 1), 600_000);
  saveRelayRunEnd(node.db, url, {
    failures,
    error: run.error,
    nextAttemptAt: run.error ? Math.ceil((Date.now() + backoff) / 1000) : null,
    succeeded: !run.error,
    at: now(),
  });
  run.pending = pendingCount(node, after.sent_upto);
  return run;
}

/**
 * The background publisher of `serve`: every relay of config `relays` is sent what waits for
 * it soon after a public record is stored, every `intervalSeconds` anyway, and after a failure
 * once its backoff has passed.
 */
export function startPublisher(
  node: TilshiNode,
  options: PublishOptions & { intervalSeconds?: number; onRun?: (run: PublishRun) => void } = {},
): { stop: () => Promise<void>; kick: () => void } {
  const relays = node.config.relays;
  let stopped = false;
  let busy = false;
  /** A public record was stored while a run was going: run again right after. */
  let again = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const due = new Map<string, number>(relays.map((u) => [u, 0]));
  const backoffMs = options.backoffMs ?? 5_000;
  const later = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  function tick(): void {
    if (stopped || busy) return;
    busy = true;
    again = false;
    running = (async () => {
      for (const url of relays) {
        if (stopped || Date.now() < (due.get(url) ?? 0)) continue;
        const r = await publishTo(node, url, options);
        options.onRun?.(r);
        const failures = row(node, url).failures;
        due.set(
          url,
          r.error ? Date.now() + Math.min(backoffMs * 2 ** Math.max(0, failures - 1), 600_000) : 0,
        );
      }
    })()
      .catch(() => {
        // publishTo keeps its errors in the relay's row; a store error waits for the next run.
      })
      .finally(() => {
        busy = false;
        if (stopped) return;
        if (again) return later(500);
        const waits = [...due.values()].filter((t) => t > Date.now()).map((t) => t - Date.now());
        later(Math.min((options.intervalSeconds ?? 300) * 1000, ...waits));
      });
  }
  const unsubscribe = node.ingest.onStored((e) => {
    if (relays.length === 0 || !PUBLISHED_KINDS.includes(e.kind)) return;
    again = true;
    if (!busy) later(500);
  });
  if (relays.length > 0) tick();
  return {
    kick: tick,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
      await running;
    },
  };
}
