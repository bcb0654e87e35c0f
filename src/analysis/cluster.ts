import { dayDiff } from './dates.js';
import { type ReportInput, type Suggestion, suggestCodes } from './suggest.js';

/*
 * Duplicates: reports about the same event share a cluster. Reports are compared only inside a
 * block (the same place, or the same enterprise when no place is named, or the country for
 * national measures) and, inside it, by date: that keeps 100,000 reports far from the 5·10⁹
 * pairs of a full comparison. What makes two reports one event works across the three
 * languages because it is what the suggestions extract (place, enterprise, type, date), not
 * the words themselves; a similarity of those extracted facts (demands, tactics, numbers,
 * enterprise) joins reports of the same place and day that were typed differently.
 */

export interface ClusterInput extends ReportInput {
  id: string;
  /** The suggestion when already computed (the desk stores it); computed otherwise. */
  suggestion?: Suggestion;
}

/** How far apart two days of an action may be reported and still be one event (hours). */
const NEXT_DAY_HOURS = 18;
/** Similarity of extracted facts above which two reports of a place and day are one event whatever their type. */
const SAME_EVENT_SIMILARITY = 0.5;

interface Item {
  index: number;
  date: string;
  received: number;
  place: string;
  type: string;
  labour: boolean;
  facts: Set<string>;
  enterprise: string | null;
  admin1: string | null;
}

/**
 * Cluster ids, one per report in input order; `null` for noise. A cluster is named after the id
 * of its first report in the input.
 * @example clusterReports([{id: 'a', text: 'Жанаозен: митинг у акимата'}, {id: 'b', text: 'zhanaozen miting u akimata'}]) // ['a', 'a']
 */
export function clusterReports(reports: ClusterInput[]): (string | null)[] {
  const parent = reports.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };

  const items: (Item | null)[] = reports.map((r, index) => toItem(r, index));
  // Block: place and type. Inside, reports of one day are one event; the next day joins when the
  // action goes on (a strike) or when the reports follow each other closely.
  const blocks = new Map<string, Item[]>();
  const byPlaceDay = new Map<string, Item[]>();
  for (const it of items) {
    if (!it) continue;
    push(blocks, `${it.place}|${it.type}`, it);
    push(byPlaceDay, `${it.place}|${it.date}`, it);
  }
  for (const block of blocks.values()) {
    block.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.received - b.received));
    let dayLast = block[0]?.received ?? Number.NaN;
    for (let i = 1; i < block.length; i++) {
      const cur = block[i]!;
      const prev = block[i - 1]!;
      if (cur.date === prev.date) {
        union(cur.index, prev.index);
        if (!(cur.received <= dayLast)) dayLast = cur.received;
        continue;
      }
      // A new day: the same action when it goes on (a strike) or when the reports follow closely.
      if (dayDiff(prev.date, cur.date) === 1) {
        if (cur.labour || cur.received - dayLast <= NEXT_DAY_HOURS * 3_600_000) union(cur.index, prev.index);
      }
      dayLast = cur.received;
    }
  }
  // Same place and day, different types: one event when the extracted facts agree.
  for (const group of byPlaceDay.values()) {
    if (group.length < 2 || group.length > 200) continue;
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i]!;
        const b = group[j]!;
        if (a.type === b.type || find(a.index) === find(b.index)) continue;
        if (a.type.startsWith('state_measure') || b.type.startsWith('state_measure')) continue;
        if (jaccard(a.facts, b.facts) >= SAME_EVENT_SIMILARITY) union(a.index, b.index);
      }
    }
  }
  // A report that names only the enterprise or the region joins the one event of that type and
  // day that a report naming the town gives for the same enterprise or region, when there is one.
  const vague = new Map<string, Item[]>();
  for (const it of items) {
    if (!it || it.place.startsWith('S:')) continue;
    if (it.place.startsWith('E:') || it.place.startsWith('A:'))
      push(vague, `${it.place}|${it.type}|${it.date}`, it);
  }
  if (vague.size > 0) {
    const precise = new Map<string, Set<number>>();
    for (const it of items) {
      if (!it?.place.startsWith('S:')) continue;
      const root = find(it.index);
      if (it.enterprise) addTo(precise, `E:${it.enterprise}|${it.type}|${it.date}`, root);
      if (it.admin1) addTo(precise, `A:${it.admin1}|${it.type}|${it.date}`, root);
    }
    for (const [key, list] of vague) {
      const roots = precise.get(key);
      if (roots && roots.size === 1) {
        const [root] = roots;
        for (const it of list) union(it.index, root!);
      }
    }
  }
  return reports.map((_r, i) => (items[i] ? reports[find(i)]!.id : null));
}

