import { z } from 'zod';
import { ValidationError } from './errors.js';
import { type NostrEvent, tagValue, tagValues } from './event.js';
import { encodeGeohash, GEOHASH_MAX_PRECISION } from './geohash.js';
import { Kind, PRIVATE_RUMOR_KINDS } from './kinds.js';
import { ARTICLE_TOPIC_PATTERN } from './material-topics.js';
import { ORGANIZE_RECORD_SCHEMAS } from './organize-records.js';
import { IsoDateSchema, RecordIdSchema } from './record-parts.js';
import {
  ActorRoleSchema,
  DEMAND_CLASS,
  DemandClassSchema,
  DemandSchema,
  demandClasses,
  EventTypeSchema,
  GeoPrecisionSchema,
  OrganizationSchema,
  SectorSchema,
  StateResponseSchema,
  SUB_EVENT_TYPE_TO_EVENT_TYPE,
  SubEventTypeSchema,
  TacticSchema,
  TimePrecisionSchema,
  VerificationStatusSchema,
} from './taxonomy.js';
import { type TrustedRelaysContent, TrustedRelaysContentSchema } from './trusted-relays.js';
import { BallotContentSchema, VoteResultContentSchema } from './vote-records.js';
import { Hex64Schema } from './zod-util.js';

export { type TrustedRelaysContent, TrustedRelaysContentSchema };

/*
 * Schemas of the content of every project kind (ARCHITECTURE.md), and the tags each kind must
 * carry. Types are `z.infer` of the schemas. No schema transforms its input, so what a builder
 * validates is byte for byte what it stores.
 */

// ---------------------------------------------------------------- shared pieces

export { IsoDateSchema, RecordIdSchema };

export const LANGS = ['ru', 'kk', 'en'] as const;
export const LangSchema = z.enum(LANGS);
export type Lang = z.infer<typeof LangSchema>;

/** NIP-32 namespace of the demand-class labels (`L`/`l` tags) on coded events. */
export const DEMAND_CLASS_NAMESPACE = 'tilshi/demand-class';

const Count = z.number().int().min(0).max(100_000_000);
const text = (max: number) => z.string().min(1).max(max);

function uniqueList<T extends z.ZodType>(item: T, max: number) {
  return z
    .array(item)
    .max(max)
    .refine((list) => new Set(list).size === list.length, 'must not repeat a value');
}

/**
 * A private record travels as a rumor inside a NIP-44 seal inside a NIP-44 gift wrap; NIP-44
 * encrypts at most 65,535 bytes, and the two layers of base64 and padding grow the rumor about
 * 1.9 times. This bound on the rumor content keeps the wrap under that limit.
 */
export const RUMOR_CONTENT_MAX_BYTES = 32_000;

// ---------------------------------------------------------------- 4620 report

/**
 * `nostr`: a report from an ordinary Nostr client (a NIP-17 direct message, a kind 1 note or a
 * plain-text 4620 sealed to the desk), whose text is the message itself (docs/send-from-nostr.md).
 */
export const REPORT_CHANNELS = ['web', 'sms', 'bundle', 'cli', 'import', 'nostr'] as const;
export const ReportChannelSchema = z.enum(REPORT_CHANNELS);
export type ReportChannel = z.infer<typeof ReportChannelSchema>;

export const REPORT_LIMITS = { textMax: 5_000, attachmentsMax: 3, attachmentDataMax: 24_000 } as const;

/** What the reporter (or the channel) offers to help coding; nothing that identifies the reporter. */
export const ReportHintsSchema = z.strictObject({
  place: text(200).optional(),
  enterprise: text(200).optional(),
  /** What happened, in the reporter's words (a strike, a rally, arrests…). */
  what: text(200).optional(),
  /** How many people, as the reporter put it ("about 300", "сотни"). */
  people: text(100).optional(),
  date: IsoDateSchema.optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  /** Id of the line in an imported file (`tilshi import reports`), to trace it back. */
  source_id: text(200).optional(),
});
export type ReportHints = z.infer<typeof ReportHintsSchema>;

