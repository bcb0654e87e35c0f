import { NotFoundError } from '../core/errors.js';
import type {
  AssessmentRecord,
  CollectiveRecord,
  CollectiveStage,
  ConversationNoteRecord,
  ConversationRecord,
  OrganizeRecord,
  PersonRecord,
  StructureTestRecord,
  TaskRecord,
} from '../core/organize-records.js';
import { COLLECTIVE_STAGES } from '../core/organize-records.js';
import { codedEventsByIds, searchCodedEvents } from '../store/projections/coded-event-lookup.js';
import {
  type Actor,
  assignedOrganizers,
  mayWork,
  type Organize,
  requireAdmin,
  requireCollective,
  requireOrganizingRole,
} from './context.js';
import {
  countIn,
  headsIn,
  headsOf,
  headsOfType,
  lastActivity,
  latestAssessments,
  peopleCounts,
  type RecordRow,
} from './repository.js';

/*
 * What the organizer's workspace reads. Presenters turn stored versions into the JSON the API
 * answers; the table shape does not leak.
 */

function fields<T extends OrganizeRecord>(row: RecordRow<T>) {
  const { type: _type, ...rest } = row.record;
  const { prev: _prev, ...out } = rest as typeof rest & { prev?: unknown };
  return { ...(out as Omit<T, 'type' | 'prev'>), version: row.rumorId };
}

/** The newest head of each entity, with `conflict` when another desk node's edit met it. */
function current<T extends OrganizeRecord>(rows: RecordRow<T>[]) {
  const byId = new Map<string, RecordRow<T>[]>();
  for (const r of rows) byId.set(r.record.id, [...(byId.get(r.record.id) ?? []), r]);
  return [...byId.values()].map((heads) => {
    heads.sort((a, b) => b.createdAt - a.createdAt || (a.rumorId < b.rumorId ? 1 : -1));
    return {
      ...fields(heads[0]!),
      conflict: heads.length > 1,
      ...(heads.length > 1 ? { versions: heads.map(fields) } : {}),
    };
  });
}

/** Each unit's coverage: share assessed, share of 1–2s against its size, majority or not. */
function coverage(
  collective: CollectiveRecord,
  people: { id: string; unit: string }[],
  levels: Map<string, { level: number }>,
) {
  return collective.units.map((u) => {
    const inUnit = people.filter((p) => p.unit === u.id);
    const assessed = inUnit.filter((p) => levels.has(p.id)).length;
    const leaning = inUnit.filter((p) => (levels.get(p.id)?.level ?? 9) <= 2).length;
    const size = Math.max(u.size, inUnit.length);
    return {
      unit: u.id,
      name: u.name,
      size: u.size,
      people: inUnit.length,
      assessed,
      ones_and_twos: leaning,
      share_assessed: size ? assessed / size : 0,
      share_ones_and_twos: size ? leaning / size : 0,
      majority: size > 0 && leaning * 2 > size,
    };
  });
}

/**
 * A collective as its organizer works on it: the collective (with `conflict` and the versions
 * when desk nodes edited it apart), its people with their latest assessment, each unit's
 * coverage (the wall chart), one-on-ones (notes while they live), follow-ups due, structure
 * tests against their target, tasks.
 */
export function getCollective(org: Organize, actor: Actor, id: string, on: string = todayUtc()) {
  const heads = requireCollective(org, actor, id);
  const db = org.node.db;
  const [collective] = current(heads);
  const personRows = headsIn<PersonRecord>(db, id, 'person');
  const levels = latestAssessments(db, id);
  const people = current(personRows).map((p) => ({
    ...p,
    level: levels.get(p.id)?.level ?? null,
    assessed_on: levels.get(p.id)?.date ?? null,
  }));
  const notes = new Map(
    headsIn<ConversationNoteRecord>(db, id, 'conversation_note').map((n) => [
      n.record.conversation,
      n.record,
    ]),
  );
  const conversations = current(headsIn<ConversationRecord>(db, id, 'conversation')).map((c) => {
    const note = notes.get(c.id);
    return {
      ...c,
      note: note
        ? { issues: note.issues, asked: note.asked, commitment: note.commitment, next_step: note.next_step }
        : null,
    };
  });
  const head = heads[0]!.record;
  const tests = current(headsIn<StructureTestRecord>(db, id, 'structure_test')).map((t) => ({
    ...t,
    units: head.units.map((u) => {
      const count = t.tally.find((x) => x.unit === u.id)?.count ?? 0;
      const share = u.size ? count / u.size : 0;
      return { unit: u.id, name: u.name, size: u.size, count, share, reached: share >= t.target_share };
    }),
  }));
  return {
    collective: { ...collective!, organizers: assignedOrganizers(org, id) },
    /** The coded events the collective links to, as published (an id not found is left out). */
    linked_events: codedEventsByIds(db, org.desk.publicKey, head.events),
    people,
    coverage: coverage(head, people, levels),
    assessments: countIn(db, id, 'assessment'),
    conversations,
    follow_ups_due: conversations
      .filter((c) => c.follow_up !== null && c.follow_up <= on)
      .map((c) => ({ conversation: c.id, person: c.person, follow_up: c.follow_up })),
    tests,
    tasks: current(headsIn<TaskRecord>(db, id, 'task')),
  };
}

/**
 * A collective for its page (`?view=chart`): as `getCollective`, but each person only with what
 * the wall chart and a person's panel show (pseudonym, unit, role, latest level and its day, and
 * the versions when in conflict): no contact, no structure link, no version ids. With 2,000
 * people the answer is less than half the size, and a roster's contacts never travel to a page
 * that does not show them.
 */
