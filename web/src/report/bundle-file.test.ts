import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../../src/crypto/keys.js';
import { readBundle } from '../../../src/sync/bundle.js';
import { buildWrap } from '../../../test/support/node.js';
import { bundleText, gzip } from './bundle-file.js';

const crypto = {
  generateSecretKey,
  getPublicKey,
  finalizeEvent,
  sha256Hex: (bytes: Uint8Array) => bytesToHex(sha256(bytes)),
};

describe('"Save to file"', () => {
  it('writes a bundle that the node reads (src/sync/bundle.ts): signed header, count, checksum', async () => {
    const desk = generateKeyPair();
    const wraps = [buildWrap(desk.publicKey), buildWrap(desk.publicKey)];
    const file = await gzip(bundleText(wraps, crypto));
    const { header, events } = readBundle(new Uint8Array(await file.arrayBuffer()));
    expect(events).toEqual(wraps);
    expect(header).toMatchObject({ format: 1, for: null, count: 2 });
  });
});
