import { groupDemandTexts } from '../analysis/demand-groups.js';
import type { DemandsByMonth, PublicDemand } from '../core/program-view.js';
import { DEMAND_CLASS, type DemandClass } from '../core/taxonomy.js';
import type { CollectiveDemands, Program } from './context.js';
import { eventsWithDemands } from './repository.js';

/*
 * The demand inventory: every demand of the published coded events and of the collectives,
 * by taxonomy code, and demands in people's own words grouped by the analysis
 * (src/analysis/demand-groups.ts), each with its support. The desk sees every count; public
 * views withhold the counts below the threshold (`publicInventory`).
 */

export interface Support {
  events: number;
  collectives: number;
  regions: number;
  /** Participants of the events (where counted) and headcounts of the collectives (where known). */
  people: number | null;
  first_seen: string | null;
  last_seen: string | null;
  /**
   * When the events and when the collectives raised it, apart: a public view shows only the
   * dates of a source that reaches the threshold (a lone collective's day would name it).
   */
  seen: { events: Span | null; collectives: Span | null };
}

/** The support of a demand nothing stands behind yet. */
export function emptySupport(): Support {
  return {
    events: 0,
    collectives: 0,
    regions: 0,
    people: null,
    first_seen: null,
    last_seen: null,
    seen: { events: null, collectives: null },
  };
}

/** The first and last day a source raised a demand. */
export interface Span {
  first: string;
  last: string;
}

/** The span widened to take in a day, or two spans as one. */
export function widen(span: Span | null, first: string, last = first): Span {
  if (!span) return { first, last };
  // ISO days compare as strings.
  const [earliest] = [first, span.first].sort();
  const [, latest] = [last, span.last].sort();
  return { first: earliest!, last: latest! };
}

/**
 * First and last seen as the public may see them: from the events when there are enough of
 * them, from the collectives when there are enough of those, else none.
 */
export function publicSeen(s: Support, threshold: number): Span | null {
  let span: Span | null = null;
  if (s.events >= threshold && s.seen.events) span = widen(span, s.seen.events.first, s.seen.events.last);
  if (s.collectives >= threshold && s.seen.collectives)
    span = widen(span, s.seen.collectives.first, s.seen.collectives.last);
  return span;
}

export interface DemandItem {
  /** The code, or `text:KEY` for a group of demands in people's own words. */
  key: string;
  code: string | null;
  class: DemandClass | null;
  /** A group's words as first written (free-text demands only). */
  label: string | null;
  /** Up to five different wordings of the group, or of free texts read as this code. */
  texts: string[];
  support: Support;
  /** Desk only: the events (30620 `d`) and collectives behind the support. */
  events: string[];
  collectives: string[];
  regions: string[];
}

export interface Inventory {
  demands: DemandItem[];
  /** Events per month naming a demand of each class (an event with two classes counts in both). */
  by_month: DemandsByMonth[];
}

interface Acc {
  item: DemandItem;
  events: Set<string>;
  collectives: Set<string>;
  regions: Set<string>;
  people: number;
  counted: boolean;
}

/**
 * The inventory as the desk sees it, most supported first.
 * @example demandInventory(program).demands[0] // { key: 'wages', class: 'labour', support: { events: 12, collectives: 3, … } }
 */
export function demandInventory(program: Program): Inventory {
  const acc = new Map<string, Acc>();
  const entry = (key: string, code: string | null, label: string | null): Acc => {
    let a = acc.get(key);
    if (!a) {
      a = {
        item: {
          key,
          code,
          class: code ? (DEMAND_CLASS[code as keyof typeof DEMAND_CLASS] ?? null) : null,
          label,
          texts: [],
          support: emptySupport(),
          events: [],
          collectives: [],
          regions: [],
        },
        events: new Set(),
        collectives: new Set(),
        regions: new Set(),
        people: 0,
        counted: false,
      };
      acc.set(key, a);
    }
    return a;
  };
  const seen = (a: Acc, date: string, source: 'events' | 'collectives') => {
    const s = a.item.support;
    if (!s.first_seen || date < s.first_seen) s.first_seen = date;
    if (!s.last_seen || date > s.last_seen) s.last_seen = date;
    s.seen[source] = widen(s.seen[source], date);
  };
  const months = new Map<string, { economic: number; labour: number; political: number }>();
  for (const e of eventsWithDemands(program.node.db, program.node.deskPubkey)) {
    const classes = new Set<DemandClass>();
    for (const code of e.demands) {
      const a = entry(code, code, null);
      if (a.events.has(e.d)) continue;
      a.events.add(e.d);
      if (e.admin1) a.regions.add(e.admin1);
      if (e.participants > 0) {
        a.people += e.participants;
        a.counted = true;
      }
      seen(a, e.date, 'events');
      if (a.item.class) classes.add(a.item.class);
    }
    const month = e.date.slice(0, 7);
    const m = months.get(month) ?? { economic: 0, labour: 0, political: 0 };
    for (const c of classes) m[c]++;
    months.set(month, m);
  }
  addCollectives(program.collectives(), entry, seen);
  const demands = [...acc.values()].map((a) => {
    const s = a.item.support;
    s.events = a.events.size;
    s.collectives = a.collectives.size;
    s.regions = a.regions.size;
    s.people = a.counted ? a.people : null;
    return {
      ...a.item,
      events: [...a.events],
      collectives: [...a.collectives],
      regions: [...a.regions].sort(),
    };
  });
  demands.sort(
    (x, y) =>
      weight(y.support) - weight(x.support) ||
      y.support.regions - x.support.regions ||
      (x.key < y.key ? -1 : 1),
  );
  return {
    demands,
    by_month: [...months.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([month, m]) => ({ month, ...m })),
  };
}

