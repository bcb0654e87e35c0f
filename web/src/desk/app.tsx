// The desk page: sign in, change a one-time password, then the desk itself, each drawn from
// the state in app-state.ts. When the screen or the route changes, focus goes to the new
// heading; otherwise it stays where the user left it.
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import type { AppState } from './app-state.js';
import { ClusterView } from './cluster.js';
import { useTitle } from './controls.js';
import { DeskCtx } from './desk-context.js';
import { EventsView } from './events-list.js';
import { ChangePassword, SignIn } from './forms.js';
import { Frame } from './frame.js';
import { errorMessage, t } from './i18n.js';
import { InboxView } from './inbox.js';
import { AccountsTab, BriefTab, EventTab, PeersTab, ProgramTab, TransferTab } from './lazy-views.js';
import { MaterialsTab } from './materials-tab.js';
import { ArticleView, NewsListView } from './news.js';
import { OrganizeTab } from './organize-tab.js';
import { Overview } from './overview.js';
import { filtersFrom } from './report-list-state.js';
import { ReporterView } from './reporter.js';
import { type Route, sectionOf } from './route.js';
import { Shell } from './shell.js';

function RouteView({ route }: { route: Route }): JSX.Element | null {
  switch (route.name) {
    case 'inbox':
      return <InboxView filters={filtersFrom(route.params)} />;
    case 'cluster':
      return <ClusterView cluster={route.cluster} />;
    case 'event':
      return <EventTab source={route.source} />;
    case 'reporter':
      return <ReporterView pubkey={route.pubkey} report={route.report} />;
    case 'events':
      return <EventsView />;
    case 'news':
      return <NewsListView />;
    case 'article':
      return <ArticleView id={route.id} />;
    case 'transfer':
      return <TransferTab />;
    case 'accounts':
      return <AccountsTab />;
    case 'brief':
      return <BriefTab />;
    case 'organize':
      return <OrganizeTab collective={route.collective} />;
    case 'materials':
      return <MaterialsTab arg={route.arg} params={route.params} />;
    case 'peers':
      return <PeersTab />;
    case 'program':
      return <ProgramTab />;
    case 'overview':
      return null;
  }
}

function Loading(): JSX.Element {
  useTitle(null);
  return (
    <Frame>
      <p class="muted" role="status">
        {t('common.loading')}
      </p>
    </Frame>
  );
}

function Failed({ error, onRetry }: { error: unknown; onRetry: () => void }): JSX.Element {
  useTitle(null);
  return (
    <Frame>
      <h1 tabIndex={-1}>{t('desk.failed.title')}</h1>
      <p class="error">{errorMessage(error)}</p>
      <button type="button" class="primary" onClick={onRetry}>
        {t('common.retry')}
      </button>
    </Frame>
  );
}

function Desk({ state }: { state: AppState }): JSX.Element {
  const { route, opened } = state.route.value;
  const overview = route.name === 'overview';
  return (
    <DeskCtx.Provider value={state.ctx}>
      <Shell
        session={state.session.value!}
        status={state.status.value}
        section={sectionOf(route)}
        announcement={state.announcement.value}
        flash={state.flash.value}
        overview={overview}
        onChangePassword={() => state.show({ name: 'password', forced: false })}
        onSignOut={() => void state.signOut()}
      >
        {overview ? <OverviewPage state={state} /> : <RouteView key={opened} route={route} />}
      </Shell>
    </DeskCtx.Provider>
  );
}

function OverviewPage({ state }: { state: AppState }): JSX.Element {
  useTitle(null);
  return (
    <Overview
      status={state.status.value}
      audit={state.audit.value}
      flash={state.flash.value}
      onReload={() => void state.loadPanels()}
    />
  );
}

export function App({ state }: { state: AppState }): JSX.Element {
  const screen = state.screen.value;
  const opened = state.route.value.opened;
  useEffect(() => {
    document.querySelector<HTMLElement>('#app h1, h1')?.focus();
  }, [screen, opened]);

  switch (screen.name) {
    case 'loading':
      return <Loading />;
    case 'failed':
      return <Failed error={screen.error} onRetry={() => void state.boot()} />;
    case 'signin':
      return <SignIn flash={state.flash.value} onSignedIn={(s, password) => state.signedIn(s, password)} />;
    case 'password':
      return <PasswordPage state={state} forced={screen.forced} />;
    case 'shell':
      return <Desk state={state} />;
  }
}

function PasswordPage({ state, forced }: { state: AppState; forced: boolean }): JSX.Element {
  useTitle(null);
  return (
    <ChangePassword
      forced={forced}
      csrf={state.session.value?.csrf_token ?? ''}
      knownCurrent={forced ? state.knownPassword : null}
      flash={state.flash.value}
      onDone={() => void state.passwordChanged()}
      onCancel={() => state.show({ name: 'shell' })}
      onSignOut={() => void state.signOut()}
    />
  );
}
