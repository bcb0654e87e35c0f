import { z } from 'zod';
import { DemandKeySchema, PlankStatusSchema, PlankTextSchema } from './program-records.js';
import { Hex64Schema, RecordIdSchema } from './record-parts.js';

/*
 * Request bodies of the desk's program routes (`/api/v1/desk/program…`). Strict: a field the
 * node does not know is refused, not dropped.
 */

const Prev = z.array(Hex64Schema).min(1).max(20);
const Demands = z
  .array(DemandKeySchema)
  .max(100)
  .refine((l) => new Set(l).size === l.length, 'must not repeat a demand');

export const CreatePlankBody = z.strictObject({
  text: PlankTextSchema,
  demands: Demands.default([]),
  order: z.number().int().min(0).max(10_000).optional(),
});
export type CreatePlankInput = z.input<typeof CreatePlankBody>;

export const EditPlankBody = z.strictObject({
  prev: Prev,
  text: PlankTextSchema.optional(),
  demands: Demands.optional(),
  order: z.number().int().min(0).max(10_000).optional(),
  labels: z.record(z.string().max(140), z.string().max(300)).optional(),
});
export type EditPlankInput = z.infer<typeof EditPlankBody>;

export const PlankStatusBody = z.strictObject({
  prev: Prev,
  status: PlankStatusSchema,
  /** Concession events (30620 `d`) accepted as evidence of the outcome. */
  evidence: z.array(RecordIdSchema).max(50).optional(),
});
export type PlankStatusInput = z.infer<typeof PlankStatusBody>;

export const ProposeAmendmentBody = z.strictObject({
  lang: z.enum(['ru', 'kk', 'en']),
  text: z.string().trim().min(1).max(2_000),
  reason: z.string().trim().max(2_000).default(''),
});
export type ProposeAmendmentInput = z.input<typeof ProposeAmendmentBody>;

export const DecideAmendmentBody = z.strictObject({
  decision: z.enum(['accept', 'reject']),
  reason: z.string().trim().min(1).max(2_000),
});
export type DecideAmendmentInput = z.infer<typeof DecideAmendmentBody>;

export const EndorseBody = z.strictObject({
  collective: RecordIdSchema,
  /** Whether the collective agreed to be named in public. */
  public: z.boolean().default(false),
  /** Withdraw an endorsement instead. */
  withdraw: z.boolean().optional(),
});
export type EndorseInput = z.input<typeof EndorseBody>;

export const ProgramTitleBody = z.strictObject({
  title: z.strictObject({ ru: z.string().max(300), kk: z.string().max(300), en: z.string().max(300) }),
});

export const PublishProgramBody = z.strictObject({}).default({});
