import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodedEventContent } from '../../src/core/content.js';
import { LANGS } from '../../src/core/content.js';
import { type BriefFacts, computeBriefFacts } from '../../src/situation/brief-facts.js';
import { factAt, renderBrief, ruPlural, signed } from '../../src/situation/brief-text.js';
import { buildDeskCodedEvent, startTestNode, type TestNode } from '../support/node.js';
import { randomCodedEvent, rng } from './factories.js';

/**
 * Each figure in the text is a token that names its fact: the value must equal the fact, and
 * once every token is taken out, no digit may be left in the text.
 */
function checkNumbers(facts: BriefFacts, text: string, tokens: { path: string; text: string }[]) {
  let rest = text;
  let cursor = 0;
  for (const token of tokens) {
    const value = factAt(facts, token.path);
    expect(value, token.path).not.toBeUndefined();
    expect(value, token.path).not.toBeNull();
    const shown = token.text.replace('\u2212', '-').replace(/^\+/, '');
    expect(typeof value === 'number' ? Number(shown) : shown, token.path).toEqual(value);
    // Tokens come in the order of the text: each is looked for after the one before.
    const at = rest.indexOf(token.text, cursor);
    expect(at, `${token.path} "${token.text}" in the text`).toBeGreaterThanOrEqual(0);
    rest = rest.slice(0, at) + rest.slice(at + token.text.length);
    cursor = at;
  }
  expect(rest, 'a number in the text that no fact backs').not.toMatch(/\d/);
}

describe('brief', () => {
  let t: TestNode;
  const events: CodedEventContent[] = [];

  beforeAll(async () => {
    t = await startTestNode();
    const r = rng(11);
    for (let i = 0; i < 80; i++) events.push(randomCodedEvent(r, `b-${i}`));
    const answers = await t.node.ingest.submit(events.map((e) => buildDeskCodedEvent(t.deskKey!, e)));
    expect(answers.every((a) => a.ok)).toBe(true);
  });
  afterAll(async () => t?.close());

  const periods = [
    { from: '2022-01-10', to: '2022-01-16' },
    { from: '2022-02-01', to: '2022-02-28' },
    { from: '2021-06-01', to: '2021-06-02' },
    { hours: 24, now: new Date('2022-01-20T12:00:00Z') },
    { hours: 1, now: new Date('2022-01-21T12:00:00Z') },
    { hours: 72, now: new Date('2022-03-03T00:00:00Z') },
  ];

  for (const period of periods) {
    for (const lang of LANGS) {
      it(`every number in the ${lang} text is a fact (${JSON.stringify(period)})`, () => {
        const facts = computeBriefFacts(t.node.db, period);
        const { text, tokens } = renderBrief(facts, lang);
        expect(text.length).toBeGreaterThan(20);
        checkNumbers(facts, text, tokens);
      });
    }
  }

  it('counts what the events say', () => {
    const facts = computeBriefFacts(t.node.db, { from: '2022-01-10', to: '2022-01-16' });
    const kept = events.filter((e) => e.date >= '2022-01-10' && e.date <= '2022-01-16');
    const before = events.filter((e) => e.date >= '2022-01-03' && e.date <= '2022-01-09');
    expect(facts.scale.events).toBe(kept.length);
    expect(facts.scale.previous_events).toBe(before.length);
    expect(facts.period).toMatchObject({ days: 7, previous_from: '2022-01-03', previous_to: '2022-01-09' });
    expect(facts.state.shutdowns).toBe(
      kept.filter(
        (e) => e.sub_event_type === 'internet_shutdown' || e.state_responses.includes('internet_shutdown'),
      ).length,
    );
    const organized = kept.filter((e) => e.organization === 'organized').length;
    const spontaneous = kept.filter((e) => e.organization === 'spontaneous').length;
    expect(facts.organization.organized_pct).toBe(Math.round((organized / (organized + spontaneous)) * 100));
    expect(facts.scale.change_pct).toBe(Math.round(((kept.length - before.length) / before.length) * 100));
  });

  it('puts Russian numerals in the right form, and varied figures survive every language', () => {
    expect(
      [1, 2, 5, 11, 12, 14, 21, 22, 25, 101, 111].map((n) => ruPlural(n, 'событие', 'события', 'событий')),
    ).toEqual([
      'событие',
      'события',
      'событий',
      'событий',
      'событий',
      'событий',
      'событие',
      'события',
      'событий',
      'событие',
      'событий',
    ]);
    const facts = computeBriefFacts(t.node.db, { from: '2022-01-01', to: '2022-01-31' });
    for (const n of [1, 2, 5, 21]) {
      const f: BriefFacts = structuredClone(facts);
      f.scale.events = n;
      f.scale.settlements = n;
      f.scale.previous_events = n;
      f.scale.change_pct = -n;
      f.who.worker_actions = n;
      f.demands.events_with_demands = n;
      const ru = renderBrief(f, 'ru');
      checkNumbers(f, ru.text, ru.tokens);
      const form = ruPlural(n, 'событие', 'события', 'событий');
      expect(ru.text).toContain(`Зафиксировано ${n} ${form}`);
      expect(ru.text).toContain(
        n % 10 === 1 && n !== 11 ? `в ${n} населённом пункте` : `в ${n} населённых пунктах`,
      );
      expect(ru.text).toContain(`изменение: ${signed(-n)} %`);
      const en = renderBrief(f, 'en');
      expect(en.text).toContain(n === 1 ? '1 event in 1 settlement' : `${n} events in ${n} settlements`);
      const kk = renderBrief(f, 'kk');
      expect(kk.text).toContain(`${n} оқиға тіркелді`);
    }
  });

  it('answers GET /api/v1/brief and refuses bad queries with stable codes', async () => {
    const res = await fetch(`${t.url}/api/v1/brief?lang=kk&from=2022-01-10&to=2022-01-16`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.facts.scale.events).toBe(
      events.filter((e) => e.date >= '2022-01-10' && e.date <= '2022-01-16').length,
    );
    expect(body.text).toContain('оқиға');
    const fresh = await (await fetch(`${t.url}/api/v1/brief`)).json();
    expect(fresh.facts.period.hours).toBe(24);
    const bad: [string, string][] = [
      ['lang=de', 'invalid_lang'],
      ['hours=0', 'invalid_hours'],
      ['hours=abc', 'invalid_hours'],
      ['from=2022-01-10', 'invalid_period'],
      ['from=2022-01-10&to=2022-01-01', 'invalid_period'],
      ['from=2022-01-01&to=2022-01-03&hours=5', 'invalid_period'],
      ['from=1900-01-01&to=2022-01-03', 'invalid_period'],
      ['period=24h&from=2022-01-01&to=2022-01-03', 'invalid_period'],
      ['period=month', 'invalid_period'],
      ['from=20220101&to=2022-01-03', 'invalid_date'],
      ['x=1', 'unknown_parameter'],
    ];
    for (const [query, code] of bad) {
      const r = await fetch(`${t.url}/api/v1/brief?${query}`);
      expect(r.status, query).toBe(400);
      expect((await r.json()).error.code, query).toBe(code);
    }
  });
});
