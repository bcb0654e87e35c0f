// The Organize chunk's entry: brings its messages, and draws the list or a collective.

import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import en from '../../../i18n/en.json' with { type: 'json' };
import kk from '../../../i18n/kk.json' with { type: 'json' };
import ru from '../../../i18n/ru.json' with { type: 'json' };
import { addMessages } from '../../shared/i18n.js';
import { CollectivePage } from './collective.js';
import { CollectivesList } from './collectives-list.js';
import { type DemandCodes, useDemandCodes } from './demand-codes.js';
import { JoinRequests } from './joins.js';

// The build gives this chunk only the `desk.organize.*` messages (scripts/build-web.mjs).
addMessages({ ru, kk, en });

export function OrganizeView({
  collective,
  demands,
}: {
  collective: string | null;
  /** The taxonomy's demand codes and their classes (src/core/taxonomy-codes.ts, from the page). */
  demands: DemandCodes;
}): JSX.Element {
  useDemandCodes(demands);
  // The chunk arrives after the route opened: the heading it draws takes the focus then.
  useEffect(() => {
    document.querySelector<HTMLElement>('#app h1')?.focus();
  }, [collective]);
  // Collective ids start with `col-`: `joins` is the join requests' view, not a collective.
  if (collective === 'joins') return <JoinRequests />;
  return collective ? <CollectivePage id={collective} /> : <CollectivesList />;
}
