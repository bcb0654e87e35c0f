import { z } from 'zod';

/** 64 lowercase hex characters: event ids, public keys, SHA-256 digests. */
export const HEX64 = /^[0-9a-f]{64}$/;

/** The one schema of a 64-character hex id (event id, pubkey, digest). */
export const Hex64Schema = z.string().regex(HEX64, 'must be 64 lowercase hex characters');

/**
 * The first problem zod found, as `path: message` (`whole` names an empty path): the one way a
 * schema's complaint becomes the message of a ValidationError.
 */
export function issueText(error: z.ZodError, whole = 'body'): string {
  const issue = error.issues[0];
  return `${issue?.path.map(String).join('.') || whole}: ${issue?.message ?? 'invalid'}`;
}
