import { randomBytes } from 'node:crypto';
import type { DeskRecordContent } from '../core/content.js';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import { computeEventId, type NostrEvent } from '../core/event.js';
import type {
  AssessmentRecord,
  CollectiveAccessRecord,
  CollectiveRecord,
  ConversationNoteRecord,
  ConversationRecord,
  OrganizeRecord,
  PersonRecord,
  StructureTestRecord,
  TaskRecord,
  Unit,
} from '../core/organize-records.js';
import type {
  AddAssessmentInput,
  AddPersonInput,
  AddStructureTestInput,
  AddTaskInput,
  AssignCollectiveInput,
  CreateCollectiveInput,
  EditCollectiveInput,
  EditPersonInput,
  EditTaskInput,
  LogConversationInput,
} from '../core/organize-requests.js';
import { buildDeskRecordRumor } from '../core/records.js';
import { sealRumor } from '../crypto/seal.js';
import {
  type Actor,
  accessId,
  assignedOrganizers,
  collectiveHeads,
  type Organize,
  requireAdmin,
  requireCollective,
  requireOrganizingRole,
} from './context.js';
import { headsOf } from './repository.js';

/*
 * Commands of the organizer's workspace. Each builds its records (pure), seals them from the
 * desk to itself and stores them with its audit row in one transaction; the organize
 * projection applies them in that same transaction, so the answer reflects what is stored.
 */

export const newId = (prefix: string) => `${prefix}-${randomBytes(8).toString('hex')}`;
export const today = () => new Date().toISOString().slice(0, 10);
const DAY_SECONDS = 86_400;

/** A created or edited record as the API answers it: the record's fields, its id, its version. */
export type Stored<T extends OrganizeRecord> = Omit<T, 'type' | 'prev'> & { version: string };

export interface Seal {
  record: OrganizeRecord;
  /** NIP-40 expiry of the wrap (unix seconds). */
  expiresAt?: number;
}

/**
 * Seal records from the desk to itself and store them, with any public events of the same
 * change (`also`: a profile, a deletion) and the audit row, in one transaction. Answers each
 * record's version.
 */
export function store(
  org: Organize,
  seals: Seal[],
  audit: { actor: string; action: string; target: string; details?: Record<string, unknown> },
  also: NostrEvent[] = [],
): string[] {
  const createdAt = Math.floor(Date.now() / 1000);
  const sealed = seals.map(({ record, expiresAt }) => {
    const rumor = buildDeskRecordRumor(record as DeskRecordContent, {
      pubkey: org.desk.publicKey,
      createdAt,
    });
    const wrap = sealRumor(rumor, org.desk.secretKey, org.desk.publicKey, {
      wrapSecretKey: org.desk.secretKey,
      ...(expiresAt ? { wrapTags: [['expiration', String(expiresAt)]] } : {}),
    });
    // The version of a record is its rumor id (what `prev` names), not the wrap's.
    return { wrap, version: computeEventId(rumor) };
  });
  org.node.ingest.storeOwn([...sealed.map((s) => s.wrap), ...also], () => {
    org.audit(org.node.db, { ...audit, details: audit.details ?? null });
    return true;
  });
  return sealed.map((s) => s.version);
}

export function present<T extends OrganizeRecord>(record: T, version: string): Stored<T> {
  const { type: _type, ...rest } = record;
  const { prev: _prev, ...fields } = rest as typeof rest & { prev?: unknown };
  return { ...(fields as Omit<T, 'type' | 'prev'>), version };
}

/** A unit of the collective by its id or its name. */
export function findUnit(collective: CollectiveRecord, unit: string): Unit {
  const found = collective.units.find((u) => u.id === unit) ?? collective.units.find((u) => u.name === unit);
  if (!found) throw new ValidationError('unknown_unit', `the collective has no unit "${unit}"`);
  return found;
}

function requirePerson(org: Organize, collectiveId: string, personId: string) {
  const heads = headsOf<PersonRecord>(org.node.db, 'person', personId);
  if (heads.length === 0 || heads[0]!.record.collective_id !== collectiveId) {
    throw new NotFoundError('unknown_person', `the collective has no person ${personId}`);
  }
  return heads;
}

/**
 * Create a collective at the stage `contact` (or the one given), its units numbered `u1`, `u2`…
 * The organizer who creates it may work on it from now on.
 *
 * @example createCollective(org, { username: 'dana', role: 'organizer' }, { name: 'Depot 3', units: [{ name: 'Repair shop', size: 40 }] })
 */
