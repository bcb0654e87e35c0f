import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodedEventContent } from '../../src/core/content.js';
import { DEMAND_CLASS, DEMAND_CLASSES, EVENT_TYPES, ORGANIZATIONS } from '../../src/core/taxonomy.js';
import { querySituation, type SituationFilters } from '../../src/situation/query.js';
import { buildDeskCodedEvent, startTestNode, type TestNode } from '../support/node.js';
import { randomCodedEvent, rng } from './factories.js';

/** What the situation must say, computed the slow way from the events themselves. */
function expected(events: CodedEventContent[], f: SituationFilters) {
  const kept = events.filter(
    (e) =>
      (!f.from || e.date >= f.from) &&
      (!f.to || e.date <= f.to) &&
      (!f.admin1 || e.location.admin1 === f.admin1) &&
      (!f.event_type || e.event_type === f.event_type),
  );
  const count = <K extends string>(keys: (e: CodedEventContent) => (K | null)[]) => {
    const m = new Map<K, number>();
    for (const e of kept) for (const k of new Set(keys(e))) if (k !== null) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const places = new Set(
    kept.filter((e) => e.location.settlement).map((e) => `${e.location.admin1}|${e.location.settlement}`),
  );
  const regions = new Set(kept.map((e) => e.location.admin1).filter((a) => a !== null));
  const byDay = count((e) => [`${e.date}|${e.event_type}`]);
  const classes = count((e) => e.demands.map((d) => DEMAND_CLASS[d]));
  const org = count((e) => [e.organization]);
  // A figure no event reports is unknown (null), not 0; `reported` says how many report it.
  const known = {
    participants: kept.filter((e) => e.size !== null).length,
    detained: kept.filter((e) => e.detained !== null).length,
    fatalities: kept.filter((e) => e.fatalities !== null).length,
  };
  const sum = (n: number, value: (e: CodedEventContent) => number | null | undefined) =>
    n === 0 ? null : kept.reduce((s, e) => s + (value(e) ?? 0), 0);
  return {
    totals: {
      events: kept.length,
      settlements: places.size,
      regions: regions.size,
      participants: sum(known.participants, (e) => e.size?.low),
      detained: sum(known.detained, (e) => e.detained),
      fatalities: sum(known.fatalities, (e) => e.fatalities),
      reported: known,
    },
    by_day: [...byDay]
      .map(([k, n]) => ({ date: k.split('|')[0], event_type: k.split('|')[1], count: n }))
      .sort(
        (a, b) =>
          (a.date as string).localeCompare(b.date as string) ||
          EVENT_TYPES.indexOf(a.event_type as never) - EVENT_TYPES.indexOf(b.event_type as never),
      ),
    by_region: sorted(count((e) => [e.location.admin1 ?? '\uffff'])).map(([k, n]) => ({
      admin1: k === '\uffff' ? null : k,
      count: n,
    })),
    by_event_type: EVENT_TYPES.filter((t) => kept.some((e) => e.event_type === t)).map((t) => ({
      event_type: t,
      count: kept.filter((e) => e.event_type === t).length,
    })),
    by_sub_event_type: sorted(count((e) => [e.sub_event_type])).map(([k, n]) => ({
      sub_event_type: k,
      count: n,
    })),
    by_sector: sorted(count((e) => [e.enterprise?.sector ?? null])).map(([k, n]) => ({
      sector: k,
      count: n,
    })),
    by_demand_class: DEMAND_CLASSES.map((c) => ({ class: c, count: classes.get(c) ?? 0 })),
    top_demands: sorted(count((e) => e.demands))
      .slice(0, 10)
      .map(([k, n]) => ({ demand: k, class: DEMAND_CLASS[k as never], count: n })),
    by_state_response: sorted(count((e) => e.state_responses)).map(([k, n]) => ({ response: k, count: n })),
    by_organization: ORGANIZATIONS.map((o) => ({ organization: o, count: org.get(o) ?? 0 })),
    map: sorted(
      count((e) => (e.location.lat !== null && e.location.settlement ? [e.location.settlement] : [])),
    ).map(([k, n]) => ({
      settlement: k,
      count: n,
      participants:
        kept.filter((e) => e.location.settlement === k).reduce((s, e) => s + (e.size?.low ?? 0), 0) || null,
    })),
  };
}

describe('situation aggregates', () => {
  let t: TestNode;
  const current = new Map<string, CodedEventContent>();
  const heads = new Map<string, string>();

  async function publish(content: CodedEventContent) {
    const prev = heads.get(content.id);
    const event = buildDeskCodedEvent(t.deskKey!, content, prev ? { prev } : {});
    const [answer] = await t.node.ingest.submit([event]);
    expect(answer?.ok).toBe(true);
    heads.set(content.id, event.id);
    if (content.verification === 'false') current.delete(content.id);
    else current.set(content.id, content);
  }

  beforeAll(async () => {
    t = await startTestNode();
    const r = rng(7);
    for (let i = 0; i < 150; i++) await publish(randomCodedEvent(r, `evt-${i}`));
    // Edits: some events move, change type or demands; some are marked false.
    for (let i = 0; i < 40; i += 3) await publish(randomCodedEvent(r, `evt-${i}`));
    for (let i = 1; i < 40; i += 7) await publish({ ...current.get(`evt-${i}`)!, verification: 'false' });
  });
  afterAll(async () => t?.close());

  const cases: SituationFilters[] = [
    {},
    { from: '2022-01-05', to: '2022-02-10' },
    { from: '2022-01-01', to: '2022-01-31' },
    { from: '2022-01-31', to: '2022-02-01' },
    { admin1: 'Mangystau Region' },
    { event_type: 'labour_action', from: '2022-01-10' },
    { admin1: 'Karaganda Region', event_type: 'protest', to: '2022-02-03' },
    { admin1: 'Nowhere' },
  ];

  for (const filters of cases) {
    it(`matches a count over the events themselves for ${JSON.stringify(filters)}`, () => {
      const got = querySituation(t.node.db, filters);
      const want = expected([...current.values()], filters);
      const { latest, period, filters: echoed, map, names, demo, ...rest } = got;
      expect(demo).toBe(false);
      expect(Object.keys(names).sort()).toEqual(
        [...new Set([...map.map((m) => m.settlement), ...latest.flatMap((l) => l.settlement ?? [])])].sort(),
      );
      const { map: wantMap, ...wantRest } = want;
      expect(rest).toEqual(wantRest);
      expect(map.map(({ settlement, count, participants }) => ({ settlement, count, participants }))).toEqual(
        wantMap,
      );
      expect(echoed).toEqual({ admin1: filters.admin1 ?? null, event_type: filters.event_type ?? null });
      expect(latest.length).toBe(Math.min(20, want.totals.events));
      for (const l of latest) expect(current.get(l.id)?.date).toBe(l.date);
      if (filters.from) expect(period.from).toBe(filters.from);
    });
  }

  it('answers over HTTP with the same shape, and filters change the counts', async () => {
    const all = await (await fetch(`${t.url}/api/v1/situation`)).json();
    const one = await (
      await fetch(`${t.url}/api/v1/situation?admin1=Mangystau%20Region&event_type=protest`)
    ).json();
    expect(Object.keys(all)).toEqual([
      'period',
      'filters',
      'totals',
      'by_day',
      'by_region',
      'by_event_type',
      'by_sub_event_type',
      'by_sector',
      'by_demand_class',
      'top_demands',
      'by_state_response',
      'by_organization',
      'map',
      'latest',
      'names',
      'demo',
    ]);
    expect(all.totals.events).toBe(current.size);
    expect(one.totals.events).toBeLessThan(all.totals.events);
    expect(one.by_event_type.map((x: { event_type: string }) => x.event_type)).toEqual(['protest']);
    const options = await (await fetch(`${t.url}/api/v1/situation/options`)).json();
    expect(options.regions).toEqual(['Almaty', 'Karaganda Region', 'Mangystau Region']);
    expect(options.event_types).toEqual([...EVENT_TYPES]);
    expect(options.date_min <= options.date_max).toBe(true);
  });

  it('refuses bad filters with stable codes', async () => {
    const bad: [string, string][] = [
      ['from=2022-13-01', 'invalid_date'],
      ['to=yesterday', 'invalid_date'],
      ['from=2022-02-01&to=2022-01-01', 'invalid_period'],
      ['event_type=picnic', 'invalid_event_type'],
      ['admin1=', 'invalid_region'],
      ['colour=red', 'unknown_parameter'],
      ['from=2022-01-01&from=2022-01-02', 'invalid_query'],
    ];
    for (const [query, code] of bad) {
      const res = await fetch(`${t.url}/api/v1/situation?${query}`);
      expect(res.status, query).toBe(400);
      expect((await res.json()).error.code, query).toBe(code);
    }
  });

  it('rebuilds the same rollups from the log', () => {
    const before = querySituation(t.node.db, {});
    t.node.projections.rebuildAll(t.node.log);
    expect(querySituation(t.node.db, {})).toEqual(before);
  });
});
