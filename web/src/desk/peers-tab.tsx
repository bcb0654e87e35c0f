// The Peers tab (admins): its views are a chunk of their own, fetched when the tab is first opened.
import type { JSX } from 'preact';
import { lazyTab } from './lazy-tab.js';

const peers = lazyTab(() => import('./peers/peers.js'), 'desk.nav.peers', 'peers');

export function PeersTab(): JSX.Element {
  return <peers.Tab render={(mod) => <mod.PeersView />} />;
}
