// What the Votes part of the Program view knows without drawing: which planks a vote may be
// opened on, how the forms' numbers are read, how a tally is said, and the state (the node's
// answers, the vote panels open, the sheet of codes being shown). The node checks all of it
// again; this only spares useless clicks.
import { signal } from '@preact/signals';
import type { DeskContext } from '../desk-context.js';
import { formatNumber, LANGS, type Lang, t } from '../i18n.js';
import type { PlankView } from './program-api.js';
import type { ProgramState } from './program-model.js';
import {
  type BallotChoice,
  type DeskVote,
  type DeskVotes,
  getVoteApi,
  listVotesApi,
  type VoteTitle,
} from './votes-api.js';

/** The answers on a ballot, in the order the ballot shows them (src/core/vote-records.ts). */
export const CHOICES: readonly BallotChoice[] = ['agree', 'abstain', 'disagree', 'block'];

/** At most this many codes are made at once (src/core/program-requests.ts, BALLOT_CODES_AT_ONCE). */
export const CODES_AT_ONCE = 1_000;

/**
 * The planks a vote may be opened on: put to the vote, one version only, and in no open vote.
 *
 * @example votablePlanks(program.planks, votes.votes).map((p) => p.id)
 */
export function votablePlanks<P extends Pick<PlankView, 'id' | 'status' | 'conflict' | 'vote'>>(
  planks: readonly P[],
  votes: readonly { id: string; status: string }[],
): P[] {
  const open = new Set(votes.filter((v) => v.status === 'open').map((v) => v.id));
  return planks.filter((p) => p.status === 'put_to_vote' && !p.conflict && !(p.vote && open.has(p.vote)));
}

/**
 * A quorum typed as a percentage (1-100, as "50" or "50%"), as the share the node takes; null
 * when it is not one.
 *
 * @example parseQuorum('60') // 0.6
 */
export function parseQuorum(typed: string): number | null {
  const text = typed.trim().replace(/%$/, '').replace(',', '.').trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= 100 ? Math.round(n * 100) / 10_000 : null;
}

/** A number of codes to make (1-1000), or null. */
export function parseCount(typed: string): number | null {
  const text = typed.trim();
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= CODES_AT_ONCE ? n : null;
}

/** A share as a percentage (`0.5` → `50%`). */
export const percent = (share: number) => `${formatNumber(Math.round(share * 1000) / 10)}%`;

/** A vote's title in the language, else in the first language it has, else the fallback. */
export function voteTitle(title: VoteTitle, lang: Lang, fallback: string): { text: string; lang: Lang } {
  const own = title[lang]?.trim();
  if (own) return { text: own, lang };
  const other = LANGS.find((l) => title[l]?.trim());
  return other ? { text: title[other]!.trim(), lang: other } : { text: fallback, lang };
}

/** The title as the node takes it: the languages written, or none at all (the node's default). */
export function titleBody(title: Record<Lang, string>): VoteTitle | undefined {
  const out: VoteTitle = {};
  for (const l of LANGS) if (title[l].trim()) out[l] = title[l].trim();
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A tally in words: "Agree: 9 · Abstain: 1 · Disagree: 1 · Block: 0". */
export function tallyLine(tally: Record<BallotChoice, number>): string {
  return CHOICES.map((c) =>
    t('desk.program.vote.tally_part', {
      choice: t(`desk.program.vote.choice.${c}`),
      n: formatNumber(tally[c]),
    }),
  ).join(' · ');
}

/** The file name of a saved sheet: the vote and the collective, in letters a file system keeps. */
export function sheetFileName(vote: string, collective: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return `ballots-${safe(vote)}-${safe(collective) || 'collective'}.html`;
}

/** The sheet of codes just made: shown until the user closes it, and kept nowhere else. */
export interface SheetShown {
  vote: string;
  collective: string;
  name: string;
  count: number;
  html: string;
}

/** The votes' state, kept while the Program route is open. */
export class VotesState {
  readonly list = signal<DeskVotes | null>(null);
  readonly error = signal<unknown>(null);
  /** The votes whose panel is open, and what the node answered for each. */
  readonly expanded = signal<readonly string[]>([]);
  readonly details = signal<Readonly<Record<string, DeskVote>>>({});
  readonly sheet = signal<SheetShown | null>(null);
  /** The last thing done, said beside the form that did it (as well as at the top). */
  readonly said = signal<{ where: string; text: string } | null>(null);

  constructor(
    private readonly ctx: DeskContext,
    readonly program: ProgramState,
  ) {}

  async load(): Promise<void> {
    try {
      this.list.value = await listVotesApi();
      this.error.value = null;
    } catch (error) {
      if (!this.ctx.signedOut(error)) this.error.value = error;
    }
  }

  async loadVote(id: string): Promise<void> {
    try {
      const vote = await getVoteApi(id);
      this.details.value = { ...this.details.value, [id]: vote };
    } catch (error) {
      if (!this.ctx.signedOut(error)) this.error.value = error;
    }
  }

  toggle(id: string): void {
    const open = this.expanded.value.includes(id);
    this.expanded.value = open ? this.expanded.value.filter((v) => v !== id) : [...this.expanded.value, id];
    // Shown again, a vote's counts are fetched anew (ballots keep arriving while it is open).
    if (!open) void Promise.all([this.load(), this.loadVote(id)]);
  }

  /**
   * Run a write about vote `voteId` (or a new one); on success reload the program, the votes and
   * that vote, say `done` and answer what the node answered. A failure is the answer of the form
   * that asked (`onError`): it stays open with what was typed.
   */
  async act<T>(
    where: string,
    run: () => Promise<T>,
    done: (answer: T) => string,
    onError: (e: unknown) => void,
    voteOf: (answer: T) => string | null,
  ): Promise<T | null> {
    const busy = this.program.busy;
    if (busy.value) return null;
    busy.value = where;
    this.said.value = null;
    try {
      const answer = await run();
      const id = voteOf(answer);
      await Promise.all([this.program.load(), this.load(), id ? this.loadVote(id) : undefined]);
      const text = done(answer);
      this.program.notice.value = text;
      this.said.value = { where, text };
      this.ctx.announce(text);
      return answer;
    } catch (error) {
      if (!this.ctx.signedOut(error)) onError(error);
      return null;
    } finally {
      busy.value = null;
    }
  }
}
