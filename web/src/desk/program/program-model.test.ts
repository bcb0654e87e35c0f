// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { PLANK_STATUSES, PLANK_TRANSITIONS } from '../../../../src/core/program-records.js';
import { ApiError } from '../../shared/http.js';
import { addMessages, setLang } from '../../shared/i18n.js';
import { demandName, drafts, plankWords, programError, proposes, TRANSITIONS } from './program-model.js';

describe("the Program view's model", () => {
  it("restates the node's status transitions exactly", () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...PLANK_STATUSES].sort());
    for (const s of PLANK_STATUSES) expect(TRANSITIONS[s]).toEqual(PLANK_TRANSITIONS[s]);
  });

  it('lets admins and editors draft, everyone but a viewer propose', () => {
    expect(['admin', 'editor', 'organizer', 'viewer'].map(drafts)).toEqual([true, true, false, false]);
    expect(['admin', 'editor', 'organizer', 'viewer'].map(proposes)).toEqual([true, true, true, false]);
  });

  it('names a plank in the language asked, else the first it has', () => {
    expect(plankWords({ ru: 'Зарплата', kk: '', en: 'Wages' }, 'en')).toEqual({ text: 'Wages', lang: 'en' });
    expect(plankWords({ ru: 'Зарплата', kk: ' ', en: '' }, 'kk')).toEqual({ text: 'Зарплата', lang: 'ru' });
  });

  it("names demands by the catalogue's label or the group's own words", () => {
    addMessages({ en: { 'desk.code.demand.wages': 'Wages' }, ru: {}, kk: {} });
    setLang('en');
    expect(demandName(undefined, 'wages')).toBe('Wages');
    expect(
      demandName({ key: 'text:gas', code: null, label: 'cheaper gas', texts: ['cheaper gas'] }, 'text:gas'),
    ).toBe('cheaper gas');
    expect(demandName(undefined, 'text:gas')).toBe('gas');
  });

  it("says the program's own errors in its words, others as the desk does", () => {
    addMessages({ en: { 'desk.program.error.bad_transition': 'Cannot move' }, ru: {}, kk: {} });
    setLang('en');
    expect(programError(new ApiError(409, 'bad_transition', 'x'))).toBe('Cannot move');
    expect(programError(new ApiError(409, 'odd_code', 'node says'))).toBe('node says');
  });
});
