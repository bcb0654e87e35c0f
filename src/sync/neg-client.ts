import WebSocket from 'ws';
import { TilshiError } from '../core/errors.js';
import type { NostrEvent } from '../core/event.js';
import type { Filter } from '../core/filter.js';
import { type KeyPair, signEvent } from '../crypto/keys.js';
import type { TilshiNode } from '../node/node.js';
import type { Access } from '../store/event-log.js';
import { MAX_NEG_ITEMS } from './neg-relay.js';
import { fromHex, Negentropy, NegentropyStorage, toHex } from './negentropy.js';
import { negentropyItems } from './repository/index.js';

export interface NegSyncResult {
  /** Ids the relay had and this node lacked, and how many of them were stored. */
  need: number;
  fetched: number;
  /** Ids this node had and the relay lacked, and how many the relay took. */
  have: number;
  pushed: number;
  bytesSent: number;
  bytesReceived: number;
  /** Negentropy rounds plus request/answer exchanges for the events. */
  roundTrips: number;
  ms: number;
}

export interface NegSyncOptions {
  /** What to reconcile (NIP-01 filter; default: everything the relay lets this key read). */
  filter?: Filter & Record<string, unknown>;
  /** Answers the relay's NIP-42 challenge with this key (the desk key reads wraps). */
  authKey?: KeyPair;
  /** Largest negentropy message this side sends, in bytes (default 500 KB). */
  frameLimit?: number;
  push?: boolean;
  timeoutMs?: number;
}

class Connection {
  bytesSent = 0;
  bytesReceived = 0;
  private queue: unknown[][] = [];
  private waiters: (() => void)[] = [];
  challenge: string | null = null;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      this.bytesReceived += Buffer.byteLength(text);
      let m: unknown;
      try {
        m = JSON.parse(text);
      } catch {
        return;
      }
      if (!Array.isArray(m)) return;
      if (m[0] === 'AUTH' && typeof m[1] === 'string') this.challenge = m[1];
      this.queue.push(m);
      for (const w of this.waiters.splice(0)) w();
    });
    ws.on('close', () => {
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async open(url: string): Promise<Connection> {
    const ws = new WebSocket(url, { maxPayload: 64 * 1024 * 1024 });
    // Listen before 'open': the relay's AUTH can come in the same packet as the upgrade.
    const conn = new Connection(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', (err) =>
        reject(new TilshiError('peer_unreachable', `cannot reach ${url}: ${err.message}`, 502)),
      );
    });
    return conn;
  }

  send(message: unknown[]): void {
    const text = JSON.stringify(message);
    this.bytesSent += Buffer.byteLength(text);
    this.ws.send(text);
  }

  /** The next message that passes `test` (others stay queued for later callers). */
  async next(test: (m: unknown[]) => boolean, timeoutMs: number): Promise<unknown[]> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const i = this.queue.findIndex(test);
      if (i >= 0) return this.queue.splice(i, 1)[0]!;
      if (this.ws.readyState !== WebSocket.OPEN)
        throw new TilshiError('transfer_cut', 'the relay closed the connection', 502);
      const left = end - Date.now();
      if (left <= 0) throw new TilshiError('peer_timeout', 'the relay did not answer in time', 504);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}

/**
 * NIP-77 as initiator: reconcile this node's events with a relay's (ours or any Nostr relay
 * that speaks negentropy), then fetch what is missing here (`REQ` by ids; stored through the
 * ingest pipeline, verified) and publish what is missing there (`EVENT`).
 *
 * @example
 *   const r = await negentropySync(node, 'ws://127.0.0.1:8080/', { authKey: node.deskKey });
 */
