import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { ValidationError } from './errors.js';
import { Hex64Schema } from './zod-util.js';

const hex64 = Hex64Schema;
const hex128 = z.string().regex(/^[0-9a-f]{128}$/, 'must be 128 lowercase hex characters');

/** Limits that keep one event from being a denial of service on its own. */
export const EVENT_LIMITS = {
  maxTags: 2_000,
  maxTagValues: 100,
  maxTagValueLength: 4_096,
  maxContentLength: 512 * 1024,
} as const;

/** NIP-01 event shape. Field order follows the spec. */
export const NostrEventSchema = z
  .object({
    id: hex64,
    pubkey: hex64,
    created_at: z
      .number()
      .int()
      .min(0)
      .max(2 ** 40),
    kind: z.number().int().min(0).max(65_535),
    tags: z
      .array(z.array(z.string().max(EVENT_LIMITS.maxTagValueLength)).min(1).max(EVENT_LIMITS.maxTagValues))
      .max(EVENT_LIMITS.maxTags),
    content: z.string().max(EVENT_LIMITS.maxContentLength),
    sig: hex128,
  })
  .strict();

export type NostrEvent = z.infer<typeof NostrEventSchema>;

/** An event before signing: what builders produce and `signEvent` completes. */
export type UnsignedEvent = Omit<NostrEvent, 'id' | 'sig'>;

const encoder = new TextEncoder();

/** NIP-01 canonical serialization: the bytes the id is the sha256 of. */
export function serializeEvent(e: UnsignedEvent): string {
  return JSON.stringify([0, e.pubkey, e.created_at, e.kind, e.tags, e.content]);
}

/** The NIP-01 id of an event, as lowercase hex. */
export function computeEventId(e: UnsignedEvent): string {
  return bytesToHex(sha256(encoder.encode(serializeEvent(e))));
}

/**
 * Check the NIP-01 shape and recompute the id. The signature is checked separately (it is
 * the expensive part and is batched over worker threads), see `crypto/verify.ts`.
 *
 * @example
 *   const event = parseEvent(JSON.parse(body)); // throws ValidationError('invalid_event' | 'bad_id')
 */
export function parseEvent(raw: unknown): NostrEvent {
  const parsed = NostrEventSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ValidationError(
      'invalid_event',
      `not a valid Nostr event: ${where}${issue?.message ?? 'bad shape'}`,
    );
  }
  const event = parsed.data;
  if (computeEventId(event) !== event.id) {
    throw new ValidationError('bad_id', 'the event id is not the sha256 of its serialization');
  }
  return event;
}

/** The first value of the first tag with this name, if any. */
export function tagValue(e: Pick<NostrEvent, 'tags'>, name: string): string | undefined {
  for (const t of e.tags) if (t[0] === name) return t[1];
  return undefined;
}

/** All first values of tags with this name. */
export function tagValues(e: Pick<NostrEvent, 'tags'>, name: string): string[] {
  const out: string[] = [];
  for (const t of e.tags) if (t[0] === name && t[1] !== undefined) out.push(t[1]);
  return out;
}
