// What the report page needs only now and then, in a chunk of its own fetched when first used
// (the service worker keeps it for offline use): opening the desk's replies and receipts and
// the reporter's own seals, "Save to file" with what to do next, the SMS route explained, and
// what a static mirror's page says. The page loads as one file, so this chunk imports no module the page
// imports: what it needs of the page (building DOM, messages, crypto) comes in as `Kit`.
// Its own words (`report.more.*`) come with it, not with the page.

import type { NostrEvent } from '../../../src/core/event.js';
import en from '../../i18n/en.json' with { type: 'json' };
import kk from '../../i18n/kk.json' with { type: 'json' };
import ru from '../../i18n/ru.json' with { type: 'json' };
import type { Child, h } from '../shared/dom.js';
import type { t } from '../shared/i18n.js';
import type { NodeInfo } from '../shared/net.js';
import type { SealCrypto } from '../shared/open-sealed.js';
import { type BundleCrypto, bundleText, gzip } from './bundle-file.js';

export { openFromDesk, openOwnSeal } from '../shared/open-sealed.js';

/** The build keeps only the `report.more.*` messages in these catalogues. */
export const messages = { en, kk, ru };

/** What the page hands to this chunk. */
export interface Kit extends BundleCrypto, SealCrypto {
  h: typeof h;
  t: typeof t;
}

/**
 * On a static mirror (`tilshi export site`), what its `mirror.json` beside the page says of the
 * node it was made from: the desk key and the work to mine. Reports are sealed and kept here,
 * and leave as a file. Rejects where there is no mirror.
 */
export async function fetchMirror(): Promise<NodeInfo> {
  const m = (await (await fetch('mirror.json')).json()) as {
    mirror?: boolean;
    node?: { desk_pubkey?: string; pow_difficulty?: number };
  };
  const desk = m.node?.desk_pubkey ?? '';
  if (m.mirror !== true || !/^[0-9a-f]{64}$/.test(desk)) throw new Error('not a mirror');
  return { desk_pubkey: desk, pow_difficulty: m.node?.pow_difficulty ?? 16, mirror: true };
}

/**
 * Write the queued wraps to a bundle file and hand it to the browser to save. Resolves with the
 * file's name.
 */
export async function saveToFile(kit: Kit, wraps: readonly NostrEvent[]): Promise<string> {
  const name = `tilshi-reports-${new Date().toISOString().slice(0, 10)}.tilshi`;
  const file = await gzip(bundleText(wraps, kit));
  const link = kit.h('a', { href: URL.createObjectURL(file), download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return name;
}

/** What the reporter is told once the file is saved: what it is and what to do with it. */
export function saved(kit: Kit, name: string, count: number): Child[] {
  return [
    kit.h('strong', null, kit.t('report.more.saved', { file: name, count })),
    kit.h('br'),
    kit.t('report.more.saved_next'),
  ];
}

/** The SMS route: the number, and what SMS reveals, in the reporter's language. */
export function smsHelp(kit: Kit, number: string): Child[] {
  return [
    kit.h('p', null, kit.t('report.more.sms_how'), ' ', kit.h('strong', { class: 'key' }, number)),
    kit.h('p', { class: 'notice' }, kit.t('report.more.sms_risk')),
  ];
}
