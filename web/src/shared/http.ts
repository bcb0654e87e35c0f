import { has, t } from './i18n.js';

/** A failed call to the node: `code` is the stable code of the error body (or `network`). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Sent as `x-csrf-token`; every state-changing desk request needs it. */
  csrf?: string;
}

/**
 * Call a JSON route of the node on the same origin, with the session cookie. Resolves with the
 * parsed body (`undefined` for 204); rejects with an ApiError carrying the node's error code.
 *
 * @example const s = await api<Session>('/api/v1/desk/session', { method: 'POST', body: { username, password } })
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.csrf) headers['x-csrf-token'] = options.csrf;
  let res: Response;
  try {
    res = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network', 'The node cannot be reached');
  }
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const error = (data as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    throw new ApiError(
      res.status,
      typeof error?.code === 'string' ? error.code : `http_${res.status}`,
      typeof error?.message === 'string' ? error.message : res.statusText,
    );
  }
  if (data === undefined) throw new ApiError(res.status, 'bad_response', 'The answer is not JSON');
  return data as T;
}

/**
 * What to tell the user about a failure: the catalogue's text for the code (the app's own
 * `<app>.error.<code>` first, then `common.error.<code>`), else the node's message.
 */
export function errorText(err: unknown, app: string): string {
  const code = err instanceof ApiError ? err.code : 'unknown';
  const appKey = `${app}.error.${code}`;
  if (has(appKey)) return t(appKey);
  const commonKey = `common.error.${code}`;
  if (has(commonKey)) return t(commonKey);
  if (err instanceof ApiError && err.message) return err.message;
  return t('common.error.unknown');
}
