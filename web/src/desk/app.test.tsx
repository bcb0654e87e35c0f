// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from './app.js';
import { AppState } from './app-state.js';
import { setLang } from './i18n.js';
import { button, byId, click, mount, SESSION, settle, stubFetch, type } from './test-support.js';

const STATUS = {
  role: 'desk',
  node_pubkey: 'ab',
  node_npub: 'npub1node',
  desk_npub: 'npub1desk',
  events_total: 3,
  by_kind: { '30620': 1, '1059': 2, '99999': 4 },
  last_seq: 3,
};

afterEach(() => {
  vi.unstubAllGlobals();
  location.hash = '';
});

/** A node with one account; `password` is its password, `forced` whether it must change it. */
function node(options: { signedIn?: boolean; forced?: boolean } = {}) {
  let signedIn = options.signedIn ?? false;
  let forced = options.forced ?? false;
  const session = () => ({ ...SESSION, account: { ...SESSION.account, must_change_password: forced } });
  const calls = stubFetch(({ method, path, body }) => {
    if (path === '/api/v1/desk/session' && method === 'GET')
      return signedIn ? { body: session() } : { status: 401, body: { error: { code: 'not_signed_in' } } };
    if (path === '/api/v1/desk/session' && method === 'POST') {
      const { password } = body as { password: string };
      if (password !== 'one-time-pass-123')
        return { status: 401, body: { error: { code: 'bad_credentials', message: 'no' } } };
      signedIn = true;
      return { body: session() };
    }
    if (path === '/api/v1/desk/session' && method === 'DELETE') {
      signedIn = false;
      return { status: 204 };
    }
    if (path === '/api/v1/desk/password') {
      forced = false;
      return { status: 204 };
    }
    if (!signedIn) return { status: 401, body: { error: { code: 'not_signed_in' } } };
    if (path === '/api/v1/desk/status') return { body: STATUS };
    if (path.startsWith('/api/v1/desk/audit')) return { body: { entries: [] } };
    if (path.startsWith('/api/v1/desk/inbox')) return { body: { reports: [], next: null } };
    if (path.startsWith('/api/v1/desk/events')) return { body: { events: [], next: null } };
    return undefined;
  });
  return { calls, signOutEverywhere: () => (signedIn = false) };
}

async function start() {
  const state = new AppState();
  const root = await mount(<App state={state} />);
  await state.boot();
  await settle();
  return { state, root };
}

