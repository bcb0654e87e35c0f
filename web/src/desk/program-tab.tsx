// The Program tab: drafting the common program is a chunk of its own, fetched when the tab is
// first opened (most desk visits never draft).
import type { JSX } from 'preact';
import { lazyTab } from './lazy-tab.js';

const program = lazyTab(() => import('./program/program.js'), 'desk.nav.program', 'program');

export function ProgramTab(): JSX.Element {
  return <program.Tab render={(mod) => <mod.ProgramView />} />;
}
