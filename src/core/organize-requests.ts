import { z } from 'zod';
import {
  CollectiveStageSchema,
  DeskUsernameSchema,
  JoinStatusSchema,
  PUBLIC_FIELDS,
  STRUCTURE_TEST_KINDS,
  TASK_STATUSES,
  UNIT_KINDS,
} from './organize-records.js';
import { Hex64Schema, IsoDateSchema, RecordIdSchema } from './record-parts.js';

/*
 * Request bodies of the organizing routes (`/api/v1/desk/collectives…`). Minimal bodies are
 * what the issue names ({name, units} for a collective, {pseudonym, unit} for a person,
 * {person, level} for an assessment); everything else is optional. Strict: a field the node
 * does not know is refused, not dropped.
 */

const line = (max: number) => z.string().trim().min(1).max(max);
const longText = (max: number) => z.string().max(max);
const Size = z.number().int().min(0).max(10_000_000);

export const CreateCollectiveBody = z.strictObject({
  name: line(200),
  units: z
    .array(z.strictObject({ name: line(200), size: Size, kind: z.enum(UNIT_KINDS).optional() }))
    .max(200)
    .refine((units) => new Set(units.map((u) => u.name)).size === units.length, 'unit names must differ'),
  enterprise: z
    .strictObject({ name: line(200), sector: z.string().max(100).nullable().optional() })
    .nullable()
    .optional(),
  settlement: line(200).nullable().optional(),
  admin1: line(200).nullable().optional(),
  sector: line(100).nullable().optional(),
  stage: CollectiveStageSchema.optional(),
  headcount: Size.nullable().optional(),
  needs: longText(4_000).optional(),
  events: z.array(RecordIdSchema).max(500).optional(),
  demands: z
    .array(z.strictObject({ code: z.string().max(100).nullable(), text: z.string().max(1_000).optional() }))
    .max(100)
    .optional(),
  public: z.array(z.enum(PUBLIC_FIELDS)).max(PUBLIC_FIELDS.length).optional(),
});
export type CreateCollectiveInput = z.infer<typeof CreateCollectiveBody>;

/**
 * An edit of a collective names the versions it builds on; fields left out keep their value. A
 * new `stage` is added to `stage_history` with today's date. `units` is the whole list: a unit
 * with an `id` keeps it (renamed, resized), one without is added; none may be left out.
 */
export const EditCollectiveBody = z.strictObject({
  prev: z.array(Hex64Schema).min(1).max(20),
  name: line(200).optional(),
  stage: CollectiveStageSchema.optional(),
  settlement: line(200).nullable().optional(),
  admin1: line(200).nullable().optional(),
  sector: line(100).nullable().optional(),
  headcount: Size.nullable().optional(),
  needs: longText(4_000).optional(),
  units: z
    .array(
      z.strictObject({
        id: RecordIdSchema.optional(),
        name: line(200),
        size: Size,
        kind: z.enum(UNIT_KINDS).optional(),
      }),
    )
    .max(200)
    .optional(),
  events: z.array(RecordIdSchema).max(500).optional(),
  demands: z
    .array(z.strictObject({ code: z.string().max(100).nullable(), text: z.string().max(1_000).optional() }))
    .max(100)
    .optional(),
  public: z.array(z.enum(PUBLIC_FIELDS)).max(PUBLIC_FIELDS.length).optional(),
});
export type EditCollectiveInput = z.infer<typeof EditCollectiveBody>;

export const AddPersonBody = z.strictObject({
  pseudonym: line(100),
  /** A unit's id or its name. */
  unit: line(200),
  role: line(100).nullable().optional(),
  responsible: RecordIdSchema.nullable().optional(),
  contact: line(300).nullable().optional(),
});
export type AddPersonInput = z.infer<typeof AddPersonBody>;

/** An edit of a person names the versions it builds on; fields left out keep their value. */
export const EditPersonBody = z.strictObject({
  prev: z.array(Hex64Schema).min(1).max(20),
  pseudonym: line(100).optional(),
  unit: line(200).optional(),
  role: line(100).nullable().optional(),
  responsible: RecordIdSchema.nullable().optional(),
  contact: line(300).nullable().optional(),
});
export type EditPersonInput = z.infer<typeof EditPersonBody>;

export const AddAssessmentBody = z.strictObject({
  person: RecordIdSchema,
  level: z.number().int().min(1).max(5),
  date: IsoDateSchema.optional(),
  note: longText(2_000).optional(),
});
export type AddAssessmentInput = z.infer<typeof AddAssessmentBody>;

