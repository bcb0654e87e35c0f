import { AuthError, ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import { Kind } from '../core/kinds.js';
import type { JoinStatus, JoinStatusRecord, PersonRecord } from '../core/organize-records.js';
import type { JoinStatusInput, JoinToPersonInput } from '../core/organize-requests.js';
import { signEvent } from '../crypto/keys.js';
import { findUnit, newId, present, type Stored, store } from './commands.js';
import { type Actor, collectiveHeads, type Organize, requireCollective } from './context.js';
import { headsOf, headsOfType, type RecordRow, versionWraps } from './repository.js';

/*
 * Triage of join requests (4622 from /join). The requests themselves are opened by the desk
 * queue (src/desk/join-requests.ts) and reach organizing through a port; their triage is a
 * versioned join_status record per request. Admins and editors see and triage every request;
 * an organizer sees only those assigned to them and turns them into people of their own
 * collectives.
 */

/** A join request as the desk opened it (the shape of src/desk's StoredJoinRequest). */
export interface JoinRequestView {
  id: string;
  wrapId: string;
  author: string;
  createdAt: number;
  pseudonym: string;
  enterprise: string | null;
  settlement: string | null;
  want: 'join' | 'start' | 'help';
  contact: string | null;
  message: string | null;
  collectiveId: string | null;
  lang: string | null;
  replyKey: string | null;
}

/**
 * Which requests a page takes: only these ids, or all but these; `before` skips to the requests
 * older than a page's last one (the shape of src/desk's JoinRequestFilter).
 */
export interface JoinRequestFilter {
  only?: readonly string[];
  except?: readonly string[];
  before?: { createdAt: number; id: string };
}

/** What organizing reads of the desk's join requests (the server passes src/desk's queries). */
export interface JoinRequestsPort {
  get(id: string): JoinRequestView | undefined;
  /** One page, newest first (created_at, then id, descending). */
  page(filter: JoinRequestFilter, limit: number): JoinRequestView[];
  count(filter: Omit<JoinRequestFilter, 'before'>): number;
  /** The wraps of the desk's copies of its replies to a request (purged with it). */
  replyWraps(id: string): string[];
  /** Whether a desk account of this name may be assigned requests (an organizer or an admin). */
  isOrganizer(username: string): boolean;
}

/** Days after a decline when the request and its records are deleted everywhere. */
export const DECLINED_KEEP_DAYS = 30;
const DAY_SECONDS = 86_400;
const PER_DELETION = 500;

/** Which status may follow which (joined is reached only by turning the request into a person). */
const NEXT: Record<JoinStatus, readonly JoinStatus[]> = {
  new: ['vouched', 'assigned', 'declined'],
  vouched: ['new', 'assigned', 'declined'],
  assigned: ['vouched', 'assigned', 'declined'],
  joined: [],
  declined: ['new'],
};

export const joinStatusId = (requestId: string) => `join.${requestId}`;

/** A request with its triage, as the API answers it. */
export interface JoinView extends Omit<JoinRequestView, 'wrapId'> {
  status: JoinStatus;
  organizer: string | null;
  collective_id: string | null;
  person: string | null;
  note: string | null;
  /** When the status was last set, and its version (what `prev` names). */
  status_at: number | null;
  version: string | null;
  conflict: boolean;
}

function statusOf(org: Organize, requestId: string): RecordRow<JoinStatusRecord>[] {
  return headsOf<JoinStatusRecord>(org.node.db, 'join_status', joinStatusId(requestId));
}

function view(request: JoinRequestView, heads: RecordRow<JoinStatusRecord>[]): JoinView {
  const { wrapId: _w, ...fields } = request;
  const s = heads[0]?.record;
  return {
    ...fields,
    status: s?.status ?? 'new',
    organizer: s?.organizer ?? null,
    collective_id: s?.collective_id ?? null,
    person: s?.person ?? null,
    note: s?.note ?? null,
    status_at: s?.at ?? null,
    version: heads[0]?.rumorId ?? null,
    conflict: heads.length > 1,
  };
}

const triages = (actor: Actor) => actor.role === 'admin' || actor.role === 'editor';

/** Whether the actor sees this request: triage roles all; an organizer those assigned to them. */
function maySee(actor: Actor, v: JoinView): boolean {
  if (triages(actor)) return true;
  return actor.role === 'organizer' && v.organizer === actor.username;
}

function requireRole(actor: Actor): void {
  if (!triages(actor) && actor.role !== 'organizer') {
    throw new AuthError('forbidden', 'this needs the role admin, editor or organizer', 403);
  }
}

/** A page of join requests: `next` is the cursor of the page after it (null: none). */
export interface JoinPage {
  joins: JoinView[];
  /** Requests the actor sees under this filter, on every page. */
  total: number;
  next: string | null;
}

export const JOIN_PAGE_SIZE = 50;

/**
 * Join requests the actor may see, newest first, with their triage (optionally one status),
 * a page at a time: `limit` of them after `cursor` (the `next` of the page before), and how
 * many there are in all. What the actor sees and the status are decided from the triage
 * records, so a page is read from the requests' table already filtered: nothing is hidden
 * behind a fixed window.
 *
 * @example listJoins(org, port, { username: 'aigul', role: 'editor' }, { status: 'new', limit: 50 })
 */
export function listJoins(
  org: Organize,
  port: JoinRequestsPort,
  actor: Actor,
  query: { status?: JoinStatus; limit?: number; cursor?: string } = {},
): JoinPage {
  requireRole(actor);
  const heads = new Map<string, RecordRow<JoinStatusRecord>[]>();
  for (const h of headsOfType<JoinStatusRecord>(org.node.db, 'join_status')) {
    heads.set(h.record.request, [...(heads.get(h.record.request) ?? []), h]);
  }
  for (const list of heads.values()) list.sort((a, b) => b.createdAt - a.createdAt);
  // A request without a triage record is `new` and assigned to nobody.
  const triaged = [...heads].map(([id, list]) => ({
    id,
    status: list[0]!.record.status,
    head: list[0]!.record,
  }));
  const { status } = query;
  let filter: Omit<JoinRequestFilter, 'before'>;
  if (!triages(actor)) {
    filter = {
      only: triaged
        .filter((r) => r.head.organizer === actor.username && (!status || r.status === status))
        .map((r) => r.id),
    };
  } else if (!status) {
    filter = {};
  } else if (status === 'new') {
    filter = { except: triaged.filter((r) => r.status !== 'new').map((r) => r.id) };
  } else {
    filter = { only: triaged.filter((r) => r.status === status).map((r) => r.id) };
  }
  const limit = query.limit ?? JOIN_PAGE_SIZE;
  const before = parseCursor(query.cursor);
  const page = port.page({ ...filter, ...(before ? { before } : {}) }, limit + 1);
  const shown = page.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    joins: shown.map((r) => view(r, heads.get(r.id) ?? [])),
    total: port.count(filter),
    next: page.length > limit && last ? `${last.createdAt}:${last.id}` : null,
  };
}

