// The Peers chunk's entry (admins): brings its messages and draws the peers of this node, the
// form that adds one (its announced key shown to compare before it is trusted), and the desk's
// list of relays trusted by the whole network.
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import en from '../../../i18n/en.json' with { type: 'json' };
import kk from '../../../i18n/kk.json' with { type: 'json' };
import ru from '../../../i18n/ru.json' with { type: 'json' };
import { addMessages } from '../../shared/i18n.js';
import { ErrorLine, Field, LoadingLine, Time, useTitle, ViewHead } from '../controls.js';
import { useDesk, useRouteState } from '../desk-context.js';
import { formatNumber, t } from '../i18n.js';
import { hashFor } from '../route.js';
import type { Peer, TrustedRelay } from './peers-api.js';
import { lastErrorText, PeersState, peerLabel, peersError, shortNpub } from './peers-state.js';

// The build gives this chunk only the `desk.peers.*` messages (scripts/build-web.mjs).
addMessages({ ru, kk, en });

function KeyLine({ state, npub, label }: { state: PeersState; npub: string; label: string }): JSX.Element {
  return (
    <span class="peer-key">
      <code title={npub}>{shortNpub(npub)}</code>{' '}
      <button
        type="button"
        class="link"
        aria-label={t('desk.peers.copy_key_of', { peer: label })}
        onClick={() => void state.copy(npub)}
      >
        {t('desk.peers.copy')}
      </button>
    </span>
  );
}

function SyncFacts({ peer }: { peer: Peer }): JSX.Element {
  const s = peer.sync;
  return (
    <>
      <p class="report-meta">
        <span>
          {t('desk.peers.last_sync')}{' '}
          {s.last_attempt_at ? <Time at={s.last_attempt_at} /> : t('desk.peers.never')}
        </span>
        {s.last_attempt_at ? (
          s.last_error ? (
            <span class="chip strong">{t('desk.peers.failed')}</span>
          ) : (
            <span class="chip">{t('desk.peers.ok')}</span>
          )
        ) : null}
      </p>
      {s.last_error ? <p class="report-problem error">{lastErrorText(s.last_error)}</p> : null}
      <p class="report-meta">
        <span>{t('desk.peers.pulled', { n: formatNumber(s.events_in) })}</span>
        <span>{t('desk.peers.pushed', { n: formatNumber(s.events_out) })}</span>
        <span>{t('desk.peers.waiting', { n: formatNumber(s.waiting) })}</span>
      </p>
    </>
  );
}

function Withheld({ state, peer, i }: { state: PeersState; peer: Peer; i: number }): JSX.Element | null {
  const { withheld, withheld_reason: reason } = peer.sync;
  if (!withheld) return null;
  return (
    <div class="report-problem">
      <p>
        {reason === 'not_a_peer' || !reason
          ? t('desk.peers.withheld_not_a_peer', { n: formatNumber(withheld) })
          : t('desk.peers.withheld_other', { n: formatNumber(withheld), reason })}
      </p>
      <button
        type="button"
        id={`peer-${i}-from-start`}
        disabled={!!state.busy.value}
        onClick={() => void state.sync(peer, true)}
      >
        {t('desk.peers.sync_from_start')}
      </button>
    </div>
  );
}

function RenameForm({ state, peer }: { state: PeersState; peer: Peer }): JSX.Element {
  return (
    <form
      class="inline-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void state.saveRename();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') state.cancelRename();
      }}
    >
      <Field id="peer-rename" label={t('desk.peers.name_of', { peer: peer.url })}>
        <input
          type="text"
          maxLength={100}
          value={state.newName}
          onInput={(e) => {
            state.newName.value = e.currentTarget.value;
          }}
        />
      </Field>
      <div class="actions">
        <button type="submit" class="primary" disabled={!!state.busy.value}>
          {t('desk.peers.save_name')}
        </button>
        <button type="button" onClick={() => state.cancelRename()}>
          {t('desk.peers.cancel')}
        </button>
      </div>
    </form>
  );
}

