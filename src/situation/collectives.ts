import { nip19 } from 'nostr-tools';
import { COLLECTIVE_PROFILE_STAGES, type CollectiveContent, parseRecordContent } from '../core/content.js';
import type { NostrEvent } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import type { Db } from '../store/db.js';
import { collectiveProfileRecords } from './repository.js';

/*
 * Collectives on the situation page, counted only from their public profiles (kind 30621,
 * published by consent): a relay or a mirror holding the same public records shows the same
 * counts. A withdrawn profile is deleted from the log (NIP-09), so it is no longer counted.
 */

export const PROFILE_STAGES = [...COLLECTIVE_PROFILE_STAGES, 'undisclosed'] as const;
export type ProfileStage = (typeof PROFILE_STAGES)[number];

export type StageCounts = Record<ProfileStage, number>;

export interface CollectiveCounts {
  /** Published profiles. */
  collectives: number;
  by_stage: StageCounts;
  /** Per region (admin1; null when the profile does not show it), most collectives first. */
  by_region: Array<{ admin1: string | null; total: number } & StageCounts>;
}

/** A published profile: its content, signer and version. */
export interface PublishedProfile {
  content: CollectiveContent;
  pubkey: string;
  version: string;
}

/** Current versions of the published profiles this node holds; damaged ones are skipped. */
export function publishedProfiles(db: Db): PublishedProfile[] {
  const out: PublishedProfile[] = [];
  for (const raw of collectiveProfileRecords(db)) {
    const event = JSON.parse(raw) as NostrEvent;
    try {
      out.push({
        content: parseRecordContent(Kind.Collective, event),
        pubkey: event.pubkey,
        version: event.id,
      });
    } catch {
      // Stored records passed the schema when they arrived; one that no longer does is not counted.
    }
  }
  return out;
}

/** The stage a profile shows: its `stage`, or its form when that names one; else undisclosed. */
export function profileStage(c: CollectiveContent): ProfileStage {
  if (c.stage) return c.stage;
  return c.form === 'collective' ? 'undisclosed' : c.form;
}

/** A link any Nostr client resolves to the profile (NIP-19 naddr). */
export function profileAddress(p: PublishedProfile): string {
  return nip19.naddrEncode({ kind: Kind.Collective, pubkey: p.pubkey, identifier: p.content.id });
}

const zero = (): StageCounts => ({ contact: 0, initiative_group: 0, committee: 0, union: 0, undisclosed: 0 });

/**
 * Published collectives counted by stage, per region.
 *
 * @example collectiveCounts(node.db).by_region[0] // { admin1: 'Mangystau', total: 3, union: 1, … }
 */
export function collectiveCounts(db: Db): CollectiveCounts {
  const byStage = zero();
  const regions = new Map<string | null, StageCounts & { total: number }>();
  const profiles = publishedProfiles(db);
  for (const { content } of profiles) {
    const stage = profileStage(content);
    byStage[stage]++;
    const region = regions.get(content.admin1) ?? { ...zero(), total: 0 };
    region[stage]++;
    region.total++;
    regions.set(content.admin1, region);
  }
  const by_region = [...regions]
    .map(([admin1, counts]) => ({ admin1, ...counts }))
    .sort(
      (a, b) =>
        Number(a.admin1 === null) - Number(b.admin1 === null) ||
        b.total - a.total ||
        (a.admin1 ?? '').localeCompare(b.admin1 ?? ''),
    );
  return { collectives: profiles.length, by_stage: byStage, by_region };
}