export const AttachmentSchema = z.strictObject({
  mime: z.string().regex(/^(image|audio|video|text|application)\/[a-z0-9.+-]{1,100}$/, 'must be a MIME type'),
  name: text(200).optional(),
  data: z.base64().max(REPORT_LIMITS.attachmentDataMax),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const ReportContentSchema = z.strictObject({
  text: text(REPORT_LIMITS.textMax),
  channel: ReportChannelSchema,
  lang: LangSchema.optional(),
  hints: ReportHintsSchema.optional(),
  attachments: z.array(AttachmentSchema).max(REPORT_LIMITS.attachmentsMax).optional(),
  /**
   * A public key made for this report alone: the desk seals its replies to it, so that the wrap
   * a relay carries names neither the reporter's device key nor another of their reports.
   */
  reply_key: Hex64Schema.optional(),
  /**
   * The node key of the node the reporter's page handed the report to, where that page fetches
   * its replies: the desk warns when no path it knows leads there (docs/intake.md, "Routes back").
   * Inside the encryption, so no relay learns it.
   */
  via: Hex64Schema.optional(),
  /**
   * An SMS report's way back: the sender's number encrypted (NIP-44) with a key only the intake
   * node that took the SMS can derive from its `intake.key`. Opaque to the desk and to relays.
   */
  sms_return: z.string().min(1).max(400).optional(),
});
export type ReportContent = z.infer<typeof ReportContentSchema>;

// ---------------------------------------------------------------- 4621 reply, 4622 join request

/** A desk's answer to a reporter; the rumor's `p` tag names the reporter, an `e` tag the report. */
export const ReplyContentSchema = z.strictObject({
  text: text(5_000),
  lang: LangSchema.optional(),
});
export type ReplyContent = z.infer<typeof ReplyContentSchema>;

/**
 * 4624: the desk's receipt of a report ("the desk has it"), sealed to the report's reply key. Its
 * content names the report and nothing else.
 */
export const ReceiptContentSchema = z.strictObject({
  report: Hex64Schema,
});
export type ReceiptContent = z.infer<typeof ReceiptContentSchema>;

/** What a person who writes to /join wants: join a collective, start one, or help. */
export const JOIN_WANTS = ['join', 'start', 'help'] as const;
export const JoinWantSchema = z.enum(JOIN_WANTS);
export type JoinWant = z.infer<typeof JoinWantSchema>;

/** Bounds of a join request's fields (the /join page keeps to them too). */
export const JOIN_LIMITS = { pseudonym: 100, place: 200, contact: 300, message: 4_000 } as const;

/**
 * A request to join (kind 4622), sealed to the desk from /join: a pseudonym (never a legal
 * name), where they work or live (an enterprise or a settlement: at least one), what they want,
 * and how to reach them in their own words. `reply_key` works as a report's does: the desk
 * seals its replies to it.
 */
export const JoinRequestContentSchema = z
  .strictObject({
    pseudonym: text(JOIN_LIMITS.pseudonym),
    enterprise: text(JOIN_LIMITS.place).optional(),
    settlement: text(JOIN_LIMITS.place).optional(),
    want: JoinWantSchema,
    /** How to reach the applicant, in their words (a messenger handle, "ask at the canteen"). */
    contact: text(JOIN_LIMITS.contact).optional(),
    message: text(JOIN_LIMITS.message).optional(),
    /** A collective the applicant names (a public profile's id), if any. */
    collective_id: RecordIdSchema.optional(),
    lang: LangSchema.optional(),
    reply_key: Hex64Schema.optional(),
  })
  .refine((c) => c.enterprise !== undefined || c.settlement !== undefined, {
    message: 'name an enterprise or a settlement',
    path: ['enterprise'],
  });
export type JoinRequestContent = z.infer<typeof JoinRequestContentSchema>;

// ---------------------------------------------------------------- 4630 desk-private record

const DeskRecordTypeSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a snake_case type');

export const ReportLinkRecordSchema = z.looseObject({
  type: z.literal('report_link'),
  id: RecordIdSchema,
  report_id: Hex64Schema,
  event_id: RecordIdSchema,
  note: z.string().max(2_000).optional(),
});
export type ReportLinkRecord = z.infer<typeof ReportLinkRecordSchema>;

export const VerificationNoteRecordSchema = z.looseObject({
  type: z.literal('verification_note'),
  id: RecordIdSchema,
  event_id: RecordIdSchema,
  status: VerificationStatusSchema,
  note: z.string().max(4_000),
});
export type VerificationNoteRecord = z.infer<typeof VerificationNoteRecordSchema>;

export const RosterMemberSchema = z.looseObject({
  name: text(200),
  contact: z.string().max(300).optional(),
  role: z.string().max(100).optional(),
  joined: IsoDateSchema.optional(),
});
export type RosterMember = z.infer<typeof RosterMemberSchema>;

export const CollectiveRosterRecordSchema = z.looseObject({
  type: z.literal('collective_roster'),
  id: RecordIdSchema,
  collective_id: RecordIdSchema,
  members: z.array(RosterMemberSchema).max(2_000),
});
export type CollectiveRosterRecord = z.infer<typeof CollectiveRosterRecordSchema>;

export const OneOnOneRecordSchema = z.looseObject({
  type: z.literal('one_on_one'),
  id: RecordIdSchema,
  person: text(200),
  date: IsoDateSchema,
  notes: z.string().max(8_000),
  collective_id: RecordIdSchema.optional(),
});
export type OneOnOneRecord = z.infer<typeof OneOnOneRecordSchema>;

/** Binary bytes of a coding model carried by one record (base64 keeps the rumor under its bound). */
export const CODING_MODEL_PART_BYTES = 20_000;

/**
 * One part of the desk's coding model (src/analysis/model.ts, trained on the desk's decisions):
 * the encoded model cut into parts of `CODING_MODEL_PART_BYTES`, all sharing `version` (the
 * hash of the whole), so that it travels between desk nodes like any desk record.
 */
export const CodingModelRecordSchema = z
  .looseObject({
    type: z.literal('coding_model'),
    id: RecordIdSchema,
    version: z.string().regex(/^[0-9a-f]{16,64}$/, 'must be a hex hash'),
    part: z.number().int().min(0).max(499),
    parts: z.number().int().min(1).max(500),
    examples: Count,
    decisions: Count,
    trained_at: z.iso.datetime(),
    data: z.base64().max(Math.ceil(CODING_MODEL_PART_BYTES / 3) * 4),
  })
  .refine((r) => r.part < r.parts, { message: 'must be below parts', path: ['part'] });
export type CodingModelRecord = z.infer<typeof CodingModelRecordSchema>;

const DESK_RECORD_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  report_link: ReportLinkRecordSchema,
  coding_model: CodingModelRecordSchema,
  verification_note: VerificationNoteRecordSchema,
  collective_roster: CollectiveRosterRecordSchema,
  one_on_one: OneOnOneRecordSchema,
  // The organizer's workspace (issue 12): collectives, people, assessments, one-on-ones…
  ...ORGANIZE_RECORD_SCHEMAS,
};

/** Desk record types whose fields are checked; other types need only `type` and `id`. */
export const DESK_RECORD_TYPES = Object.keys(DESK_RECORD_SCHEMAS);

export type KnownDeskRecord =
  | ReportLinkRecord
  | CodingModelRecord
  | VerificationNoteRecord
  | CollectiveRosterRecord
  | OneOnOneRecord;

/**
 * `{type, id, ...}`. A known `type` is checked against its schema; fields beyond the schema are
 * kept, so that new record types and fields need no change here.
 */
export const DeskRecordContentSchema = z
  .looseObject({ type: DeskRecordTypeSchema, id: RecordIdSchema })
  .superRefine((value, ctx) => {
    const schema = DESK_RECORD_SCHEMAS[value.type];
    if (!schema) return;
    const parsed = schema.safeParse(value);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
  });
export type DeskRecordContent = z.infer<typeof DeskRecordContentSchema>;

// ---------------------------------------------------------------- 30620 coded event

export const LocationSchema = z
  .strictObject({
    /** Common English spelling; null for a national event. */
    settlement: text(200).nullable(),
    /** Oblast or city of republican significance; null for a national event. */
    admin1: text(200).nullable(),
    country: text(100),
    lat: z.number().min(-90).max(90).nullable(),
    lon: z.number().min(-180).max(180).nullable(),
    geonames_id: z.number().int().positive().optional(),
    geo_precision: GeoPrecisionSchema,
  })
  .refine((l) => (l.lat === null) === (l.lon === null), {
    message: 'lat and lon must both be set or both be null',
    path: ['lat'],
  });
export type Location = z.infer<typeof LocationSchema>;

export const ActorSchema = z.strictObject({
  name: text(200),
  role: ActorRoleSchema,
  enterprise: text(200).optional(),
});
export type Actor = z.infer<typeof ActorSchema>;

export const EnterpriseSchema = z.strictObject({ name: text(200), sector: SectorSchema });
export type Enterprise = z.infer<typeof EnterpriseSchema>;

/** Crowd size: an exact figure in `low` only, `high` only for a range; the source's words in `text`. */
export const SizeSchema = z
  .strictObject({ low: Count, high: Count.nullable(), text: z.string().max(300) })
  .refine((s) => s.high === null || s.high >= s.low, { message: 'must not be below low', path: ['high'] });
export type Size = z.infer<typeof SizeSchema>;

export const SourceSchema = z.strictObject({
  name: text(300),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .optional(),
  date: IsoDateSchema.optional(),
});
export type Source = z.infer<typeof SourceSchema>;

export const CodedEventContentSchema = z
  .strictObject({
    /** Equals the `d` tag. */
    id: RecordIdSchema,
    event_type: EventTypeSchema,
    sub_event_type: SubEventTypeSchema,
    date: IsoDateSchema,
    time_precision: TimePrecisionSchema,
    location: LocationSchema,
    actors: z.array(ActorSchema).max(30),
    enterprise: EnterpriseSchema.nullable(),
    tactics: uniqueList(TacticSchema, 20),
    demands: uniqueList(DemandSchema, 40),
    state_responses: uniqueList(StateResponseSchema, 20),
    size: SizeSchema.nullable(),
    fatalities: Count.nullable(),
    injured: Count.nullable(),
    detained: Count.nullable(),
    organization: OrganizationSchema,
    verification: VerificationStatusSchema,
    sources: z.array(SourceSchema).max(30).optional(),
    notes: z.string().max(8_000).optional(),
    /** Reports behind the event; the desk usually keeps these links private (kind 4630). */
    report_ids: uniqueList(Hex64Schema, 200).optional(),
    /** Coded events this one answers or belongs with (a state measure and the protest it answers). */
    related_events: uniqueList(RecordIdSchema, 100).optional(),
    /** Collectives (kind 30621 `d`) named and tied to the action. */
    collectives: uniqueList(RecordIdSchema, 50).optional(),
  })
  .superRefine((e, ctx) => {
    const owner = SUB_EVENT_TYPE_TO_EVENT_TYPE[e.sub_event_type];
    if (owner !== e.event_type) {
      ctx.addIssue({
        code: 'custom',
        path: ['sub_event_type'],
        message: `'${e.sub_event_type}' belongs to event_type ${owner}, not ${e.event_type}`,
      });
    }
  });
export type CodedEventContent = z.infer<typeof CodedEventContentSchema>;

// ---------------------------------------------------------------- 30621 labour collective

export const COLLECTIVE_FORMS = ['collective', 'union', 'initiative_group', 'committee'] as const;
export const CollectiveFormSchema = z.enum(COLLECTIVE_FORMS);
export type CollectiveForm = z.infer<typeof CollectiveFormSchema>;

/** Stages of organizing a collective goes through (its `stage` when the profile shows it). */
export const COLLECTIVE_PROFILE_STAGES = ['contact', 'initiative_group', 'committee', 'union'] as const;

/** Headcount shown as a band, never the exact figure (docs/organize.md). */
export const HEADCOUNT_BANDS = ['1-49', '50-249', '250-999', '1000-4999', '5000+'] as const;

/**
 * The public profile: only what the collective agreed to publish. Every field but `id`, `form`
 * and `accepts_join_requests` may be left out: an organizer ticks what is shown, and a profile
 * may show no more than a stage and a region (counted on the situation page, never named).
 */
export const CollectiveContentSchema = z.strictObject({
  id: RecordIdSchema,
  name: text(200).optional(),
  form: CollectiveFormSchema,
  stage: z.enum(COLLECTIVE_PROFILE_STAGES).optional(),
  sector: SectorSchema.optional(),
  headcount_band: z.enum(HEADCOUNT_BANDS).optional(),
  /** Coded events (30620 `d`) the collective led. */
  events: uniqueList(RecordIdSchema, 500).optional(),
  enterprise: EnterpriseSchema.nullable(),
  settlement: text(200).nullable(),
  admin1: text(200).nullable(),
  accepts_join_requests: z.boolean(),
  founded: IsoDateSchema.optional(),
  description: z.string().max(8_000).optional(),
  member_count: Count.optional(),
  demands: uniqueList(DemandSchema, 40).optional(),
  contact: text(500).optional(),
  lang: LangSchema.optional(),
});
export type CollectiveContent = z.infer<typeof CollectiveContentSchema>;

// ---------------------------------------------------------------- 30622 demands program

/**
 * Support of a demand. In a published program a count below its `threshold` is null: withheld
 * so that a lone collective cannot be singled out (not zero).
 */
export const DemandSupportSchema = z.strictObject({
  events: Count.nullable(),
  collectives: Count.nullable(),
  /** Signatures or show of hands, when counted. */
  people: Count.nullable().optional(),
  regions: Count.nullable().optional(),
  first_seen: IsoDateSchema.optional(),
  last_seen: IsoDateSchema.optional(),
});
export type DemandSupport = z.infer<typeof DemandSupportSchema>;

/** A coded demand, or (code null) one in the collective's own words, always with its class. */
export const ProgramDemandSchema = z
  .strictObject({
    code: DemandSchema.nullable(),
    /** Null only for a demand in people's own words that nobody has classed. */
    class: DemandClassSchema.nullable(),
    text: text(1_000).optional(),
    support: DemandSupportSchema,
  })
  .superRefine((d, ctx) => {
    if (d.code === null && d.text === undefined) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'a demand without a code needs a text' });
    }
    if (d.code !== null && DEMAND_CLASS[d.code] !== d.class) {
      ctx.addIssue({
        code: 'custom',
        path: ['class'],
        message: `'${d.code}' is a ${DEMAND_CLASS[d.code]} demand, not ${d.class}`,
      });
    }
  });
