import { cachedStatement, type Db } from '../store/db.js';
import type { OpenedBallot } from './inbox-types.js';

/*
 * Ballots (4623) as the desk queue opened them into `proj_ballots` (made with the inbox's
 * tables, rebuilt with them). The program counts them (src/program/votes.ts); the server hands
 * these queries to it as a port.
 */

/** A stored ballot and where it sits in the log (the order in which ballots are counted). */
export interface StoredBallot extends OpenedBallot {
  seq: number;
}

type Row = {
  id: string;
  seq: number;
  created_at: number;
  vote: string | null;
  code_hash: string | null;
  channel: 'web' | 'paper' | null;
  choices: string | null;
  problem: string | null;
};

const toBallot = (r: Row): StoredBallot => ({
  id: r.id,
  seq: r.seq,
  createdAt: r.created_at,
  vote: r.vote,
  codeHash: r.code_hash,
  channel: r.channel,
  choices: r.choices ? (JSON.parse(r.choices) as StoredBallot['choices']) : null,
  problem: r.problem,
});

const hasTable = (db: Db) =>
  cachedStatement(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'proj_ballots'").get() !==
  undefined;

/** Every ballot the desk opened, in log order: one vote's, or all of them. */
export function listBallots(db: Db, vote?: string): StoredBallot[] {
  if (!hasTable(db)) return [];
  const rows = (
    vote === undefined
      ? cachedStatement(db, 'SELECT * FROM proj_ballots ORDER BY seq, id').all()
      : cachedStatement(db, 'SELECT * FROM proj_ballots WHERE vote = ? ORDER BY seq, id').all(vote)
  ) as Row[];
  return rows.map(toBallot);
}
