import { randomBytes } from 'node:crypto';
import type { Suggestion } from '../analysis/suggest.js';
import type { CodedEventContent } from '../core/content.js';
import { SUB_EVENT_TYPE_TO_EVENT_TYPE } from '../core/taxonomy.js';
import type { Db } from '../store/db.js';
import { presentReport } from './inbox.js';
import { clusterReportRows } from './repository/index.js';

/** Where a settlement is, for the draft's map position (the gazetteer of the analysis). */
export type Locate = (settlement: string) => { lat: number; lon: number } | undefined;

function majority<T>(values: (T | null | undefined)[]): T | null {
  const counts = new Map<T, number>();
  for (const v of values) if (v !== null && v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | null = null;
  let bestN = 0;
  for (const [v, n] of counts) if (n > bestN) [best, bestN] = [v, n];
  return best;
}

/** Codes that at least half of the reports name (at least one when there is a single report). */
function consensus(lists: (string[] | undefined)[]): string[] {
  const counts = new Map<string, number>();
  for (const list of lists) for (const v of new Set(list ?? [])) counts.set(v, (counts.get(v) ?? 0) + 1);
  const need = Math.max(1, Math.ceil(lists.length / 2));
  return [...counts]
    .filter(([, n]) => n >= need)
    .map(([v]) => v)
    .sort();
}

/**
 * A coded event prefilled from the suggestions of a cluster's reports, for the editor to
 * correct: the most suggested value of each single field, the codes most reports agree on,
 * the earliest date, the largest crowd. Verification starts as `unverified`, or
 * `corroborated` when two or more independent sources (reporter keys) stand behind it.
 */
export function draftFromCluster(db: Db, cluster: string, locate?: Locate) {
  const reports = clusterReportRows(db, cluster, 500).map((r) => presentReport(r));
  const s = reports.map((r) => (r.suggestion ?? {}) as Partial<Suggestion>);
  const sub = majority(s.map((x) => x.sub_event_type)) ?? 'peaceful_protest';
  const eventType =
    SUB_EVENT_TYPE_TO_EVENT_TYPE[sub as keyof typeof SUB_EVENT_TYPE_TO_EVENT_TYPE] ?? 'protest';
  const dates = s
    .map((x) => x.date)
    .filter((d): d is string => typeof d === 'string')
    .sort();
  const date =
    dates[0] ??
    new Date((reports[0]?.received_at ?? Math.floor(Date.now() / 1000)) * 1000).toISOString().slice(0, 10);
  const settlement = majority(s.map((x) => x.settlement));
  const admin1 = majority(s.map((x) => x.admin1));
  const where = settlement ? locate?.(settlement) : undefined;
  const sizes = s.map((x) => x.size).filter((x): x is NonNullable<Suggestion['size']> => !!x);
  const size = sizes.sort((a, b) => b.low - a.low)[0] ?? null;
  const enterprises = s.map((x) => (typeof x.enterprise === 'object' ? x.enterprise : null));
  const enterpriseName = majority(enterprises.map((e) => e?.name));
  const enterprise = enterprises.find((e) => e?.name === enterpriseName) ?? null;
  const roles = consensus(s.map((x) => x.actor_roles));
  const sources = new Set(reports.map((r) => r.reporter)).size;
  const slug = (settlement ?? 'national')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  const content: CodedEventContent = {
    id: `evt-${date}-${slug || 'event'}-${randomBytes(2).toString('hex')}`,
    event_type: eventType as CodedEventContent['event_type'],
    sub_event_type: sub as CodedEventContent['sub_event_type'],
    date,
    time_precision: 1,
    location: {
      settlement,
      admin1,
      country: 'Kazakhstan',
      lat: where?.lat ?? null,
      lon: where?.lon ?? null,
      geo_precision: settlement ? 1 : 3,
    } as CodedEventContent['location'],
    actors: roles.map((role) => ({
      name: enterprise && role === 'workers' ? `Workers of ${enterprise.name}` : role,
      role,
    })) as CodedEventContent['actors'],
    enterprise: enterprise as CodedEventContent['enterprise'],
    tactics: consensus(s.map((x) => x.tactics)) as CodedEventContent['tactics'],
    demands: consensus(s.map((x) => x.demands)) as CodedEventContent['demands'],
    state_responses: consensus(s.map((x) => x.state_responses)) as CodedEventContent['state_responses'],
    size,
    fatalities: null,
    injured: null,
    detained: null,
    organization: (majority(s.map((x) => x.organization)) ?? 'unknown') as CodedEventContent['organization'],
    verification: sources >= 2 ? 'corroborated' : 'unverified',
    report_ids: reports.map((r) => r.id),
  };
  return { content, reports, sources };
}