export type ProgramDemand = z.infer<typeof ProgramDemandSchema>;

export const PLANK_OUTCOMES = ['put_to_vote', 'adopted', 'won', 'partly_won', 'lost'] as const;

/** A plank as published: its text in the languages it has, the demands it merges, its support. */
export const PublishedPlankSchema = z.strictObject({
  id: RecordIdSchema,
  text: z
    .strictObject({ ru: text(2_000).optional(), kk: text(2_000).optional(), en: text(2_000).optional() })
    .refine((t) => t.ru || t.kk || t.en, 'a plank needs a text in one language at least'),
  status: z.enum(PLANK_OUTCOMES),
  /** Demand codes, or `text:KEY` for a group of demands in people's own words. */
  demands: z.array(z.string().min(1).max(140)).max(100),
  support: DemandSupportSchema,
  /** Published concession events (30620 `d`) that are the evidence of the outcome. */
  evidence: uniqueList(RecordIdSchema, 50).optional(),
  /** The vote's tally once votes are built; null until then. */
  vote: z
    .strictObject({ agree: Count, abstain: Count, disagree: Count, block: Count, ballots: Count })
    .nullable(),
});
export type PublishedPlank = z.infer<typeof PublishedPlankSchema>;

export const DemandsProgramContentSchema = z.strictObject({
  id: RecordIdSchema,
  /** The title in one language (Russian first), for readers that know no other field. */
  title: text(300),
  /** The title in each language the desk wrote it in (an empty one is left out). */
  titles: z
    .strictObject({ ru: text(300).optional(), kk: text(300).optional(), en: text(300).optional() })
    .optional(),
  demands: z
    .array(ProgramDemandSchema)
    .min(1)
    .max(200)
    .refine((list) => {
      const codes = list.flatMap((d) => (d.code === null ? [] : [d.code]));
      return new Set(codes).size === codes.length;
    }, 'must not repeat a demand code'),
  scope: z
    .strictObject({
      admin1: text(200).optional(),
      enterprise: text(200).optional(),
      collectives: uniqueList(RecordIdSchema, 200).optional(),
    })
    .optional(),
  period: z
    .strictObject({ from: IsoDateSchema, to: IsoDateSchema })
    .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] })
    .optional(),
  summary: z.string().max(8_000).optional(),
  lang: LangSchema.optional(),
  /** The program's planks as adopted, in order (src/program; issue 13). */
  planks: z.array(PublishedPlankSchema).max(200).optional(),
  /** Counts below this were withheld (null) in every support. */
  threshold: z.number().int().min(1).max(1_000).optional(),
  /**
   * Collectives that endorsed the program: how many (null: fewer than the threshold, and not
   * every one agreed to be named), and those that agreed to be named.
   */
  endorsements: z
    .strictObject({
      count: Count.nullable(),
      named: z.array(z.strictObject({ id: RecordIdSchema, name: text(200) })).max(1_000),
    })
    .optional(),
  adopted: IsoDateSchema.optional(),
});
export type DemandsProgramContent = z.infer<typeof DemandsProgramContentSchema>;