function PeerCard({ state, peer, i }: { state: PeersState; peer: Peer; i: number }): JSX.Element {
  const busy = !!state.busy.value;
  const label = peerLabel(peer);
  const run = state.runs.value[peer.url];
  return (
    <li class="report peer" id={`peer-${i}`}>
      <h3>{label}</h3>
      {peer.name ? <p class="report-problem">{peer.url}</p> : null}
      <p class="report-meta">
        {peer.npub ? (
          <KeyLine state={state} npub={peer.npub} label={label} />
        ) : (
          <span>{t('desk.peers.no_key')}</span>
        )}
        <span class={peer.trusted ? 'chip strong' : 'chip'}>
          {peer.trusted ? t('desk.peers.trusted') : t('desk.peers.not_trusted')}
        </span>
      </p>
      <SyncFacts peer={peer} />
      {run ? (
        <p class="report-meta" id={`peer-${i}-run`}>
          {t('desk.peers.run', {
            pulled: formatNumber(run.pulled),
            pushed: formatNumber(run.pushed),
            ms: formatNumber(run.ms),
          })}
          {run.rejected ? ` ${t('desk.peers.run_rejected', { n: formatNumber(run.rejected) })}` : ''}
        </p>
      ) : null}
      <Withheld state={state} peer={peer} i={i} />
      {state.renaming.value === peer.url ? (
        <RenameForm state={state} peer={peer} />
      ) : (
        <div class="actions">
          <button
            type="button"
            class="primary"
            id={`peer-${i}-sync`}
            disabled={busy}
            aria-label={t('desk.peers.sync_with', { peer: label })}
            onClick={() => void state.sync(peer)}
          >
            {state.busy.value === `sync:${peer.url}` ? t('desk.peers.syncing') : t('desk.peers.sync')}
          </button>
          <button
            type="button"
            disabled={busy}
            aria-label={t('desk.peers.rename_peer', { peer: label })}
            onClick={() => state.startRename(peer)}
          >
            {t('desk.peers.rename')}
          </button>
          {peer.pubkey ? (
            peer.trusted ? (
              <button
                type="button"
                disabled={busy}
                aria-label={t('desk.peers.untrust_peer', { peer: label })}
                onClick={() => void state.untrust({ ...peer, pubkey: peer.pubkey! })}
              >
                {t('desk.peers.untrust')}
              </button>
            ) : (
              <button
                type="button"
                disabled={busy}
                aria-label={t('desk.peers.trust_peer', { peer: label })}
                onClick={() => {
                  if (window.confirm(t('desk.peers.trust_confirm', { peer: label }))) void state.trust(peer);
                }}
              >
                {t('desk.peers.trust')}
              </button>
            )
          ) : null}
          <button
            type="button"
            class="danger"
            disabled={busy}
            aria-label={t('desk.peers.remove_peer', { peer: label })}
            onClick={() => {
              if (window.confirm(t('desk.peers.remove_confirm', { peer: label }))) void state.remove(peer);
            }}
          >
            {t('desk.peers.remove')}
          </button>
        </div>
      )}
    </li>
  );
}

function Confirm({ state }: { state: PeersState }): JSX.Element {
  const found = state.lookup.value!;
  return (
    <section class="report" aria-labelledby="peer-confirm">
      <h3 id="peer-confirm" tabIndex={-1}>
        {t('desk.peers.confirm_title')}
      </h3>
      <p>{t('desk.peers.announces', { url: found.url })}</p>
      <p>
        <code class="report-text" id="peer-confirm-key">
          {found.npub}
        </code>
      </p>
      {found.name ? <p>{t('desk.peers.announced_name', { name: found.name })}</p> : null}
      {found.own ? <p class="error">{t('desk.peers.error.own_node')}</p> : <p>{t('desk.peers.compare')}</p>}
      <div class="actions">
        {found.own ? null : (
          <button
            type="button"
            class="primary"
            id="peer-confirm-add"
            disabled={!!state.busy.value}
            onClick={() => void state.confirm()}
          >
            {t('desk.peers.keys_match')}
          </button>
        )}
        <button type="button" onClick={() => state.cancelLookup()}>
          {t('desk.peers.cancel')}
        </button>
      </div>
    </section>
  );
}

