// The report and join pages' calls to the node: what it announces, sending wraps, fetching replies.
import { finalizeEvent } from 'nostr-tools/pure';
import type { NostrEvent } from '../../../src/core/event.js';
import type { Kind } from '../../../src/core/kinds.js';
import type { SubmitAnswer } from './queue.js';

/** A failed call: `code` is the node's error code, or `network` when it was not reached. */
export class NetError extends Error {
  constructor(
    readonly code: string,
    /** HTTP status; 0 when the node was not reached. */
    readonly status = 0,
  ) {
    super(code);
  }
}

/** Call a JSON route of the node (the page keeps to this small helper to stay small). */
export async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch {
    throw new NetError('network');
  }
  const body = await res.json().catch(() => undefined);
  if (!res.ok) throw new NetError(body?.error?.code ?? `http_${res.status}`, res.status);
  if (body === undefined) throw new NetError('bad_response', res.status);
  return body as T;
}

/** What GET /api/v1/node announces that the page needs (kept on the phone for offline use). */
export interface NodeInfo {
  desk_pubkey: string;
  pow_difficulty: number;
  /** The node's own key: the report names it (`via`), so the desk knows where replies must go. */
  node_pubkey?: string;
  /** The number to text instead (the node's SMS gateway), if it has one. */
  sms_number?: string | null;
  /** Set when the page runs from a static mirror: no node to send to, the desk key from mirror.json. */
  mirror?: boolean;
  limits?: { body_bytes?: number; events_per_request?: number };
}

export async function fetchNode(): Promise<NodeInfo> {
  const info = await call<NodeInfo>('/api/v1/node');
  if (!/^[0-9a-f]{64}$/.test(info.desk_pubkey ?? '') || !(info.pow_difficulty >= 0)) {
    throw new NetError('no_desk_configured');
  }
  return info;
}

/** POST wraps; the node answers which it accepted (a duplicate counts as accepted). */
export function submit(wraps: NostrEvent[]): Promise<SubmitAnswer> {
  return call<SubmitAnswer>('/api/v1/events', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(wraps),
  });
}

/**
 * Split wraps into requests the node takes: at most `events_per_request`, and 20 (a wrap is
 * under 64 KB, so 20 stay far below the usual 2 MB body limit).
 *
 * @example batches(wraps, { events_per_request: 100 }) // [wraps 0-19, wraps 20-39, …]
 */
export function batches<T>(wraps: T[], limits: NodeInfo['limits'] = {}): T[][] {
  const size = Math.max(1, Math.min(limits.events_per_request ?? 20, 20));
  const out: T[][] = [];
  for (let i = 0; i < wraps.length; i += size) out.push(wraps.slice(i, i + size));
  return out;
}

/**
 * NIP-98 `Authorization` header value for a request: a kind 27235 event naming the absolute URL
 * and the method, signed by the device key.
 */
export function nip98(
  url: string,
  method: string,
  key: Uint8Array,
  now = Math.floor(Date.now() / 1000),
): string {
  const event = finalizeEvent(
    {
      kind: 27235 satisfies typeof Kind.HttpAuth,
      created_at: now,
      tags: [
        ['u', url],
        ['method', method],
      ],
      content: '',
    },
    key,
  );
  // The event is ASCII only (hex, digits, the URL), so btoa can encode it as it is.
  return `Nostr ${btoa(JSON.stringify(event))}`;
}

/** The desk's wraps addressed to the device key since `since` (unix seconds). */
export async function fetchReplies(since: number, key: Uint8Array): Promise<NostrEvent[]> {
  const path = `/api/v1/wraps?since=${since}`;
  const body = await call<{ events?: NostrEvent[] }>(path, {
    headers: { authorization: nip98(location.origin + path, 'GET', key) },
  });
  return Array.isArray(body.events) ? body.events : [];
}
