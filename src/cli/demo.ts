import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateSettlement } from '../analysis/gazetteer.js';
import type { Actor, CodedEventContent } from '../core/content.js';
import { Kind } from '../core/kinds.js';
import type { ActorRole } from '../core/taxonomy.js';
import { BRIEF_TITLES, publishBrief } from '../desk/publish-brief.js';
import type { TilshiNode } from '../node/node.js';
import { situationBrief } from '../situation/brief.js';
import { type PublishResult, publishCodedEvents } from '../situation/import-acled.js';
import { seedDemoMaterials } from './demo-materials.js';

/*
 * The demo scenario: the documented events of January 2022 from the development corpus
 * (`basis: "documented"`, with their sources; never the synthetic ones), coded from the gold
 * codes of the corpus reports about each of them, signed by the demo desk and marked as demo
 * data (a `t`=`demo` tag and a note). The corpus is read at run time, never copied into the code.
 */

export const DEMO_TAG = 'demo';
export const DEMO_NOTE =
  'DEMO DATA: an example built from documented events of January 2022 in Kazakhstan (Tilshi development corpus), not a live report.';

/** How a demo article's title says that it is one. */
const DEMO_TITLE_PREFIX = { en: 'Demo: ', ru: 'Демо: ', kk: 'Демо: ' } as const;

interface CorpusEvent {
  cluster: string;
  basis: string;
  summary_en?: string;
  sources?: string[];
}

interface Gold {
  cluster?: string;
  event_type: CodedEventContent['event_type'];
  sub_event_type: CodedEventContent['sub_event_type'];
  date: string;
  settlement: string | null;
  admin1: string | null;
  enterprise: CodedEventContent['enterprise'];
  actor_roles: ActorRole[];
  tactics: CodedEventContent['tactics'];
  demands: CodedEventContent['demands'];
  state_responses: CodedEventContent['state_responses'];
  size: CodedEventContent['size'];
  fatalities: number | null;
  organization: CodedEventContent['organization'];
}

export type DemoResult =
  | { status: 'absent'; file: string }
  | { status: 'already_loaded' }
  | ({
      status: 'loaded';
      events: number;
      without_codes: string[];
      /** Whether the demo's briefs were published, or left out because real events share their days. */
      briefs: 'published' | 'skipped_real_data' | 'none';
    } & PublishResult);

const readJsonl = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

/** The value most reports agree on (ties: the first seen). */
function mostCommon<T>(values: T[]): T {
  const counts = new Map<string, { v: T; n: number }>();
  for (const v of values) {
    const k = JSON.stringify(v);
    const c = counts.get(k);
    if (c) c.n++;
    else counts.set(k, { v, n: 1 });
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0]!.v;
}

const union = <T>(lists: T[][]): T[] => [...new Set(lists.flat())];

const ACTOR_NAMES: Record<ActorRole, string> = {
  workers: 'Workers',
  residents: 'Residents',
  youth: 'Youth',
  union: 'Trade union',
  collective: 'Labour collective',
  opposition: 'Opposition',
  rioters: 'Rioters',
  state_forces: 'Police and security forces',
  government: 'Government of Kazakhstan',
  local_authorities: 'Local authorities (akimat)',
  employer: 'Employer',
  foreign_forces: 'Foreign forces',
  unknown: 'Unknown',
};

/** One documented event coded from the gold codes of the reports about it. */
export function codeDemoEvent(event: CorpusEvent, golds: Gold[]): CodedEventContent {
  const settlement = mostCommon(golds.map((g) => g.settlement));
  const admin1 = mostCommon(golds.map((g) => g.admin1));
  const place = settlement ? locateSettlement(settlement) : undefined;
  const enterprise = golds.find((g) => g.enterprise)?.enterprise ?? null;
  // The report with the median crowd figure: neither the highest claim nor the lowest.
  const sized = golds.filter((g) => g.size).sort((a, b) => (a.size?.low ?? 0) - (b.size?.low ?? 0));
  const size = sized.length > 0 ? (sized[Math.floor((sized.length - 1) / 2)]?.size ?? null) : null;
  const fatalities = golds.map((g) => g.fatalities).filter((f): f is number => f !== null);
  const actors: Actor[] = union(golds.map((g) => g.actor_roles)).map((role) => ({
    name: `${ACTOR_NAMES[role]}${role === 'foreign_forces' || role === 'government' ? '' : ' (Kazakhstan)'}`,
    role,
    ...(enterprise && role === 'workers' ? { enterprise: enterprise.name } : {}),
  }));
  return {
    id: `demo-2022-${event.cluster.toLowerCase()}`,
    event_type: mostCommon(golds.map((g) => g.event_type)),
    sub_event_type: mostCommon(golds.map((g) => g.sub_event_type)),
    date: golds.map((g) => g.date).sort()[0] as string,
    time_precision: 1,
    location: {
      settlement,
      admin1,
      country: 'Kazakhstan',
      lat: place?.lat ?? null,
      lon: place?.lon ?? null,
      geo_precision: settlement ? 1 : 3,
    },
    actors,
    enterprise,
    tactics: union(golds.map((g) => g.tactics)),
    demands: union(golds.map((g) => g.demands)),
    state_responses: union(golds.map((g) => g.state_responses)),
    size,
    fatalities: fatalities.length > 0 ? Math.min(...fatalities) : null,
    injured: null,
    detained: null,
    organization: mostCommon(golds.map((g) => g.organization)),
    verification: 'corroborated',
    sources: (event.sources ?? [])
      .slice(0, 30)
      .map((url) => ({ name: new URL(url).hostname.replace(/^www\./, ''), url })),
    notes: `${DEMO_NOTE}\n\n${event.summary_en ?? ''}`.trim(),
  };
}