function AddForm({ state }: { state: PeersState }): JSX.Element {
  const typed = state.key.value.trim() !== '';
  return (
    <form
      class="stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void state.submit();
      }}
    >
      <Field id="peer-url" label={t('desk.peers.url')} hint={t('desk.peers.url_hint')}>
        <input
          type="url"
          inputMode="url"
          autoComplete="off"
          maxLength={2000}
          required
          value={state.url}
          onInput={(e) => {
            state.url.value = e.currentTarget.value;
          }}
        />
      </Field>
      <Field id="peer-key" label={t('desk.peers.key')} hint={t('desk.peers.key_hint')}>
        <input
          type="text"
          autoComplete="off"
          spellcheck={false}
          maxLength={100}
          value={state.key}
          onInput={(e) => {
            state.key.value = e.currentTarget.value;
          }}
        />
      </Field>
      <Field id="peer-name" label={t('desk.peers.name')}>
        <input
          type="text"
          maxLength={100}
          value={state.name}
          onInput={(e) => {
            state.name.value = e.currentTarget.value;
          }}
        />
      </Field>
      <div class="actions">
        <button type="submit" class="primary" id="peer-add" disabled={!!state.busy.value}>
          {typed ? t('desk.peers.add') : t('desk.peers.fetch_key')}
        </button>
      </div>
    </form>
  );
}

function TrustedList({ state, relays }: { state: PeersState; relays: TrustedRelay[] }): JSX.Element {
  return (
    <section aria-labelledby="trusted-heading">
      <h2 id="trusted-heading">{t('desk.peers.trusted_title')}</h2>
      <p class="muted">{t('desk.peers.trusted_intro')}</p>
      {relays.length === 0 ? <p class="muted">{t('desk.peers.trusted_empty')}</p> : null}
      <ul class="reports">
        {relays.map((r) => {
          const label = r.name || r.url || shortNpub(r.npub);
          return (
            <li class="report" key={r.pubkey}>
              <p>
                <strong>{label}</strong>
              </p>
              {r.url && r.url !== label ? <p class="report-problem">{r.url}</p> : null}
              <p class="report-meta">
                <KeyLine state={state} npub={r.npub} label={label} />
              </p>
              <div class="actions">
                <button
                  type="button"
                  disabled={!!state.busy.value}
                  aria-label={t('desk.peers.untrust_peer', { peer: label })}
                  onClick={() => void state.untrust(r)}
                >
                  {t('desk.peers.untrust')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function PeersView(): JSX.Element {
  const ctx = useDesk();
  const state = useRouteState('peers', () => {
    const s = new PeersState(ctx);
    void s.load();
    return s;
  });
  // The chunk arrives after the route opened: the heading it draws takes the focus then.
  useEffect(() => {
    document.querySelector<HTMLElement>('#app h1')?.focus();
  }, []);
  const title = t('desk.peers.title');
  useTitle(title);
  const data = state.data.value;
  return (
    <div class="view peers">
      <ViewHead title={title} />
      <p class="muted">{t('desk.peers.intro')}</p>
      <p class="muted">
        {t('desk.peers.no_link')} <a href={hashFor('transfer')}>{t('desk.nav.transfer')}</a>
      </p>
      {state.loading.value ? <LoadingLine /> : null}
      {state.loadError.value ? <ErrorLine error={state.loadError.value} /> : null}
      {data ? (
        <p>
          {t('desk.peers.this_node')}{' '}
          <KeyLine state={state} npub={data.node_npub} label={t('desk.peers.this_node_label')} />
        </p>
      ) : null}
      {state.showKey.value ? (
        <Field id="peer-key-whole" label={t('desk.peers.key_whole')} hint={t('desk.peers.copy_by_hand')}>
          <input type="text" readOnly value={state.showKey.value} onFocus={(e) => e.currentTarget.select()} />
        </Field>
      ) : null}
      {state.notice.value ? (
        <p class="notice" id="peers-notice" tabIndex={-1} role="status">
          {state.notice.value}
        </p>
      ) : null}
      {state.error.value ? (
        <p class="error" id="peers-error" tabIndex={-1} role="alert">
          {peersError(state.error.value)}
        </p>
      ) : null}
      {data ? (
        <>
          <section aria-labelledby="peers-heading">
            <h2 id="peers-heading">{t('desk.peers.list_title')}</h2>
            {data.peers.length === 0 ? <p class="muted">{t('desk.peers.empty')}</p> : null}
            <ul class="reports">
              {data.peers.map((p, i) => (
                <PeerCard key={p.url} state={state} peer={p} i={i} />
              ))}
            </ul>
          </section>
          <section aria-labelledby="peer-add-heading">
            <h2 id="peer-add-heading">{t('desk.peers.add_title')}</h2>
            {state.lookup.value ? <Confirm state={state} /> : <AddForm state={state} />}
          </section>
          <TrustedList state={state} relays={data.trusted_relays} />
        </>
      ) : null}
    </div>
  );
}
