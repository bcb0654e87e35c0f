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
  transfer: 'desk.transfer.nav',
  organize: 'desk.nav.organize',
  program: 'desk.nav.program',
};

/** Organize is for organizers and admins; an editor sees its counts; a viewer not at all. */
const ORGANIZE_ROLES: readonly string[] = ['admin', 'editor', 'organizer'];

/** A label for a code the node sends, or the code itself when the catalogue has none. */
export function labelOf(key: string, code: string): string {
  return has(key) ? t(key) : code;
}

function Nav({ section, role }: { section: Section; role: string }): JSX.Element {
  return (
    <nav class="desk-nav" aria-label={t('desk.nav.label')}>
      <ul>
        {SECTIONS.filter((name) => name !== 'organize' || ORGANIZE_ROLES.includes(role)).map((name) => (
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

/** The signed-in desk: header, navigation, and the route's view or the overview. */
export function Shell(props: ShellProps): JSX.Element {
  return (
    <div class="page desk">
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
