// What open-sealed.ts needs, from nostr-tools: the join page and the tests pass this; the report
// page hands it to its later chunk.
import { getConversationKey, v2 } from 'nostr-tools/nip44';
import { getEventHash, verifyEvent } from 'nostr-tools/pure';
import type { SealCrypto } from './open-sealed.js';

export const sealCrypto: SealCrypto = {
  getConversationKey,
  decrypt: (payload, key) => v2.decrypt(payload, key),
  verifyEvent,
  getEventHash,
};
