import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestNode, TEST_ADMIN_PASSWORD, type TestNode } from '../../test/support/node.js';
import { createAccount } from '../desk/accounts.js';

let t: TestNode;
beforeAll(async () => {
  t = await startTestNode();
  await createAccount(t.node.db, {
    username: 'fresh',
    password: 'one-time-password-1',
    role: 'editor',
    mustChangePassword: true,
  });
});
afterAll(() => t.close());

async function signIn(username: string, password: string) {
  const res = await postJson(`${t.url}/api/v1/desk/session`, { username, password });
  const cookie = res.headers.get('set-cookie') ?? '';
  return { ...res, cookie, session: cookie.split(';')[0] ?? '' };
}

const get = (path: string, cookie: string) => fetch(`${t.url}${path}`, { headers: { cookie } });

describe('desk sign-in', () => {
  it('signs in the admin with a HttpOnly, SameSite=Strict session cookie and a CSRF token', async () => {
    const res = await signIn('admin', TEST_ADMIN_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.account).toEqual({ username: 'admin', role: 'admin', must_change_password: false });
    expect(res.body.csrf_token).toMatch(/^[\w-]{20,}$/);
    const [pair, ...attributes] = res.cookie.split('; ');
    expect(pair).toMatch(/^tilshi_session=[\w%-]+$/);
    // The attributes in any order; no Secure over plain HTTP.
    expect(attributes).toEqual(
      expect.arrayContaining([
        'HttpOnly',
        'SameSite=Strict',
        'Path=/',
        expect.stringMatching(/^Max-Age=\d+$/),
      ]),
    );
    expect(attributes).not.toContain('Secure');
    const me = await get('/api/v1/desk/session', res.session);
    expect(((await me.json()) as { account: { username: string } }).account.username).toBe('admin');
  });

  it('refuses a wrong password or an unknown user with bad_credentials', async () => {
    expect((await signIn('admin', 'wrong password here')).body.error.code).toBe('bad_credentials');
    expect((await signIn('nobody', 'wrong password here')).status).toBe(401);
  });

  it('answers desk routes without a session with not_signed_in', async () => {
    const res = await fetch(`${t.url}/api/v1/desk/status`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_signed_in');
  });

  it('refuses a state-changing request without the CSRF token, or from another origin', async () => {
    const { session, body } = await signIn('admin', TEST_ADMIN_PASSWORD);
    const noToken = await postJson(
      `${t.url}/api/v1/desk/accounts`,
      { username: 'x1', role: 'viewer' },
      { cookie: session },
    );
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('csrf_failed');
    const foreign = await postJson(
      `${t.url}/api/v1/desk/accounts`,
      { username: 'x2', role: 'viewer' },
      { cookie: session, 'x-csrf-token': body.csrf_token, origin: 'http://evil.example' },
    );
    expect(foreign.body.error.code).toBe('csrf_failed');
    const ok = await postJson(
      `${t.url}/api/v1/desk/accounts`,
      { username: 'x3', role: 'viewer' },
      { cookie: session, 'x-csrf-token': body.csrf_token },
    );
    expect(ok.status).toBe(201);
    expect(ok.body.one_time_password).toMatch(/^[\w-]{20,}$/);
  });

  it('makes an account with a one-time password change it first, then works', async () => {
    const first = await signIn('fresh', 'one-time-password-1');
    expect(first.body.account.must_change_password).toBe(true);
    const blocked = await get('/api/v1/desk/status', first.session);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe(
      'password_change_required',
    );
    const headers = { cookie: first.session, 'x-csrf-token': first.body.csrf_token };
    const weak = await postJson(
      `${t.url}/api/v1/desk/password`,
      { current_password: 'one-time-password-1', new_password: 'short' },
      headers,
    );
    expect(weak.body.error.code).toBe('weak_password');
    const changed = await postJson(
      `${t.url}/api/v1/desk/password`,
      { current_password: 'one-time-password-1', new_password: 'a much better passphrase' },
      headers,
    );
    expect(changed.status).toBe(204);
    const status = await get('/api/v1/desk/status', first.session);
    expect(status.status).toBe(200);
    expect(((await status.json()) as { role: string }).role).toBe('desk');
    expect((await signIn('fresh', 'one-time-password-1')).status).toBe(401);
  });

  it('does not ask a one-time password again for the first change (a reload lost it), and only then', async () => {
    await createAccount(t.node.db, {
      username: 'reloaded',
      password: 'one-time-password-2',
      role: 'editor',
      mustChangePassword: true,
    });
    const first = await signIn('reloaded', 'one-time-password-2');
    const headers = { cookie: first.session, 'x-csrf-token': first.body.csrf_token };
    const same = await postJson(
      `${t.url}/api/v1/desk/password`,
      { new_password: 'one-time-password-2' },
      headers,
    );
    expect(same.body.error.code).toBe('weak_password');
    const changed = await postJson(
      `${t.url}/api/v1/desk/password`,
      { new_password: 'my own passphrase here' },
      headers,
    );
    expect(changed.status).toBe(204);
    // Once changed, the current password is asked for again.
    const again = await postJson(
      `${t.url}/api/v1/desk/password`,
      { new_password: 'another passphrase 2' },
      headers,
    );
    expect(again.body.error.code).toBe('bad_credentials');
  });

  it('signs out: the cookie stops working', async () => {
    const { session, body } = await signIn('admin', TEST_ADMIN_PASSWORD);
    const out = await fetch(`${t.url}/api/v1/desk/session`, {
      method: 'DELETE',
      headers: { cookie: session, 'x-csrf-token': body.csrf_token },
    });
    expect(out.status).toBe(204);
    expect((await get('/api/v1/desk/session', session)).status).toBe(401);
  });

  it('writes the audit log, which admins can read, and only they can create accounts', async () => {
    const { session } = await signIn('admin', TEST_ADMIN_PASSWORD);
    const res = await get('/api/v1/desk/audit?limit=200', session);
    const { entries } = (await res.json()) as {
      entries: { actor: string; action: string; target: string }[];
    };
    const actions = entries.map((e) => `${e.actor} ${e.action}${e.target ? ` ${e.target}` : ''}`);
    expect(actions).toContain('admin account.create x3');
    expect(actions).toContain('fresh account.password_change fresh');
    expect(actions).toContain('admin session.failed');

    const viewer = await signIn('fresh', 'a much better passphrase');
    const denied = await postJson(
      `${t.url}/api/v1/desk/accounts`,
      { username: 'x4', role: 'viewer' },
      { cookie: viewer.session, 'x-csrf-token': viewer.body.csrf_token },
    );
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
  });

  it('slows down password guessing with rate_limited', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 25; i++) codes.push((await signIn('guess-target', `guess number ${i}`)).status);
    expect(codes).toContain(429);
  });
});