// ---------------------------------------------------------------- 30023 article (NIP-23)

export const ARTICLE_TYPES = ['brief', 'material', 'news', 'program'] as const;
export const ArticleTypeSchema = z.enum(ARTICLE_TYPES);
export type ArticleType = z.infer<typeof ArticleTypeSchema>;

/**
 * An article as one object. On the wire the markdown is the content and the rest are tags:
 * `d`=id, `title`, `summary`, `published_at`, `t`=type (plus a `t` per topic), `lang`.
 */
export const ArticleSchema = z.strictObject({
  id: RecordIdSchema,
  title: text(300),
  summary: z.string().max(2_000).optional(),
  /** Unix seconds; a later edit keeps the first publication time. */
  published_at: z
    .number()
    .int()
    .min(0)
    .max(2 ** 40),
  type: ArticleTypeSchema,
  lang: LangSchema,
  topics: uniqueList(z.string().regex(ARTICLE_TOPIC_PATTERN, 'must be a lowercase topic'), 20),
  markdown: text(200_000),
});
export type Article = z.infer<typeof ArticleSchema>;

// ---------------------------------------------------------------- 10620 node announcement

export const NODE_ROLES = ['relay', 'desk'] as const;
export const NodeRoleSchema = z.enum(NODE_ROLES);
export type NodeRole = z.infer<typeof NodeRoleSchema>;