function parseCursor(cursor: string | undefined): { createdAt: number; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = cursor.split(':');
  return { createdAt: Number(at), id: id! };
}

/** One request, or 404 `not_found`; 403 `forbidden_join` when it is not the organizer's. */
export function getJoin(org: Organize, port: JoinRequestsPort, actor: Actor, id: string): JoinView {
  requireRole(actor);
  const request = port.get(id);
  if (!request) throw new NotFoundError('not_found', `no join request ${id}`);
  const v = view(request, statusOf(org, id));
  if (!maySee(actor, v))
    throw new AuthError('forbidden_join', 'this join request is not assigned to you', 403);
  return v;
}

function requireCurrent(heads: RecordRow<JoinStatusRecord>[], prev: string[] | undefined): string[] {
  const current = heads.map((h) => h.rumorId);
  if (prev && !(prev.length === current.length && prev.every((p) => current.includes(p)))) {
    throw new ConflictError('stale_edit', 'someone changed this join request meanwhile; look again', {
      current: current,
    });
  }
  return current;
}

/**
 * Set a request's status (admins and editors; the organizer it is assigned to may decline it).
 * `assigned` names an organizer and a collective; `joined` is refused here (409
 * `illegal_transition`): it is what turning the request into a person sets.
 */
export function setJoinStatus(
  org: Organize,
  port: JoinRequestsPort,
  actor: Actor,
  id: string,
  input: JoinStatusInput,
  now = Math.floor(Date.now() / 1000),
): JoinView {
  const before = getJoin(org, port, actor, id);
  if (!triages(actor) && !(input.status === 'declined' && before.status === 'assigned')) {
    throw new AuthError('forbidden', 'only an admin or an editor triages join requests', 403);
  }
  if (!NEXT[before.status].includes(input.status)) {
    throw new ConflictError(
      'illegal_transition',
      `a join request cannot go from ${before.status} to ${input.status}`,
    );
  }
  const heads = statusOf(org, id);
  const prev = requireCurrent(heads, input.prev);
  let organizer: string | null = null;
  let collective: string | null = null;
  if (input.status === 'assigned') {
    if (!input.organizer || !input.collective) {
      throw new ValidationError('invalid_request', 'assigned needs an organizer and a collective');
    }
    if (!port.isOrganizer(input.organizer)) {
      throw new ValidationError('unknown_organizer', `${input.organizer} is not an organizer of this desk`);
    }
    if (collectiveHeads(org, input.collective).length === 0) {
      throw new NotFoundError('unknown_collective', `no collective ${input.collective}`);
    }
    organizer = input.organizer;
    collective = input.collective;
  }
  const request = port.get(id)!;
  const record: JoinStatusRecord = {
    type: 'join_status',
    id: joinStatusId(id),
    ...(prev.length ? { prev } : {}),
    request: id,
    request_wrap: request.wrapId,
    status: input.status,
    organizer,
    collective_id: collective,
    person: null,
    note: input.note ?? before.note,
    by: actor.username,
    at: now,
  };
  store(org, [{ record }], {
    actor: actor.username,
    action: 'join.status',
    target: id,
    details: { from: before.status, to: input.status, organizer, collective },
  });
  return getJoin(org, port, triages(actor) ? actor : { ...actor, role: 'admin' }, id);
}

