import { describe, expect, it } from 'vitest';
import { ballotCodeHash, formatBallotCode, newBallotCode, normalizeBallotCode } from '../core/ballot-code.js';
import type { BallotView } from './context.js';
import { countVote, judgeBallots, outcomeOf, quorumMet } from './tally.js';

const PLANKS = ['p-wages', 'p-union'];
type Choice = 'agree' | 'abstain' | 'disagree' | 'block';

let seq = 0;
function ballot(code: string, choices: [Choice, Choice] | null, extra: Partial<BallotView> = {}): BallotView {
  seq += 1;
  return {
    id: `b${String(seq).padStart(3, '0')}`,
    seq,
    createdAt: 1_700_000_000 + seq,
    vote: 'vote-1',
    codeHash: ballotCodeHash(code),
    channel: 'web',
    choices: choices && PLANKS.map((plank, i) => ({ plank, choice: choices[i]! })),
    problem: null,
    ...extra,
  };
}

const codesA = Array.from({ length: 6 }, newBallotCode);
const codesB = Array.from({ length: 4 }, newBallotCode);
const book = new Map([
  ...codesA.map((c) => [ballotCodeHash(c), 'col-a'] as const),
  ...codesB.map((c) => [ballotCodeHash(c), 'col-b'] as const),
]);
const perCollective = new Map([
  ['col-a', 6],
  ['col-b', 4],
]);
const vote = { planks: PLANKS, collectives: ['col-a', 'col-b'], quorum: 0.5 };

describe('ballot codes', () => {
  it('are 16 Crockford base32 characters, typed loosely and hashed as normalized', () => {
    const code = newBallotCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(normalizeBallotCode(formatBallotCode(code).toLowerCase())).toBe(code);
    expect(normalizeBallotCode(' o1ab-cdef-ghjk-mnpq ')).toBe('01ABCDEFGHJKMNPQ');
    expect(normalizeBallotCode('ILAB-CDEF-GHJK-MNPQ')).toBe('11ABCDEFGHJKMNPQ');
    expect(normalizeBallotCode('ABCD-EFGH')).toBeNull();
    expect(normalizeBallotCode('UUUU-UUUU-UUUU-UUUU')).toBeNull();
    // What `printf %s 0000000000000000 | sha256sum` prints.
    expect(ballotCodeHash('0000000000000000')).toBe(
      'fcdb4b423f4e5283afa249d762ef6aef150e91fccd810d43e5e719d14512dec7',
    );
    expect(new Set(Array.from({ length: 500 }, newBallotCode)).size).toBe(500);
  });
});

describe('judging ballots', () => {
  it('counts one ballot per code, the first in log order, and refuses the reuse', () => {
    const first = ballot(codesA[0]!, ['agree', 'agree']);
    const again = ballot(codesA[0]!, ['disagree', 'disagree']);
    // Handed over out of order: the log order decides.
    const verdicts = judgeBallots(PLANKS, book, [again, first], null);
    expect(verdicts.map((v) => (v.status === 'counted' ? 'counted' : v.reason))).toEqual([
      'counted',
      'code_used',
    ]);
    expect(verdicts[0]!.ballot.id).toBe(first.id);
  });

  it('refuses an unknown code, a malformed ballot and choices that do not answer the planks, leaving the code unused', () => {
    const unknown = ballot(newBallotCode(), ['agree', 'agree']);
    const malformed = ballot(codesA[1]!, null, { problem: 'ballot (kind 4623) choices: too short' });
    const partial = { ...ballot(codesA[1]!, ['agree', 'agree']) };
    partial.choices = partial.choices!.slice(0, 1);
    const good = ballot(codesA[1]!, ['abstain', 'agree']);
    const verdicts = judgeBallots(PLANKS, book, [unknown, malformed, partial, good], null);
    expect(verdicts.map((v) => (v.status === 'counted' ? 'counted' : v.reason))).toEqual([
      'unknown_code',
      'malformed',
      'choices_mismatch',
      'counted',
    ]);
  });

  it('after closing counts only the codes counted then: a later ballot is refused as too late', () => {
    const early = ballot(codesB[0]!, ['agree', 'agree']);
    const late = ballot(codesB[1]!, ['agree', 'agree']);
    const frozen = new Set([early.codeHash!]);
    const verdicts = judgeBallots(PLANKS, book, [early, late], frozen);
    expect(verdicts.map((v) => (v.status === 'counted' ? 'counted' : v.reason))).toEqual([
      'counted',
      'vote_closed',
    ]);
  });
});

describe('counting', () => {
  it('tallies per collective and overall and applies the quorum to each', () => {
    const ballots = [
      ballot(codesA[0]!, ['agree', 'agree']),
      ballot(codesA[1]!, ['agree', 'disagree']),
      ballot(codesA[2]!, ['agree', 'abstain']),
      ballot(codesA[3]!, ['disagree', 'block']),
      ballot(codesA[3]!, ['agree', 'agree']), // reused: not counted
      ballot(codesB[0]!, ['agree', 'agree']),
    ];
    const count = countVote(vote, perCollective, judgeBallots(PLANKS, book, ballots, null));
    expect(count).toMatchObject({ codes: 10, ballots: 5, quorum_met: true });
    expect(count.planks).toEqual([
      {
        id: 'p-wages',
        tally: { agree: 4, abstain: 0, disagree: 1, block: 0, ballots: 5 },
        outcome: 'passed',
      },
      {
        id: 'p-union',
        tally: { agree: 2, abstain: 1, disagree: 1, block: 1, ballots: 5 },
        outcome: 'blocked',
      },
    ]);
    const [a, b] = count.collectives;
    expect(a).toMatchObject({ id: 'col-a', codes: 6, ballots: 4, quorum_met: true });
    expect(a!.planks[0]).toMatchObject({ tally: { agree: 3, disagree: 1 }, outcome: 'passed' });
    expect(a!.used).toEqual([...a!.used].sort());
    expect(a!.used).toHaveLength(4);
    // One ballot of four codes: under a half, so nothing is decided there.
    expect(b).toMatchObject({ id: 'col-b', codes: 4, ballots: 1, quorum_met: false });
    expect(b!.planks.map((p) => p.outcome)).toEqual(['no_quorum', 'no_quorum']);
    expect(b!.used).toEqual([ballotCodeHash(codesB[0]!)]);
  });

  it('decides a plank by quorum, blocks and majority', () => {
    expect(quorumMet(5, 10, 0.5)).toBe(true);
    expect(quorumMet(4, 10, 0.5)).toBe(false);
    expect(quorumMet(1, 3, 0.3)).toBe(true);
    expect(quorumMet(0, 0, 0.5)).toBe(false);
    const t = (agree: number, disagree: number, block: number, abstain = 0) => ({
      agree,
      disagree,
      block,
      abstain,
      ballots: agree + disagree + block + abstain,
    });
    expect(outcomeOf(t(9, 0, 0), false)).toBe('no_quorum');
    expect(outcomeOf(t(18, 0, 2), true)).toBe('blocked');
    expect(outcomeOf(t(25, 0, 2), true)).toBe('passed');
    expect(outcomeOf(t(3, 3, 0, 4), true)).toBe('rejected');
    expect(outcomeOf(t(4, 2, 1, 3), true)).toBe('blocked');
    expect(outcomeOf(t(40, 20, 1, 3), true)).toBe('passed');
  });
});
