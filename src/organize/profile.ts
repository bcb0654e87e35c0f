import {
  type CollectiveContent,
  type CollectiveForm,
  checkContent,
  type HEADCOUNT_BANDS,
} from '../core/content.js';
import { ConflictError } from '../core/errors.js';
import type { NostrEvent } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { type CollectiveRecord, PUBLIC_FIELDS, type PublicField } from '../core/organize-records.js';
import { buildCollective } from '../core/records.js';
import { DemandSchema, SectorSchema } from '../core/taxonomy.js';
import { signEvent } from '../crypto/keys.js';
import { publicIdOf } from '../crypto/public-id.js';
import { present, store, today } from './commands.js';
import { type Actor, type Organize, requireCollective } from './context.js';
import { profileVersionIds } from './repository.js';

/*
 * A collective's public profile (kind 30621), published only by consent: an organizer of the
 * collective (or an admin) ticks the fields that may be shown, and the profile is built from
 * those fields and nothing else. People, units, assessments, one-on-ones and notes are never
 * among them. Its `d` is a public id (`publicIdOf`, src/crypto/public-id.ts) derived from the desk key and the collective's id, so the
 * same collective keeps one profile across desk nodes, yet the public record names no private
 * id: without the desk key nobody can tie it to the desk's records.
 */

/** The band a headcount falls in; the exact figure is never published. */
export function headcountBand(headcount: number): (typeof HEADCOUNT_BANDS)[number] {
  if (headcount < 50) return '1-49';
  if (headcount < 250) return '50-249';
  if (headcount < 1000) return '250-999';
  if (headcount < 5000) return '1000-4999';
  return '5000+';
}

const FORM_OF_STAGE: Record<CollectiveRecord['stage'], CollectiveForm> = {
  contact: 'collective',
  initiative_group: 'initiative_group',
  committee: 'committee',
  union: 'union',
};

/**
 * The public profile of a collective built from the ticked fields only (pure). A field that is
 * ticked but empty (no enterprise, no coded demand) is left out; a sector or demand outside the
 * taxonomy is left out rather than guessed. What this returns is exactly what is published.
 *
 * @example buildProfile(collective, ['stage', 'admin1'], 'collective-0a1b…') // { id, form, stage, admin1, … }
 */
export function buildProfile(
  collective: CollectiveRecord,
  fields: readonly PublicField[],
  publicId: string,
): CollectiveContent {
  const shown = new Set(fields);
  const c = collective;
  const profile: CollectiveContent = {
    id: publicId,
    form: shown.has('stage') ? FORM_OF_STAGE[c.stage] : 'collective',
    enterprise: null,
    settlement: shown.has('settlement') && c.settlement ? c.settlement : null,
    admin1: shown.has('admin1') && c.admin1 ? c.admin1 : null,
    accepts_join_requests: false,
  };
  if (shown.has('name')) profile.name = c.name;
  if (shown.has('stage')) profile.stage = c.stage;
  if (shown.has('enterprise') && c.enterprise) {
    const sector = SectorSchema.safeParse(c.enterprise.sector);
    profile.enterprise = { name: c.enterprise.name, sector: sector.success ? sector.data : 'other' };
  }
  if (shown.has('sector')) {
    const sector = SectorSchema.safeParse(c.sector);
    if (sector.success) profile.sector = sector.data;
  }
  if (shown.has('headcount') && c.headcount !== null && c.headcount > 0)
    profile.headcount_band = headcountBand(c.headcount);
  if (shown.has('demands')) {
    const codes = [
      ...new Set(c.demands.flatMap((d) => (DemandSchema.safeParse(d.code).success ? [d.code!] : []))),
    ];
    if (codes.length > 0) profile.demands = codes.slice(0, 40) as CollectiveContent['demands'];
  }
  if (shown.has('events') && c.events.length > 0) profile.events = [...new Set(c.events)];
  return checkContent(Kind.Collective, profile) as CollectiveContent;
}

/** The ticked fields in their canonical order, without repeats. */
const canonical = (fields: readonly PublicField[]) => PUBLIC_FIELDS.filter((f) => fields.includes(f));

