// Views of the desk that are chunks of their own (see lazy-tab.tsx): the event form, the
// Transfer panel, the accounts screen, the brief, the peers (admins)
// and the Program drafting. Each is fetched the first time it opens.
import type { JSX } from 'preact';
import { lazyTab } from './lazy-tab.js';
import type { EventSource } from './route.js';

const event = lazyTab(() => import('./event-chunk.js'), 'desk.nav.events', 'event');
const transfer = lazyTab(() => import('./transfer-chunk.js'), 'desk.nav.transfer', 'transfer');
const accounts = lazyTab(() => import('./accounts/accounts.js'), 'desk.nav.accounts', 'accounts');
const brief = lazyTab(() => import('./brief/brief.js'), 'desk.nav.brief', 'brief');
const program = lazyTab(() => import('./program/program.js'), 'desk.nav.program', 'program');
const peers = lazyTab(() => import('./peers/peers.js'), 'desk.nav.peers', 'peers');

export function EventTab({ source }: { source: EventSource }): JSX.Element {
  return <event.Tab render={(mod) => <mod.EventFormView source={source} />} />;
}

export function TransferTab(): JSX.Element {
  return <transfer.Tab render={(mod) => <mod.TransferView />} />;
}

export function AccountsTab(): JSX.Element {
  return <accounts.Tab render={(mod) => <mod.AccountsView />} />;
}

export function BriefTab(): JSX.Element {
  return <brief.Tab render={(mod) => <mod.BriefView />} />;
}

export function PeersTab(): JSX.Element {
  return <peers.Tab render={(mod) => <mod.PeersView />} />;
}

export function ProgramTab(): JSX.Element {
  return <program.Tab render={(mod) => <mod.ProgramView />} />;
}

/** Fetch the event form ahead (the inbox's `e` key opens it: no wait then). */
export function preloadEvent(): void {
  void event.load();
}
