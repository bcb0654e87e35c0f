// biome-ignore-all assist/source/organizeImports: module order in the script (see app.ts)
// The report page's later chunk (more.ts): fetched on first use (opening replies, "Save to
// file", the SMS route, a mirror's notice) and kept by the service worker for use offline. It
// imports no module of the page, so the page hands it what it needs: `kit`.
import { h } from '../shared/dom.js';
import { addMessages, t } from '../shared/i18n.js';
import { sealCrypto } from '../shared/seal-crypto.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import type * as More from './more.js';

/** Set by the build: the chunk's hashed URL (scripts/build-web.mjs, LATER_CHUNKS). */
declare const __REPORT_MORE__: string;

export const kit: More.Kit = {
  ...sealCrypto,
  h,
  t,
  generateSecretKey,
  getPublicKey,
  finalizeEvent,
  sha256Hex: (bytes) => bytesToHex(sha256(bytes)),
};

/** The chunk, once loaded. */
export let more: typeof More | undefined;
let loading: Promise<typeof More> | undefined;

export function loadMore(): Promise<typeof More> {
  loading ??= (import(__REPORT_MORE__) as Promise<typeof More>).then(
    (m) => {
      addMessages(m.messages);
      more = m;
      return m;
    },
    (err) => {
      // Not reached (offline with no service worker): try again next time.
      loading = undefined;
      throw err;
    },
  );
  return loading;
}
