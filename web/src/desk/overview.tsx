// The desk's first page: what the node holds (by kind of event) and what was done (the audit
// log), each panel with its own reload.
import type { ComponentChildren, JSX } from 'preact';
import type { AuditEntry, NodeStatus } from './api.js';
import type { Flash, Loadable } from './app-state.js';
import { codeLabel } from './codes.js';
import { ErrorLine } from './controls.js';
import { FlashLine } from './frame.js';
import { formatDateTime, formatNumber, has, t } from './i18n.js';
import { labelOf } from './shell.js';

/** "Coded event 30620"; a kind without a name is "Kind 99999". */
function KindCell({ kind }: { kind: string }): JSX.Element {
  const key = `desk.kind.${kind}`;
  if (!has(key)) return <>{t('desk.kind.other', { kind })}</>;
  return (
    <>
      {t(key)} <span class="muted">{kind}</span>
    </>
  );
}

function NotLoaded<T>({ loadable }: { loadable: Loadable<T> }): JSX.Element | null {
  if (loadable.state === 'loading') return <p class="muted">{t('common.loading')}</p>;
  if (loadable.state === 'error') return <ErrorLine error={loadable.error} />;
  return null;
}

function NodePanel({ status }: { status: Loadable<NodeStatus> }): JSX.Element | null {
  if (status.state !== 'ok') return <NotLoaded loadable={status} />;
  const s = status.data;
  const kinds = Object.keys(s.by_kind).sort((a, b) => Number(a) - Number(b));
  const facts: Array<[string, ComponentChildren]> = [
    [t('desk.node.role'), labelOf(`desk.node_role.${s.role}`, s.role)],
    [t('desk.node.node_npub'), <code class="key">{s.node_npub}</code>],
    [t('desk.node.desk_npub'), s.desk_npub ? <code class="key">{s.desk_npub}</code> : t('desk.node.no_desk')],
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
  return (
    <div>
      <dl class="facts">
        {facts.map(([term, detail]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{detail}</dd>
          </div>
        ))}
      </dl>
      {kinds.length === 0 ? (
        <p class="muted">{t('desk.node.no_events')}</p>
      ) : (
        <table class="counts">
          <caption>{t('desk.node.by_kind')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('desk.node.kind')}</th>
              <th scope="col" class="num">
                {t('desk.node.count')}
              </th>
            </tr>
          </thead>
          <tbody>
            {kinds.map((kind) => (
              <tr key={kind}>
                <th scope="row">
                  <KindCell kind={kind} />
                </th>
                <td class="num">{formatNumber(s.by_kind[kind] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Who acted: an account's name as it is, the command line and the node in the reader's words. */
export function auditActor(actor: string): string {
  if (!actor) return t('desk.audit.actor.system');
  return has(`desk.audit.actor.${actor}`) ? t(`desk.audit.actor.${actor}`) : actor;
}

/** What was done, in the reader's words (`account.password_change` → "changed their password"). */
export function auditAction(action: string): string {
  const key = `desk.audit.action.${action.replaceAll('.', '_')}`;
  return has(key) ? t(key) : t('desk.audit.other', { code: action });
}

/** A detail's value as a reader can take it: codes labelled, record ids shortened. */
function detailValue(key: string, value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value !== 'string') return JSON.stringify(value) ?? '';
  if (key === 'role') return labelOf(`desk.role.${value}`, value);
  if (key === 'lang') return labelOf(`desk.lang.${value}`, value);
  if (key === 'verification') return codeLabel('verification', value);
  if (key === 'type') return codeLabel('article_type', value);
  return /^[0-9a-f]{64}$/.test(value) ? `${value.slice(0, 8)}…` : value;
}

/** An audit entry's details in one line, each labelled in the reader's language. */
export function auditDetails(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value !== 'object' || Array.isArray(value)) return detailValue('', value);
  return Object.entries(value as Record<string, unknown>)
    .map(([key, v]) => `${labelOf(`desk.audit.detail.${key}`, key)}: ${detailValue(key, v)}`)
    .join(', ');
}

function AuditPanel({ audit }: { audit: Loadable<AuditEntry[]> }): JSX.Element | null {
  if (audit.state !== 'ok') return <NotLoaded loadable={audit} />;
  if (audit.data.length === 0) return <p class="muted">{t('desk.audit.empty')}</p>;
  return (
    <ol class="items audit">
      {audit.data.map((entry, i) => {
        const more = auditDetails(entry.details);
        return (
          <li key={`${entry.at}-${i}`}>
            <time dateTime={new Date(entry.at * 1000).toISOString()}>{formatDateTime(entry.at)}</time>
            <span>
              <strong>{auditActor(entry.actor)}</strong>{' '}
              <span class="audit-action">{auditAction(entry.action)}</span>
              {entry.target ? ` ${entry.target}` : ''}
            </span>
            {more ? <span class="muted details">{more}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}

function Panel(props: {
  id: string;
  title: string;
  busy: boolean;
  onReload: () => void;
  children: ComponentChildren;
}): JSX.Element {
  return (
    <section class="panel" aria-labelledby={`${props.id}-heading`} aria-busy={props.busy ? 'true' : 'false'}>
      <div class="panel-head">
        <h2 id={`${props.id}-heading`}>{props.title}</h2>
        <button type="button" id={`${props.id}-reload`} onClick={props.onReload}>
          {t('desk.reload')}
        </button>
      </div>
      {props.children}
    </section>
  );
}

export function Overview(props: {
  status: Loadable<NodeStatus>;
  audit: Loadable<AuditEntry[]>;
  flash: Flash | null;
  onReload: () => void;
}): JSX.Element {
  return (
    <main>
      <h1 tabIndex={-1}>{t('desk.heading')}</h1>
      <FlashLine flash={props.flash} />
      <p>
        <a href="#/inbox" class="button-link primary" id="open-inbox">
          {t('desk.overview.open_inbox')}
        </a>
      </p>
      <Panel
        id="node"
        title={t('desk.node.heading')}
        busy={props.status.state === 'loading'}
        onReload={props.onReload}
      >
        <NodePanel status={props.status} />
      </Panel>
      <Panel
        id="audit"
        title={t('desk.audit.heading')}
        busy={props.audit.state === 'loading'}
        onReload={props.onReload}
      >
        <AuditPanel audit={props.audit} />
      </Panel>
    </main>
  );
}