/**
 * Turn a request into a person of a collective the actor works on (the one it was assigned
 * for unless another is named): pseudonym and unit, the contact only when asked. The person
 * and the status `joined` are stored together, with one audit row.
 */
export function joinToPerson(
  org: Organize,
  port: JoinRequestsPort,
  actor: Actor,
  id: string,
  input: JoinToPersonInput,
): { join: JoinView; person: Stored<PersonRecord> } {
  const before = getJoin(org, port, actor, id);
  if (actor.role === 'editor') {
    throw new AuthError('forbidden', 'an editor does not see people: ask an admin or the organizer', 403);
  }
  if (before.status === 'joined' || before.status === 'declined') {
    throw new ConflictError('illegal_transition', `a join request cannot go from ${before.status} to joined`);
  }
  const collectiveId = input.collective ?? before.collective_id;
  if (!collectiveId) throw new ValidationError('invalid_request', 'name the collective the person joins');
  const [collective] = requireCollective(org, actor, collectiveId);
  const unit = findUnit(collective!.record, input.unit);
  const heads = statusOf(org, id);
  const prev = requireCurrent(heads, input.prev);
  const person: PersonRecord = {
    type: 'person',
    id: newId('per'),
    collective_id: collectiveId,
    pseudonym: input.pseudonym ?? before.pseudonym,
    unit: unit.id,
    role: null,
    responsible: null,
    contact: input.copy_contact ? before.contact : null,
  };
  const status: JoinStatusRecord = {
    type: 'join_status',
    id: joinStatusId(id),
    ...(prev.length ? { prev } : {}),
    request: id,
    request_wrap: port.get(id)!.wrapId,
    status: 'joined',
    organizer: before.organizer ?? (actor.role === 'organizer' ? actor.username : null),
    collective_id: collectiveId,
    person: person.id,
    note: before.note,
    by: actor.username,
    at: Math.floor(Date.now() / 1000),
  };
  const [version] = store(org, [{ record: person }, { record: status }], {
    actor: actor.username,
    action: 'join.to_person',
    target: id,
    details: { collective: collectiveId, person: person.id, contact: Boolean(input.copy_contact) },
  });
  return {
    join: getJoin(org, port, { ...actor, role: 'admin' }, id),
    person: present(person, version!),
  };
}

/**
 * Delete the requests declined more than DECLINED_KEEP_DAYS ago: the desk signs a NIP-09
 * deletion (kind 5) of the request's wrap, of every version of its join_status and of the
 * desk's copies of its replies, as expiring one-on-one notes are deleted (expiry.ts); every
 * desk node honours it, keeps tombstones and drops the rows. A request whose status was set
 * back to new is kept.
 *
 * @example purgeDeclinedJoins(org, port); // { purged: 2 }
 */
export function purgeDeclinedJoins(
  org: Organize,
  port: JoinRequestsPort,
  now = Math.floor(Date.now() / 1000),
): { purged: number } {
  const due = headsOfType<JoinStatusRecord>(org.node.db, 'join_status').filter(
    (h) => h.record.status === 'declined' && h.record.at + DECLINED_KEEP_DAYS * DAY_SECONDS <= now,
  );
  // A conflict where another head is not a decline is kept until someone resolves it.
  const requests = [...new Set(due.map((h) => h.record.request))].filter((r) =>
    statusOf(org, r).every((h) => h.record.status === 'declined'),
  );
  let purged = 0;
  for (let i = 0; i < requests.length; ) {
    const wraps: string[] = [];
    const batch: string[] = [];
    while (i < requests.length && wraps.length < PER_DELETION) {
      const id = requests[i++]!;
      batch.push(id);
      const heads = statusOf(org, id);
      wraps.push(
        heads[0]!.record.request_wrap,
        ...versionWraps(org.node.db, 'join_status', joinStatusId(id)),
        ...port.replyWraps(id),
      );
    }
    const deletion = signEvent(
      {
        kind: Kind.Deletion,
        created_at: now,
        tags: [...[...new Set(wraps)].map((w) => ['e', w]), ['k', String(Kind.GiftWrap)]],
        content: '',
      },
      org.desk,
    );
    org.node.ingest.storeOwn([deletion], () => {
      org.audit(org.node.db, {
        actor: 'desk',
        action: 'join.purge',
        target: null,
        details: { requests: batch.length, deletion: deletion.id },
      });
      return true;
    });
    purged += batch.length;
  }
  if (purged > 0) org.node.db.pragma('wal_checkpoint(TRUNCATE)');
  return { purged };
}
