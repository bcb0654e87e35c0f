import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeskCodedEvent, startTestNode, type TestNode } from '../../test/support/node.js';
import { type DemandsProgramContent, LANGS } from '../core/content.js';
import { buildDemandsProgram } from '../core/records.js';
import { signEvent } from '../crypto/keys.js';
import { computeBriefFacts } from './brief-facts.js';
import { kkAblative } from './brief-program.js';
import { renderBrief } from './brief-text.js';
import { factAt } from './brief-writer.js';

/*
 * The brief's program section: the published program's demands with the most support (a count
 * withheld below the threshold said as "fewer than 3" in each language, never 0), the share of
 * economic and political demands by month, and who endorsed it; every figure a checked fact.
 */

let t: TestNode;

const program: DemandsProgramContent = {
  id: 'program',
  title: 'Общая программа',
  threshold: 3,
  demands: [
    { code: 'union_rights', class: 'labour', support: { events: null, collectives: null } },
    { code: 'wages', class: 'economic', support: { events: 6, collectives: 4 } },
    { code: null, class: 'economic', text: 'Газ по 50 тенге', support: { events: null, collectives: 3 } },
  ],
  planks: [
    {
      id: 'plank-a',
      text: { ru: 'Поднять зарплату', en: 'Raise wages' },
      status: 'won',
      demands: ['wages'],
      support: { events: 6, collectives: 4 },
      vote: null,
    },
    {
      id: 'plank-b',
      text: { ru: 'Права профсоюзов' },
      status: 'adopted',
      demands: ['union_rights'],
      support: { events: null, collectives: null },
      vote: null,
    },
  ],
  endorsements: { count: 5, named: [{ id: 'col-1', name: 'Комитет 12 шахты' }] },
};

beforeAll(async () => {
  t = await startTestNode();
  const events = [
    // January: 4 events naming a demand, 3 of them economic, 1 political.
    ...[1, 2, 3].map((i) => ({ id: `e-w-${i}`, date: `2022-01-0${i}`, demands: ['wages' as const] })),
    { id: 'e-p-1', date: '2022-01-05', demands: ['free_elections' as const] },
    // February: 2, both political; and one without a demand, which is not counted.
    { id: 'e-p-2', date: '2022-02-01', demands: ['end_repression' as const] },
    { id: 'e-p-3', date: '2022-02-02', demands: ['release_detainees' as const, 'free_elections' as const] },
    { id: 'e-n-1', date: '2022-02-03', demands: [] },
  ].map((e) => buildDeskCodedEvent(t.deskKey!, e));
  const record = signEvent(
    buildDemandsProgram(program, { pubkey: t.deskKey!.publicKey, createdAt: Date.UTC(2022, 1, 10) / 1000 }),
    t.deskKey!,
  );
  const answers = await t.node.ingest.submit([...events, record]);
  expect(answers.every((a) => a.ok)).toBe(true);
});
afterAll(async () => t?.close());

/** Every token names a fact that it shows, in text order, and no digit is left over. */
function checkFigures(
  facts: ReturnType<typeof computeBriefFacts>,
  text: string,
  tokens: { path: string; text: string }[],
) {
  let rest = text;
  for (const token of tokens) {
    const value = factAt(facts, token.path);
    expect(value, token.path).not.toBeNull();
    expect(typeof value === 'number' ? Number(token.text) : token.text, token.path).toEqual(value);
    const at = rest.indexOf(token.text);
    expect(at, token.path).toBeGreaterThanOrEqual(0);
    rest = rest.slice(0, at) + rest.slice(at + token.text.length);
  }
  expect(rest).not.toMatch(/\d/);
}

