// The editorial desk: sign in, change a one-time password, then the desk itself. One state,
// drawn again whole on every change; focus and caret are kept. Signed in, the hash names the
// editorial view (`#/inbox?status=new`, `#/cluster/ID`, `#/event/new?cluster=ID`, `#/event/ID`,
// `#/reporter/KEY`, `#/events`, `#/news`, `#/news/ID`, `#/transfer`); each view keeps its own state.
import './desk.css';
import { h, replace } from '../shared/dom.js';
import { ApiError, errorText } from '../shared/http.js';
import { initI18n, langSwitcher, onLangChange, t } from '../shared/i18n.js';
import {
  type AuditEntry,
  getAudit,
  getSession,
  getStatus,
  type NodeStatus,
  type Session,
  signOut,
} from './api.js';
import { ClusterView } from './cluster.js';
import { EventFormView } from './event-form.js';
import { EventsView } from './events-list.js';
import { passwordView, signInView } from './forms.js';
import { filtersFrom, InboxView } from './inbox.js';
import { ArticleView, NewsListView } from './news.js';
import { ReporterView } from './reporter.js';
import { type Loadable, shellView } from './shell.js';
import { TransferView } from './transfer.js';
import type { DeskContext, DeskView } from './ui.js';

type View =
  | { name: 'loading' }
  | { name: 'failed'; error: unknown }
  | { name: 'signin' }
  | { name: 'password'; forced: boolean }
  | { name: 'shell' };

/** A line above the page; a function, so that it follows a change of language. */
type Flash = { kind: 'error' | 'ok'; text: () => string };

const root = document.getElementById('app')!;
let view: View = { name: 'loading' };
let flash: Flash | null = null;
let session: Session | null = null;
/** The password just used to sign in, kept only until the forced change is done. */
let knownPassword: string | null = null;
let status: Loadable<NodeStatus> = { state: 'loading' };
let audit: Loadable<AuditEntry[]> = { state: 'loading' };
/** The editorial view of the current hash, or null for the overview. */
let deskView: DeskView | null = null;
let section = '';
let announcement = '';

function parseHash(): { parts: string[]; params: URLSearchParams } {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = raw.split('?');
  return {
    parts: path.split('/').filter(Boolean).map(decodeURIComponent),
    params: new URLSearchParams(search),
  };
}

const context: DeskContext = {
  get session() {
    return session!;
  },
  get canEdit() {
    const role = session?.account.role;
    return role === 'admin' || role === 'editor';
  },
  redraw: () => {
    if (view.name === 'shell') render(true);
  },
  go: (hash) => {
    if (location.hash === hash) openRoute();
    else location.hash = hash;
  },
  announce: (text) => {
    announcement = text;
    const line = document.getElementById('desk-announce');
    if (line) line.textContent = text;
  },
  signedOut: (error) => signedOut(error),
};

/** The view for the current hash (a new one each time the hash changes). */
function routeView(): DeskView | null {
  const { parts, params } = parseHash();
  const [name = '', arg] = parts;
  section = name === 'cluster' || name === 'reporter' ? 'inbox' : name === 'event' ? 'events' : name;
  switch (name) {
    case 'inbox':
      return new InboxView(context, filtersFrom(params));
    case 'cluster':
      return arg ? new ClusterView(context, arg) : null;
    case 'event': {
      const cluster = params.get('cluster');
      if (arg && arg !== 'new') return new EventFormView(context, { kind: 'event', id: arg });
      return new EventFormView(context, cluster ? { kind: 'cluster', cluster } : { kind: 'blank' });
    }
    case 'reporter':
      return arg ? new ReporterView(context, arg, params.get('report')) : null;
    case 'events':
      return new EventsView(context);
    case 'news':
      return arg && arg !== 'new'
        ? new ArticleView(context, arg)
        : arg
          ? new ArticleView(context, null)
          : new NewsListView(context);
    case 'transfer':
      return new TransferView(context);
    default:
      section = '';
      return null;
  }
}

function openRoute(): void {
  if (view.name !== 'shell') return;
  announcement = '';
  flash = null;
  deskView = routeView();
  if (!deskView) void loadPanels();
  render(false);
}

function show(next: View, nextFlash: Flash | null = null): void {
  view = next;
  flash = nextFlash;
  render(false);
}

function frame(...content: Node[]): HTMLElement {
  return h(
    'div',
    { class: 'page' },
    h('header', { class: 'top' }, h('p', { class: 'brand' }, t('desk.brand')), langSwitcher()),
    h('main', { class: 'narrow' }, content),
  );
}

