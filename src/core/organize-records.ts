import { z } from 'zod';
import { PROGRAM_RECORD_SCHEMAS, type ProgramRecord } from './program-records.js';
import { Hex64Schema, IsoDateSchema, RecordIdSchema } from './record-parts.js';

/*
 * The organizer's workspace as desk-private records (kind 4630, sealed by the desk to itself):
 * one schema per `type`, registered in content.ts's DESK_RECORD_SCHEMAS. Entities that are
 * edited are versioned: each write is a new rumor naming the entity `id` and, in `prev`, the
 * rumor ids of the versions it builds on. People, assessments, tests and tasks are entities of
 * their own, so that two desk nodes editing different people never conflict. Fields a newer
 * node adds pass (the desk record schema keeps them) and are dropped when read here.
 */

const text = (max: number) => z.string().min(1).max(max);
const Count = z.number().int().min(0).max(10_000_000);

/** Desk account names, as src/desk/accounts.ts allows them. */
export const DeskUsernameSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[\p{L}\p{N}._-]+$/u, 'must be a desk username');

/** The versions an edit builds on (rumor ids); absent or empty for the first version. */
const Prev = z.array(Hex64Schema).max(20).optional();

export const COLLECTIVE_STAGES = ['contact', 'initiative_group', 'committee', 'union'] as const;
export const CollectiveStageSchema = z.enum(COLLECTIVE_STAGES);
export type CollectiveStage = z.infer<typeof CollectiveStageSchema>;

export const UNIT_KINDS = ['shop', 'shift', 'department', 'other'] as const;

export const UnitSchema = z.object({
  id: RecordIdSchema,
  name: text(200),
  kind: z.enum(UNIT_KINDS),
  size: Count,
});
export type Unit = z.infer<typeof UnitSchema>;

/** Fields of a collective that an organizer may tick for its public profile (30621). */
export const PUBLIC_FIELDS = [
  'name',
  'enterprise',
  'settlement',
  'admin1',
  'sector',
  'stage',
  'headcount',
  'demands',
  'events',
] as const;
export type PublicField = (typeof PUBLIC_FIELDS)[number];

export const CollectiveRecordSchema = z.object({
  type: z.literal('collective'),
  id: RecordIdSchema,
  prev: Prev,
  name: text(200),
  enterprise: z.strictObject({ name: text(200), sector: z.string().max(100).nullable() }).nullable(),
  settlement: z.string().max(200).nullable(),
  admin1: z.string().max(200).nullable(),
  sector: z.string().max(100).nullable(),
  stage: CollectiveStageSchema,
  stage_history: z
    .array(z.strictObject({ stage: CollectiveStageSchema, date: IsoDateSchema }))
    .min(1)
    .max(20),
  headcount: Count.nullable(),
  units: z.array(UnitSchema).max(200),
  needs: z.string().max(4_000),
  events: z.array(RecordIdSchema).max(500),
  demands: z
    .array(z.strictObject({ code: z.string().max(100).nullable(), text: z.string().max(1_000).optional() }))
    .max(100),
  public: z.array(z.enum(PUBLIC_FIELDS)).max(PUBLIC_FIELDS.length),
  created_by: DeskUsernameSchema,
});
export type CollectiveRecord = z.infer<typeof CollectiveRecordSchema>;

/** Which organizers (desk usernames) a collective is assigned to; only an admin writes it. */
export const CollectiveAccessRecordSchema = z.object({
  type: z.literal('collective_access'),
  id: RecordIdSchema,
  prev: Prev,
  collective_id: RecordIdSchema,
  organizers: z.array(DeskUsernameSchema).max(100),
});
export type CollectiveAccessRecord = z.infer<typeof CollectiveAccessRecordSchema>;

/** A person of a collective: a pseudonym, never a legal name. */
export const PersonRecordSchema = z.object({
  type: z.literal('person'),
  id: RecordIdSchema,
  prev: Prev,
  collective_id: RecordIdSchema,
  pseudonym: text(100),
  unit: RecordIdSchema,
  role: z.string().max(100).nullable(),
  /** The person (id) of the organizer responsible for this one: the structure chart. */
  responsible: RecordIdSchema.nullable(),
  /** How to reach them; never exported unless an admin asks for it by name. */
  contact: z.string().max(300).nullable(),
});
export type PersonRecord = z.infer<typeof PersonRecordSchema>;

/** 1 leads others … 5 opposed. Append-only: a new assessment never replaces an old one. */
export const AssessmentRecordSchema = z.object({
  type: z.literal('assessment'),
  id: RecordIdSchema,
  collective_id: RecordIdSchema,
  person: RecordIdSchema,
  level: z.number().int().min(1).max(5),
  date: IsoDateSchema,
  assessor: DeskUsernameSchema,
  note: z.string().max(2_000).nullable(),
});
export type AssessmentRecord = z.infer<typeof AssessmentRecordSchema>;

