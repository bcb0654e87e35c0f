import { z } from 'zod';
import { IsoDateSchema, RecordIdSchema } from './record-parts.js';
import { VOTE_PLANKS_MAX, VoteTitleSchema } from './vote-records.js';
import { Hex64Schema } from './zod-util.js';

/*
 * The program as desk-private records (kind 4630 sealed by the desk to itself), versioned like
 * the organizer's records (organize-records.ts): each write names the entity `id` and, in
 * `prev`, the versions it builds on; two heads are a conflict. A plank is one demand of the
 * program in three languages, linked to the inventory's demands it merges; an amendment is a
 * proposed new text of one plank's language, decided with a reason. A plank put to a vote names
 * the vote that decides it. A vote (type `vote`) puts planks to the collectives named in
 * it; the hashes of its one-time ballot codes are kept in `ballot_codes` records, a batch each
 * time a sheet is printed (docs/program.md, "Votes").
 */

const Username = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[\p{L}\p{N}._-]+$/u, 'must be a desk username');
const Prev = z.array(Hex64Schema).max(20).optional();

export const PLANK_STATUSES = ['draft', 'put_to_vote', 'adopted', 'won', 'partly_won', 'lost'] as const;
export const PlankStatusSchema = z.enum(PLANK_STATUSES);
export type PlankStatus = z.infer<typeof PlankStatusSchema>;

/** Where a status may move: draft → put to the vote → adopted → won / partly won / lost. */
export const PLANK_TRANSITIONS: Readonly<Record<PlankStatus, readonly PlankStatus[]>> = {
  draft: ['put_to_vote'],
  // Back to draft when a meeting sends it back for rework.
  put_to_vote: ['adopted', 'draft'],
  adopted: ['won', 'partly_won', 'lost'],
  // An outcome can be corrected (a concession taken back).
  won: ['partly_won', 'lost'],
  partly_won: ['won', 'lost'],
  lost: ['won', 'partly_won'],
};

/** Statuses that belong in the published program. */
export const PUBLISHED_STATUSES: readonly PlankStatus[] = ['adopted', 'won', 'partly_won', 'lost'];

/**
 * A demand of the inventory: a taxonomy code (`wages`), or a group of demands in people's own
 * words (`text:` + the group's key, as src/analysis/demand-groups.ts names it).
 */
