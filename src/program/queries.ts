import { parseRecordContent } from '../core/content.js';
import { Kind } from '../core/kinds.js';
import type { AmendmentRecord, PlankRecord } from '../core/program-records.js';
import type { PublicProgramView, PublishedProgram } from '../core/program-view.js';
import { wordDiff } from '../core/word-diff.js';
import { programMeta } from './commands.js';
import { type Actor, type Program, requireDesk } from './context.js';
import {
  type DemandItem,
  demandInventory,
  type Inventory,
  publicInventory,
  type Support,
  widen,
} from './inventory.js';
import { concessionsFor } from './repository.js';
import { publishedVotes, voteSummaries } from './votes.js';

/*
 * What the desk and the public see of the program. The desk sees every count; organizers and
 * viewers see the counts but not which collectives stand behind them; the public sees the
 * published program and the inventory with counts below the threshold withheld.
 */

/**
 * A plank's support: the union of the demands it merges, so an event or collective behind two
 * merged duplicates counts once.
 */
export function plankSupport(plank: Pick<PlankRecord, 'demands'>, byKey: Map<string, DemandItem>): Support {
  const events = new Set<string>();
  const collectives = new Set<string>();
  const regions = new Set<string>();
  let first: string | null = null;
  let last: string | null = null;
  let people: number | null = null;
  const seen: Support['seen'] = { events: null, collectives: null };
  for (const key of plank.demands) {
    const d = byKey.get(key);
    if (!d) continue;
    for (const e of d.events) events.add(e);
    for (const c of d.collectives) collectives.add(c);
    for (const r of d.regions) regions.add(r);
    if (d.support.first_seen && (!first || d.support.first_seen < first)) first = d.support.first_seen;
    if (d.support.last_seen && (!last || d.support.last_seen > last)) last = d.support.last_seen;
    for (const source of ['events', 'collectives'] as const) {
      const span = d.support.seen[source];
      if (span) seen[source] = widen(seen[source], span.first, span.last);
    }
  }
  // People are summed per demand; across merged demands the largest stands (the same people
  // raise duplicates), so merging never inflates it.
  for (const key of plank.demands) {
    const p = byKey.get(key)?.support.people;
    if (p != null) people = Math.max(people ?? 0, p);
  }
  return {
    events: events.size,
    collectives: collectives.size,
    regions: regions.size,
    people,
    first_seen: first,
    last_seen: last,
    seen,
  };
}

const sees = (actor: Actor) => actor.role === 'admin' || actor.role === 'editor';

/** The desk's view: the full inventory, planks with support and offered evidence, amendments with diffs. */
export function deskProgram(program: Program, actor: Actor) {
  const { records } = requireDesk(program);
  const inventory = demandInventory(program);
  const byKey = new Map(inventory.demands.map((d) => [d.key, d]));
  const collectives = program.collectives();
  const names = new Map(collectives.map((c) => [c.id, c.name]));
  const plankRows = records.all<PlankRecord>('plank');
  const heads = new Map<string, typeof plankRows>();
  for (const r of plankRows) heads.set(r.record.id, [...(heads.get(r.record.id) ?? []), r]);
  const planks = [...heads.values()]
    .map((rows) => {
      rows.sort((a, b) => b.createdAt - a.createdAt || (a.rumorId < b.rumorId ? 1 : -1));
      const { type: _t, prev: _p, ...plank } = rows[0]!.record;
      const codes = plank.demands.filter((k) => !k.startsWith('text:'));
      const offered =
        plank.status === 'adopted' ||
        plank.status === 'won' ||
        plank.status === 'partly_won' ||
        plank.status === 'lost'
          ? concessionsFor(program.node.db, program.node.deskPubkey, codes)
          : [];
      return {
        ...plank,
        version: rows[0]!.rumorId,
        versions: rows.map((r) => r.rumorId),
        conflict: rows.length > 1,
        support: plankSupport(plank, byKey),
        evidence_offered: offered,
      };
    })
    .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
  const amendments = records
    .all<AmendmentRecord>('amendment')
    .map(({ record: { type: _t, prev: _p, ...a }, rumorId }) => ({
      ...a,
      version: rumorId,
      diff: wordDiff(a.before, a.after),
    }))
    .sort((a, b) => (a.status === 'proposed' ? 0 : 1) - (b.status === 'proposed' ? 0 : 1));
  const meta = programMeta(program)[0]?.record ?? null;
  return {
    threshold: program.threshold,
    votes: voteSummaries(program),
    /** The collectives a vote may be opened for: admins and editors open votes. */
    collectives: sees(actor) ? collectives.map((c) => ({ id: c.id, name: c.name })) : [],
    inventory: deskInventory(inventory, sees(actor), names),
    planks,
    amendments,
    meta: meta && {
      title: meta.title,
      endorsements: sees(actor)
        ? meta.endorsements
        : meta.endorsements.map(({ collective: _c, name: _n, ...e }) => e),
    },
    published: latestPublished(program),
  };
}

function deskInventory(inv: Inventory, named: boolean, names: Map<string, string>) {
  return {
    by_month: inv.by_month,
    demands: inv.demands.map((d) =>
      named
        ? { ...d, collectives: d.collectives.map((id) => ({ id, name: names.get(id) ?? id })) }
        : { ...d, collectives: [] },
    ),
  };
}

/** The newest published program (30622 signed by the desk), or null. */
export function latestPublished(program: Program): PublishedProgram | null {
  const desk = program.node.deskPubkey;
  if (!desk) return null;
  const [event] = program.node.log.query(
    { kinds: [Kind.DemandsProgram], authors: [desk], tags: { d: ['program'] }, limit: 1 },
    { as: 'node' },
  );
  if (!event) return null;
  try {
    return {
      content: parseRecordContent(Kind.DemandsProgram, event),
      created_at: event.created_at,
      id: event.id,
    };
  } catch {
    return null;
  }
}

/**
 * `GET /api/v1/program`: the published program and the demand inventory with counts below the
 * threshold withheld. A relay answers from what was published and the coded events it holds.
 */
export function publicProgram(program: Program): PublicProgramView {
  return {
    ...publicInventory(demandInventory(program), program.threshold),
    votes: publishedVotes(program),
    published: latestPublished(program),
  };
}