describe('an admin ends an account at once (an editor arrested, a laptop lost)', () => {
  it('disables an account: its open sessions stop working and it cannot sign in; a reset gives it a new one-time password', async () => {
    await createAccount(t.node.db, { username: 'taken', password: 'taken-password-1', role: 'editor' });
    const editor = await signIn('taken', 'taken-password-1');
    expect(editor.status).toBe(200);
    expect((await get('/api/v1/desk/status', editor.session)).status).toBe(200);

    const admin = await signIn('admin', TEST_ADMIN_PASSWORD);
    const headers = { cookie: admin.session, 'x-csrf-token': admin.body.csrf_token };
    // Not for an editor to do.
    const byEditor = await postJson(
      `${t.url}/api/v1/desk/accounts/admin/disable`,
      {},
      {
        cookie: editor.session,
        'x-csrf-token': editor.body.csrf_token,
      },
    );
    expect(byEditor.status).toBe(403);

    const disabled = await postJson(`${t.url}/api/v1/desk/accounts/taken/disable`, {}, headers);
    expect(disabled.status).toBe(204);
    expect((await get('/api/v1/desk/status', editor.session)).status).toBe(401);
    expect((await signIn('taken', 'taken-password-1')).status).toBe(401);
    const list = (await (await get('/api/v1/desk/accounts', admin.session)).json()) as {
      accounts: { username: string; disabled_at: number | null; sessions: number }[];
    };
    expect(list.accounts.find((a) => a.username === 'taken')).toMatchObject({ sessions: 0 });
    expect(list.accounts.find((a) => a.username === 'taken')!.disabled_at).toBeGreaterThan(0);

    // An admin keeps its own account; an unknown name is said so.
    const self = await postJson(`${t.url}/api/v1/desk/accounts/admin/disable`, {}, headers);
    expect(self.body.error.code).toBe('own_account');
    const unknown = await postJson(`${t.url}/api/v1/desk/accounts/nobody/disable`, {}, headers);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('account_not_found');

    const reset = await postJson(`${t.url}/api/v1/desk/accounts/taken/reset`, {}, headers);
    expect(reset.status).toBe(200);
    const again = await signIn('taken', reset.body.one_time_password);
    expect(again.status).toBe(200);
    expect(again.body.account.must_change_password).toBe(true);

    const audit = (await (await get('/api/v1/desk/audit', admin.session)).json()) as {
      entries: { action: string; target: string | null }[];
    };
    const actions = audit.entries.filter((e) => e.target === 'taken').map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['account.disable', 'account.password_reset']));
  });
});