export function createCollective(
  org: Organize,
  actor: Actor,
  input: CreateCollectiveInput,
): Stored<CollectiveRecord> {
  requireOrganizingRole(actor);
  const stage = input.stage ?? 'contact';
  const record: CollectiveRecord = {
    type: 'collective',
    id: newId('col'),
    name: input.name,
    enterprise: input.enterprise
      ? { name: input.enterprise.name, sector: input.enterprise.sector ?? null }
      : null,
    settlement: input.settlement ?? null,
    admin1: input.admin1 ?? null,
    sector: input.sector ?? null,
    stage,
    stage_history: [{ stage, date: today() }],
    headcount: input.headcount ?? null,
    units: input.units.map((u, i) => ({
      id: `u${i + 1}`,
      name: u.name,
      kind: u.kind ?? 'other',
      size: u.size,
    })),
    needs: input.needs ?? '',
    events: input.events ?? [],
    demands: input.demands ?? [],
    public: input.public ?? [],
    created_by: actor.username,
  };
  const [version] = store(org, [{ record }], {
    actor: actor.username,
    action: 'collective.create',
    target: record.id,
    details: { units: record.units.length },
  });
  return present(record, version!);
}

/**
 * Edit a collective (a new version naming its `prev`): a stage change is dated in
 * `stage_history`; units may be renamed, resized and added, never dropped (people are in them).
 * 409 `stale_edit` when `prev` is not what is current.
 */
export function editCollective(
  org: Organize,
  actor: Actor,
  collectiveId: string,
  input: EditCollectiveInput,
): Stored<CollectiveRecord> {
  const heads = requireCollective(org, actor, collectiveId);
  const current = new Set(heads.map((h) => h.rumorId));
  if (!input.prev.every((p) => current.has(p))) {
    throw new ConflictError('stale_edit', 'someone saved this collective meanwhile; compare and save again', {
      current: heads.map((h) => present(h.record, h.rumorId)),
    });
  }
  const base = heads[0]!.record;
  const { prev, units, stage, ...changes } = input;
  const record: CollectiveRecord = { ...base, ...changes, prev };
  if (stage && stage !== base.stage) {
    record.stage = stage;
    record.stage_history = [...base.stage_history, { stage, date: today() }].slice(-20);
  }
  if (units) record.units = mergeUnits(base.units, units);
  const [version] = store(org, [{ record }], {
    actor: actor.username,
    action: 'collective.edit',
    target: collectiveId,
    details: { stage: record.stage, units: record.units.length },
  });
  return present(record, version!);
}

function mergeUnits(before: Unit[], given: NonNullable<EditCollectiveInput['units']>): Unit[] {
  const kept = new Set(given.map((u) => u.id).filter((id): id is string => id !== undefined));
  const dropped = before.filter((u) => !kept.has(u.id));
  if (dropped.length > 0) {
    throw new ValidationError(
      'unit_removed',
      `units are never removed (left out: ${dropped.map((u) => u.id).join(', ')})`,
    );
  }
  const known = new Map(before.map((u) => [u.id, u]));
  let next = Math.max(0, ...before.map((u) => Number(u.id.replace(/^u/, '')) || 0));
  const units = given.map((u) => {
    if (u.id !== undefined && !known.has(u.id))
      throw new ValidationError('unknown_unit', `the collective has no unit "${u.id}"`);
    const old = u.id ? known.get(u.id) : undefined;
    return { id: u.id ?? `u${++next}`, name: u.name, kind: u.kind ?? old?.kind ?? 'other', size: u.size };
  });
  if (new Set(units.map((u) => u.name)).size !== units.length) {
    throw new ValidationError('invalid_request', 'units: unit names must differ');
  }
  return units;
}

/** Add a person to a collective: a pseudonym in one of its units. */
export function addPerson(
  org: Organize,
  actor: Actor,
  collectiveId: string,
  input: AddPersonInput,
): Stored<PersonRecord> {
  const [head] = requireCollective(org, actor, collectiveId);
  const unit = findUnit(head!.record, input.unit);
  if (input.responsible) requirePerson(org, collectiveId, input.responsible);
  const record: PersonRecord = {
    type: 'person',
    id: newId('per'),
    collective_id: collectiveId,
    pseudonym: input.pseudonym,
    unit: unit.id,
    role: input.role ?? null,
    responsible: input.responsible ?? null,
    contact: input.contact ?? null,
  };
  const [version] = store(org, [{ record }], {
    actor: actor.username,
    action: 'person.add',
    target: collectiveId,
    details: { person: record.id },
  });
  return present(record, version!);
}

