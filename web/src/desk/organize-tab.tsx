// The Organize tab: its views are a chunk of their own, fetched when the tab is first opened.
import type { JSX } from 'preact';
import { lazyTab } from './lazy-tab.js';

const organize = lazyTab(() => import('./organize/organize.js'), 'desk.nav.organize', 'organize');

export function OrganizeTab({ collective }: { collective: string | null }): JSX.Element {
  return <organize.Tab render={(mod) => <mod.OrganizeView collective={collective} />} />;
}