export const NodeAnnouncementContentSchema = z.strictObject({
  name: text(100),
  /** Where the node answers (http(s) for pages and API, ws(s) for the relay); may be empty. */
  urls: uniqueList(z.url({ protocol: /^(https?|wss?)$/ }).max(500), 10),
  role: NodeRoleSchema,
  /** The desk this node forwards reports to (a desk names itself). */
  desk_pubkey: Hex64Schema,
});
export type NodeAnnouncementContent = z.infer<typeof NodeAnnouncementContentSchema>;

// ---------------------------------------------------------------- validation

const JSON_CONTENT_SCHEMAS = {
  [Kind.Report]: ReportContentSchema,
  [Kind.Reply]: ReplyContentSchema,
  [Kind.Receipt]: ReceiptContentSchema,
  [Kind.JoinRequest]: JoinRequestContentSchema,
  [Kind.Ballot]: BallotContentSchema,
  [Kind.DeskRecord]: DeskRecordContentSchema,
  [Kind.CodedEvent]: CodedEventContentSchema,
  [Kind.Collective]: CollectiveContentSchema,
  [Kind.DemandsProgram]: DemandsProgramContentSchema,
  [Kind.VoteResult]: VoteResultContentSchema,
  [Kind.NodeAnnouncement]: NodeAnnouncementContentSchema,
  [Kind.TrustedRelays]: TrustedRelaysContentSchema,
} as const;

