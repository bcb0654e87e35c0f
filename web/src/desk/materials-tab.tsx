// The Materials tab: its views (and the markdown renderer of their preview) are a chunk of their
// own, fetched when the tab is first opened.
import type { JSX } from 'preact';
import { lazyTab } from './lazy-tab.js';

const materials = lazyTab(() => import('./materials/materials.js'), 'desk.nav.materials', 'materials');

export function MaterialsTab(props: { arg: string | null; params: URLSearchParams }): JSX.Element {
  return <materials.Tab render={(mod) => <mod.MaterialsView {...props} />} />;
}