export const DemandKeySchema = z
  .string()
  .min(1)
  .max(140)
  .regex(/^(?:[a-z][a-z0-9_]*|text:[a-z0-9#-]{1,128})$/, 'must be a demand code or text:KEY');

export const PlankTextSchema = z
  .strictObject({
    ru: z.string().max(2_000),
    kk: z.string().max(2_000),
    en: z.string().max(2_000),
  })
  .refine((t) => t.ru.trim() || t.kk.trim() || t.en.trim(), 'a plank needs a text in one language at least');
export type PlankText = z.infer<typeof PlankTextSchema>;

export const PlankRecordSchema = z.object({
  type: z.literal('plank'),
  id: RecordIdSchema,
  prev: Prev,
  text: PlankTextSchema,
  /** The inventory's demands this plank merges; their support is carried over (summed, not double counted). */
  demands: z.array(DemandKeySchema).max(100),
  /** What the demands were called when linked (a free-text group's words), for display. */
  labels: z.record(z.string().max(140), z.string().max(300)).optional(),
  status: PlankStatusSchema,
  status_history: z
    .array(z.strictObject({ status: PlankStatusSchema, date: IsoDateSchema, by: Username }))
    .min(1)
    .max(50),
  /** Published concession events (30620 `d`) accepted as evidence for the outcome. */
  evidence: z.array(RecordIdSchema).max(50),
  /** Position in the program (ascending). */
  order: z.number().int().min(0).max(10_000),
  /** The vote that decides it (set when a vote is opened on it). */
  vote: RecordIdSchema.nullable(),
  created_by: Username,
});
export type PlankRecord = z.infer<typeof PlankRecordSchema>;

export const AMENDMENT_STATUSES = ['proposed', 'accepted', 'rejected'] as const;
export const AmendmentStatusSchema = z.enum(AMENDMENT_STATUSES);

export const AmendmentRecordSchema = z.object({
  type: z.literal('amendment'),
  id: RecordIdSchema,
  prev: Prev,
  plank: RecordIdSchema,
  /** The plank's version (rumor id) the proposal was written against: the diff's left side. */
  base: Hex64Schema,
  lang: z.enum(['ru', 'kk', 'en']),
  before: z.string().max(2_000),
  after: z.string().max(2_000),
  reason: z.string().max(2_000),
  proposed_by: Username,
  status: AmendmentStatusSchema,
  decision: z
    .strictObject({ by: Username, date: IsoDateSchema, reason: z.string().min(1).max(2_000) })
    .nullable(),
});
export type AmendmentRecord = z.infer<typeof AmendmentRecordSchema>;

/** The program as a whole: its title and the collectives that endorsed it. One entity, id `program`. */
export const ProgramMetaRecordSchema = z.object({
  type: z.literal('program_meta'),
  id: RecordIdSchema,
  prev: Prev,
  title: z.strictObject({ ru: z.string().max(300), kk: z.string().max(300), en: z.string().max(300) }),
  endorsements: z
    .array(
      z.strictObject({
        collective: RecordIdSchema,
        date: IsoDateSchema,
        /** Whether the collective agreed to be named in public; otherwise only counted. */
        public: z.boolean(),
        name: z.string().max(200).optional(),
      }),
    )
    .max(1_000),
});
export type ProgramMetaRecord = z.infer<typeof ProgramMetaRecordSchema>;

export const VOTE_STATUSES = ['open', 'closed'] as const;

/**
 * A vote on planks put to the vote, by the collectives named in it. The planks' words are kept
 * as they were when the vote opened: the ballot answers what the member was shown. Once closed,
 * `result` names the published 30623 that holds the count and the used codes' hashes.
 */
export const VoteRecordSchema = z.object({
  type: z.literal('vote'),
  id: RecordIdSchema,
  prev: Prev,
  title: VoteTitleSchema,
  planks: z
    .array(z.strictObject({ id: RecordIdSchema, text: PlankTextSchema }))
    .min(1)
    .max(VOTE_PLANKS_MAX),
  /** Names as the desk knows them: shown at the desk only, never published. */
  collectives: z
    .array(z.strictObject({ id: RecordIdSchema, name: z.string().max(200) }))
    .min(1)
    .max(200),
  /** The share of the codes issued that must be used for the count to stand (0.01-1). */
  quorum: z.number().min(0.01).max(1),
  status: z.enum(VOTE_STATUSES),
  opened: z.strictObject({ by: Username, date: IsoDateSchema }),
  closed: z.strictObject({ by: Username, date: IsoDateSchema }).nullable(),
  /** The id of the published result (30623), once closed. */
  result: Hex64Schema.nullable(),
});
export type VoteRecord = z.infer<typeof VoteRecordSchema>;

/** Code hashes one `ballot_codes` record holds (so that its 4630 stays well under the rumor bound). */
export const BALLOT_CODES_PER_RECORD = 300;

/**
 * A batch of one-time codes made for one collective's ballots: only their SHA-256 hashes, never
 * the codes (those are on the printed sheet alone), and nothing that links a code to a person.
 * Written once, never edited. `collective` (not `collective_id`) keeps it out of the
 * collective's own records in organizing's store.
 */
export const BallotCodesRecordSchema = z.object({
  type: z.literal('ballot_codes'),
  id: RecordIdSchema,
  prev: Prev,
  vote: RecordIdSchema,
  collective: RecordIdSchema,
  hashes: z.array(Hex64Schema).min(1).max(BALLOT_CODES_PER_RECORD),
  by: Username,
  date: IsoDateSchema,
});
export type BallotCodesRecord = z.infer<typeof BallotCodesRecordSchema>;

export const PROGRAM_RECORD_SCHEMAS = {
  plank: PlankRecordSchema,
  amendment: AmendmentRecordSchema,
  program_meta: ProgramMetaRecordSchema,
  vote: VoteRecordSchema,
  ballot_codes: BallotCodesRecordSchema,
} as const;

export type ProgramRecord =
  | PlankRecord
  | AmendmentRecord
  | ProgramMetaRecord
  | VoteRecord
  | BallotCodesRecord;
export type ProgramRecordType = keyof typeof PROGRAM_RECORD_SCHEMAS;

export const PROGRAM_META_ID = 'program';
