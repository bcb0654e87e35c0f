import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, errorText } from './http.js';

function answer(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('api', () => {
  it('sends the session cookie, the JSON body and the CSRF token', async () => {
    const fetch = vi.fn(async () => answer(204));
    vi.stubGlobal('fetch', fetch);
    await expect(api('/api/v1/desk/password', { method: 'POST', csrf: 'tok', body: { a: 1 } })).resolves.toBe(
      undefined,
    );
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/desk/password');
    expect(init.credentials).toBe('same-origin');
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{"a":1}');
    expect(init.headers).toMatchObject({ 'x-csrf-token': 'tok', 'content-type': 'application/json' });
  });

  it('rejects with the code and message of the node’s error body', async () => {
    vi.stubGlobal('fetch', async () => answer(401, { error: { code: 'bad_credentials', message: 'no' } }));
    const error = await api('/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'bad_credentials', message: 'no' });
  });

  it('calls an unreachable node a network error', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api('/x')).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});

describe('errorText', () => {
  it('says what the catalogue says for a known code (Russian by default)', () => {
    expect(errorText(new ApiError(429, 'rate_limited', 'slow down'), 'desk')).toMatch(
      /Слишком много попыток/,
    );
  });

  it('falls back to the node’s message for a code it does not know', () => {
    expect(errorText(new ApiError(500, 'disk_full', 'The disk is full'), 'desk')).toBe('The disk is full');
  });
});
