// The desk once signed in: who and where we are, what the node holds, what was done.
import { h } from '../shared/dom.js';
import { errorText } from '../shared/http.js';
import { formatDateTime, formatNumber, has, langSwitcher, t } from '../shared/i18n.js';
import type { AuditEntry, NodeStatus, Session } from './api.js';

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'ok'; data: T }
  | { state: 'error'; error: unknown };

export interface ShellOptions {
  session: Session;
  status: Loadable<NodeStatus>;
  audit: Loadable<AuditEntry[]>;
  onReload: () => void;
  onChangePassword: () => void;
  onSignOut: () => void;
  /** The section shown (`''` is the overview), for the navigation's current page. */
  section: string;
  /** The editorial view of the route; null shows the overview (node and audit log). */
  content: HTMLElement | null;
  /** What the last action did, read out by screen readers. */
  announcement: string;
}

const SECTIONS = [
  ['', 'desk.nav.overview'],
  ['inbox', 'desk.nav.inbox'],
  ['events', 'desk.nav.events'],
  ['news', 'desk.nav.news'],
  ['transfer', 'desk.transfer.nav'],
] as const;

function nav(section: string): HTMLElement {
  return h(
    'nav',
    { class: 'desk-nav', 'aria-label': t('desk.nav.label') },
    h(
      'ul',
      null,
      SECTIONS.map(([name, key]) =>
        h(
          'li',
          null,
          h(
            'a',
            {
              href: `#/${name}`,
              id: `nav-${name || 'overview'}`,
              'aria-current': section === name ? 'page' : null,
            },
            t(key),
          ),
        ),
      ),
    ),
  );
}

/** A label for a code the node sends, or the code itself when the catalogue has none. */
function label(key: string, code: string): string {
  return has(key) ? t(key) : code;
}

/** "Coded event 30620"; a kind without a name is "Kind 99999". */
function kindCell(kind: string): Array<Node | string> {
  const key = `desk.kind.${kind}`;
  if (!has(key)) return [t('desk.kind.other', { kind })];
  return [t(key), ' ', h('span', { class: 'muted' }, kind)];
}

/** A button; the id lets the page give it focus back after drawing itself again. */
function button(text: string, onClick: () => void, id?: string): HTMLButtonElement {
  const el = h('button', { type: 'button', id }, text);
  el.addEventListener('click', onClick);
  return el;
}

function header(options: ShellOptions): HTMLElement {
  const { account } = options.session;
  const nodeRole = options.status.state === 'ok' ? options.status.data.role : null;
  return h(
    'header',
    { class: 'top' },
    h('p', { class: 'brand' }, t('desk.brand')),
    nodeRole
      ? h(
          'p',
          { class: 'badge' },
          t('desk.header.node_role', { role: label(`desk.node_role.${nodeRole}`, nodeRole) }),
        )
      : null,
    h(
      'p',
      { class: 'who' },
      t('desk.header.signed_in_as', {
        username: account.username,
        role: label(`desk.role.${account.role}`, account.role),
      }),
    ),
    langSwitcher(),
    h(
      'div',
      { class: 'actions' },
      button(t('desk.password.title'), options.onChangePassword, 'change-password'),
      button(t('desk.signout'), options.onSignOut, 'sign-out'),
    ),
  );
}

function notLoaded<T>(loadable: Loadable<T>): Node | null {
  if (loadable.state === 'loading') return h('p', { class: 'muted' }, t('common.loading'));
  if (loadable.state === 'error')
    return h('p', { class: 'error', role: 'alert' }, errorText(loadable.error, 'desk'));
  return null;
}