/**
 * Edit a person: a new version naming in `prev` the versions it builds on. A `prev` that is no
 * longer current is a 409 `stale_edit` with the current versions; two desk nodes that edited
 * the same person apart leave two heads (a conflict), and an edit naming both resolves it.
 */
export function editPerson(
  org: Organize,
  actor: Actor,
  collectiveId: string,
  personId: string,
  input: EditPersonInput,
): Stored<PersonRecord> {
  const [collective] = requireCollective(org, actor, collectiveId);
  const heads = requirePerson(org, collectiveId, personId);
  const current = new Set(heads.map((h) => h.rumorId));
  if (!input.prev.every((p) => current.has(p)) || input.prev.length === 0) {
    throw new ConflictError('stale_edit', 'someone saved this person meanwhile; compare and save again', {
      current: heads.map((h) => present(h.record, h.rumorId)),
    });
  }
  if (input.responsible === personId) {
    throw new ValidationError('invalid_request', 'responsible: a person is not their own organizer');
  }
  if (input.responsible) requirePerson(org, collectiveId, input.responsible);
  const base = heads[0]!.record;
  const record: PersonRecord = {
    ...base,
    prev: input.prev,
    pseudonym: input.pseudonym ?? base.pseudonym,
    unit: input.unit === undefined ? base.unit : findUnit(collective!.record, input.unit).id,
    role: input.role === undefined ? base.role : input.role,
    responsible: input.responsible === undefined ? base.responsible : input.responsible,
    contact: input.contact === undefined ? base.contact : input.contact,
  };
  const [version] = store(org, [{ record }], {
    actor: actor.username,
    action: 'person.edit',
    target: collectiveId,
    details: { person: personId },
  });
  return present(record, version!);
}

/** Assess a person (1 leads others … 5 opposed). Assessments are never edited: history stays. */
export function addAssessment(
  org: Organize,
  actor: Actor,
  collectiveId: string,
  input: AddAssessmentInput,
): Stored<AssessmentRecord> {
  requireCollective(org, actor, collectiveId);
  requirePerson(org, collectiveId, input.person);
  const record = assessment(collectiveId, actor, input.person, input.level, input.date, input.note);
  const [version] = store(org, [{ record }], {
    actor: actor.username,
    action: 'assessment.add',
    target: collectiveId,
    details: { person: input.person, level: input.level },
  });
  return present(record, version!);
}

function assessment(
  collectiveId: string,
  actor: Actor,
  person: string,
  level: number,
  date?: string,
  note?: string,
): AssessmentRecord {
  return {
    type: 'assessment',
    id: newId('asm'),
    collective_id: collectiveId,
    person,
    level,
    date: date ?? today(),
    assessor: actor.username,
    note: note ?? null,
  };
}

/**
 * Log a one-on-one. The date, the follow-up and any assessment made are kept; what was said
 * goes into a note in a wrap of its own, carrying a NIP-40 expiration `organize.note_days`
 * after the talk.
 */
export function logConversation(
  org: Organize,
  actor: Actor,
  collectiveId: string,
  input: LogConversationInput,
): Stored<ConversationRecord> & { note: Omit<ConversationNoteRecord, 'type'> } {
  requireCollective(org, actor, collectiveId);
  requirePerson(org, collectiveId, input.person);
  const date = input.date ?? today();
  const expiresAt = Math.floor(Date.parse(`${date}T00:00:00Z`) / 1000) + org.noteDays * DAY_SECONDS;
  const assessed = input.level ? assessment(collectiveId, actor, input.person, input.level, date) : undefined;
  const conversation: ConversationRecord = {
    type: 'conversation',
    id: newId('con'),
    collective_id: collectiveId,
    person: input.person,
    date,
    follow_up: input.follow_up ?? null,
    expires: new Date(expiresAt * 1000).toISOString().slice(0, 10),
    organizer: actor.username,
    assessment: assessed?.id ?? null,
  };
  const note: ConversationNoteRecord = {
    type: 'conversation_note',
    id: newId('note'),
    collective_id: collectiveId,
    conversation: conversation.id,
    issues: input.issues ?? '',
    asked: input.asked ?? '',
    commitment: input.commitment ?? '',
    next_step: input.next_step ?? '',
  };
  const seals: Seal[] = [{ record: conversation }, { record: note, expiresAt }];
  if (assessed) seals.push({ record: assessed });
  const [version] = store(org, seals, {
    actor: actor.username,
    action: 'conversation.log',
    target: collectiveId,
    details: { person: input.person, conversation: conversation.id, assessed: assessed !== undefined },
  });
  const { type: _t, ...noteFields } = note;
  return { ...present(conversation, version!), note: noteFields };
}