/** Kinds whose content is a JSON object checked here (30023 is markdown: see `parseArticle`). */
export type JsonContentKind = keyof typeof JSON_CONTENT_SCHEMAS;
export type RecordContent<K extends JsonContentKind> = z.infer<(typeof JSON_CONTENT_SCHEMAS)[K]>;

/** The part of an event that content validation reads; signed and unsigned events both fit. */
export type RecordLike = Pick<NostrEvent, 'kind' | 'tags' | 'content'>;

/**
 * The schema of a kind's JSON content, if the kind is one of the project's JSON kinds.
 * @example contentSchemaFor(Kind.CodedEvent)?.safeParse(json)
 */
export function contentSchemaFor(kind: number): z.ZodType | undefined {
  return isJsonContentKind(kind) ? JSON_CONTENT_SCHEMAS[kind] : undefined;
}

/**
 * Check the content and the required tags of a record of a project kind. Kinds this layer does
 * not know pass untouched. Throws ValidationError('invalid_content'), its message naming the field.
 *
 * @example validateRecordContent(event) // before storing or signing
 */
export function validateRecordContent(event: RecordLike): void {
  if (event.kind === Kind.Article) parseArticle(event);
  else if (isJsonContentKind(event.kind)) parseRecordContent(event.kind, event);
}