function addTo<K, V>(m: Map<K, Set<V>>, k: K, v: V) {
  const set = m.get(k);
  if (set) set.add(v);
  else m.set(k, new Set([v]));
}

/**
 * The block a suggestion falls in: reports of one event share it (place, or enterprise, or
 * region, or the country; and the type). `null` for noise. An inbox that clusters one report at
 * a time looks for candidates with the same key and dates within a day, then asks `sameEvent`.
 * @example blockKey(suggestCodes({text: 'Жанаозен: митинг'})) // 'S:Zhanaozen|protest'
 */
export function blockKey(s: Suggestion): string | null {
  if (s.noise || !s.event_type) return null;
  return `${placeKey(s)}|${typeKey(s)}`;
}

function placeKey(s: Suggestion): string {
  if (s.settlement) return `S:${s.settlement}`;
  if (s.enterprise) return `E:${s.enterprise.name}`;
  return s.admin1 ? `A:${s.admin1}` : 'N';
}

function typeKey(s: Suggestion): string {
  return s.event_type === 'state_measure' ? `state_measure:${s.sub_event_type}` : (s.event_type ?? '');
}

/** A report with its suggestion, as `sameEvent` compares them. */
export interface Suggested {
  suggestion: Suggestion;
  received_at?: string | null;
}

/**
 * Whether two reports tell of the same event, by the rule `clusterReports` applies between
 * neighbours: same block and same day; or the next day, for a labour action that goes on or for
 * reports that follow within 18 hours; or the same place and day with agreeing facts.
 */
export function sameEvent(a: Suggested, b: Suggested): boolean {
  const x = toItem({ id: 'a', text: '', ...a }, 0);
  const y = toItem({ id: 'b', text: '', ...b }, 1);
  if (!x || !y || x.place !== y.place) return false;
  if (x.type !== y.type) {
    if (x.date !== y.date || x.type.startsWith('state_measure') || y.type.startsWith('state_measure'))
      return false;
    return jaccard(x.facts, y.facts) >= SAME_EVENT_SIMILARITY;
  }
  if (x.date === y.date) return true;
  const [early, late] = x.date < y.date ? [x, y] : [y, x];
  if (dayDiff(early.date, late.date) !== 1) return false;
  return late.labour || late.received - early.received <= NEXT_DAY_HOURS * 3_600_000;
}

function toItem(r: ClusterInput, index: number): Item | null {
  const s = r.suggestion ?? suggestCodes(r);
  if (s.noise || !s.event_type) return null;
  const place = placeKey(s);
  const type = typeKey(s);
  const received = r.received_at ? Date.parse(r.received_at) : Number.NaN;
  const facts = new Set<string>([
    ...s.demands.map((d) => `d:${d}`),
    ...s.tactics.map((t) => `t:${t}`),
    ...s.state_responses.map((x) => `r:${x}`),
  ]);
  if (s.enterprise) facts.add(`e:${s.enterprise.name}`);
  if (s.size) facts.add(`n:${s.size.low}`);
  return {
    index,
    date: s.date ?? '',
    received,
    place,
    type,
    labour: s.event_type === 'labour_action',
    facts,
    enterprise: s.enterprise?.name ?? null,
    admin1: s.admin1,
  };
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** A report as far as its source goes: the reporter's key, or the SMS sender. */
export interface SourceInput {
  id: string;
  /** The reporter key (pubkey) that signed the report. */
  reporter?: string | null;
  /** The SMS sender (number or its hash) for reports that came by SMS. */
  sms_sender?: string | null;
}

/**
 * The number of independent sources behind reports: two reports from the same reporter key or
 * the same SMS sender are one source; a report without either counts on its own.
 * @example countIndependentSources([{id: 'a', reporter: 'k1'}, {id: 'b', reporter: 'k1'}, {id: 'c', sms_sender: '+7701'}]) // 2
 */
export function countIndependentSources(reports: SourceInput[]): number {
  const seen = new Set<string>();
  for (const r of reports) {
    if (r.reporter) seen.add(`k:${r.reporter}`);
    else if (r.sms_sender) seen.add(`s:${r.sms_sender}`);
    else seen.add(`r:${r.id}`);
  }
  return seen.size;
}
