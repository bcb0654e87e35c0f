import { z } from 'zod';
import { DemandKeySchema, PlankStatusSchema, PlankTextSchema } from './program-records.js';
import { Hex64Schema, RecordIdSchema } from './record-parts.js';
import { BallotChoicesSchema, VOTE_PLANKS_MAX, VoteTitleSchema } from './vote-records.js';

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

/** The title in the languages it is written in (one at least); a language left out is empty. */
export const ProgramTitleBody = z.strictObject({
  title: z
    .strictObject({
      ru: z.string().trim().max(300).default(''),
      kk: z.string().trim().max(300).default(''),
      en: z.string().trim().max(300).default(''),
    })
    .refine((t) => t.ru || t.kk || t.en, 'the title needs words in one language at least'),
});

export const PublishProgramBody = z.strictObject({}).default({});

// ---------------------------------------------------------------- votes (docs/program.md, "Votes")

const uniqueIds = (max: number) =>
  z
    .array(RecordIdSchema)
    .min(1)
    .max(max)
    .refine((l) => new Set(l).size === l.length, 'must not repeat an id');

export const OpenVoteBody = z.strictObject({
  /** Planks put to the vote (status put_to_vote). */
  planks: uniqueIds(VOTE_PLANKS_MAX),
  /** The collectives that vote (organizing's collectives). */
  collectives: uniqueIds(200),
  /** The share of the codes issued that must be used for the count to stand (default a half). */
  quorum: z.number().min(0.01).max(1).default(0.5),
  title: VoteTitleSchema.optional(),
});
export type OpenVoteInput = z.infer<typeof OpenVoteBody>;

/** At most this many codes are made at once, and a vote has at most VOTE_CODES_MAX in all. */
export const BALLOT_CODES_AT_ONCE = 1_000;
export const VOTE_CODES_MAX = 10_000;

export const BallotCodesBody = z.strictObject({
  collective: RecordIdSchema,
  count: z.number().int().min(1).max(BALLOT_CODES_AT_ONCE),
  /** Answer the printable sheet (HTML, src/core/ballot-sheet.ts) beside the codes. */
  sheet: z.boolean().optional(),
});
export type BallotCodesInput = z.infer<typeof BallotCodesBody>;

/** A paper ballot, entered by an organizer: the code as typed and a choice for every plank. */
export const PaperBallotBody = z.strictObject({
  code: z.string().min(1).max(40),
  choices: BallotChoicesSchema,
});
export type PaperBallotInput = z.infer<typeof PaperBallotBody>;

/** `POST /api/v1/vote/lookup`: the SHA-256 of a code (the code itself never leaves the phone). */
export const VoteLookupBody = z.strictObject({ code_hash: Hex64Schema });
