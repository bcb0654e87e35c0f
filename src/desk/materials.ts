import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError, TilshiError } from '../core/errors.js';
import type { NostrEvent } from '../core/event.js';
import { tagValue, tagValues } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import {
  buildMaterial,
  isMaterialEvent,
  type Material,
  type MaterialInput,
  parseMaterial,
} from '../core/material.js';
import { signEvent } from '../crypto/keys.js';
import type { TilshiNode } from '../node/node.js';
import { writeAudit } from './audit.js';
import { audited } from './repository/index.js';

/*
 * The desk's side of education material: write, edit, withdraw. A material is published as soon
 * as it is saved (there is no private draft: the text is public by nature and the preview shows
 * what will be read). Withdrawing signs a NIP-09 deletion of every stored version, which every
 * node honours and keeps a tombstone of, so no old version comes back through sync or a bundle.
 */

/** One current version of a material, as the desk edits it. */
export interface MaterialVersion {
  version: string;
  created_at: number;
  prev: string[];
  material: Material;
}

/** Versions one deletion may name (the acceptance policy takes up to 1,000). */
const MAX_VERSIONS = 500;

function requireDesk(node: TilshiNode) {
  if (!node.deskKey) throw new TilshiError('desk_locked', 'the desk key is not unlocked on this node', 503);
  return node.deskKey;
}

function heads(node: TilshiNode, id: string): NostrEvent[] {
  if (!node.deskPubkey) return [];
  return node.log
    .query({ kinds: [Kind.Article], authors: [node.deskPubkey], tags: { d: [id] } }, { as: 'node' })
    .filter(isMaterialEvent);
}

const present = (e: NostrEvent): MaterialVersion => ({
  version: e.id,
  created_at: e.created_at,
  prev: tagValues(e, 'prev'),
  material: parseMaterial(e),
});

/** A material with its current versions (two or more: desks edited it apart). */
export function getDeskMaterial(node: TilshiNode, id: string) {
  const versions = heads(node, id).map(present);
  if (versions.length === 0) throw new NotFoundError('not_found', `no material ${id}`);
  return { id, versions, conflict: versions.length > 1 };
}

/** Every current material, newest first, each once (the newest of conflicting versions). */
export function listDeskMaterials(node: TilshiNode) {
  if (!node.deskPubkey) return { materials: [] };
  const seen = new Set<string>();
  const materials = [];
  for (const e of node.log.query(
    { kinds: [Kind.Article], authors: [node.deskPubkey], tags: { t: ['material'] }, limit: 1000 },
    { as: 'node' },
  )) {
    const id = tagValue(e, 'd') ?? '';
    if (seen.has(id)) continue;
    seen.add(id);
    const m = parseMaterial(e);
    const { markdown: _markdown, ...rest } = m;
    materials.push({ ...rest, version: e.id, created_at: e.created_at });
  }
  return { materials };
}

/**
 * Publish a material, new or an edit naming in `prev` every current version it builds on; the
 * audit row is written in the transaction that stores it. A stale edit is a 409 with the
 * versions it missed.
 *
 * @example await publishMaterial(node, { material: { title, lang: 'en', topics: ['safety'], markdown }, prev: [], actor: 'aigul' })
 */
export async function publishMaterial(
  node: TilshiNode,
  input: { material: Omit<MaterialInput, 'id'> & { id?: string }; prev?: readonly string[]; actor: string },
): Promise<{ id: string; version: string; group: string }> {
  const desk = requireDesk(node);
  const id =
    input.material.id ??
    `material-${new Date().toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`;
  const prev = input.prev ?? [];
  // An edit keeps the first publication time and, unless it says otherwise, its group.
  const current = heads(node, id).map(parseMaterial)[0];
  let group = input.material.group;
  if (!group && input.material.translation_of) {
    const source = heads(node, input.material.translation_of)[0];
    if (!source)
      throw new NotFoundError('not_found', `no material ${input.material.translation_of} to translate`);
    group = parseMaterial(source).group;
  }
  group ??= current?.group ?? id;
  const unsigned = buildMaterial(
    {
      ...input.material,
      id,
      group,
      ...(current && prev.length > 0 ? { published_at: current.published_at } : {}),
    },
    { pubkey: desk.publicKey, createdAt: Math.floor(Date.now() / 1000), prev },
  );
  const event = signEvent(unsigned, desk);
  const [result] = await node.ingest.submit([event], 'submit', {
    alongside: () =>
      writeAudit(node.db, {
        actor: input.actor,
        action: prev.length > 0 ? 'material.edit' : 'material.publish',
        target: id,
        details: { version: event.id, lang: input.material.lang, group },
      }),
  });
  if (!result?.ok) {
    if (result?.code === 'stale_edit') {
      throw new ConflictError('stale_edit', 'someone saved this material meanwhile; compare and save again', {
        current: heads(node, id).map(present),
      });
    }
    throw new TilshiError(
      result?.code ?? 'internal_error',
      result?.message ?? 'not stored',
      result?.ok === false ? result.status : 500,
    );
  }
  return { id, version: event.id, group };
}

/** Every stored version of a record: its heads and what they name as `prev`, transitively. */
function allVersions(node: TilshiNode, current: NostrEvent[]): string[] {
  const seen = new Set<string>();
  const queue = current.map((e) => e.id);
  while (queue.length > 0 && seen.size < MAX_VERSIONS) {
    const id = queue.pop() as string;
    if (seen.has(id)) continue;
    const e = node.log.get(id);
    if (!e) continue;
    seen.add(id);
    queue.push(...tagValues(e, 'prev'));
  }
  return [...seen];
}

/**
 * Withdraw a material: the desk signs a NIP-09 deletion of all its versions, audited in the same
 * transaction. Its translations stay.
 *
 * @example withdrawMaterial(node, { id: 'safe-report-en', actor: 'aigul' }) // { id, versions: 2 }
 */
export function withdrawMaterial(node: TilshiNode, input: { id: string; actor: string }) {
  const desk = requireDesk(node);
  const current = heads(node, input.id);
  if (current.length === 0) throw new NotFoundError('not_found', `no material ${input.id}`);
  const ids = allVersions(node, current);
  const deletion = signEvent(
    {
      kind: Kind.Deletion,
      created_at: Math.floor(Date.now() / 1000),
      tags: [...ids.map((id) => ['e', id]), ['k', String(Kind.Article)]],
      content: '',
    },
    desk,
  );
  node.ingest.storeOwn([deletion], () => {
    writeAudit(node.db, {
      actor: input.actor,
      action: 'material.withdraw',
      target: input.id,
      details: { versions: ids.length, deletion: deletion.id },
    });
    return true;
  });
  return { id: input.id, versions: ids.length };
}

/** Whether a material with this id was ever published on this desk (the audit log says so). */
export function materialEverPublished(node: TilshiNode, id: string): boolean {
  return audited(node.db, 'material.publish', id);
}