/** Start a structure test: a target share per unit, tallied as counts, never names. */
export function addStructureTest(
  org: Organize,
  actor: Actor,
  collectiveId: string,
  input: AddStructureTestInput,
): Stored<StructureTestRecord> {
  const [head] = requireCollective(org, actor, collectiveId);
  const tally = (input.tally ?? []).map((t) => ({ unit: findUnit(head!.record, t.unit).id, count: t.count }));
  if (new Set(tally.map((t) => t.unit)).size !== tally.length) {
    throw new ValidationError('invalid_request', 'tally: one count per unit');
  }
  const record: StructureTestRecord = {
    type: 'structure_test',
    id: newId('test'),
    collective_id: collectiveId,
    kind: input.kind ?? 'petition',
    target_share: input.target_share ?? 0.5,
    deadline: input.deadline ?? null,
    tally,
  };
  const [version] = store(org, [{ record }], {
    actor: actor.username,
    action: 'structure_test.add',
    target: collectiveId,
    details: { test: record.id, kind: record.kind },
  });
  return present(record, version!);
}

/** A task of a collective. */
export function addTask(
  org: Organize,
  actor: Actor,
  collectiveId: string,
  input: AddTaskInput,
): Stored<TaskRecord> {
  requireCollective(org, actor, collectiveId);
  const record: TaskRecord = {
    type: 'task',
    id: newId('task'),
    collective_id: collectiveId,
    title: input.title,
    assignee: input.assignee ?? null,
    due: input.due ?? null,
    status: input.status ?? 'open',
  };
  const [version] = store(org, [{ record }], {
    actor: actor.username,
    action: 'task.add',
    target: collectiveId,
    details: { task: record.id },
  });
  return present(record, version!);
}

/**
 * Edit a task (its status, assignee, due day or title): a new version naming in `prev` the
 * versions it builds on; 409 `stale_edit` when one of them is no longer current. Naming every
 * current version resolves a task two desk nodes edited apart.
 */
export function editTask(
  org: Organize,
  actor: Actor,
  collectiveId: string,
  taskId: string,
  input: EditTaskInput,
): Stored<TaskRecord> {
  requireCollective(org, actor, collectiveId);
  const heads = headsOf<TaskRecord>(org.node.db, 'task', taskId);
  if (heads.length === 0 || heads[0]!.record.collective_id !== collectiveId) {
    throw new NotFoundError('unknown_task', `the collective has no task ${taskId}`);
  }
  const current = new Set(heads.map((h) => h.rumorId));
  if (!input.prev.every((p) => current.has(p))) {
    throw new ConflictError('stale_edit', 'someone saved this task meanwhile; look again', {
      current: heads.map((h) => present(h.record, h.rumorId)),
    });
  }
  const base = heads[0]!.record;
  const record: TaskRecord = {
    ...base,
    prev: input.prev,
    title: input.title ?? base.title,
    assignee: input.assignee === undefined ? base.assignee : input.assignee,
    due: input.due === undefined ? base.due : input.due,
    status: input.status ?? base.status,
  };
  const [version] = store(org, [{ record }], {
    actor: actor.username,
    action: 'task.edit',
    target: collectiveId,
    details: { task: taskId, from: base.status, to: record.status },
  });
  return present(record, version!);
}

/** Assign a collective to organizers (admin only); the list replaces the previous one. */
export function assignCollective(
  org: Organize,
  actor: Actor,
  collectiveId: string,
  input: AssignCollectiveInput,
): Stored<CollectiveAccessRecord> {
  requireAdmin(actor);
  if (collectiveHeads(org, collectiveId).length === 0) {
    throw new NotFoundError('not_found', `no collective ${collectiveId}`);
  }
  const heads = headsOf<CollectiveAccessRecord>(org.node.db, 'collective_access', accessId(collectiveId));
  const record: CollectiveAccessRecord = {
    type: 'collective_access',
    id: accessId(collectiveId),
    ...(heads.length ? { prev: heads.map((h) => h.rumorId) } : {}),
    collective_id: collectiveId,
    organizers: [...new Set(input.organizers)],
  };
  const before = assignedOrganizers(org, collectiveId);
  const [version] = store(org, [{ record }], {
    actor: actor.username,
    action: 'collective.assign',
    target: collectiveId,
    details: { organizers: record.organizers, before },
  });
  return present(record, version!);
}
