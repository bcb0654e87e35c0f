import { z } from 'zod';
import { BALLOT_CODE_PATTERN } from './ballot-code.js';
import { IsoDateSchema, RecordIdSchema } from './record-parts.js';
import { Hex64Schema } from './zod-util.js';

/*
 * The records of a vote on the program's planks (docs/program.md, "Votes"): the ballot a member
 * seals to the desk (4623, private) and the result the desk publishes when the vote closes
 * (30623, public, `d` = the vote's id). The desk's own records of a vote (the vote itself, the
 * hashes of its codes) are desk records in program-records.ts.
 */

export const BALLOT_CHOICES = ['agree', 'abstain', 'disagree', 'block'] as const;
export const BallotChoiceSchema = z.enum(BALLOT_CHOICES);
export type BallotChoice = z.infer<typeof BallotChoiceSchema>;

/** A web ballot is cast on a phone at /vote; a paper one is entered at the desk by an organizer. */
export const BALLOT_CHANNELS = ['web', 'paper'] as const;
export const BallotChannelSchema = z.enum(BALLOT_CHANNELS);

/**
 * A ballot (4623) as the desk opened it: the hash of its code, never the code, and not the key
 * that sealed it (made for this ballot alone, it says nothing). One that fails the schema is
 * kept with the problem and whatever vote it names, so that the desk sees it was refused. The
 * desk keeps it (src/desk/ballots.ts) and the program counts it (src/program/tally.ts).
 */
export interface OpenedBallot {
  /** The ballot's rumor id. */
  id: string;
  createdAt: number;
  vote: string | null;
  codeHash: string | null;
  channel: (typeof BALLOT_CHANNELS)[number] | null;
  choices: { plank: string; choice: BallotChoice; reason?: string }[] | null;
  /** Why it does not fit the schema (null when it does). */
  problem: string | null;
}

/** At most this many planks are put to one vote. */
export const VOTE_PLANKS_MAX = 50;
export const BALLOT_REASON_MAX = 1_000;

export const BallotCodeSchema = z
  .string()
  .regex(BALLOT_CODE_PATTERN, 'must be a ballot code (16 base32 capitals)');

export const BallotChoicesSchema = z
  .array(
    z.strictObject({
      plank: RecordIdSchema,
      choice: BallotChoiceSchema,
      /** Why, in the member's words: read by the desk once the vote is closed, never published. */
      reason: z.string().min(1).max(BALLOT_REASON_MAX).optional(),
    }),
  )
  .min(1)
  .max(VOTE_PLANKS_MAX)
  .refine((list) => new Set(list.map((c) => c.plank)).size === list.length, 'must not repeat a plank');

/**
 * A ballot (kind 4623), sealed to the desk by a key made for this ballot alone: the vote, the
 * one-time code (the desk keeps only its hash) and a choice for every plank of the vote.
 */
export const BallotContentSchema = z.strictObject({
  vote: RecordIdSchema,
  code: BallotCodeSchema,
  choices: BallotChoicesSchema,
  channel: BallotChannelSchema,
  lang: z.enum(['ru', 'kk', 'en']).optional(),
});
export type BallotContent = z.infer<typeof BallotContentSchema>;

const Count = z.number().int().min(0).max(100_000_000);

export const VoteTallySchema = z.strictObject({
  agree: Count,
  abstain: Count,
  disagree: Count,
  block: Count,
  ballots: Count,
});
export type VoteTally = z.infer<typeof VoteTallySchema>;

/**
 * What a plank's count means: passed (quorum met, more agree than disagree and block together,
 * blocks under a tenth of the ballots), rejected, blocked, or no quorum.
 */
export const VOTE_OUTCOMES = ['passed', 'rejected', 'blocked', 'no_quorum'] as const;
export const VoteOutcomeSchema = z.enum(VOTE_OUTCOMES);
export type VoteOutcome = z.infer<typeof VoteOutcomeSchema>;

export const VoteTitleSchema = z
  .strictObject({
    ru: z.string().max(300).optional(),
    kk: z.string().max(300).optional(),
    en: z.string().max(300).optional(),
  })
  .refine((t) => t.ru || t.kk || t.en, 'a title in one language at least');

const PlankResultSchema = z.strictObject({
  id: RecordIdSchema,
  /** Null when fewer ballots than the threshold were counted: withheld, not zero. */
  tally: VoteTallySchema.nullable(),
  outcome: VoteOutcomeSchema.nullable(),
});

/**
 * The published result of a closed vote (kind 30623, `d` = vote id). Collectives are numbered,
 * never named; each lists the hashes of its codes that were used (sorted, so the order says
 * nothing of when each was cast), so that a member finds their own code's hash and the count it
 * went into. Tallies of fewer ballots than `threshold` are withheld (null).
 */
export const VoteResultContentSchema = z.strictObject({
  id: RecordIdSchema,
  title: VoteTitleSchema,
  opened: IsoDateSchema,
  closed: IsoDateSchema,
  /** The share of the codes issued that had to be used for the count to stand. */
  quorum: z.number().min(0.01).max(1),
  threshold: z.number().int().min(1).max(1_000),
  codes: Count,
  ballots: Count,
  quorum_met: z.boolean(),
  planks: z
    .array(
      PlankResultSchema.extend({
        text: z
          .strictObject({
            ru: z.string().min(1).max(2_000).optional(),
            kk: z.string().min(1).max(2_000).optional(),
            en: z.string().min(1).max(2_000).optional(),
          })
          .refine((t) => t.ru || t.kk || t.en, 'a plank needs a text in one language at least'),
      }),
    )
    .min(1)
    .max(VOTE_PLANKS_MAX),
  collectives: z
    .array(
      z.strictObject({
        n: z.number().int().min(1).max(1_000),
        codes: Count,
        ballots: Count,
        quorum_met: z.boolean(),
        planks: z.array(PlankResultSchema).max(VOTE_PLANKS_MAX),
        used: z
          .array(Hex64Schema)
          .max(10_000)
          .refine((list) => list.every((h, i) => i === 0 || list[i - 1]! < h), 'must be sorted, each once'),
      }),
    )
    .max(200),
});
export type VoteResultContent = z.infer<typeof VoteResultContentSchema>;