export async function negentropySync(
  node: TilshiNode,
  wsUrl: string,
  options: NegSyncOptions = {},
): Promise<NegSyncResult> {
  const started = performance.now();
  const timeout = options.timeoutMs ?? 60_000;
  const filter = options.filter ?? {};
  const conn = await Connection.open(wsUrl);
  const result: NegSyncResult = {
    need: 0,
    fetched: 0,
    have: 0,
    pushed: 0,
    bytesSent: 0,
    bytesReceived: 0,
    roundTrips: 0,
    ms: 0,
  };
  try {
    if (options.authKey) {
      await conn.next((m) => m[0] === 'AUTH', timeout);
      const auth = signEvent(
        {
          kind: 22242,
          created_at: Math.floor(Date.now() / 1000),
          tags: [
            ['relay', wsUrl],
            ['challenge', conn.challenge ?? ''],
          ],
          content: '',
        },
        options.authKey,
      );
      conn.send(['AUTH', auth]);
      const ok = await conn.next((m) => m[0] === 'OK' && m[1] === auth.id, timeout);
      result.roundTrips++;
      if (ok[2] !== true)
        throw new TilshiError('auth_failed', `the relay refused our auth: ${String(ok[3])}`, 502);
    }
    // Our side of the set: what the filter selects here, as the relay's reader would see it.
    const access: Access = options.authKey
      ? { as: 'recipient', pubkey: options.authKey.publicKey }
      : { as: 'public' };
    const items = negentropyItems(node.db, filter, access, MAX_NEG_ITEMS);
    const storage = new NegentropyStorage();
    for (const it of items) storage.insert(it.created_at, it.id);
    const neg = new Negentropy(storage, options.frameLimit ?? 500_000);
    const subId = `neg-${Math.random().toString(36).slice(2, 10)}`;
    const wire = nip01Filter(filter);
    conn.send(['NEG-OPEN', subId, wire, toHex(neg.initiate())]);
    const have: string[] = [];
    const need: string[] = [];
    for (;;) {
      const m = await conn.next((x) => (x[0] === 'NEG-MSG' || x[0] === 'NEG-ERR') && x[1] === subId, timeout);
      result.roundTrips++;
      if (m[0] === 'NEG-ERR')
        throw new TilshiError('negentropy_refused', `the relay refused: ${String(m[2])}`, 502);
      const r = neg.reconcile(fromHex(String(m[2])));
      have.push(...r.have);
      need.push(...r.need);
      if (!r.output) break;
      conn.send(['NEG-MSG', subId, toHex(r.output)]);
    }
    conn.send(['NEG-CLOSE', subId]);
    result.need = need.length;
    result.have = have.length;

    // Fetch what we lack: REQ by ids, up to 10 filters of 500 ids per request.
    for (let i = 0; i < need.length; i += 5_000) {
      const chunk = need.slice(i, i + 5_000);
      const filters = [];
      for (let j = 0; j < chunk.length; j += 500) filters.push({ ids: chunk.slice(j, j + 500) });
      const req = `get-${i}`;
      conn.send(['REQ', req, ...filters]);
      const events: unknown[] = [];
      for (;;) {
        const m = await conn.next(
          (x) => (x[0] === 'EVENT' || x[0] === 'EOSE' || x[0] === 'CLOSED') && x[1] === req,
          timeout,
        );
        if (m[0] !== 'EVENT') break;
        events.push(m[2]);
      }
      conn.send(['CLOSE', req]);
      result.roundTrips++;
      const stored = await node.ingest.submit(events, 'replicate');
      result.fetched += stored.filter((r) => r.ok && !r.duplicate).length;
    }

    if (options.push !== false && have.length > 0) {
      for (const id of have) {
        const e = node.log.get(id) as NostrEvent;
        conn.send(['EVENT', e]);
      }
      for (let k = 0; k < have.length; k++) {
        const ok = await conn.next((x) => x[0] === 'OK', timeout);
        if (ok[2] === true) result.pushed++;
      }
      result.roundTrips++;
    }
  } finally {
    result.bytesSent = conn.bytesSent;
    result.bytesReceived = conn.bytesReceived;
    result.ms = Math.round(performance.now() - started);
    conn.close();
  }
  return result;
}

/** A Filter back in NIP-01 wire form (`tags` → `#x`). */
function nip01Filter(filter: Filter): Record<string, unknown> {
  const { tags, ...rest } = filter;
  const out: Record<string, unknown> = { ...rest };
  for (const [k, v] of Object.entries(tags ?? {})) out[`#${k}`] = v;
  return out;
}
