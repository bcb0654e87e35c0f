// The Transfer panel's calls to the node (bundle download and upload), its words for what
// can go wrong, and the QR code libraries, loaded only when a QR code is shown or read.
import { ApiError, api } from '../shared/http.js';
import { errorMessage, formatNumber, has, t } from './i18n.js';

/** What `POST /api/v1/sync/bundle` answers. */
export interface ImportAnswer {
  sender: string;
  total: number;
  new: number;
  duplicates: number;
  rejected: Record<string, number>;
}

export interface PeerRow {
  name: string | null;
  url: string | null;
  node_npub: string | null;
}

type QrModule = typeof import('./transfer-qr.js');
let qrModule: Promise<QrModule> | null = null;
/** The QR libraries, fetched once (a separate file: most of the desk's weight otherwise). */
export function loadQr(): Promise<QrModule> {
  if (!qrModule) {
    qrModule = import('./transfer-qr.js');
    qrModule.catch(() => {
      qrModule = null;
    });
  }
  return qrModule;
}

/** Frames shown per second: a phone camera reads 5 a second comfortably. */
export const FRAMES_PER_SECOND = 5;
/** How often the camera picture is searched for a code. */
export const SCAN_INTERVAL_MS = 120;

async function failure(res: Response): Promise<ApiError> {
  const data = (await res.json().catch(() => undefined)) as
    | { error?: { code?: unknown; message?: unknown } }
    | undefined;
  const code = typeof data?.error?.code === 'string' ? data.error.code : `http_${res.status}`;
  const message = typeof data?.error?.message === 'string' ? data.error.message : res.statusText;
  return new ApiError(res.status, code, message);
}

/** `GET /api/v1/sync/bundle`: the file's bytes and the name the node gives it. */
export async function downloadBundle(peer: string): Promise<{ bytes: Uint8Array; name: string }> {
  let res: Response;
  try {
    res = await fetch(`/api/v1/sync/bundle${peer ? `?peer=${encodeURIComponent(peer)}` : ''}`, {
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', 'The node cannot be reached');
  }
  if (!res.ok) throw await failure(res);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  return { bytes: new Uint8Array(await res.arrayBuffer()), name: name ?? 'tilshi.tilshi' };
}

/** `POST /api/v1/sync/bundle`: store a bundle's events on this node. */
export async function uploadBundle(body: Blob | Uint8Array, csrf: string): Promise<ImportAnswer> {
  let res: Response;
  try {
    res = await fetch('/api/v1/sync/bundle', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/gzip', accept: 'application/json', 'x-csrf-token': csrf },
      body: body as Blob | Uint8Array<ArrayBuffer>,
    });
  } catch {
    throw new ApiError(0, 'network', 'The node cannot be reached');
  }
  if (!res.ok) throw await failure(res);
  return (await res.json()) as ImportAnswer;
}

/** What to say about a failed transfer: the panel's own words for its codes first. */
export function transferError(error: unknown): string {
  const code = error instanceof ApiError ? error.code : '';
  if (code && has(`desk.transfer.error.${code}`)) return t(`desk.transfer.error.${code}`);
  if (!(error instanceof ApiError) && error instanceof Error && error.message) return error.message;
  return errorMessage(error);
}

export function kilobytes(bytes: number): string {
  return formatNumber(Math.max(0.1, Math.round(bytes / 102.4) / 10));
}

/** The peers this node syncs with that have a node key (a bundle can be made for each). */
export async function listPeers(): Promise<PeerRow[]> {
  const body = await api<{ peers: PeerRow[] }>('/api/v1/sync/peers');
  return Array.isArray(body.peers) ? body.peers.filter((p) => p.node_npub) : [];
}
