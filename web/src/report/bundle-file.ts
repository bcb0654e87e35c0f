// "Save to file": the queued wraps as a bundle, the format of src/sync/bundle.ts, so that
// someone can carry them on a USB stick and `tilshi bundle import FILE` them on any node:
// gzip of a header line (a kind 27620 event whose content is the header) and one event a line.
// The header is signed by a one-time key: the file names no reporter and no device.
// Part of the page's later chunk (more.ts): the functions it needs from the page's own copy of
// nostr-tools and @noble come in as `BundleCrypto`, so that the chunk carries no second copy and
// shares no module with the page (which loads as one file).
import type { NostrEvent } from '../../../src/core/event.js';
import type { Kind } from '../../../src/core/kinds.js';

/** BUNDLE_FORMAT and BUNDLE_HEADER_KIND of src/sync/bundle.ts. */
const FORMAT = 1;
// The literal keeps core/kinds.ts out of the page's bundle; the type holds it to Kind.BundleHeader.
const HEADER_KIND: typeof Kind.BundleHeader = 27620;

/** What writing a bundle needs of nostr-tools and @noble (the page hands over its own). */
export interface BundleCrypto {
  generateSecretKey(): Uint8Array;
  getPublicKey(secret: Uint8Array): string;
  finalizeEvent(
    template: { kind: number; created_at: number; tags: string[][]; content: string },
    secret: Uint8Array,
  ): NostrEvent;
  /** Hex of sha256 of the bytes. */
  sha256Hex(bytes: Uint8Array): string;
}

/**
 * The bundle's text before compression.
 *
 * @example const file = await gzip(bundleText(queuedWraps, crypto));
 */
export function bundleText(
  events: readonly NostrEvent[],
  crypto: BundleCrypto,
  now = Math.floor(Date.now() / 1000),
): string {
  const body = events.map((e) => `${JSON.stringify(e)}\n`).join('');
  const key = crypto.generateSecretKey();
  const header = {
    format: FORMAT,
    node: crypto.getPublicKey(key),
    for: null,
    created_at: now,
    // A browser keeps no log: the file carries events 1..count of its own.
    from_seq: 0,
    upto_seq: events.length,
    count: events.length,
    events_sha256: crypto.sha256Hex(new TextEncoder().encode(body)),
    acks: [],
  };
  const signed = crypto.finalizeEvent(
    { kind: HEADER_KIND, created_at: now, tags: [], content: JSON.stringify(header) },
    key,
  );
  return `${JSON.stringify(signed)}\n${body}`;
}

export function gzip(text: string): Promise<Blob> {
  return new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).blob();
}