export function getCollectiveChart(org: Organize, actor: Actor, id: string, on: string = todayUtc()) {
  const full = getCollective(org, actor, id, on);
  return {
    ...full,
    people: full.people.map((p) => ({
      id: p.id,
      pseudonym: p.pseudonym,
      unit: p.unit,
      role: p.role,
      level: p.level,
      assessed_on: p.assessed_on,
      conflict: p.conflict,
      ...(p.versions ? { versions: p.versions } : {}),
    })),
  };
}

/**
 * One person with everything the desk keeps of them (contact and `responsible` included), their
 * version(s) to edit from and their latest level: for who works on the collective only (the
 * organizers of it and admins; others 403 `forbidden_collective`). The wall chart's answer
 * leaves these out; a person's panel asks for them when it opens.
 */
export function getPerson(org: Organize, actor: Actor, collectiveId: string, personId: string) {
  requireCollective(org, actor, collectiveId);
  const heads = headsOf<PersonRecord>(org.node.db, 'person', personId);
  if (heads.length === 0 || heads[0]!.record.collective_id !== collectiveId) {
    throw new NotFoundError('unknown_person', `the collective has no person ${personId}`);
  }
  const [person] = current(heads);
  const level = latestAssessments(org.node.db, collectiveId).get(personId);
  return { ...person!, level: level?.level ?? null, assessed_on: level?.date ?? null };
}

/**
 * The desk's published coded events holding every word of `q`, to link to a collective (for
 * those who work on collectives: organizers and admins).
 */
export function searchEvents(org: Organize, actor: Actor, q: string, limit: number) {
  requireOrganizingRole(actor);
  return { events: searchCodedEvents(org.node.db, org.desk.publicKey, q, limit) };
}

/** The collectives an actor works on (an admin: all), by stage, with their last activity. */
export function listCollectives(org: Organize, actor: Actor) {
  requireOrganizingRole(actor);
  const activity = lastActivity(org.node.db);
  return {
    collectives: current(headsOfType<CollectiveRecord>(org.node.db, 'collective'))
      .filter((c) => mayWork(org, actor, { ...c, type: 'collective' } as CollectiveRecord))
      .map((c) => ({
        id: c.id,
        name: c.name,
        stage: c.stage,
        settlement: c.settlement,
        admin1: c.admin1,
        // Units by name, so that a join request can be placed in one without opening the chart.
        units: c.units.map((u) => ({ id: u.id, name: u.name })),
        conflict: c.conflict,
        last_activity: activity.get(c.id) ?? null,
      }))
      .sort(
        (a, b) =>
          COLLECTIVE_STAGES.indexOf(b.stage) - COLLECTIVE_STAGES.indexOf(a.stage) ||
          (b.last_activity ?? 0) - (a.last_activity ?? 0),
      ),
  };
}

/**
 * Counts, never people: collectives by stage and by region, people, assessed, 1–2s. An editor
 * and an admin see every collective's; an organizer their own.
 */
export function organizeStats(org: Organize, actor: Actor) {
  if (actor.role === 'viewer') requireOrganizingRole(actor);
  const db = org.node.db;
  const collectives = current(headsOfType<CollectiveRecord>(db, 'collective')).filter(
    (c) =>
      actor.role !== 'organizer' || mayWork(org, actor, { ...c, type: 'collective' } as CollectiveRecord),
  );
  const mine = new Set(collectives.map((c) => c.id));
  const byStage = Object.fromEntries(COLLECTIVE_STAGES.map((s) => [s, 0])) as Record<CollectiveStage, number>;
  const byRegion = new Map<string, Record<CollectiveStage, number>>();
  for (const c of collectives) {
    byStage[c.stage]++;
    const region = c.admin1 ?? 'unknown';
    const row =
      byRegion.get(region) ??
      (Object.fromEntries(COLLECTIVE_STAGES.map((s) => [s, 0])) as Record<CollectiveStage, number>);
    row[c.stage]++;
    byRegion.set(region, row);
  }
  const counts = peopleCounts(db, actor.role === 'organizer' ? [...mine] : null);
  return {
    collectives: collectives.length,
    by_stage: byStage,
    by_region: [...byRegion]
      .map(([admin1, stages]) => ({ admin1, ...stages }))
      .sort((a, b) => (a.admin1 < b.admin1 ? -1 : 1)),
    people: counts.people,
    assessed: counts.assessed,
    ones_and_twos: counts.ones_and_twos,
  };
}

/**
 * Everything of one collective for an admin (`tilshi organize export`, `GET …/export`),
 * audited in the same transaction as it is read. Contacts stay out unless asked for.
 */
export function exportCollective(org: Organize, actor: Actor, id: string, options: { contacts: boolean }) {
  requireAdmin(actor);
  const db = org.node.db;
  return db.transaction(() => {
    const view = getCollective(org, actor, id);
    if (!view) throw new NotFoundError('not_found', `no collective ${id}`);
    const people = view.people.map(({ contact, versions: _v, ...p }) => ({
      ...p,
      ...(options.contacts ? { contact } : {}),
    }));
    const assessments = headsIn<AssessmentRecord>(db, id, 'assessment').map(fields);
    org.audit(db, {
      actor: actor.username,
      action: 'collective.export',
      target: id,
      details: { people: people.length, contacts: options.contacts },
    });
    return {
      exported_at: new Date().toISOString(),
      contacts_included: options.contacts,
      collective: view.collective,
      people,
      assessments,
      conversations: view.conversations,
      tests: view.tests,
      tasks: view.tasks,
    };
  })();
}

const todayUtc = () => new Date().toISOString().slice(0, 10);