function current(org: Organize, publicId: string): NostrEvent[] {
  return org.node.log.query(
    { kinds: [Kind.Collective], authors: [org.desk.publicKey], tags: { d: [publicId] } },
    { as: 'node' },
  );
}

function requireOne(org: Organize, actor: Actor, id: string) {
  const heads = requireCollective(org, actor, id);
  if (heads.length > 1) {
    throw new ConflictError(
      'stale_edit',
      'desk machines edited this collective apart; keep one version first',
      {
        current: heads.map((h) => present(h.record, h.rumorId)),
      },
    );
  }
  return heads[0]!;
}

export interface ProfileState {
  collective_id: string;
  public_id: string;
  /** The fields ticked now (the consent). */
  fields: PublicField[];
  /** What is published now, or null. */
  published: CollectiveContent | null;
  version: string | null;
}

/** What is ticked and what is published for a collective. */
export function getProfile(org: Organize, actor: Actor, id: string): ProfileState {
  const head = requireOne(org, actor, id);
  const publicId = publicIdOf(org.desk, id);
  const [event] = current(org, publicId);
  return {
    collective_id: id,
    public_id: publicId,
    fields: head.record.public,
    published: event ? (JSON.parse(event.content) as CollectiveContent) : null,
    version: event?.id ?? null,
  };
}

/** The profile the ticked fields would publish, without publishing it. */
export function previewProfile(
  org: Organize,
  actor: Actor,
  id: string,
  fields: readonly PublicField[],
): CollectiveContent {
  const head = requireOne(org, actor, id);
  return buildProfile(head.record, canonical(fields), publicIdOf(org.desk, id));
}

/**
 * Publish (or update) a collective's profile from the ticked fields: the consent (the
 * collective's `public`) is recorded as a new version of the collective, and the desk signs the
 * 30621, both stored with the audit row in one transaction.
 */
export function publishProfile(
  org: Organize,
  actor: Actor,
  id: string,
  fields: readonly PublicField[],
): ProfileState {
  const head = requireOne(org, actor, id);
  const ticked = canonical(fields);
  const publicId = publicIdOf(org.desk, id);
  const content = buildProfile(head.record, ticked, publicId);
  const event = signEvent(
    buildCollective(content, {
      pubkey: org.desk.publicKey,
      createdAt: Math.floor(Date.now() / 1000),
      prev: current(org, publicId).map((e) => e.id),
    }),
    org.desk,
  );
  const record: CollectiveRecord = { ...head.record, public: ticked, prev: [head.rumorId] };
  store(
    org,
    [{ record }],
    {
      actor: actor.username,
      action: 'collective.profile.publish',
      target: id,
      details: { fields: ticked, version: event.id, on: today() },
    },
    [event],
  );
  return { collective_id: id, public_id: publicId, fields: ticked, published: content, version: event.id };
}

/**
 * Withdraw a collective's profile: the ticks are cleared (a new version of the collective) and
 * the desk signs a NIP-09 deletion of every version of the 30621 it published, so the profile
 * leaves this node's log, the situation page and the feeds, and every node that syncs the
 * deletion does the same (tombstones keep it from coming back).
 */
export function withdrawProfile(org: Organize, actor: Actor, id: string): ProfileState & { removed: number } {
  const head = requireOne(org, actor, id);
  const publicId = publicIdOf(org.desk, id);
  const versions = profileVersionIds(org.node.db, Kind.Collective, org.desk.publicKey, publicId).slice(
    0,
    1000,
  );
  const deletion =
    versions.length > 0
      ? [
          signEvent(
            {
              kind: Kind.Deletion,
              created_at: Math.floor(Date.now() / 1000),
              tags: [...versions.map((v) => ['e', v]), ['k', String(Kind.Collective)]],
              content: '',
            },
            org.desk,
          ),
        ]
      : [];
  const record: CollectiveRecord = { ...head.record, public: [], prev: [head.rumorId] };
  store(
    org,
    [{ record }],
    {
      actor: actor.username,
      action: 'collective.profile.withdraw',
      target: id,
      details: { removed: versions.length },
    },
    deletion,
  );
  return {
    collective_id: id,
    public_id: publicId,
    fields: [],
    published: null,
    version: null,
    removed: versions.length,
  };
}
