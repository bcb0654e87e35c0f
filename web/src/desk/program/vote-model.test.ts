// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { BALLOT_CODES_AT_ONCE } from '../../../../src/core/program-requests.js';
import { BALLOT_CHOICES } from '../../../../src/core/vote-records.js';
import { addMessages, setLang } from '../../shared/i18n.js';
import {
  CHOICES,
  CODES_AT_ONCE,
  parseCount,
  parseQuorum,
  sheetFileName,
  tallyLine,
  titleBody,
  votablePlanks,
  voteTitle,
} from './vote-model.js';

describe("the Votes part's model", () => {
  it("restates the node's choices and limits exactly", () => {
    expect(CHOICES).toEqual(BALLOT_CHOICES);
    expect(CODES_AT_ONCE).toBe(BALLOT_CODES_AT_ONCE);
  });

  it('offers the planks put to the vote that are in no open vote and have one version', () => {
    const planks = [
      { id: 'p1', status: 'put_to_vote', conflict: false, vote: null },
      { id: 'p2', status: 'put_to_vote', conflict: false, vote: 'v-open' },
      { id: 'p3', status: 'put_to_vote', conflict: false, vote: 'v-closed' },
      { id: 'p4', status: 'draft', conflict: false, vote: null },
      { id: 'p5', status: 'put_to_vote', conflict: true, vote: null },
      { id: 'p6', status: 'adopted', conflict: false, vote: 'v-closed' },
    ] as const;
    const votes = [
      { id: 'v-open', status: 'open' },
      { id: 'v-closed', status: 'closed' },
    ];
    expect(votablePlanks(planks, votes).map((p) => p.id)).toEqual(['p1', 'p3']);
  });

  it('reads a quorum typed as a percentage, and refuses what is not one', () => {
    expect(['50', ' 60 % ', '66,7', '1', '100', '12.5'].map(parseQuorum)).toEqual([
      0.5, 0.6, 0.667, 0.01, 1, 0.125,
    ]);
    for (const bad of ['', '0', '0.5', '101', 'half', '-5', '50%%', '5e1'])
      expect(parseQuorum(bad)).toBeNull();
  });

  it('reads a number of codes from 1 to 1000', () => {
    expect(['1', ' 40 ', '1000'].map(parseCount)).toEqual([1, 40, 1000]);
    for (const bad of ['', '0', '1001', '2.5', 'ten', '-3']) expect(parseCount(bad)).toBeNull();
  });

  it('names a vote in the language asked, else the first it has, else its id', () => {
    expect(voteTitle({ ru: 'Собрание', en: 'Meeting' }, 'en', 'v')).toEqual({ text: 'Meeting', lang: 'en' });
    expect(voteTitle({ kk: ' Жиналыс ' }, 'en', 'v')).toEqual({ text: 'Жиналыс', lang: 'kk' });
    expect(voteTitle({}, 'ru', 'vote-1')).toEqual({ text: 'vote-1', lang: 'ru' });
  });

  it('sends the title languages written, or none for the default', () => {
    expect(titleBody({ ru: ' Собрание ', kk: '', en: 'Meeting' })).toEqual({ ru: 'Собрание', en: 'Meeting' });
    expect(titleBody({ ru: ' ', kk: '', en: '' })).toBeUndefined();
  });

  it('says a tally in the desk language', () => {
    addMessages({
      en: {
        'desk.program.vote.tally_part': '{choice}: {n}',
        'desk.program.vote.choice.agree': 'Agree',
        'desk.program.vote.choice.abstain': 'Abstain',
        'desk.program.vote.choice.disagree': 'Disagree',
        'desk.program.vote.choice.block': 'Block',
      },
      ru: {},
      kk: {},
    });
    setLang('en');
    expect(tallyLine({ agree: 9, abstain: 1, disagree: 1, block: 0 })).toBe(
      'Agree: 9 · Abstain: 1 · Disagree: 1 · Block: 0',
    );
  });

  it('names a saved sheet in letters any file system keeps', () => {
    expect(sheetFileName('vote-1a2b', 'col/../Депо А')).toBe('ballots-vote-1a2b-col.html');
    expect(sheetFileName('vote-1', 'Депо')).toBe('ballots-vote-1-collective.html');
  });
});
