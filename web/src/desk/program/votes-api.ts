// The desk's vote routes (docs/program.md, "Votes"; src/server/routes/votes.ts), typed as the
// node answers them: the answers' types come from the node's own queries, as types only.
import type { BallotChoice } from '../../../../src/core/vote-records.js';
import type { deskVote, deskVotes, issueBallotCodes } from '../../../../src/program/votes.js';
import { api } from '../../shared/http.js';

export type { BallotChoice };
export type DeskVotes = ReturnType<typeof deskVotes>;
export type VoteSummary = DeskVotes['votes'][number];
export type UnmatchedBallot = DeskVotes['unmatched'][number];
export type DeskVote = ReturnType<typeof deskVote>;
export type VoteTitle = { ru?: string; kk?: string; en?: string };
/** The codes made for a collective, with the printable sheet (HTML) that holds them. */
export type MadeCodes = ReturnType<typeof issueBallotCodes> & { sheet: string };

const BASE = '/api/v1/desk/program/votes';
const at = (id: string, rest = '') => `${BASE}/${encodeURIComponent(id)}${rest}`;

export function listVotesApi(): Promise<DeskVotes> {
  return api<DeskVotes>(BASE);
}

export function getVoteApi(id: string): Promise<DeskVote> {
  return api<DeskVote>(at(id));
}

export function openVoteApi(
  csrf: string,
  body: { planks: string[]; collectives: string[]; quorum: number; title?: VoteTitle },
) {
  return api<DeskVote>(BASE, { method: 'POST', csrf, body });
}

export function makeCodesApi(csrf: string, id: string, body: { collective: string; count: number }) {
  return api<MadeCodes>(at(id, '/codes'), { method: 'POST', csrf, body: { ...body, sheet: true } });
}

export function paperBallotApi(
  csrf: string,
  id: string,
  body: { code: string; choices: { plank: string; choice: BallotChoice; reason?: string }[] },
) {
  return api<{ ballot: string; status: 'counted' }>(at(id, '/paper'), { method: 'POST', csrf, body });
}

export function closeVoteApi(csrf: string, id: string) {
  return api<DeskVote>(at(id, '/close'), { method: 'POST', csrf, body: {} });
}
