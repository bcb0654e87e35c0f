import { describe, expect, it } from 'vitest';
import { checkContent } from '../core/content.js';
import { Kind } from '../core/kinds.js';
import { programSupportFacts } from './brief-facts.js';
import { programSupportText } from './brief-program.js';

describe("the brief's program-support section", () => {
  const program = checkContent(Kind.DemandsProgram, {
    id: 'program',
    title: 'Common program',
    demands: [{ code: 'wages', class: 'economic', support: { events: 20, collectives: 3 } }],
    threshold: 3,
    planks: [
      {
        id: 'plank-a',
        text: { ru: 'Поднять зарплату', en: 'Raise wages' },
        status: 'won',
        demands: ['wages'],
        support: { events: 20, collectives: 3 },
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
    endorsements: { count: 2, named: [] },
  });

  it('says planks, outcomes, endorsements and withheld counts as "fewer than"', () => {
    const facts = programSupportFacts(program, 'en');
    expect(facts).toMatchObject({ published: true, planks: 2, won: 1, endorsements: 2 });
    const text = programSupportText(facts, 'en');
    expect(text).toContain('2 plank(s), 1 won');
    expect(text).toContain('«Raise wages» (events: 20, collectives: 3)');
    expect(text).toContain('«Права профсоюзов» (events: fewer than 3, collectives: fewer than 3)');
    expect(programSupportText(programSupportFacts(program, 'kk'), 'kk')).toContain('3-ден аз');
  });

  it('says nothing when no program is published', () => {
    expect(programSupportText(programSupportFacts(null, 'ru'), 'ru')).toBe('');
  });
});
