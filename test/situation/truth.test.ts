import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodedEventContent } from '../../src/core/content.js';
import { buildCodedEvent, buildCollective } from '../../src/core/records.js';
import { buildCodedEventContent, buildCollectiveContent } from '../../src/core/test-factories.js';
import { signEvent } from '../../src/crypto/keys.js';
import { situationBrief } from '../../src/situation/brief.js';
import { dayOf } from '../../src/situation/period.js';
import { querySituation, situationOptions } from '../../src/situation/query.js';
import { startTestNode, type TestNode } from '../support/node.js';

/*
 * What the situation says must be true: unknown figures are not 0, the brief covers the period
 * asked for, demo events stand apart once a real event exists, and one event opens in full.
 */

const today = dayOf(new Date());
const place = { country: 'Kazakhstan', geo_precision: 1 as const };

describe('the situation tells unknown from 0, and demo from real', () => {
  let t: TestNode;
  let created = Math.floor(Date.now() / 1000) - 1000;

  const heads = new Map<string, string>();
  async function publish(content: CodedEventContent, tags: string[][] = []) {
    const prev = heads.get(content.id);
    const unsigned = buildCodedEvent(content, {
      pubkey: t.deskKey!.publicKey,
      createdAt: created++,
      ...(prev ? { prev } : {}),
    });
    unsigned.tags.push(...tags);
    const event = signEvent(unsigned, t.deskKey!);
    const [answer] = await t.node.ingest.submit([event]);
    expect(answer?.ok).toBe(true);
    heads.set(content.id, event.id);
  }

  const demo = (id: string, over: Partial<CodedEventContent> = {}) =>
    publish(
      buildCodedEventContent({
        id,
        date: '2022-01-04',
        notes: 'DEMO DATA: an example, not a live report.\n\nWorkers gathered in the square.',
        size: null,
        ...over,
      }),
      [['t', 'demo']],
    );

  beforeAll(async () => {
    t = await startTestNode();
    await demo('demo-1', { size: { low: 500, high: null, text: 'about 500' }, detained: 0 });
    await demo('demo-2', {
      location: { ...place, settlement: 'Aktau', admin1: 'Mangystau Region', lat: 43.65, lon: 51.2 },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts a size, detained or fatalities only where an event reports it', () => {
    const s = querySituation(t.node.db, {});
    expect(s.demo).toBe(true);
    expect(s.totals.events).toBe(2);
    expect(s.totals.participants).toBe(500);
    expect(s.totals.detained).toBe(0); // one event reports 0 detained: a real 0
    expect(s.totals.fatalities).toBeNull(); // none reports: no data
    expect(s.totals.reported).toEqual({ participants: 1, detained: 1, fatalities: 0 });
    expect(s.map.find((m) => m.settlement === 'Aktau')?.participants).toBeNull();
    expect(s.names.Aktau).toEqual({ ru: 'Актау', kk: 'Ақтау' });
    // The demo marker line is left to the page (which says it in the reader's language).
    expect(s.latest.map((l) => [l.id, l.demo, l.summary])).toContainEqual([
      'demo-1',
      true,
      'Workers gathered in the square.',
    ]);
  });

  it('the brief says "no data" for what no event reports, and names the period it covers', () => {
    const { text, facts } = situationBrief(t.node.db, { lang: 'ru', period: 'all' });
    expect(facts.period.from).toBe('2022-01-04');
    expect(facts.period.to).toBe('2022-01-04');
    expect(facts.state.fatalities).toBeNull();
    expect(facts.state.detained).toBe(0);
    expect(text).toContain('погибших — нет данных');
    expect(text).toContain('Ответ государства: нет данных');
    expect(text).toContain('2022-01-04');
    const en = situationBrief(t.node.db, { lang: 'en', period: 'all' }).text;
    expect(en).toContain('Killed: no data');
    expect(en).toContain('Detained: 0 (1 of 2 events report it)');
  });

  it('opens one event with its place, demands, sizes, sources and collectives', async () => {
    await publish(
      buildCodedEventContent({
        id: 'real-1',
        date: today,
        state_responses: ['arrests'],
        detained: 12,
        sources: [{ name: 'Local paper', url: 'https://example.org/a' }],
        collectives: ['ozenmunaigas-initiative', 'not-published'],
        notes: 'Strike at the field.',
      }),
    );
    const collective = buildCollective(buildCollectiveContent(), {
      pubkey: t.deskKey!.publicKey,
      createdAt: created++,
    });
    const [ok] = await t.node.ingest.submit([signEvent(collective, t.deskKey!)]);
    expect(ok?.ok).toBe(true);
    const res = await fetch(`${t.url}/api/v1/situation/events/real-1`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.event.demands).toEqual(['fuel_prices']);
    expect(body.event.detained).toBe(12);
    expect(body.event.fatalities).toBeNull();
    expect(body.event.sources).toEqual([{ name: 'Local paper', url: 'https://example.org/a' }]);
    expect(body.collectives).toEqual([
      {
        id: 'ozenmunaigas-initiative',
        name: 'Ozenmunaigas workers initiative group',
        form: 'initiative_group',
      },
    ]);
    expect(body.names.Zhanaozen).toEqual({ ru: 'Жанаозен', kk: 'Жаңаөзен' });
    expect(body.event.report_ids).toBeUndefined();
    expect((await fetch(`${t.url}/api/v1/situation/events/nope`)).status).toBe(404);
    const bad = await fetch(`${t.url}/api/v1/situation/events/${encodeURIComponent('../x')}`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('invalid_event_id');
  });

  it('hides demo events everywhere once a real event exists', async () => {
    const s = querySituation(t.node.db, {});
    expect(s.demo).toBe(false);
    expect(s.totals.events).toBe(1);
    expect(s.latest.map((l) => l.id)).toEqual(['real-1']);
    expect(s.period).toEqual({ from: today, to: today, name: null });
    expect(s.by_region.map((r) => r.admin1)).toEqual(['Mangystau']);
    expect((await fetch(`${t.url}/api/v1/situation/events/demo-1`)).status).toBe(404);
    const options = situationOptions(t.node.db);
    expect(options.demo).toBe(false);
    expect(options.now['24h'].events).toBe(1);
    // The last real event withdrawn (marked false): the demo events come back.
    await publish(buildCodedEventContent({ id: 'real-1', date: today, verification: 'false' }));
    const back = querySituation(t.node.db, {});
    expect(back.demo).toBe(true);
    expect(back.totals.events).toBe(2);
  });

  it('a "now" view and its brief cover the same days', async () => {
    await publish(buildCodedEventContent({ id: 'real-2', date: today }));
    const now = new Date();
    const s = querySituation(t.node.db, { period: '24h' }, now);
    const b = situationBrief(t.node.db, { lang: 'en', period: '24h' }, now);
    expect(s.period.name).toBe('24h');
    expect([b.facts.period.from, b.facts.period.to]).toEqual([s.period.from, s.period.to]);
    expect(b.facts.scale.events).toBe(s.totals.events);
    const http = await (await fetch(`${t.url}/api/v1/brief?lang=kk&period=7d`)).json();
    const view = await (await fetch(`${t.url}/api/v1/situation?period=7d`)).json();
    expect([http.facts.period.from, http.facts.period.to]).toEqual([view.period.from, view.period.to]);
    expect(http.facts.scale.events).toBe(view.totals.events);
    const clash = await fetch(`${t.url}/api/v1/situation?period=7d&from=2022-01-01`);
    expect((await clash.json()).error.code).toBe('invalid_period');
  });
});