const weight = (s: Support) => s.events + s.collectives;

function addCollectives(
  list: CollectiveDemands[],
  entry: (key: string, code: string | null, label: string | null) => Acc,
  seen: (a: Acc, date: string, source: 'events' | 'collectives') => void,
): void {
  // A collective with two heads (a conflict) counts once.
  const byId = new Map(list.map((c) => [c.id, c]));
  const texts: { collective: CollectiveDemands; text: string; code: string | null }[] = [];
  for (const c of byId.values()) {
    for (const d of c.demands) {
      // A code the taxonomy does not know (an older node's, a typo) is read like words.
      const code = d.code && d.code in DEMAND_CLASS ? d.code : null;
      const text = d.text?.trim() || (code ? '' : (d.code ?? ''));
      if (code || text) texts.push({ collective: c, text, code });
    }
  }
  // Texts without a code are read by the analysis: a coded demand, or a group of like texts.
  const free = texts.filter((t) => !t.code && t.text);
  const groups = groupDemandTexts(free.map((t) => t.text));
  const keys = new Map<(typeof texts)[number], { keys: string[]; grouped: boolean }>();
  free.forEach((t, i) => {
    const g = groups[i]!;
    keys.set(t, g.codes.length > 0 ? { keys: g.codes, grouped: false } : { keys: [g.group!], grouped: true });
  });
  for (const t of texts) {
    const target = t.code ? { keys: [t.code], grouped: false } : keys.get(t);
    if (!target) continue;
    for (const key of target.keys) {
      const a = entry(key, target.grouped ? null : key, target.grouped ? t.text : null);
      if (t.text && a.item.texts.length < 5 && !a.item.texts.includes(t.text)) a.item.texts.push(t.text);
      const c = t.collective;
      if (a.collectives.has(c.id)) continue;
      a.collectives.add(c.id);
      if (c.admin1) a.regions.add(c.admin1);
      if (c.headcount !== null && c.headcount > 0) {
        a.people += c.headcount;
        a.counted = true;
      }
      seen(a, c.date, 'collectives');
    }
  }
}

/** A public count: null when below the threshold (withheld, not zero). */
export const shown = (n: number | null, threshold: number): number | null =>
  n === null || n < threshold ? null : n;

export type { PublicDemand } from '../core/program-view.js';

/**
 * The inventory as anyone may see it: every count below the threshold withheld (null), dates
 * and a group's words shown only when enough sources stand behind them, and no event or
 * collective named. A demand in people's own words with nothing left to show is left out and
 * counted in `withheld`.
 */
export function publicInventory(inv: Inventory, threshold: number) {
  const demands: PublicDemand[] = [];
  let withheld = 0;
  for (const d of inv.demands) {
    const s = d.support;
    const dates = publicSeen(s, threshold);
    const support = {
      events: shown(s.events, threshold),
      collectives: shown(s.collectives, threshold),
      regions: shown(s.regions, threshold),
      people: shown(s.people, threshold),
      first_seen: dates?.first ?? null,
      last_seen: dates?.last ?? null,
    };
    // A group's own words may name the collective that wrote them: shown only with enough behind them.
    const label = d.code === null ? (s.collectives >= threshold ? d.label : null) : null;
    if (d.code === null && label === null) {
      withheld++;
      continue;
    }
    demands.push({ key: d.key, code: d.code, class: d.class, label, support });
  }
  return { threshold, demands, withheld, by_month: inv.by_month };
}
