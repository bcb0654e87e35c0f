// The desk's state outside the editorial views: which screen is shown (sign-in, password,
// the desk), the session, a line about what just happened, the route, and the overview's
// panels. Signals: the components that read a part draw again when that part changes.
import { batch, signal } from '@preact/signals';
import { ApiError } from '../shared/http.js';
import {
  type AuditEntry,
  getAudit,
  getSession,
  getStatus,
  type NodeStatus,
  type Session,
  signOut,
} from './api.js';
import type { DeskContext } from './desk-context.js';
import { errorMessage, t } from './i18n.js';
import { parseRoute, type Route } from './route.js';

export type Screen =
  | { name: 'loading' }
  | { name: 'failed'; error: unknown }
  | { name: 'signin' }
  | { name: 'password'; forced: boolean }
  | { name: 'shell' };

/** A line above the page; a function, so that it follows a change of language. */
export interface Flash {
  kind: 'error' | 'ok';
  text: () => string;
}

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'ok'; data: T }
  | { state: 'error'; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Loadable<T>> {
  return promise.then(
    (data): Loadable<T> => ({ state: 'ok', data }),
    (error: unknown): Loadable<T> => ({ state: 'error', error }),
  );
}

export class AppState {
  readonly screen = signal<Screen>({ name: 'loading' });
  readonly flash = signal<Flash | null>(null);
  readonly session = signal<Session | null>(null);
  /** The route of the hash, and a count that grows each time it is opened (a fresh view). */
  readonly route = signal<{ route: Route; opened: number }>({ route: { name: 'overview' }, opened: 0 });
  /** What the last action did, read out by screen readers. */
  readonly announcement = signal('');
  readonly status = signal<Loadable<NodeStatus>>({ state: 'loading' });
  readonly audit = signal<Loadable<AuditEntry[]>>({ state: 'loading' });
  /** The password just used to sign in, kept only until the forced change is done. */
  knownPassword: string | null = null;
  /** The open route's views' state (DeskContext.keep). */
  private kept = new Map<string, unknown>();
  /** What the next route to open says it came from (DeskContext.go's notice). */
  private notice: (() => string) | null = null;

  /** What the editorial views may ask of the desk. */
  readonly ctx: DeskContext;

  constructor(private readonly hash: () => string = () => location.hash) {
    const self = this;
    this.ctx = {
      get session() {
        return self.session.value!;
      },
      get canEdit() {
        const role = self.session.value?.account.role;
        return role === 'admin' || role === 'editor';
      },
      go: (next, notice) => {
        this.notice = notice ?? null;
        if (this.hash() === next) this.openRoute();
        else location.hash = next;
      },
      announce: (text) => {
        this.announcement.value = text;
      },
      signedOut: (error) => this.signedOut(error),
      keep: <T>(name: string, make: () => T): T => {
        if (!this.kept.has(name)) this.kept.set(name, make());
        return this.kept.get(name) as T;
      },
    };
  }

  /** Open the view of the current hash (a new one each time). */
  openRoute(): void {
    if (this.screen.value.name !== 'shell') return;
    const route = parseRoute(this.hash());
    const notice = this.notice;
    this.notice = null;
    this.kept = new Map();
    batch(() => {
      this.announcement.value = notice ? notice() : '';
      this.flash.value = notice ? { kind: 'ok', text: notice } : null;
      this.route.value = { route, opened: this.route.value.opened + 1 };
    });
    if (route.name === 'overview') void this.loadPanels();
  }

  show(screen: Screen, flash: Flash | null = null): void {
    batch(() => {
      this.screen.value = screen;
      this.flash.value = flash;
    });
  }

  enter(session: Session, flash: Flash | null = null): void {
    this.session.value = session;
    if (session.account.must_change_password) {
      this.show({ name: 'password', forced: true }, flash);
      return;
    }
    this.knownPassword = null;
    batch(() => {
      this.screen.value = { name: 'shell' };
      this.openRoute();
      this.flash.value = flash;
    });
  }

  /** A 401 after sign-in means the session ended (expired, or signed out elsewhere). */
  signedOut(error: unknown): boolean {
    if (!(error instanceof ApiError) || error.status !== 401) return false;
    this.session.value = null;
    this.show({ name: 'signin' }, { kind: 'error', text: () => t('desk.signin.session_ended') });
    return true;
  }

  async boot(): Promise<void> {
    this.show({ name: 'loading' });
    try {
      this.enter(await getSession());
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.show({ name: 'signin' });
      else this.show({ name: 'failed', error });
    }
  }

  signedIn(session: Session, password: string): void {
    this.knownPassword = password;
    this.enter(session);
  }

  /** After a password change: the session again, with a word that it worked. */
  async passwordChanged(): Promise<void> {
    this.knownPassword = null;
    const flash: Flash = { kind: 'ok', text: () => t('desk.password.changed') };
    try {
      this.enter(await getSession(), flash);
    } catch (error) {
      if (!this.signedOut(error)) this.show({ name: 'failed', error });
    }
  }

  async loadPanels(): Promise<void> {
    batch(() => {
      this.status.value = { state: 'loading' };
      this.audit.value = { state: 'loading' };
    });
    const [status, audit] = await Promise.all([settle(getStatus()), settle(getAudit(50))]);
    for (const loaded of [status, audit]) {
      if (loaded.state === 'error' && this.signedOut(loaded.error)) return;
    }
    batch(() => {
      this.status.value = status;
      this.audit.value = audit;
    });
  }

  async signOut(): Promise<void> {
    const session = this.session.value;
    try {
      if (session) await signOut(session.csrf_token);
    } catch (error) {
      // Already signed out on the node: fine. Anything else: the cookie may still be valid.
      if (!(error instanceof ApiError && error.status === 401)) {
        this.flash.value = { kind: 'error', text: () => errorMessage(error) };
        return;
      }
    }
    this.session.value = null;
    this.knownPassword = null;
    this.show({ name: 'signin' }, { kind: 'ok', text: () => t('desk.signin.signed_out') });
  }
}
