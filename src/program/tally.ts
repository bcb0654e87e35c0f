import type { BallotChoice, VoteOutcome, VoteTally } from '../core/vote-records.js';
import type { BallotView } from './context.js';

/*
 * Counting a vote (docs/program.md, "Votes"), pure: which ballots count, the tallies per plank,
 * per collective and overall, the quorum and each plank's outcome.
 */

/** Why a ballot was not counted (the desk sees each refused ballot with one of these). */
export const BALLOT_REFUSALS = [
  'malformed',
  'unknown_code',
  'choices_mismatch',
  'code_used',
  'vote_closed',
] as const;
export type BallotRefusal = (typeof BALLOT_REFUSALS)[number];

export type Verdict =
  | { ballot: BallotView; status: 'counted'; collective: string }
  | { ballot: BallotView; status: 'refused'; reason: BallotRefusal };

/** A plank is blocked when at least this share of the ballots block it. */
export const BLOCK_SHARE = 0.1;

/**
 * Judge a vote's ballots in log order: one ballot per code, the first that fits; a ballot with a
 * code the vote did not issue, or whose choices do not answer exactly the vote's planks, is
 * refused and leaves its code unused. Once the vote is closed, `frozen` holds the codes counted
 * then: a ballot with any other code came too late.
 *
 * @example judgeBallots(['plank-1'], new Map([[hash, 'col-1']]), ballots, null)
 */
export function judgeBallots(
  planks: readonly string[],
  codes: ReadonlyMap<string, string>,
  ballots: readonly BallotView[],
  frozen: ReadonlySet<string> | null,
): Verdict[] {
  const wanted = [...planks].sort().join('\n');
  const used = new Set<string>();
  return [...ballots]
    .sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : 1))
    .map((ballot): Verdict => {
      const refuse = (reason: BallotRefusal): Verdict => ({ ballot, status: 'refused', reason });
      if (ballot.problem || !ballot.choices || !ballot.codeHash) return refuse('malformed');
      const collective = codes.get(ballot.codeHash);
      if (collective === undefined) return refuse('unknown_code');
      const answered = ballot.choices
        .map((c) => c.plank)
        .sort()
        .join('\n');
      if (answered !== wanted) return refuse('choices_mismatch');
      if (used.has(ballot.codeHash)) return refuse('code_used');
      if (frozen && !frozen.has(ballot.codeHash)) return refuse('vote_closed');
      used.add(ballot.codeHash);
      return { ballot, status: 'counted', collective };
    });
}

export const emptyTally = (): VoteTally => ({ agree: 0, abstain: 0, disagree: 0, block: 0, ballots: 0 });

/** Whether enough of the codes issued were used: at least `quorum` of them, and one at least. */
export function quorumMet(ballots: number, codes: number, quorum: number): boolean {
  return codes > 0 && ballots > 0 && ballots >= Math.ceil(quorum * codes - 1e-9);
}

/**
 * A plank's outcome: without the quorum nothing is decided; blocks from a tenth of the ballots
 * stop it; otherwise it passes when more agree than disagree and block together (abstentions
 * count for the quorum only).
 */
export function outcomeOf(t: VoteTally, quorum: boolean): VoteOutcome {
  if (!quorum) return 'no_quorum';
  if (t.block > 0 && t.block >= BLOCK_SHARE * t.ballots) return 'blocked';
  return t.agree > t.disagree + t.block ? 'passed' : 'rejected';
}

export interface PlankCount {
  id: string;
  tally: VoteTally;
  outcome: VoteOutcome;
}

export interface CollectiveCount {
  id: string;
  codes: number;
  ballots: number;
  quorum_met: boolean;
  planks: PlankCount[];
  /** Hashes of the codes counted, sorted. */
  used: string[];
}

export interface VoteCount {
  codes: number;
  ballots: number;
  quorum_met: boolean;
  planks: PlankCount[];
  collectives: CollectiveCount[];
}

/**
 * Tally the counted ballots per plank, per collective (in the vote's order) and overall.
 *
 * @example countVote({ planks: ['p1'], collectives: ['c1'], quorum: 0.5 }, codesPerCollective, verdicts)
 */
export function countVote(
  vote: { planks: readonly string[]; collectives: readonly string[]; quorum: number },
  codesPer: ReadonlyMap<string, number>,
  verdicts: readonly Verdict[],
): VoteCount {
  const per = new Map(
    vote.collectives.map((c) => [
      c,
      { tallies: new Map(vote.planks.map((p) => [p, emptyTally()])), used: [] as string[] },
    ]),
  );
  const overall = new Map(vote.planks.map((p) => [p, emptyTally()]));
  for (const v of verdicts) {
    if (v.status !== 'counted') continue;
    const mine = per.get(v.collective);
    if (!mine) continue;
    mine.used.push(v.ballot.codeHash!);
    for (const c of v.ballot.choices!) {
      for (const t of [mine.tallies.get(c.plank), overall.get(c.plank)]) {
        if (!t) continue;
        t[c.choice as BallotChoice] += 1;
        t.ballots += 1;
      }
    }
  }
  const collectives = vote.collectives.map((id): CollectiveCount => {
    const mine = per.get(id)!;
    const codes = codesPer.get(id) ?? 0;
    const ballots = mine.used.length;
    const met = quorumMet(ballots, codes, vote.quorum);
    return {
      id,
      codes,
      ballots,
      quorum_met: met,
      planks: vote.planks.map((p) => {
        const tally = mine.tallies.get(p)!;
        return { id: p, tally, outcome: outcomeOf(tally, met) };
      }),
      used: mine.used.sort(),
    };
  });
  const codes = collectives.reduce((n, c) => n + c.codes, 0);
  const ballots = collectives.reduce((n, c) => n + c.ballots, 0);
  const met = quorumMet(ballots, codes, vote.quorum);
  return {
    codes,
    ballots,
    quorum_met: met,
    planks: vote.planks.map((p) => {
      const tally = overall.get(p)!;
      return { id: p, tally, outcome: outcomeOf(tally, met) };
    }),
    collectives,
  };
}