describe("the brief's program section", () => {
  it('reads the published program and the months up to the period', () => {
    const facts = computeBriefFacts(t.node.db, { from: '2022-02-01', to: '2022-02-07' });
    expect(facts.program).toEqual({
      published_on: '2022-02-10',
      planks: 2,
      won: 1,
      threshold: 3,
      top: [
        { demand: 'wages', text: null, events: 6, collectives: 4 },
        { demand: null, text: 'Газ по 50 тенге', events: null, collectives: 3 },
        { demand: 'union_rights', text: null, events: null, collectives: null },
      ],
      endorsements: 5,
      endorsed_by: ['Комитет 12 шахты'],
      by_month: [
        { month: '2022-01', events: 4, economic_pct: 75, political_pct: 25 },
        { month: '2022-02', events: 2, economic_pct: 0, political_pct: 100 },
      ],
    });
  });

  it('says an endorsement count withheld as "fewer than", never as a figure', () => {
    const facts = computeBriefFacts(t.node.db, { from: '2022-02-01', to: '2022-02-07' });
    const withheld = { ...facts, program: { ...facts.program!, endorsements: null } };
    const text = renderBrief(withheld, 'en').sections.find((s) => s.id === 'program')?.text ?? '';
    expect(text).toContain('Collectives that endorsed it: fewer than 3, among them Комитет 12 шахты.');
  });

  for (const [lang, fewer, said] of [
    ['en', 'collectives: fewer than 3', 'wages (events: 6, collectives: 4); «Газ'],
    ['ru', 'коллективов — меньше 3', 'зарплата (событий — 6, коллективов — 4); «Газ'],
    ['kk', 'ұжымдар – 3-тен аз', '(оқиғалар – 6, ұжымдар – 4)'],
  ] as const) {
    it(`says it in ${lang} with every figure a fact and withheld counts as "fewer than"`, () => {
      const facts = computeBriefFacts(t.node.db, { from: '2022-02-01', to: '2022-02-07' });
      const brief = renderBrief(facts, lang);
      const section = brief.sections.find((s) => s.id === 'program');
      expect(section?.text).toContain(fewer);
      expect(section?.text).toContain(said);
      expect(section?.text).toContain('«Газ по 50 тенге»');
      expect(section?.text).toContain('Комитет 12 шахты');
      expect(section?.text).toContain(
        {
          en: '25 % of 4 events; 2022-02',
          ru: '25 % из 4 событий; 2022-02',
          kk: '25 %, барлығы 4 оқиға; 2022-02',
        }[lang],
      );
      expect(section?.text).not.toMatch(/\b0 (events|collectives)|null/);
      checkFigures(facts, brief.text, brief.tokens);
      expect(brief.markdown).toContain(
        `## ${{ en: 'Common program', ru: 'Общая программа', kk: 'Ортақ бағдарлама' }[lang]}`,
      );
    });
  }

  it('says the program is not published, and the months, on a node without one', async () => {
    const bare = await startTestNode();
    try {
      const answers = await bare.node.ingest.submit([
        buildDeskCodedEvent(bare.deskKey!, { id: 'x-1', date: '2022-03-01', demands: ['wages'] }),
      ]);
      expect(answers.every((a) => a.ok)).toBe(true);
      for (const lang of LANGS) {
        const facts = computeBriefFacts(bare.node.db, { from: '2022-03-01', to: '2022-03-01' });
        expect(facts.program.published_on).toBeNull();
        const brief = renderBrief(facts, lang);
        const text = brief.sections.find((s) => s.id === 'program')?.text ?? '';
        expect(text).toContain(
          { en: 'not published yet', ru: 'ещё не опубликована', kk: 'әлі жарияланған жоқ' }[lang],
        );
        expect(text).toContain('2022-03');
        checkFigures(facts, brief.text, brief.tokens);
      }
    } finally {
      await bare.close();
    }
  });

  it('puts the Kazakh ablative after a number as it is read', () => {
    expect(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 1000, 13, 25].map(kkAblative),
    ).toEqual([
      'ден',
      'ден',
      'тен',
      'тен',
      'тен',
      'дан',
      'ден',
      'ден',
      'дан',
      'нан',
      'дан',
      'дан',
      'тан',
      'ден',
      'тан',
      'тен',
      'нен',
      'нан',
      'ден',
      'нан',
      'тен',
      'тен',
    ]);
  });
});