function buildView(): HTMLElement {
  switch (view.name) {
    case 'loading':
      return frame(h('p', { class: 'muted', role: 'status' }, t('common.loading')));
    case 'failed': {
      const retry = h('button', { type: 'button', class: 'primary' }, t('common.retry'));
      retry.addEventListener('click', boot);
      return frame(
        h('h1', { tabindex: '-1' }, t('desk.failed.title')),
        h('p', { class: 'error' }, errorText(view.error, 'desk')),
        retry,
      );
    }
    case 'signin':
      return signInView((signedIn, password) => {
        knownPassword = password;
        enter(signedIn);
      });
    case 'password': {
      const forced = view.forced;
      return passwordView({
        forced,
        csrf: session?.csrf_token ?? '',
        knownCurrent: forced ? knownPassword : null,
        onDone: () => {
          knownPassword = null;
          void refreshSession({ kind: 'ok', text: () => t('desk.password.changed') });
        },
        onCancel: () => show({ name: 'shell' }),
        onSignOut: doSignOut,
      });
    }
    case 'shell':
      return shellView({
        session: session!,
        status,
        audit,
        onReload: loadPanels,
        onChangePassword: () => show({ name: 'password', forced: false }),
        onSignOut: doSignOut,
        section,
        content: deskView ? deskView.render() : null,
        announcement,
      });
  }
}

/**
 * Draw the current view. `keep`: same view again, so keep where focus and the caret were, and
 * (outside the editorial views, which keep their own state) what was typed.
 */
function render(keep: boolean): void {
  const typed = new Map<string, string>();
  if (keep && view.name !== 'shell') {
    for (const input of Array.from(root.querySelectorAll('input'))) typed.set(input.id, input.value);
  }
  const active = document.activeElement;
  const focused = keep ? active?.id : undefined;
  const caret =
    active instanceof HTMLTextAreaElement ||
    (active instanceof HTMLInputElement && /^(text|search|url)$/.test(active.type))
      ? [active.selectionStart, active.selectionEnd]
      : null;
  const scroll = window.scrollY;

  document.title =
    view.name === 'shell' && deskView ? `${deskView.title()} · ${t('desk.title')}` : t('desk.title');
  const page = buildView();
  if (flash) {
    const line = h('p', { class: flash.kind === 'error' ? 'error' : 'notice', role: 'status' }, flash.text());
    const heading = page.querySelector('h1');
    if (heading) heading.after(line);
    else page.querySelector('main')?.prepend(line);
  }
  replace(root, page);

  for (const [id, value] of typed) {
    const input = document.getElementById(id);
    if (input instanceof HTMLInputElement) input.value = value;
  }
  if (focused) {
    const el = document.getElementById(focused);
    el?.focus({ preventScroll: true });
    if (caret && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) {
      try {
        el.setSelectionRange(caret[0] ?? null, caret[1] ?? null);
      } catch {
        // Some input types (date, number) have no caret.
      }
    }
  } else if (!keep) root.querySelector<HTMLElement>('h1')?.focus();
  if (keep) window.scrollTo(0, scroll);
}

function enter(next: Session, nextFlash: Flash | null = null): void {
  session = next;
  if (next.account.must_change_password) {
    show({ name: 'password', forced: true }, nextFlash);
    return;
  }
  knownPassword = null;
  view = { name: 'shell' };
  openRoute();
  if (nextFlash) {
    flash = nextFlash;
    render(false);
  }
}

/** A 401 after sign-in means the session ended (expired, or signed out elsewhere). */
function signedOut(error: unknown): boolean {
  if (!(error instanceof ApiError) || error.status !== 401) return false;
  session = null;
  show({ name: 'signin' }, { kind: 'error', text: () => t('desk.signin.session_ended') });
  return true;
}

async function refreshSession(nextFlash: Flash | null): Promise<void> {
  try {
    enter(await getSession(), nextFlash);
  } catch (error) {
    if (!signedOut(error)) show({ name: 'failed', error });
  }
}

function settle<T>(promise: Promise<T>): Promise<Loadable<T>> {
  return promise.then(
    (data): Loadable<T> => ({ state: 'ok', data }),
    (error: unknown): Loadable<T> => ({ state: 'error', error }),
  );
}

async function loadPanels(): Promise<void> {
  status = { state: 'loading' };
  audit = { state: 'loading' };
  if (view.name === 'shell' && !deskView) render(true);
  const [nextStatus, nextAudit] = await Promise.all([settle(getStatus()), settle(getAudit(50))]);
  status = nextStatus;
  audit = nextAudit;
  if (view.name !== 'shell' || deskView) return;
  for (const loaded of [nextStatus, nextAudit]) {
    if (loaded.state === 'error' && signedOut(loaded.error)) return;
  }
  render(true);
}

async function doSignOut(): Promise<void> {
  try {
    if (session) await signOut(session.csrf_token);
  } catch (error) {
    // Already signed out on the node: fine. Anything else: the cookie may still be valid.
    if (!(error instanceof ApiError && error.status === 401)) {
      flash = { kind: 'error', text: () => errorText(error, 'desk') };
      render(true);
      return;
    }
  }
  session = null;
  knownPassword = null;
  show({ name: 'signin' }, { kind: 'ok', text: () => t('desk.signin.signed_out') });
}

async function boot(): Promise<void> {
  show({ name: 'loading' });
  try {
    enter(await getSession());
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) show({ name: 'signin' });
    else show({ name: 'failed', error });
  }
}

initI18n();
onLangChange(() => render(true));
window.addEventListener('hashchange', openRoute);
void boot();