export const LogConversationBody = z.strictObject({
  person: RecordIdSchema,
  date: IsoDateSchema.optional(),
  follow_up: IsoDateSchema.nullable().optional(),
  issues: longText(4_000).optional(),
  asked: longText(4_000).optional(),
  commitment: longText(4_000).optional(),
  next_step: longText(4_000).optional(),
  /** An assessment made in the talk: stored as an assessment of its own, which outlives the note. */
  level: z.number().int().min(1).max(5).optional(),
});
export type LogConversationInput = z.infer<typeof LogConversationBody>;

export const AddStructureTestBody = z.strictObject({
  kind: z.enum(STRUCTURE_TEST_KINDS).optional(),
  target_share: z.number().min(0).max(1).optional(),
  deadline: IsoDateSchema.nullable().optional(),
  /** Counts per unit (id or name). */
  tally: z
    .array(z.strictObject({ unit: line(200), count: Size }))
    .max(200)
    .optional(),
});
export type AddStructureTestInput = z.infer<typeof AddStructureTestBody>;

export const AddTaskBody = z.strictObject({
  title: line(300),
  assignee: DeskUsernameSchema.nullable().optional(),
  due: IsoDateSchema.nullable().optional(),
  status: z.enum(TASK_STATUSES).optional(),
});
export type AddTaskInput = z.infer<typeof AddTaskBody>;

/** An edit of a task (its status, assignee, due day, title) names the versions it builds on. */
export const EditTaskBody = z.strictObject({
  prev: z.array(Hex64Schema).min(1).max(20),
  title: line(300).optional(),
  assignee: DeskUsernameSchema.nullable().optional(),
  due: IsoDateSchema.nullable().optional(),
  status: z.enum(TASK_STATUSES).optional(),
});
export type EditTaskInput = z.infer<typeof EditTaskBody>;

/**
 * `GET /api/v1/desk/collectives/event-search`: the desk's published coded events to link to a
 * collective, found by a word of their id, day, place, enterprise or type.
 */
export const EventSearchQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type EventSearchInput = z.infer<typeof EventSearchQuery>;

export const AssignCollectiveBody = z.strictObject({
  organizers: z.array(DeskUsernameSchema).max(100),
});
export type AssignCollectiveInput = z.infer<typeof AssignCollectiveBody>;

/** The fields ticked for a collective's public profile (30621): what may be shown. */
export const ProfileBody = z.strictObject({
  fields: z.array(z.enum(PUBLIC_FIELDS)).max(PUBLIC_FIELDS.length * 2),
});
export type ProfileInput = z.infer<typeof ProfileBody>;

/** `POST /api/v1/desk/joins/:id/status`: the new status; `assigned` names organizer and collective. */
export const JoinStatusBody = z.strictObject({
  status: JoinStatusSchema,
  organizer: DeskUsernameSchema.optional(),
  collective: RecordIdSchema.optional(),
  note: longText(1_000).nullable().optional(),
  /** The status versions this change builds on (absent: whatever is current). */
  prev: z.array(Hex64Schema).max(20).optional(),
});
export type JoinStatusInput = z.infer<typeof JoinStatusBody>;

/**
 * `GET /api/v1/desk/joins`: one page of the requests the caller sees, newest first. The cursor
 * is the `next` of the page before (`<created_at>:<id>` of its last request).
 */
export const JoinListQuery = z.strictObject({
  status: JoinStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,12}:[0-9a-f]{64}$/, 'must be the next of the page before')
    .optional(),
});
export type JoinListInput = z.infer<typeof JoinListQuery>;

/** `POST /api/v1/desk/joins/:id/to-person`: the unit (and collective) the person joins. */
export const JoinToPersonBody = z.strictObject({
  unit: line(200),
  collective: RecordIdSchema.optional(),
  pseudonym: line(100).optional(),
  /** Copy the contact the person gave into the person record (off unless asked). */
  copy_contact: z.boolean().optional(),
  prev: z.array(Hex64Schema).max(20).optional(),
});
export type JoinToPersonInput = z.infer<typeof JoinToPersonBody>;

/** `POST /api/v1/desk/joins/:id/reply`. */
export const JoinReplyBody = z.strictObject({
  text: line(5_000),
  lang: z.enum(['ru', 'kk', 'en']).optional(),
});
