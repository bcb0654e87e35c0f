// The Organize tab: its views are a chunk of their own, fetched when the tab is first opened.
import type { JSX } from 'preact';
import { DEMAND_CLASS } from '../../../src/core/taxonomy-codes.js';
import { lazyTab } from './lazy-tab.js';

const organize = lazyTab(() => import('./organize/organize.js'), 'desk.nav.organize', 'organize');

export function OrganizeTab({ collective }: { collective: string | null }): JSX.Element {
  // The code lists are already in the page (the event form's): the chunk takes them from here
  // rather than importing them, which would split them into a file of their own on first load.
  return (
    <organize.Tab render={(mod) => <mod.OrganizeView collective={collective} demands={DEMAND_CLASS} />} />
  );
}
