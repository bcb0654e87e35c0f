// Base64 (RFC 4648, padded) over the browser's btoa/atob. nostr-tools' NIP-44 takes only
// `base64` from @scure/base, and the report page's build hands it this file instead (see
// scripts/build-web.mjs): the page carries 1 KB less, and base64.test.ts holds the two equal.

/** Strict shape check: atob alone would also take spaces and missing padding. */
const SHAPE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const base64 = {
  encode(bytes: Uint8Array): string {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
    }
    return btoa(binary);
  },
  decode(text: string): Uint8Array {
    if (!SHAPE.test(text)) throw new Error('not base64');
    const binary = atob(text);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  },
};
