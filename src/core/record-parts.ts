import { z } from 'zod';

/*
 * Schema pieces shared by the record schemas of content.ts and organize-records.ts; a file of
 * their own so that those two can import them without importing each other.
 */

/** Identifier of a record (`d` tag of addressable kinds, `id` of desk records). */
export const RecordIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be 1-128 letters, digits, ".", "_", ":" or "-"');

/** A calendar date, YYYY-MM-DD. */
export const IsoDateSchema = z.iso.date('must be a date YYYY-MM-DD');

/** The one hex-id schema, from zod-util. */
export { Hex64Schema } from './zod-util.js';
