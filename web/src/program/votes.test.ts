// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { ballotCodeHash } from '../../../src/core/ballot-code.js';
import type { VoteResultContent } from '../../../src/core/vote-records.js';
import { addMessages, setLang } from '../shared/i18n.js';
import { findCode, voteResults } from './votes.js';

// The public page's vote results: a withheld tally said as "fewer than N", collectives by number,
// and a member's code found by its hash without the code leaving the page.

const used = ['K3V9Q0ZD7M1XRTB4', 'ABCD0123EFGH4567'].map(ballotCodeHash).sort();
const tally = { agree: 4, abstain: 0, disagree: 1, block: 0, ballots: 5 };
const vote: VoteResultContent = {
  id: 'vote-1',
  title: { en: 'Spring meeting' },
  opened: '2026-03-01',
  closed: '2026-03-08',
  quorum: 0.5,
  threshold: 3,
  codes: 7,
  ballots: 5,
  quorum_met: true,
  planks: [{ id: 'plank-1', text: { en: 'Raise wages' }, tally, outcome: 'passed' }],
  collectives: [
    {
      n: 1,
      codes: 4,
      ballots: 3,
      quorum_met: true,
      planks: [{ id: 'plank-1', tally, outcome: 'passed' }],
      used,
    },
    {
      n: 2,
      codes: 3,
      ballots: 2,
      quorum_met: true,
      planks: [{ id: 'plank-1', tally: null, outcome: null }],
      used: [],
    },
  ],
};

describe('the vote results on /program', () => {
  it('finds a code by its hash, with its collective’s number', () => {
    expect(findCode([vote], ballotCodeHash('ABCD0123EFGH4567'))).toEqual({ vote, n: 1 });
    expect(findCode([vote], ballotCodeHash('ZZZZ0123EFGH4567'))).toBeNull();
  });

  it('shows nothing without a closed vote, and a withheld tally as "fewer than N"', () => {
    addMessages({
      en: {
        'program.vote.withheld': 'tally withheld: fewer than {n} ballots',
        'program.vote.collective': 'Collective {n}: codes {codes}, ballots {ballots}, quorum {quorum}',
        'program.vote.quorum_met': 'met',
        'program.vote.check.yes': 'Your code was counted: vote “{title}”, collective {n}.',
        'vote.choice.agree': 'Agree',
        'vote.choice.abstain': 'Abstain',
        'vote.choice.disagree': 'Disagree',
        'vote.choice.block': 'Block',
        'vote.outcome.passed': 'Passed',
      },
      ru: {},
      kk: {},
    });
    setLang('en');
    expect(voteResults([], () => {})).toBeNull();
    let section = voteResults([vote], () => {})!;
    expect(section.querySelector('.vote-planks .tally')?.textContent).toBe(
      'Agree: 4 · Abstain: 0 · Disagree: 1 · Block: 0 — Passed',
    );
    expect(section.querySelector('li[data-n="2"]')?.firstChild?.textContent).toBe(
      'Collective 2: codes 3, ballots 2, quorum met',
    );
    expect(section.querySelector('li[data-n="2"] .tally li')?.textContent).toBe(
      'tally withheld: fewer than 3 ballots',
    );
    // The check: typed as printed, in lower case with dashes; found under collective 1.
    let redrawn = 0;
    const redraw = () => {
      redrawn++;
      section = voteResults([vote], redraw)!;
    };
    section = voteResults([vote], redraw)!;
    document.body.replaceChildren(section);
    const input = section.querySelector<HTMLInputElement>('#vote-check-code')!;
    input.value = 'abcd-0123-efgh-4567';
    input.dispatchEvent(new Event('input'));
    section.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(redrawn).toBe(1);
    expect(section.querySelector('#vote-check-answer')?.textContent).toBe(
      'Your code was counted: vote “Spring meeting”, collective 1.',
    );
    // What was typed stays across the redraw.
    expect(section.querySelector<HTMLInputElement>('#vote-check-code')?.value).toBe('abcd-0123-efgh-4567');
  });
});
