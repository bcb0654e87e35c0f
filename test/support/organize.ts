import { deskHeaders, postJson, type TestNode } from './node.js';

/*
 * Test helpers for the organizer's workspace: desk accounts of each role and calls to the
 * organizing routes as one of them.
 */

export type Headers = { cookie: string; 'x-csrf-token': string };

/** A desk account of `role`, made by the admin, with its first password changed: its headers. */
export async function deskAccount(
  t: TestNode,
  username: string,
  role: 'organizer' | 'editor' | 'admin' | 'viewer',
) {
  const admin = await deskHeaders(t);
  const made = await postJson(`${t.url}/api/v1/desk/accounts`, { username, role }, admin);
  if (made.status !== 201)
    throw new Error(`account ${username}: ${made.status} ${JSON.stringify(made.body)}`);
  const first = await deskHeaders(t, username, made.body.one_time_password);
  const password = `${username} password for tests`;
  const changed = await postJson(
    `${t.url}/api/v1/desk/password`,
    { current_password: made.body.one_time_password, new_password: password },
    first,
  );
  if (changed.status !== 204) throw new Error(`password of ${username}: ${changed.status}`);
  return deskHeaders(t, username, password);
}

/** A client of the organizing routes as one account. */
export function organizeClient(t: Pick<TestNode, 'url'>, headers: Headers) {
  const base = `${t.url}/api/v1/desk/collectives`;
  const send = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field in the tests
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
  };
  return {
    get: (path = '') => send('GET', path),
    post: (path: string, body: unknown) => send('POST', path, body),
    patch: (path: string, body: unknown) => send('PATCH', path, body),
    put: (path: string, body: unknown) => send('PUT', path, body),
    delete: (path: string) => send('DELETE', path),
  };
}
