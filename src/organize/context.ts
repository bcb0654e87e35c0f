import { AuthError, NotFoundError, TilshiError } from '../core/errors.js';
import type { CollectiveAccessRecord, CollectiveRecord } from '../core/organize-records.js';
import type { KeyPair } from '../crypto/keys.js';
import type { TilshiNode } from '../node/node.js';
import type { Db } from '../store/db.js';
import { organizeProjection } from './projection.js';
import { headsOf, type RecordRow } from './repository.js';

/**
 * Writing the audit row of a change, inside the change's transaction. The desk's audit log
 * lives in src/desk (a layer organizing does not import): whoever attaches organizing passes
 * its `writeAudit`.
 */
export type AuditPort = (
  db: Db,
  entry: { actor: string; action: string; target?: string | null; details?: Record<string, unknown> | null },
) => void;

/** Who acts: a signed-in desk account (or the CLI acting as a named admin). */
export interface Actor {
  username: string;
  role: 'admin' | 'editor' | 'organizer' | 'viewer';
}

/** Organizing on an open desk node: what every command and query takes. */
export interface Organize {
  node: TilshiNode;
  desk: KeyPair;
  audit: AuditPort;
  /** Days a one-on-one's note is kept (config `organize.note_days`). */
  noteDays: number;
}

/**
 * Organizing on a desk node whose key is unlocked: registers its projection (which catches up
 * with the log now) and hands back the context commands and queries take. Attaching twice is
 * harmless.
 *
 * @example const organize = attachOrganize(node, writeAudit);
 */
export function attachOrganize(node: TilshiNode, audit: AuditPort): Organize {
  const desk = node.deskKey;
  if (!desk) throw new TilshiError('desk_locked', 'the desk key is not unlocked on this node', 503);
  node.projections.add(organizeProjection(desk), node.log);
  return { node, desk, audit, noteDays: node.config.organize.note_days };
}

/** The current version of a collective: the newest head (others, if any, are a conflict). */
export function collectiveHeads(org: Organize, id: string): RecordRow<CollectiveRecord>[] {
  return headsOf<CollectiveRecord>(org.node.db, 'collective', id);
}

/**
 * The organizers a collective is assigned to. When two admins assigned it apart (two heads),
 * only names on every head count: a conflict never widens access.
 */
export function assignedOrganizers(org: Organize, collectiveId: string): string[] {
  const heads = headsOf<CollectiveAccessRecord>(org.node.db, 'collective_access', accessId(collectiveId));
  if (heads.length === 0) return [];
  return heads
    .map((h) => h.record.organizers)
    .reduce((common, list) => common.filter((u) => list.includes(u)));
}

export const accessId = (collectiveId: string) => `access.${collectiveId}`.slice(0, 128);

/** Whether the actor may see and edit a collective's people. */
export function mayWork(org: Organize, actor: Actor, collective: CollectiveRecord): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'organizer') return false;
  return (
    collective.created_by === actor.username ||
    assignedOrganizers(org, collective.id).includes(actor.username)
  );
}

/**
 * The collective an actor may work on, or a refusal: 404 when there is none, 403
 * `forbidden_collective` when it is not theirs (an organizer sees only the collectives they
 * created or were assigned; an editor sees counts, never people).
 */
export function requireCollective(org: Organize, actor: Actor, id: string): RecordRow<CollectiveRecord>[] {
  const heads = collectiveHeads(org, id);
  if (heads.length === 0) throw new NotFoundError('not_found', `no collective ${id}`);
  if (!mayWork(org, actor, heads[0]!.record)) {
    throw new AuthError('forbidden_collective', 'this collective is not one of yours', 403);
  }
  return heads;
}

/** Only these roles work with people at all. */
export function requireOrganizingRole(actor: Actor): void {
  if (actor.role !== 'admin' && actor.role !== 'organizer') {
    throw new AuthError('forbidden', 'this needs the role admin or organizer', 403);
  }
}

export function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new AuthError('forbidden', 'this needs the role admin', 403);
}