/**
 * Validate a record and return its content, typed by kind.
 * Throws ValidationError('invalid_content') as `validateRecordContent` does.
 *
 * @example const coded = parseRecordContent(Kind.CodedEvent, event); coded.demands
 */
export function parseRecordContent<K extends JsonContentKind>(kind: K, event: RecordLike): RecordContent<K> {
  if (event.kind !== kind) fail(kind, 'kind', `expected kind ${kind}, got ${event.kind}`);
  if (PRIVATE_RUMOR_KINDS.has(kind)) {
    const bytes = utf8.encode(event.content).length;
    if (bytes > RUMOR_CONTENT_MAX_BYTES) {
      fail(kind, 'content', `is ${bytes} bytes; a private record holds at most ${RUMOR_CONTENT_MAX_BYTES}`);
    }
  }
  let raw: unknown;
  try {
    raw = JSON.parse(event.content);
  } catch {
    fail(kind, 'content', 'is not valid JSON');
  }
  const content = checkContent(kind, raw);
  checkTags(kind, event, content);
  return content;
}

/**
 * Check a content value (already parsed from JSON) against its kind's schema; tags are not
 * looked at. Throws ValidationError('invalid_content').
 *
 * @example const content = checkContent(Kind.Report, { text: 'Strike at the depot', channel: 'web' });
 */
export function checkContent<K extends JsonContentKind>(kind: K, value: unknown): RecordContent<K> {
  // TypeScript cannot follow a generic index into the table; the table is what ties them.
  const schema = JSON_CONTENT_SCHEMAS[kind] as unknown as z.ZodType<RecordContent<K>>;
  return check(kind, schema, value);
}

/**
 * Check an article given as one object (the form builders take). Throws ValidationError('invalid_content').
 *
 * @example checkArticle({ id: 'brief-2022-01-05', title: 'Situation', type: 'brief', … })
 */
export function checkArticle(value: unknown): Article {
  return check(Kind.Article, ArticleSchema, value);
}

/**
 * Read a NIP-23 article (kind 30023) into one object, checking its tags and markdown.
 * Throws ValidationError('invalid_content').
 *
 * @example const { title, type, markdown } = parseArticle(event);
 */
export function parseArticle(event: RecordLike): Article {
  const kind = Kind.Article;
  if (event.kind !== kind) fail(kind, 'kind', `expected kind ${kind}, got ${event.kind}`);
  const publishedAt = requireTag(kind, event, 'published_at');
  if (!/^\d{1,13}$/.test(publishedAt)) fail(kind, 'tags.published_at', 'must be unix seconds');
  const ts = tagValues(event, 't');
  const types = ts.filter((t): t is ArticleType => (ARTICLE_TYPES as readonly string[]).includes(t));
  if (types.length !== 1) fail(kind, 'tags.t', `needs exactly one of ${ARTICLE_TYPES.join('|')}`);
  const summary = tagValue(event, 'summary');
  const raw = {
    id: requireTag(kind, event, 'd'),
    title: requireTag(kind, event, 'title'),
    ...(summary === undefined ? {} : { summary }),
    published_at: Number(publishedAt),
    type: types[0],
    lang: requireTag(kind, event, 'lang'),
    topics: ts.filter((t) => t !== types[0]),
    markdown: event.content,
  };
  return check(kind, ArticleSchema, raw, (field) => ARTICLE_FIELD_SOURCE[field] ?? field);
}

const ARTICLE_FIELD_SOURCE: Readonly<Record<string, string>> = {
  id: 'tags.d',
  title: 'tags.title',
  summary: 'tags.summary',
  published_at: 'tags.published_at',
  type: 'tags.t',
  lang: 'tags.lang',
  topics: 'tags.t',
  markdown: 'content',
};

// ---------------------------------------------------------------- internals

const utf8 = new TextEncoder();

