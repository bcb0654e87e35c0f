// The Accounts chunk's entry (admins only): make an account with a role, see who has one,
// disable one, give one a new one-time password. A one-time password is shown once, here.
import type { JSX } from 'preact';
import en from '../../../i18n/en.json' with { type: 'json' };
import kk from '../../../i18n/kk.json' with { type: 'json' };
import ru from '../../../i18n/ru.json' with { type: 'json' };
import { addMessages } from '../../shared/i18n.js';
import { ErrorLine, Field, focusSoon, LoadingLine, Options, Time, useTitle, ViewHead } from '../controls.js';
import { useDesk, useRouteState } from '../desk-context.js';
import { formatNumber, t } from '../i18n.js';
import { labelOf } from '../shell.js';
import type { AccountListing, Role } from './accounts-api.js';
import { AccountsState } from './accounts-state.js';

// The build gives this chunk only the `desk.accounts.*` messages (scripts/build-web.mjs).
addMessages({ ru, kk, en });

const ROLES: readonly Role[] = ['editor', 'organizer', 'viewer', 'admin'];
const roleLabel = (role: string) => labelOf(`desk.role.${role}`, role);

function NewAccount({ state }: { state: AccountsState }): JSX.Element {
  return (
    <form
      class="stack account-form"
      aria-labelledby="account-new-heading"
      onSubmit={(e) => {
        e.preventDefault();
        void state.create().then((ok) => ok && focusSoon('account-one-time'));
      }}
    >
      <h2 id="account-new-heading">{t('desk.accounts.new')}</h2>
      <div class="pair">
        <Field
          id="account-username"
          label={t('desk.accounts.username')}
          hint={t('desk.accounts.username_hint')}
        >
          <input
            name="username"
            type="text"
            required
            minLength={2}
            maxLength={64}
            autocomplete="off"
            spellcheck={false}
            value={state.username}
            onInput={(e) => {
              state.username.value = e.currentTarget.value;
            }}
          />
        </Field>
        <Field id="account-role" label={t('desk.accounts.role')}>
          <select
            name="role"
            value={state.role.value}
            onChange={(e) => {
              state.role.value = e.currentTarget.value as Role;
            }}
          >
            <Options options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
          </select>
        </Field>
      </div>
      <button type="submit" class="primary" id="account-create" disabled={state.busy.value}>
        {t('desk.accounts.create')}
      </button>
    </form>
  );
}

/** The password the node just made: once, with what to do with it. */
function OneTimePassword({ state }: { state: AccountsState }): JSX.Element | null {
  const made = state.oneTime.value;
  if (!made) return null;
  return (
    <div class="notice one-time" id="account-one-time" tabIndex={-1} role="status">
      <p>{t('desk.accounts.one_time', { username: made.username })}</p>
      <p>
        <code class="key password" id="account-password">
          {made.password}
        </code>
      </p>
      <p class="hint">{t('desk.accounts.one_time_hint')}</p>
      <button type="button" onClick={() => (state.oneTime.value = null)}>
        {t('desk.accounts.one_time_done')}
      </button>
    </div>
  );
}

function Status({ account: a }: { account: AccountListing }): JSX.Element {
  if (a.disabled_at !== null) return <span class="chip status-noise">{t('desk.accounts.disabled')}</span>;
  if (a.must_change_password) return <span class="chip">{t('desk.accounts.must_change')}</span>;
  return <span class="chip status-attached">{t('desk.accounts.active')}</span>;
}

function Actions({ state, account: a }: { state: AccountsState; account: AccountListing }): JSX.Element {
  const ctx = useDesk();
  const own = a.username === ctx.session.account.username;
  const busy = state.busy.value;
  if (state.confirming.value === a.username) {
    return (
      // biome-ignore lint/a11y/useSemanticElements: a pair of buttons, not a form group with a legend
      <div class="confirm" role="group" aria-labelledby={`confirm-${a.id}`}>
        <p id={`confirm-${a.id}`}>{t('desk.accounts.disable_confirm', { username: a.username })}</p>
        <button
          type="button"
          class="danger"
          id={`disable-yes-${a.id}`}
          disabled={busy}
          onClick={() => void state.disable(a.username).then(() => focusSoon('accounts-heading'))}
        >
          {t('desk.accounts.disable_yes')}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            state.confirming.value = null;
            focusSoon(`disable-${a.id}`);
          }}
        >
          {t('desk.accounts.cancel')}
        </button>
      </div>
    );
  }
  return (
    <div class="row-actions">
      {!own && a.disabled_at === null ? (
        <button
          type="button"
          id={`disable-${a.id}`}
          disabled={busy}
          aria-label={t('desk.accounts.disable_named', { username: a.username })}
          onClick={() => {
            state.confirming.value = a.username;
            focusSoon(`disable-yes-${a.id}`);
          }}
        >
          {t('desk.accounts.disable')}
        </button>
      ) : null}
      {!own ? (
        <button
          type="button"
          id={`reset-${a.id}`}
          disabled={busy}
          aria-label={t('desk.accounts.reset_named', { username: a.username })}
          onClick={() => void state.reset(a.username).then((ok) => ok && focusSoon('account-one-time'))}
        >
          {a.disabled_at === null ? t('desk.accounts.reset') : t('desk.accounts.enable')}
        </button>
      ) : (
        <span class="muted">{t('desk.accounts.you')}</span>
      )}
    </div>
  );
}

function AccountList({ state }: { state: AccountsState }): JSX.Element | null {
  const accounts = state.accounts.value;
  if (accounts === null) return state.error.value ? null : <LoadingLine />;
  return (
    <ul class="items accounts-list" aria-labelledby="accounts-list-heading">
      {accounts.map((a) => (
        <li key={a.username} class="account-item" id={`account-${a.id}`}>
          <p class="report-meta">
            <strong>{a.username}</strong>
            <span class="chip">{roleLabel(a.role)}</span>
            <Status account={a} />
          </p>
          <p class="muted">
            {t('desk.accounts.since')} <Time at={a.created_at} />
            {' · '}
            {t('desk.accounts.sessions', { n: formatNumber(a.sessions) })}
          </p>
          <Actions state={state} account={a} />
        </li>
      ))}
    </ul>
  );
}

export function AccountsView(): JSX.Element {
  const ctx = useDesk();
  const state = useRouteState('accounts', () => {
    const s = new AccountsState(ctx);
    void s.load();
    return s;
  });
  const title = t('desk.accounts.title');
  useTitle(title);
  return (
    <div class="view accounts">
      <ViewHead title={title} id="accounts-heading" />
      <p class="muted">{t('desk.accounts.intro')}</p>
      {state.error.value ? <ErrorLine error={state.error.value} /> : null}
      <OneTimePassword state={state} />
      <NewAccount state={state} />
      <h2 id="accounts-list-heading">{t('desk.accounts.list')}</h2>
      <AccountList state={state} />
    </div>
  );
}
