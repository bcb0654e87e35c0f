import type { Db } from '../store/db.js';
import type { OpenedBallot } from './inbox-types.js';
import { type BallotRow, ballotRows } from './repository/index.js';

/*
 * Ballots (4623) as the desk queue opened them into `proj_ballots` (made with the inbox's
 * tables, rebuilt with them). The program counts them (src/program/votes.ts); the server hands
 * these queries to it as a port.
 */

/** A stored ballot and where it sits in the log (the order in which ballots are counted). */
export interface StoredBallot extends OpenedBallot {
  seq: number;
}

const toBallot = (r: BallotRow): StoredBallot => ({
  id: r.id,
  seq: r.seq,
  createdAt: r.created_at,
  vote: r.vote,
  codeHash: r.code_hash,
  channel: r.channel,
  choices: r.choices ? (JSON.parse(r.choices) as StoredBallot['choices']) : null,
  problem: r.problem,
});

/** Every ballot the desk opened, in log order: one vote's, or all of them. */
export function listBallots(db: Db, vote?: string): StoredBallot[] {
  return ballotRows(db, vote).map(toBallot);
}