const KIND_LABEL: Readonly<Record<number, string>> = {
  [Kind.Report]: 'report',
  [Kind.Reply]: 'reply',
  [Kind.JoinRequest]: 'join request',
  [Kind.Ballot]: 'ballot',
  [Kind.DeskRecord]: 'desk record',
  [Kind.CodedEvent]: 'coded event',
  [Kind.Collective]: 'collective',
  [Kind.DemandsProgram]: 'demands program',
  [Kind.VoteResult]: 'vote result',
  [Kind.Article]: 'article',
  [Kind.NodeAnnouncement]: 'node announcement',
  [Kind.TrustedRelays]: 'trusted relays',
};

function isJsonContentKind(kind: number): kind is JsonContentKind {
  return Object.hasOwn(JSON_CONTENT_SCHEMAS, kind);
}

function fail(kind: number, field: string, message: string): never {
  const record = `${KIND_LABEL[kind] ?? 'record'} (kind ${kind})`;
  throw new ValidationError('invalid_content', `${record} ${field}: ${message}`, { kind, field });
}

function check<T>(
  kind: number,
  schema: z.ZodType<T>,
  raw: unknown,
  fieldName: (field: string) => string = (f) => f,
): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String) ?? [];
  // Name the unexpected key itself, not the object that holds it.
  if (issue?.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  const head = path[0];
  const field = head === undefined ? 'content' : [fieldName(head), ...path.slice(1)].join('.');
  return fail(kind, field, issue?.message ?? 'invalid');
}

function requireTag(kind: number, event: RecordLike, name: string): string {
  const value = tagValue(event, name);
  if (value === undefined || value === '') fail(kind, `tags.${name}`, 'missing');
  return value;
}

function checkTags(kind: JsonContentKind, event: RecordLike, content: unknown): void {
  switch (kind) {
    case Kind.Reply: {
      const p = requireTag(kind, event, 'p');
      if (!Hex64Schema.safeParse(p).success) fail(kind, 'tags.p', 'must be the hex pubkey of the reporter');
      return;
    }
    case Kind.CodedEvent: {
      const coded = content as CodedEventContent;
      checkD(kind, event, coded.id);
      if (!tagValues(event, 't').includes(coded.event_type)) {
        fail(kind, 'tags.t', `must include the event_type ${coded.event_type}`);
      }
      if (requireTag(kind, event, 'date') !== coded.date) {
        fail(kind, 'tags.date', `must equal date ${coded.date}`);
      }
      const { lat, lon } = coded.location;
      // Every `g` (one per precision) must be a cell that holds the event's point.
      for (const g of tagValues(event, 'g')) {
        const fits = g.length >= 1 && g.length <= GEOHASH_MAX_PRECISION && lat !== null && lon !== null;
        if (!fits || encodeGeohash(lat, lon, g.length) !== g) {
          fail(kind, 'tags.g', 'must be the geohash of location lat/lon');
        }
      }
      // Relays filter on these labels, so they must say exactly what the demands say.
      const labelled = event.tags
        .filter((t) => t[0] === 'l' && t[2] === DEMAND_CLASS_NAMESPACE)
        .map((t) => t[1]);
      const expected = demandClasses(coded.demands);
      if ([...labelled].sort().join() !== [...expected].sort().join()) {
        fail(kind, 'tags.l', `demand-class labels must be exactly [${expected.join(', ')}]`);
      }
      const namespaced = event.tags.some((t) => t[0] === 'L' && t[1] === DEMAND_CLASS_NAMESPACE);
      if (expected.length > 0 && !namespaced) {
        fail(kind, 'tags.L', `missing the ${DEMAND_CLASS_NAMESPACE} namespace`);
      }
      return;
    }
    case Kind.Collective:
    case Kind.DemandsProgram:
    case Kind.VoteResult:
      checkD(kind, event, (content as { id: string }).id);
      return;
    case Kind.TrustedRelays: {
      // Generic clients and filters read the keys from `p` tags: they must say what the content says.
      const keys = (content as TrustedRelaysContent).relays.map((r) => r.pubkey);
      if ([...tagValues(event, 'p')].sort().join() !== [...keys].sort().join()) {
        fail(kind, 'tags.p', 'must name exactly the keys of the listed relays');
      }
      return;
    }
    default:
      return;
  }
}

function checkD(kind: number, event: RecordLike, id: string): void {
  if (requireTag(kind, event, 'd') !== id) fail(kind, 'tags.d', `must equal content id ${id}`);
}