describe('the desk page', () => {
  it('asks to sign in, checks the form before sending, and names the wrong field', async () => {
    const { calls } = node();
    const { root } = await start();
    expect(root.querySelector('h1')?.textContent).toBe('Sign in to the desk');
    expect(document.activeElement).toBe(root.querySelector('h1'));

    await click(button(root, 'Sign in'));
    expect(byId('signin-error').textContent).toBe('Enter your user name.');
    expect(byId('username').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(byId('username'));
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);

    await type(byId('username'), 'aigul');
    await type(byId('password'), 'wrong');
    await click(button(root, 'Sign in'));
    expect(byId('signin-error').textContent).not.toBe('');
    expect(byId('password').getAttribute('aria-invalid')).toBe('true');
    expect(byId('username').hasAttribute('aria-invalid')).toBe(false);
    // What was typed stays when the language changes.
    setLang('ru');
    await settle();
    expect(root.querySelector('h1')?.textContent).toMatch(/Вход/);
    expect(byId<HTMLInputElement>('username').value).toBe('aigul');
  });

  it('forces a new password after a one-time one, without asking for it again', async () => {
    const { calls } = node({ forced: true });
    const { root } = await start();
    await type(byId('username'), 'aigul');
    await type(byId('password'), 'one-time-pass-123');
    await click(button(root, 'Sign in'));
    expect(root.querySelector('h1')?.textContent).toBe('Choose your own password');
    expect(document.getElementById('current_password')).toBeNull();

    await type(byId('new_password'), 'short');
    await click(button(root, 'Save password'));
    expect(byId('password-error').textContent).toMatch(/12/);
    expect(document.activeElement).toBe(byId('new_password'));

    await type(byId('new_password'), 'steppe wind over karaganda');
    await type(byId('repeat_password'), 'steppe wind over karaganda');
    await click(button(root, 'Save password'));
    await settle();
    const change = calls.find((c) => c.path === '/api/v1/desk/password');
    expect(change?.body).toEqual({
      current_password: 'one-time-pass-123',
      new_password: 'steppe wind over karaganda',
    });
    expect(change?.headers['x-csrf-token']).toBe('csrf-1');
    expect(root.querySelector('h1')?.textContent).toBe('Editorial desk');
    expect(root.querySelector('main .notice')?.textContent).toBe('Your password has been changed.');
  });

  it('keeps focus and the elements where they are while the panels load again', async () => {
    node({ signedIn: true });
    const { root } = await start();
    expect(root.querySelector('#node-heading')?.textContent).toBe('Node');
    expect(root.textContent).toContain('npub1desk');
    // Kinds in numeric order, each named, an unknown one by its number.
    expect(Array.from(root.querySelectorAll('.counts tbody tr')).map((tr) => tr.textContent)).toEqual([
      'Sealed envelope (gift wrap) 10592',
      'Coded event 306201',
      'Kind 999994',
    ]);
    const reload = byId('node-reload');
    const heading = root.querySelector('h1');
    reload.focus();
    await click(reload);
    expect(byId('node-reload')).toBe(reload);
    expect(document.activeElement).toBe(reload);
    expect(root.querySelector('h1')).toBe(heading);
    expect(byId('nav-overview').getAttribute('aria-current')).toBe('page');

    // A change of language redraws the words, not the elements.
    const russian = root.querySelector<HTMLButtonElement>('.lang-switch button[lang="ru"]')!;
    russian.focus();
    await click(russian);
    expect(root.querySelector('#audit-heading')?.textContent).toBe('Журнал действий');
    expect(document.activeElement).toBe(russian);
    expect(russian.getAttribute('aria-pressed')).toBe('true');
    expect(document.title).toMatch(/редакция|Tilshi/);
  });

  it('opens routes as fresh views, and keeps a view as it was across a password change', async () => {
    node({ signedIn: true });
    const { root, state } = await start();
    location.hash = '#/inbox';
    state.openRoute();
    await settle();
    expect(root.querySelector('h1')?.textContent).toBe('Inbox');
    expect(document.activeElement).toBe(root.querySelector('h1'));
    expect(byId('nav-inbox').getAttribute('aria-current')).toBe('page');
    expect(document.title).toMatch(/^Inbox · /);
    await type(byId('filter-q'), 'газ');

    await click(byId('change-password'));
    expect(root.querySelector('h1')?.textContent).toBe('Change password');
    await click(button(root, 'Cancel'));
    expect(byId<HTMLInputElement>('filter-q').value).toBe('газ');

    // The same route opened again is a new view.
    state.ctx.go('#/inbox');
    await settle();
    expect(byId<HTMLInputElement>('filter-q').value).toBe('');
  });

  it('goes back to sign-in with a word when the session ends, and after signing out', async () => {
    const n = node({ signedIn: true });
    const { root, state } = await start();
    n.signOutEverywhere();
    await click(byId('node-reload'));
    expect(root.querySelector('h1')?.textContent).toBe('Sign in to the desk');
    expect(root.querySelector('.error[role="status"]')?.textContent).toMatch(/session/i);

    node({ signedIn: true });
    await state.boot();
    await settle();
    await click(byId('sign-out'));
    expect(root.querySelector('h1')?.textContent).toBe('Sign in to the desk');
    expect(root.querySelector('.notice[role="status"]')).not.toBeNull();
  });

  it('says when the node cannot be reached, and tries again', async () => {
    stubFetch(() => ({ status: 500, body: { error: { code: 'internal', message: 'down' } } }));
    const { root } = await start();
    expect(root.querySelector('h1')?.textContent).toBe('The desk cannot be opened');
    node({ signedIn: true });
    await click(button(root, 'Try again'));
    expect(root.querySelector('h1')?.textContent).toBe('Editorial desk');
  });
});
