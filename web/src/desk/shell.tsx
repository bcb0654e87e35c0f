// The desk once signed in: who and where we are, the sections, the status line read out to
// screen readers, and the route's view (or the overview) below.
import type { ComponentChildren, JSX } from 'preact';
import type { NodeStatus, Session } from './api.js';
import type { Flash, Loadable } from './app-state.js';
import { FlashLine, LangSwitcher } from './frame.js';
import { has, t } from './i18n.js';
import { SECTIONS, type Section } from './route.js';

const SECTION_LABELS: Record<Section, string> = {
  '': 'desk.nav.overview',
  inbox: 'desk.nav.inbox',
  events: 'desk.nav.events',
  news: 'desk.nav.news',
  materials: 'desk.nav.materials',
  transfer: 'desk.nav.transfer',
  organize: 'desk.nav.organize',
  program: 'desk.nav.program',
  accounts: 'desk.nav.accounts',
  peers: 'desk.nav.peers',
};

/**
 * Sections for some roles only: Organize for organizers and admins (an editor sees its counts),
 * Peers and Accounts for admins (the node checks it too).
 */
const SECTION_ROLES: Partial<Record<Section, readonly string[]>> = {
  organize: ['admin', 'editor', 'organizer'],
  peers: ['admin'],
  accounts: ['admin'],
};

/** A label for a code the node sends, or the code itself when the catalogue has none. */
export function labelOf(key: string, code: string): string {
  return has(key) ? t(key) : code;
}

function Nav({ section, role }: { section: Section; role: string }): JSX.Element {
  return (
    <nav class="desk-nav" aria-label={t('desk.nav.label')}>
      <ul>
        {SECTIONS.filter((name) => SECTION_ROLES[name]?.includes(role) ?? true).map((name) => (
          <li key={name}>
            <a
              href={`#/${name}`}
              id={`nav-${name || 'overview'}`}
              aria-current={section === name ? 'page' : undefined}
            >
              {t(SECTION_LABELS[name])}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Header(props: {
  session: Session;
  status: Loadable<NodeStatus>;
  onChangePassword: () => void;
  onSignOut: () => void;
}): JSX.Element {
  const { account } = props.session;
  const nodeRole = props.status.state === 'ok' ? props.status.data.role : null;
  return (
    <header class="top">
      <p class="brand">{t('desk.brand')}</p>
      {nodeRole ? (
        <p class="badge">
          {t('desk.header.node_role', { role: labelOf(`desk.node_role.${nodeRole}`, nodeRole) })}
        </p>
      ) : null}
      <p class="who">
        {t('desk.header.signed_in_as', {
          username: account.username,
          role: labelOf(`desk.role.${account.role}`, account.role),
        })}
      </p>
      <LangSwitcher />
      <div class="actions">
        <button type="button" id="change-password" onClick={props.onChangePassword}>
          {t('desk.password.title')}
        </button>
        <button type="button" id="sign-out" onClick={props.onSignOut}>
          {t('desk.signout')}
        </button>
      </div>
    </header>
  );
}

export interface ShellProps {
  session: Session;
  status: Loadable<NodeStatus>;
  section: Section;
  announcement: string;
  flash: Flash | null;
  /** The overview draws its own main (the flash goes after its heading). */
  overview: boolean;
  onChangePassword: () => void;
  onSignOut: () => void;
  children: ComponentChildren;
}

/**
 * A link past what stands before the content, seen when focused: the page's first Tab stop (to
 * the reports in a list of reports, else to the view's heading), and in a list of reports the
 * first stop after its heading too, so that the first report is one Tab and Enter away.
 */
export function SkipLink({ id, toReports }: { id: string; toReports: boolean }): JSX.Element {
  return (
    // biome-ignore lint/a11y/useValidAnchor: a skip link is a link to a place in the page; the hash is the route here, so focus is moved by hand
    <a
      class="skip-link"
      href="#reports"
      id={id}
      onClick={(e) => {
        // The hash is the route: focus moves without changing it.
        e.preventDefault();
        const target =
          document.querySelector<HTMLElement>('#reports article.report[tabindex="0"]') ??
          document.querySelector<HTMLElement>('#app main h1');
        target?.focus();
      }}
    >
      {t(toReports ? 'desk.skip_reports' : 'desk.skip')}
    </a>
  );
}

/** The signed-in desk: header, navigation, and the route's view or the overview. */
export function Shell(props: ShellProps): JSX.Element {
  return (
    <div class="page desk">
      <SkipLink id="skip-link" toReports={props.section === 'inbox'} />
      <Header
        session={props.session}
        status={props.status}
        onChangePassword={props.onChangePassword}
        onSignOut={props.onSignOut}
      />
      <Nav section={props.section} role={props.session.account.role} />
      <p class="visually-hidden" id="desk-announce" role="status" aria-live="polite">
        {props.announcement}
      </p>
      {props.overview ? (
        props.children
      ) : (
        <main class="wide">
          <FlashLine flash={props.flash} />
          {props.children}
        </main>
      )}
    </div>
  );
}