/** A one-on-one: what stays after its note expires (the note is a record of its own). */
export const ConversationRecordSchema = z.object({
  type: z.literal('conversation'),
  id: RecordIdSchema,
  prev: Prev,
  collective_id: RecordIdSchema,
  person: RecordIdSchema,
  date: IsoDateSchema,
  follow_up: IsoDateSchema.nullable(),
  /** The day the note is deleted everywhere. */
  expires: IsoDateSchema,
  organizer: DeskUsernameSchema,
  /** The assessment made in the talk, if any. */
  assessment: RecordIdSchema.nullable(),
});
export type ConversationRecord = z.infer<typeof ConversationRecordSchema>;

/** What was said in a one-on-one: sealed in a wrap of its own that carries a NIP-40 expiration. */
export const ConversationNoteRecordSchema = z.object({
  type: z.literal('conversation_note'),
  id: RecordIdSchema,
  collective_id: RecordIdSchema,
  conversation: RecordIdSchema,
  issues: z.string().max(4_000),
  asked: z.string().max(4_000),
  commitment: z.string().max(4_000),
  next_step: z.string().max(4_000),
});
export type ConversationNoteRecord = z.infer<typeof ConversationNoteRecordSchema>;

export const STRUCTURE_TEST_KINDS = ['petition', 'sticker_day', 'photo', 'meeting'] as const;

/** A structure test: counts per unit against a target share, not names. */
export const StructureTestRecordSchema = z.object({
  type: z.literal('structure_test'),
  id: RecordIdSchema,
  prev: Prev,
  collective_id: RecordIdSchema,
  kind: z.enum(STRUCTURE_TEST_KINDS),
  target_share: z.number().min(0).max(1),
  deadline: IsoDateSchema.nullable(),
  tally: z.array(z.strictObject({ unit: RecordIdSchema, count: Count })).max(200),
});
export type StructureTestRecord = z.infer<typeof StructureTestRecordSchema>;

export const TASK_STATUSES = ['open', 'done', 'dropped'] as const;

export const TaskRecordSchema = z.object({
  type: z.literal('task'),
  id: RecordIdSchema,
  prev: Prev,
  collective_id: RecordIdSchema,
  title: text(300),
  assignee: DeskUsernameSchema.nullable(),
  due: IsoDateSchema.nullable(),
  status: z.enum(TASK_STATUSES),
});
export type TaskRecord = z.infer<typeof TaskRecordSchema>;

export const JOIN_STATUSES = ['new', 'vouched', 'assigned', 'joined', 'declined'] as const;
export const JoinStatusSchema = z.enum(JOIN_STATUSES);
export type JoinStatus = z.infer<typeof JoinStatusSchema>;

/**
 * The desk's triage of a join request (a 4622 sealed to the desk): new → vouched → assigned (to
 * an organizer, for a collective) → joined (a person of it), or declined, which is purged with
 * the request 30 days later. Versioned like the rest; `id` is `join.` and the request's rumor id.
 */
export const JoinStatusRecordSchema = z.object({
  type: z.literal('join_status'),
  id: RecordIdSchema,
  prev: Prev,
  /** The join request (its rumor id) and the wrap that brought it (what a purge deletes). */
  request: Hex64Schema,
  request_wrap: Hex64Schema,
  status: JoinStatusSchema,
  organizer: DeskUsernameSchema.nullable(),
  collective_id: RecordIdSchema.nullable(),
  person: RecordIdSchema.nullable(),
  note: z.string().max(1_000).nullable(),
  by: DeskUsernameSchema,
  /** When this status was set (unix seconds): a decline is purged 30 days after it. */
  at: z.number().int().min(0).max(1e11),
});
export type JoinStatusRecord = z.infer<typeof JoinStatusRecordSchema>;

export const ORGANIZE_RECORD_SCHEMAS = {
  collective: CollectiveRecordSchema,
  collective_access: CollectiveAccessRecordSchema,
  person: PersonRecordSchema,
  assessment: AssessmentRecordSchema,
  conversation: ConversationRecordSchema,
  conversation_note: ConversationNoteRecordSchema,
  structure_test: StructureTestRecordSchema,
  task: TaskRecordSchema,
  join_status: JoinStatusRecordSchema,
  // The program's planks and amendments (issue 13) ride on the same versioned store.
  ...PROGRAM_RECORD_SCHEMAS,
} as const;

export type OrganizeRecordType = keyof typeof ORGANIZE_RECORD_SCHEMAS;
export const ORGANIZE_RECORD_TYPES = Object.keys(ORGANIZE_RECORD_SCHEMAS) as OrganizeRecordType[];

export type OrganizeRecord =
  | CollectiveRecord
  | CollectiveAccessRecord
  | PersonRecord
  | AssessmentRecord
  | ConversationRecord
  | ConversationNoteRecord
  | StructureTestRecord
  | TaskRecord
  | JoinStatusRecord
  | ProgramRecord;

/**
 * Parse a desk record's content as an organize record; undefined when its `type` is not one of
 * organizing's or it does not fit its schema (a record from a newer node, a damaged one).
 */
export function parseOrganizeRecord(content: unknown): OrganizeRecord | undefined {
  const type = (content as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !(type in ORGANIZE_RECORD_SCHEMAS)) return undefined;
  const parsed = ORGANIZE_RECORD_SCHEMAS[type as OrganizeRecordType].safeParse(content);
  return parsed.success ? (parsed.data as OrganizeRecord) : undefined;
}
