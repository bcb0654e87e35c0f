import { z } from 'zod';
import { Hex64Schema } from './zod-util.js';

/*
 * Kind 10621, the desk's list of trusted relays (docs/sync.md): a replaceable record signed by
 * the desk key. Every node that holds it serves sealed wraps to the node keys it lists, as it
 * does to the peers of its own config.json.
 */

/** Relays one list may name: the list travels with every sync, so it stays small. */
export const MAX_TRUSTED_RELAYS = 100;

export const TrustedRelaySchema = z.strictObject({
  /** The relay's node key (hex), as `GET /api/v1/node` announces it. */
  pubkey: Hex64Schema,
  /** Where the relay answers, for people and for nodes that want to sync with it. */
  url: z
    .string()
    .max(2_000)
    .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be an http(s) URL')
    .optional(),
  name: z.string().min(1).max(100).optional(),
});
export type TrustedRelay = z.infer<typeof TrustedRelaySchema>;

export const TrustedRelaysContentSchema = z.strictObject({
  relays: z
    .array(TrustedRelaySchema)
    .max(MAX_TRUSTED_RELAYS)
    .refine((list) => new Set(list.map((r) => r.pubkey)).size === list.length, 'must not repeat a key'),
});
export type TrustedRelaysContent = z.infer<typeof TrustedRelaysContentSchema>;
