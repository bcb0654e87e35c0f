// "Save to file": the queued wraps as a bundle, the format of src/sync/bundle.ts, so that
// someone can carry them on a USB stick and `tilshi bundle import FILE` them on any node:
// gzip of a header line (a kind 27620 event whose content is the header) and one event a line.
// The header is signed by a one-time key: the file names no reporter and no device.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import type { NostrEvent } from '../../../src/core/event.js';
import type { Kind } from '../../../src/core/kinds.js';

/** BUNDLE_FORMAT and BUNDLE_HEADER_KIND of src/sync/bundle.ts. */
const FORMAT = 1;
// The literal keeps core/kinds.ts out of the page's bundle; the type holds it to Kind.BundleHeader.
const HEADER_KIND: typeof Kind.BundleHeader = 27620;

/**
 * The bundle's text before compression.
 *
 * @example const file = await gzip(bundleText(queuedWraps));
 */
export function bundleText(events: readonly NostrEvent[], now = Math.floor(Date.now() / 1000)): string {
  const body = events.map((e) => `${JSON.stringify(e)}\n`).join('');
  const key = generateSecretKey();
  const header = {
    format: FORMAT,
    node: getPublicKey(key),
    for: null,
    created_at: now,
    // A browser keeps no log: the file carries events 1..count of its own.
    from_seq: 0,
    upto_seq: events.length,
    count: events.length,
    events_sha256: bytesToHex(sha256(new TextEncoder().encode(body))),
    acks: [],
  };
  const signed = finalizeEvent(
    { kind: HEADER_KIND, created_at: now, tags: [], content: JSON.stringify(header) },
    key,
  );
  return `${JSON.stringify(signed)}\n${body}`;
}

/** Whether this browser can write gzip (CompressionStream: Chrome 80, Safari 16.4, Firefox 113). */
export function canSaveFile(): boolean {
  return typeof CompressionStream !== 'undefined';
}

export function gzip(text: string): Promise<Blob> {
  return new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).blob();
}