/**
 * Load the demo scenario into a desk node, once: does nothing when demo events are stored
 * already, and says so when the corpus is not there.
 *
 * @example await loadDemo(node, '../shared/corpus')
 */
export async function loadDemo(node: TilshiNode, corpusDir: string): Promise<DemoResult> {
  // The starter materials need no corpus: they are the demo's own text.
  await seedDemoMaterials(node);
  const eventsFile = join(corpusDir, 'events.dev.jsonl');
  const reportsFile = join(corpusDir, 'reports.dev.jsonl');
  if (!existsSync(eventsFile)) return { status: 'absent', file: eventsFile };
  const loaded = node.log.query(
    { kinds: [Kind.CodedEvent], tags: { t: [DEMO_TAG] }, limit: 1 },
    { as: 'public' },
  );
  if (loaded.length > 0) return { status: 'already_loaded' };

  const goldsByCluster = new Map<string, Gold[]>();
  if (existsSync(reportsFile)) {
    for (const r of readJsonl<{ gold?: Gold }>(reportsFile)) {
      const g = r.gold;
      if (!g?.cluster || !g.event_type) continue;
      goldsByCluster.set(g.cluster, [...(goldsByCluster.get(g.cluster) ?? []), g]);
    }
  }
  const withoutCodes: string[] = [];
  const contents: CodedEventContent[] = [];
  for (const event of readJsonl<CorpusEvent>(eventsFile)) {
    if (event.basis !== 'documented') continue;
    const golds = goldsByCluster.get(event.cluster);
    if (!golds || golds.length === 0) {
      withoutCodes.push(event.cluster);
      continue;
    }
    const content = codeDemoEvent(event, golds);
    if (content.date.startsWith('2022-01')) contents.push(content);
  }
  const result = await publishCodedEvents(
    node,
    contents.map((content, i) => ({ line: i + 1, content, tags: [['t', DEMO_TAG]] })),
  );
  // A brief of the demo's days in each language, marked as demo: only when every event of those
  // days is a demo event, so that a brief that counts a desk's real events is never marked demo.
  const days = contents.map((c) => c.date).sort();
  let briefs: 'published' | 'skipped_real_data' | 'none' = 'none';
  if (days.length > 0) {
    const from = days[0] as string;
    const to = days[days.length - 1] as string;
    const demoEvents = node.log
      .query({ kinds: [Kind.CodedEvent], tags: { t: [DEMO_TAG] }, limit: 100_000 }, { as: 'public' })
      .filter((e) => {
        const date = e.tags.find((t) => t[0] === 'date')?.[1] ?? '';
        return date >= from && date <= to;
      }).length;
    briefs = 'published';
    for (const lang of ['en', 'ru', 'kk'] as const) {
      const brief = situationBrief(node.db, { lang, from, to });
      if (brief.facts.scale.events !== demoEvents) {
        briefs = 'skipped_real_data';
        break;
      }
      await publishBrief(
        node,
        {
          lang,
          // Its own id: a real brief of the same days is a record of its own, not an edit of this one.
          id: `${DEMO_TAG}-brief-${from}-${to}-${lang}`,
          title: `${DEMO_TITLE_PREFIX[lang]}${BRIEF_TITLES[lang](from, to)}`,
          demo: true,
          actor: 'demo',
        },
        brief,
      );
    }
  }
  return { status: 'loaded', events: contents.length, without_codes: withoutCodes, briefs, ...result };
}
