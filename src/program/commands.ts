import { randomBytes } from 'node:crypto';
import { AuthError, ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import {
  type AmendmentRecord,
  PLANK_TRANSITIONS,
  type PlankRecord,
  PROGRAM_META_ID,
  type ProgramMetaRecord,
} from '../core/program-records.js';
import type {
  CreatePlankInput,
  DecideAmendmentInput,
  EditPlankInput,
  EndorseInput,
  PlankStatusInput,
  ProposeAmendmentInput,
} from '../core/program-requests.js';
import { type Actor, type Program, requireDesk, type VersionRow } from './context.js';
import { demandInventory } from './inventory.js';
import { isConcession } from './repository.js';

/*
 * Drafting the program. Admins and editors draft planks, decide amendments, move statuses and
 * publish; organizers propose amendments. Every write is a new version in organizing's store
 * (sealed by the desk to itself, audited in the same transaction).
 */

const newId = (prefix: string) => `${prefix}-${randomBytes(8).toString('hex')}`;
const today = () => new Date().toISOString().slice(0, 10);

/** Admins and editors draft; everyone else is refused with 403 `forbidden`. */
export function requireDrafter(actor: Actor): void {
  if (actor.role !== 'admin' && actor.role !== 'editor') {
    throw new AuthError('forbidden', 'this needs the role admin or editor', 403);
  }
}

function requireProposer(actor: Actor): void {
  if (actor.role === 'viewer') throw new AuthError('forbidden', 'a viewer proposes no amendments', 403);
}

export function plankHeads(program: Program, id: string): VersionRow<PlankRecord>[] {
  const { records } = requireDesk(program);
  const heads = records.heads<PlankRecord>('plank', id);
  if (heads.length === 0) throw new NotFoundError('not_found', `no plank ${id}`);
  return heads;
}

/** The heads an edit names must be the current ones: 409 `stale_edit` otherwise. */
function requireCurrent<T>(heads: VersionRow<T>[], prev: readonly string[], what: string): void {
  const current = new Set(heads.map((h) => h.rumorId));
  if (!prev.every((p) => current.has(p))) {
    throw new ConflictError('stale_edit', `someone saved this ${what} meanwhile; compare and save again`, {
      current: heads.map((h) => ({ ...h.record, version: h.rumorId })),
    });
  }
}

const answer = <T extends { type: string; prev?: unknown }>(record: T, version: string) => {
  const { type: _t, prev: _p, ...fields } = record;
  return { ...fields, version };
};

/**
 * The demands a plank is to merge must be in the inventory (400 `unknown_demand`), except those
 * it merged already: a demand the inventory no longer has stays linked until it is unlinked.
 */
function requireKnownDemands(program: Program, demands: readonly string[], kept: readonly string[] = []) {
  const added = demands.filter((d) => !kept.includes(d));
  if (added.length === 0) return;
  const known = new Set(demandInventory(program).demands.map((d) => d.key));
  const unknown = added.filter((d) => !known.has(d));
  if (unknown.length > 0) {
    throw new ValidationError('unknown_demand', `no demand of the inventory is ${unknown.join(', ')}`);
  }
}

/** @example createPlank(program, { username: 'ed', role: 'editor' }, { text: { ru: 'Поднять зарплату на 30%', kk: '', en: '' }, demands: ['wages'] }) */
export function createPlank(program: Program, actor: Actor, input: CreatePlankInput) {
  requireDrafter(actor);
  const { records } = requireDesk(program);
  requireKnownDemands(program, input.demands ?? []);
  const order = input.order ?? records.all<PlankRecord>('plank').length;
  const record: PlankRecord = {
    type: 'plank',
    id: newId('plank'),
    text: input.text,
    demands: input.demands ?? [],
    status: 'draft',
    status_history: [{ status: 'draft', date: today(), by: actor.username }],
    evidence: [],
    order,
    vote: null,
    created_by: actor.username,
  };
  const [version] = records.write([record], {
    actor: actor.username,
    action: 'program.plank.create',
    target: record.id,
    details: { demands: record.demands.length },
  });
  return answer(record, version!);
}

/**
 * Edit a plank's text, the demands it merges (their support is carried over) or its place. A
 * plank that was put to the vote or adopted changes its words only through an amendment.
 */
export function editPlank(program: Program, actor: Actor, id: string, input: EditPlankInput) {
  requireDrafter(actor);
  const { records } = requireDesk(program);
  const heads = plankHeads(program, id);
  requireCurrent(heads, input.prev, 'plank');
  const base = heads[0]!.record;
  if (input.text && base.status !== 'draft') {
    throw new ConflictError('plank_not_draft', 'only a draft is reworded directly; propose an amendment');
  }
  if (input.demands) requireKnownDemands(program, input.demands, base.demands);
  const { prev, ...changes } = input;
  const record: PlankRecord = { ...base, ...changes, prev };
  const [version] = records.write([record], {
    actor: actor.username,
    action: 'program.plank.edit',
    target: id,
    details: { demands: record.demands.length, fields: Object.keys(changes) },
  });
  return answer(record, version!);
}

/**
 * Move a plank's status: draft → put to the vote → adopted → won / partly won / lost (409
 * `bad_transition` otherwise). Evidence for an outcome must be published concession events.
 */
export function setPlankStatus(program: Program, actor: Actor, id: string, input: PlankStatusInput) {
  requireDrafter(actor);
  const { records } = requireDesk(program);
  const heads = plankHeads(program, id);
  requireCurrent(heads, input.prev, 'plank');
  const base = heads[0]!.record;
  if (!PLANK_TRANSITIONS[base.status].includes(input.status)) {
    throw new ConflictError(
      'bad_transition',
      `a plank moves from ${base.status} to ${PLANK_TRANSITIONS[base.status].join(' or ') || 'nothing'}, not ${input.status}`,
    );
  }
  const evidence = input.evidence ?? base.evidence;
  for (const d of evidence) {
    if (!isConcession(program.node.db, program.node.deskPubkey, d)) {
      throw new ValidationError('not_a_concession', `event ${d} is not a published concession`);
    }
  }
  const record: PlankRecord = {
    ...base,
    prev: input.prev,
    status: input.status,
    status_history: [
      ...base.status_history,
      { status: input.status, date: today(), by: actor.username },
    ].slice(-50),
    evidence,
  };
  const [version] = records.write([record], {
    actor: actor.username,
    action: 'program.plank.status',
    target: id,
    details: { from: base.status, to: input.status, evidence: evidence.length },
  });
  return answer(record, version!);
}

/** An organizer (or editor, admin) proposes a new wording of one language of a plank. */
export function proposeAmendment(
  program: Program,
  actor: Actor,
  plankId: string,
  input: ProposeAmendmentInput,
) {
  requireProposer(actor);
  const { records } = requireDesk(program);
  const [head] = plankHeads(program, plankId);
  const before = head!.record.text[input.lang];
  if (before === input.text) throw new ValidationError('no_change', 'the amendment changes nothing');
  const record: AmendmentRecord = {
    type: 'amendment',
    id: newId('amend'),
    plank: plankId,
    base: head!.rumorId,
    lang: input.lang,
    before,
    after: input.text,
    reason: input.reason ?? '',
    proposed_by: actor.username,
    status: 'proposed',
    decision: null,
  };
  const [version] = records.write([record], {
    actor: actor.username,
    action: 'program.amendment.propose',
    target: plankId,
    details: { amendment: record.id, lang: input.lang },
  });
  return answer(record, version!);
}

/**
 * Accept or reject an amendment, with a reason. Accepting writes the plank's new wording in
 * the same transaction; when the plank's words changed since the proposal, 409
 * `amendment_outdated` (propose it again against the current text).
 */
export function decideAmendment(program: Program, actor: Actor, id: string, input: DecideAmendmentInput) {
  requireDrafter(actor);
  const { records } = requireDesk(program);
  const heads = records.heads<AmendmentRecord>('amendment', id);
  if (heads.length === 0) throw new NotFoundError('not_found', `no amendment ${id}`);
  const current = heads[0]!;
  if (current.record.status !== 'proposed') {
    throw new ConflictError('already_decided', `the amendment was already ${current.record.status}`);
  }
  const amendment: AmendmentRecord = {
    ...current.record,
    prev: heads.map((h) => h.rumorId),
    status: input.decision === 'accept' ? 'accepted' : 'rejected',
    decision: { by: actor.username, date: today(), reason: input.reason },
  };
  const writes: (AmendmentRecord | PlankRecord)[] = [amendment];
  if (input.decision === 'accept') {
    const plankHeadsNow = plankHeads(program, amendment.plank);
    const plank = plankHeadsNow[0]!.record;
    if (plank.text[amendment.lang] !== amendment.before) {
      throw new ConflictError(
        'amendment_outdated',
        'the plank was reworded since; propose the amendment again',
      );
    }
    writes.push({
      ...plank,
      prev: plankHeadsNow.map((h) => h.rumorId),
      text: { ...plank.text, [amendment.lang]: amendment.after },
    });
  }
  const [version] = records.write(writes, {
    actor: actor.username,
    action: `program.amendment.${amendment.status === 'accepted' ? 'accept' : 'reject'}`,
    target: amendment.plank,
    details: { amendment: id },
  });
  return answer(amendment, version!);
}

export function programMeta(program: Program): VersionRow<ProgramMetaRecord>[] {
  return requireDesk(program).records.heads<ProgramMetaRecord>('program_meta', PROGRAM_META_ID);
}

function writeMeta(
  program: Program,
  actor: Actor,
  change: (base: ProgramMetaRecord) => ProgramMetaRecord,
  action: string,
  details: Record<string, unknown>,
) {
  requireDrafter(actor);
  const { records } = requireDesk(program);
  const heads = programMeta(program);
  const base: ProgramMetaRecord = heads[0]?.record ?? {
    type: 'program_meta',
    id: PROGRAM_META_ID,
    title: { ru: 'Общая программа', kk: 'Ортақ бағдарлама', en: 'Common program' },
    endorsements: [],
  };
  const prev = heads.map((h) => h.rumorId);
  const record: ProgramMetaRecord = { ...change(base), ...(prev.length > 0 ? { prev } : {}) };
  const [version] = records.write([record], {
    actor: actor.username,
    action,
    target: PROGRAM_META_ID,
    details,
  });
  return answer(record, version!);
}

/** Set the program's title in the three languages. */
export function setProgramTitle(program: Program, actor: Actor, title: ProgramMetaRecord['title']) {
  return writeMeta(program, actor, (base) => ({ ...base, title }), 'program.title', {});
}

/** Record (or withdraw) a collective's endorsement of the program. */
export function endorseProgram(program: Program, actor: Actor, input: EndorseInput) {
  const collective = program.collectives().find((c) => c.id === input.collective);
  if (!collective) throw new NotFoundError('unknown_collective', `no collective ${input.collective}`);
  return writeMeta(
    program,
    actor,
    (base) => {
      const others = base.endorsements.filter((e) => e.collective !== input.collective);
      if (input.withdraw) return { ...base, endorsements: others };
      const entry = {
        collective: input.collective,
        date: today(),
        public: input.public ?? false,
        ...(input.public ? { name: collective.name } : {}),
      };
      return { ...base, endorsements: [...others, entry] };
    },
    input.withdraw ? 'program.endorse.withdraw' : 'program.endorse',
    { collective: input.collective, public: input.public ?? false },
  );
}