function nodePanel(status: Loadable<NodeStatus>): Node {
  if (status.state !== 'ok') return notLoaded(status)!;
  const s = status.data;
  const kinds = Object.keys(s.by_kind).sort((a, b) => Number(a) - Number(b));
  const facts: Array<[string, Node | string]> = [
    [t('desk.node.role'), label(`desk.node_role.${s.role}`, s.role)],
    [t('desk.node.node_npub'), h('code', { class: 'key' }, s.node_npub)],
    [
      t('desk.node.desk_npub'),
      s.desk_npub ? h('code', { class: 'key' }, s.desk_npub) : t('desk.node.no_desk'),
    ],
    [t('desk.node.events_total'), formatNumber(s.events_total)],
    [t('desk.node.last_seq'), formatNumber(s.last_seq)],
  ];
  if (s.inbox) {
    facts.push(
      [t('desk.node.inbox_waiting'), formatNumber(s.inbox.waiting)],
      [t('desk.node.inbox_unreadable'), formatNumber(s.inbox.unreadable)],
      [t('desk.node.inbox_unopened'), formatNumber(s.inbox.unopened)],
    );
  }
  return h(
    'div',
    null,
    h(
      'dl',
      { class: 'facts' },
      facts.map(([term, detail]) => h('div', null, h('dt', null, term), h('dd', null, detail))),
    ),
    kinds.length === 0
      ? h('p', { class: 'muted' }, t('desk.node.no_events'))
      : h(
          'table',
          { class: 'counts' },
          h('caption', null, t('desk.node.by_kind')),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, t('desk.node.kind')),
              h('th', { scope: 'col', class: 'num' }, t('desk.node.count')),
            ),
          ),
          h(
            'tbody',
            null,
            kinds.map((kind) =>
              h(
                'tr',
                null,
                h('th', { scope: 'row' }, kindCell(kind)),
                h('td', { class: 'num' }, formatNumber(s.by_kind[kind] ?? 0)),
              ),
            ),
          ),
        ),
  );
}

function details(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function auditPanel(audit: Loadable<AuditEntry[]>): Node {
  if (audit.state !== 'ok') return notLoaded(audit)!;
  if (audit.data.length === 0) return h('p', { class: 'muted' }, t('desk.audit.empty'));
  return h(
    'ol',
    { class: 'items audit' },
    audit.data.map((entry) => {
      const more = details(entry.details);
      return h(
        'li',
        null,
        h('time', { datetime: new Date(entry.at * 1000).toISOString() }, formatDateTime(entry.at)),
        h(
          'span',
          null,
          h('strong', null, entry.actor || t('desk.audit.system')),
          ' ',
          h('code', null, entry.action),
          entry.target ? ` ${entry.target}` : '',
        ),
        more ? h('span', { class: 'muted details' }, more) : null,
      );
    }),
  );
}

function panel(id: string, title: string, busy: boolean, body: Node, onReload: () => void): HTMLElement {
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': `${id}-heading`, 'aria-busy': busy ? 'true' : 'false' },
    h(
      'div',
      { class: 'panel-head' },
      h('h2', { id: `${id}-heading` }, title),
      button(t('desk.reload'), onReload, `${id}-reload`),
    ),
    body,
  );
}

/** The signed-in desk: header, navigation, and the route's view or the overview. */
export function shellView(options: ShellOptions): HTMLElement {
  const status = h(
    'p',
    { class: 'visually-hidden', id: 'desk-announce', role: 'status', 'aria-live': 'polite' },
    options.announcement,
  );
  if (options.content) {
    return h(
      'div',
      { class: 'page desk' },
      header(options),
      nav(options.section),
      status,
      h('main', { class: 'wide' }, options.content),
    );
  }
  return h(
    'div',
    { class: 'page desk' },
    header(options),
    nav(options.section),
    status,
    h(
      'main',
      null,
      h('h1', { tabindex: '-1' }, t('desk.heading')),
      h(
        'p',
        null,
        h(
          'a',
          { href: '#/inbox', class: 'button-link primary', id: 'open-inbox' },
          t('desk.overview.open_inbox'),
        ),
      ),
      panel(
        'node',
        t('desk.node.heading'),
        options.status.state === 'loading',
        nodePanel(options.status),
        options.onReload,
      ),
      panel(
        'audit',
        t('desk.audit.heading'),
        options.audit.state === 'loading',
        auditPanel(options.audit),
        options.onReload,
      ),
    ),
  );
}
