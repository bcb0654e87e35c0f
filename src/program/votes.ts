import { randomBytes } from 'node:crypto';
import { ballotCodeHash, formatBallotCode, newBallotCode, normalizeBallotCode } from '../core/ballot-code.js';
import { parseRecordContent } from '../core/content.js';
import { ConflictError, NotFoundError, TilshiError, ValidationError } from '../core/errors.js';
import { computeEventId } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import {
  BALLOT_CODES_PER_RECORD,
  type BallotCodesRecord,
  type PlankRecord,
  type VoteRecord,
} from '../core/program-records.js';
import {
  type BallotCodesInput,
  type OpenVoteInput,
  type PaperBallotInput,
  VOTE_CODES_MAX,
} from '../core/program-requests.js';
import { buildBallotRumor, buildVoteResult } from '../core/records.js';
import type { VoteResultContent, VoteTally } from '../core/vote-records.js';
import { generateKeyPair, signEvent } from '../crypto/keys.js';
import { sealRumor } from '../crypto/seal.js';
import { requireDrafter } from './commands.js';
import { type Actor, type BallotsPort, type Program, requireDesk, type VersionRow } from './context.js';
import { BALLOT_REFUSALS, type BallotRefusal, countVote, judgeBallots, type Verdict } from './tally.js';

/*
 * Votes on the program's planks (docs/program.md, "Votes"). Admins and editors open a vote on
 * planks put to the vote, for collectives, with a quorum, and close it; anyone at the desk but a
 * viewer makes one-time ballot codes for a collective (the codes are answered once, only their
 * hashes are stored) and enters paper ballots. Members cast ballots at /vote, sealed to the
 * desk (4623); the desk queue opens them (src/desk) and they reach the program through the
 * ballots port. They are counted here, one per code, in log order; tallies stay hidden until
 * the vote closes, when the count is published as a 30623 with the hashes of the codes used.
 */

const today = () => new Date().toISOString().slice(0, 10);
const newId = (prefix: string) => `${prefix}-${randomBytes(8).toString('hex')}`;

const DEFAULT_TITLE = {
  ru: 'Голосование по программе',
  kk: 'Бағдарлама бойынша дауыс беру',
  en: 'Vote on the program',
};

/** Admins and editors (who open votes) see every collective of a vote by name. */
const seesAll = (actor: Actor) => actor.role === 'admin' || actor.role === 'editor';

/** Whether the actor sees this collective of a vote by name: an organizer only their own. */
const names = (program: Program, actor: Actor, collective: string) =>
  seesAll(actor) || (actor.role === 'organizer' && program.mayWork(actor, collective));

/**
 * Who hands out a collective's codes and enters its paper ballots: admins and editors, and the
 * organizers who work with it (403 `forbidden_collective` for another's); never a viewer.
 */
function requireIssuer(program: Program, actor: Actor, collective?: string): void {
  if (actor.role === 'viewer') throw new TilshiError('forbidden', 'a viewer takes no part in votes', 403);
  if (collective !== undefined && !names(program, actor, collective)) {
    throw new TilshiError('forbidden_collective', 'this collective is not one of yours', 403);
  }
}

function requireBallots(program: Program): BallotsPort {
  if (!program.ballots) {
    throw new TilshiError('desk_locked', 'ballots are counted on a desk node with its key unlocked', 503);
  }
  return program.ballots;
}

/** A vote's current version: a closed head wins over an open one (two desk nodes that met). */
function currentVote(program: Program, id: string): { vote: VoteRecord; heads: VersionRow<VoteRecord>[] } {
  const { records } = requireDesk(program);
  const heads = records.heads<VoteRecord>('vote', id);
  if (heads.length === 0) throw new NotFoundError('not_found', `no vote ${id}`);
  const vote = (heads.find((h) => h.record.status === 'closed') ?? heads[0]!).record;
  return { vote, heads };
}

function requireOpen(vote: VoteRecord): void {
  if (vote.status !== 'open') throw new ConflictError('vote_closed', `the vote ${vote.id} is closed`);
}

/** The vote's codes: which collective each hash belongs to, and how many each collective has. */
function codeBook(program: Program, voteId: string) {
  const byHash = new Map<string, string>();
  const perCollective = new Map<string, number>();
  for (const { record } of requireDesk(program).records.all<BallotCodesRecord>('ballot_codes')) {
    if (record.vote !== voteId) continue;
    for (const h of record.hashes) {
      if (byHash.has(h)) continue;
      byHash.set(h, record.collective);
      perCollective.set(record.collective, (perCollective.get(record.collective) ?? 0) + 1);
    }
  }
  return { byHash, perCollective };
}

/** The published result (30623) of a vote, or null. */
export function publishedResult(program: Program, voteId: string): VoteResultContent | null {
  const desk = program.node.deskPubkey;
  if (!desk) return null;
  const [event] = program.node.log.query(
    { kinds: [Kind.VoteResult], authors: [desk], tags: { d: [voteId] }, limit: 1 },
    { as: 'node' },
  );
  if (!event) return null;
  try {
    return parseRecordContent(Kind.VoteResult, event);
  } catch {
    return null;
  }
}

/** Every published vote result, the latest closed first: what `GET /api/v1/votes` answers. */
export function publishedVotes(program: Program): VoteResultContent[] {
  const desk = program.node.deskPubkey;
  if (!desk) return [];
  const seen = new Set<string>();
  const out: VoteResultContent[] = [];
  for (const event of program.node.log.query(
    { kinds: [Kind.VoteResult], authors: [desk], limit: 500 },
    { as: 'node' },
  )) {
    try {
      const c = parseRecordContent(Kind.VoteResult, event);
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      out.push(c);
    } catch {
      // A record that does not parse is not shown; the log keeps it.
    }
  }
  return out.sort((a, b) => (a.closed < b.closed ? 1 : a.closed > b.closed ? -1 : a.id < b.id ? -1 : 1));
}

/** A plank's overall tally in the vote that decided it, as published (null: not closed, or withheld). */
export function publishedPlankTally(program: Program, voteId: string, plankId: string): VoteTally | null {
  return publishedResult(program, voteId)?.planks.find((p) => p.id === plankId)?.tally ?? null;
}

/** The hashes counted when the vote closed (from its published result). */
function frozenCodes(program: Program, vote: VoteRecord): Set<string> | null {
  if (vote.status !== 'closed') return null;
  return new Set(publishedResult(program, vote.id)?.collectives.flatMap((c) => c.used) ?? []);
}

function verdictsOf(program: Program, vote: VoteRecord, book = codeBook(program, vote.id)): Verdict[] {
  const ballots = program.ballots?.list(vote.id) ?? [];
  return judgeBallots(
    vote.planks.map((p) => p.id),
    book.byHash,
    ballots,
    frozenCodes(program, vote),
  );
}

const plankIds = (vote: VoteRecord) => vote.planks.map((p) => p.id);

/**
 * Open a vote on planks put to the vote, for the named collectives. Each plank records the vote
 * that decides it, in the same transaction.
 *
 * @example openVote(program, admin, { planks: ['plank-1'], collectives: ['col-1'], quorum: 0.5 })
 */
export function openVote(program: Program, actor: Actor, body: OpenVoteInput) {
  requireDrafter(actor);
  const { records } = requireDesk(program);
  const id = newId('vote');
  const planks = body.planks.map((pid) => {
    const heads = records.heads<PlankRecord>('plank', pid);
    if (heads.length === 0) throw new NotFoundError('not_found', `no plank ${pid}`);
    if (heads.length > 1) {
      throw new ConflictError(
        'plank_conflict',
        `plank ${pid} has two versions: resolve them before the vote`,
      );
    }
    const plank = heads[0]!.record;
    if (plank.status !== 'put_to_vote') {
      throw new ConflictError('not_put_to_vote', `plank ${pid} is ${plank.status}, not put to the vote`);
    }
    if (plank.vote && records.heads<VoteRecord>('vote', plank.vote).some((h) => h.record.status === 'open')) {
      throw new ConflictError('plank_in_open_vote', `plank ${pid} is already in the open vote ${plank.vote}`);
    }
    return heads[0]!;
  });
  const known = new Map(program.collectives().map((c) => [c.id, c.name]));
  const collectives = body.collectives.map((cid) => {
    const name = known.get(cid);
    if (name === undefined) throw new NotFoundError('unknown_collective', `no collective ${cid}`);
    return { id: cid, name: name.slice(0, 200) };
  });
  const vote: VoteRecord = {
    type: 'vote',
    id,
    title: body.title ?? DEFAULT_TITLE,
    planks: planks.map((h) => ({ id: h.record.id, text: h.record.text })),
    collectives,
    quorum: body.quorum,
    status: 'open',
    opened: { by: actor.username, date: today() },
    closed: null,
    result: null,
  };
  records.write([vote, ...planks.map((h): PlankRecord => ({ ...h.record, prev: [h.rumorId], vote: id }))], {
    actor: actor.username,
    action: 'program.vote.open',
    target: id,
    details: { planks: planks.length, collectives: collectives.length, quorum: body.quorum },
  });
  return deskVote(program, actor, id);
}

/**
 * Make `count` one-time codes for a collective of an open vote. The codes are answered here and
 * nowhere else (the printed sheet holds them); the desk stores their SHA-256 hashes only, in
 * batches of BALLOT_CODES_PER_RECORD.
 *
 * @example issueBallotCodes(program, organizer, 'vote-1', { collective: 'col-1', count: 40 }).codes[0] // 'K3V9-Q0ZD-7M1X-RTB4'
 */
export function issueBallotCodes(program: Program, actor: Actor, voteId: string, input: BallotCodesInput) {
  requireIssuer(program, actor);
  const { records } = requireDesk(program);
  const { vote } = currentVote(program, voteId);
  requireOpen(vote);
  if (!vote.collectives.some((c) => c.id === input.collective)) {
    throw new ValidationError(
      'collective_not_in_vote',
      `collective ${input.collective} does not take part in this vote`,
    );
  }
  requireIssuer(program, actor, input.collective);
  const book = codeBook(program, voteId);
  if (book.byHash.size + input.count > VOTE_CODES_MAX) {
    throw new ValidationError('too_many_codes', `a vote has at most ${VOTE_CODES_MAX} codes`);
  }
  const codes: string[] = [];
  const hashes = new Set<string>();
  while (codes.length < input.count) {
    const code = newBallotCode();
    const hash = ballotCodeHash(code);
    if (book.byHash.has(hash) || hashes.has(hash)) continue;
    codes.push(code);
    hashes.add(hash);
  }
  const all = [...hashes];
  const batches: BallotCodesRecord[] = [];
  for (let i = 0; i < all.length; i += BALLOT_CODES_PER_RECORD) {
    batches.push({
      type: 'ballot_codes',
      id: newId('codes'),
      vote: voteId,
      collective: input.collective,
      hashes: all.slice(i, i + BALLOT_CODES_PER_RECORD),
      by: actor.username,
      date: today(),
    });
  }
  records.write(batches, {
    actor: actor.username,
    action: 'program.vote.codes',
    target: voteId,
    details: { collective: input.collective, count: codes.length },
  });
  const title = vote.title;
  return { vote: voteId, title, collective: input.collective, codes: codes.map(formatBallotCode) };
}

/** The vote whose codes include this hash, if any. */
function voteOfCode(program: Program, hash: string): string | null {
  for (const { record } of requireDesk(program).records.all<BallotCodesRecord>('ballot_codes')) {
    if (record.hashes.includes(hash)) return record.vote;
  }
  return null;
}

/**
 * The open votes a collective takes part in (the CLI's `program ballots --collective`).
 */
export function openVotesOf(program: Program, collective: string): VoteRecord[] {
  return requireDesk(program)
    .records.all<VoteRecord>('vote')
    .map((r) => r.record)
    .filter((v) => v.status === 'open' && v.collectives.some((c) => c.id === collective));
}

/**
 * An organizer enters a paper ballot: the same one-per-code rule as a ballot from /vote. It is
 * sealed here as a 4623 of channel `paper` (by a key made for it alone, the wrap signed by the
 * desk), stored with the audit row, opened by the desk queue and counted. A code that is
 * unknown (404), already counted (409 `code_used`) or choices that do not answer the vote's
 * planks (400 `choices_mismatch`) are refused before anything is stored.
 */
export async function enterPaperBallot(
  program: Program,
  actor: Actor,
  voteId: string,
  input: PaperBallotInput,
) {
  requireIssuer(program, actor);
  const { desk, audit } = requireDesk(program);
  const port = requireBallots(program);
  const { vote } = currentVote(program, voteId);
  requireOpen(vote);
  const code = normalizeBallotCode(input.code);
  if (!code) throw new ValidationError('bad_code', 'a ballot code is 16 letters and digits, as printed');
  const hash = ballotCodeHash(code);
  const book = codeBook(program, voteId);
  if (!book.byHash.has(hash)) throw new NotFoundError('unknown_code', 'this vote issued no such code');
  requireIssuer(program, actor, book.byHash.get(hash));
  const wanted = plankIds(vote).sort().join('\n');
  if (
    input.choices
      .map((c) => c.plank)
      .sort()
      .join('\n') !== wanted
  ) {
    throw new ValidationError(
      'choices_mismatch',
      "answer every plank of the vote, and only the vote's planks",
    );
  }
  await port.settled();
  const counted = (verdicts: Verdict[]) =>
    verdicts.some((v) => v.status === 'counted' && v.ballot.codeHash === hash);
  if (counted(verdictsOf(program, vote, book))) {
    throw new ConflictError('code_used', 'a ballot with this code was already counted');
  }
  const author = generateKeyPair();
  const rumor = buildBallotRumor(
    { vote: voteId, code, choices: input.choices, channel: 'paper' },
    { pubkey: author.publicKey, createdAt: Math.floor(Date.now() / 1000) },
  );
  const id = computeEventId(rumor);
  const wrap = sealRumor(rumor, author.secretKey, desk.publicKey, { wrapSecretKey: desk.secretKey });
  const [answer] = await program.node.ingest.submit([wrap], 'submit', {
    alongside: () =>
      audit(program.node.db, {
        actor: actor.username,
        action: 'program.vote.paper',
        target: voteId,
        details: { ballot: id },
      }),
  });
  if (!answer?.ok) {
    throw new TilshiError(
      answer?.code ?? 'internal_error',
      answer?.message ?? 'the ballot was not stored',
      answer?.status ?? 500,
    );
  }
  await port.settled();
  const verdict = verdictsOf(program, currentVote(program, voteId).vote).find((v) => v.ballot.id === id);
  if (verdict?.status === 'refused') {
    // Another ballot with the same code got in first (two organizers, one paper): shown refused.
    throw new ConflictError(verdict.reason, `the ballot was stored but refused: ${verdict.reason}`, {
      ballot: id,
    });
  }
  if (!verdict) throw new TilshiError('not_opened', 'the ballot was stored but not opened yet', 503);
  return { ballot: id, status: 'counted' as const };
}

/**
 * Close a vote: wait until the desk has opened every ballot stored, count them, and store the
 * closed vote with its published result (30623, signed by the desk) and the audit row in one
 * transaction. Ballots that arrive later are refused `vote_closed`.
 */
export async function closeVote(program: Program, actor: Actor, voteId: string) {
  requireDrafter(actor);
  const { records, desk } = requireDesk(program);
  await requireBallots(program).settled();
  const { vote, heads } = currentVote(program, voteId);
  requireOpen(vote);
  const book = codeBook(program, voteId);
  const verdicts = verdictsOf(program, vote, book);
  const count = countVote(
    { planks: plankIds(vote), collectives: vote.collectives.map((c) => c.id), quorum: vote.quorum },
    book.perCollective,
    verdicts,
  );
  const date = today();
  const content = resultContent(vote, count, program.threshold, date);
  const before = program.node.log.query(
    { kinds: [Kind.VoteResult], authors: [desk.publicKey], tags: { d: [voteId] }, limit: 5 },
    { as: 'node' },
  );
  const now = Math.floor(Date.now() / 1000);
  const event = signEvent(
    buildVoteResult(content, {
      pubkey: desk.publicKey,
      createdAt: Math.max(now, ...before.map((e) => e.created_at + 1)),
      prev: before.map((e) => e.id),
    }),
    desk,
  );
  const closed: VoteRecord = {
    ...vote,
    prev: heads.map((h) => h.rumorId),
    status: 'closed',
    closed: { by: actor.username, date },
    result: event.id,
  };
  records.write(
    [closed],
    {
      actor: actor.username,
      action: 'program.vote.close',
      target: voteId,
      details: { ballots: count.ballots, codes: count.codes, result: event.id },
    },
    [event],
  );
  return deskVote(program, actor, voteId);
}

/** The public result: collectives numbered, never named; tallies of fewer than `threshold` ballots withheld. */
function resultContent(
  vote: VoteRecord,
  count: ReturnType<typeof countVote>,
  threshold: number,
  closed: string,
): VoteResultContent {
  const nonEmpty = <T extends Record<string, string | undefined>>(t: T) =>
    Object.fromEntries(Object.entries(t).flatMap(([k, v]) => (v?.trim() ? [[k, v.trim()]] : [])));
  const shownAll = count.ballots >= threshold;
  return {
    id: vote.id,
    title: nonEmpty(vote.title),
    opened: vote.opened.date,
    closed,
    quorum: vote.quorum,
    threshold,
    codes: count.codes,
    ballots: count.ballots,
    quorum_met: count.quorum_met,
    planks: vote.planks.map((p, i) => ({
      id: p.id,
      text: nonEmpty(p.text),
      tally: shownAll ? count.planks[i]!.tally : null,
      outcome: shownAll ? count.planks[i]!.outcome : null,
    })),
    collectives: count.collectives.map((c, i) => {
      const shown = c.ballots >= threshold;
      return {
        n: i + 1,
        codes: c.codes,
        ballots: c.ballots,
        quorum_met: c.quorum_met,
        planks: c.planks.map((p) => ({
          id: p.id,
          tally: shown ? p.tally : null,
          outcome: shown ? p.outcome : null,
        })),
        used: c.used,
      };
    }),
  } as VoteResultContent;
}

function ballotSummary(verdicts: Verdict[]) {
  const refused = Object.fromEntries(BALLOT_REFUSALS.map((r) => [r, 0])) as Record<BallotRefusal, number>;
  let counted = 0;
  for (const v of verdicts) {
    if (v.status === 'counted') counted += 1;
    else refused[v.reason] += 1;
  }
  return { received: verdicts.length, counted, refused };
}

/**
 * One vote as the desk sees it. While it is open: the codes issued and ballots counted per
 * collective, and every refused ballot with its reason, but no choice at all. Once closed: the
 * full count per collective and overall, and the members' reasons per plank (sorted, so their
 * order says nothing of who wrote them).
 *
 * Compartments: admins and editors see every collective by name and the reasons. An organizer
 * sees by name the collectives they work with; a viewer none. A collective not named is
 * numbered (`#2`, its place in the vote, as the published result numbers it; `yours: false`),
 * and its tallies are withheld, as in public, when it cast fewer ballots than the threshold.
 */
export function deskVote(program: Program, actor: Actor, id: string) {
  const { vote, heads } = currentVote(program, id);
  const book = codeBook(program, id);
  const verdicts = verdictsOf(program, vote, book);
  const label = new Map(vote.collectives.map((c, i) => [c.id, { name: c.name, n: i + 1 }]));
  const shownAs = (cid: string) => {
    const { name, n } = label.get(cid) ?? { name: cid, n: 0 };
    return names(program, actor, cid)
      ? { id: cid, name: name as string | null, n, yours: true }
      : { id: `#${n}`, name: null, n, yours: false };
  };
  const countedIn = new Map<string, number>();
  for (const v of verdicts)
    if (v.status === 'counted') countedIn.set(v.collective, (countedIn.get(v.collective) ?? 0) + 1);
  const base = {
    id: vote.id,
    version: heads[0]!.rumorId,
    conflict: heads.length > 1,
    title: vote.title,
    status: vote.status,
    quorum: vote.quorum,
    opened: vote.opened,
    closed: vote.closed,
    result_event: vote.result,
    planks: vote.planks,
    collectives: vote.collectives.map((c) => ({
      ...shownAs(c.id),
      codes: book.perCollective.get(c.id) ?? 0,
      ballots: countedIn.get(c.id) ?? 0,
    })),
    ballots: ballotSummary(verdicts),
    refused: verdicts.flatMap((v) =>
      v.status === 'refused'
        ? [{ id: v.ballot.id, created_at: v.ballot.createdAt, channel: v.ballot.channel, reason: v.reason }]
        : [],
    ),
  };
  if (vote.status === 'open') return { ...base, result: null, reasons: null };
  const count = countVote(
    { planks: plankIds(vote), collectives: vote.collectives.map((c) => c.id), quorum: vote.quorum },
    book.perCollective,
    verdicts,
  );
  const reasons: Record<string, { choice: string; reason: string }[]> = {};
  for (const v of verdicts) {
    if (v.status !== 'counted') continue;
    for (const c of v.ballot.choices!) {
      if (!c.reason) continue;
      const list = reasons[c.plank] ?? [];
      list.push({ choice: c.choice, reason: c.reason });
      reasons[c.plank] = list;
    }
  }
  for (const list of Object.values(reasons)) {
    list.sort((a, b) => (a.choice < b.choice ? -1 : a.choice > b.choice ? 1 : a.reason < b.reason ? -1 : 1));
  }
  return {
    ...base,
    result: {
      ...count,
      collectives: count.collectives.map((c) => {
        const shown = shownAs(c.id);
        if (shown.yours || c.ballots >= program.threshold) return { ...c, ...shown };
        return {
          ...c,
          ...shown,
          used: [],
          planks: c.planks.map((p) => ({ ...p, tally: null, outcome: null })),
        };
      }),
    },
    reasons: seesAll(actor) ? reasons : null,
  };
}

/**
 * Every vote, newest first, with its ballot counts (no choices), and the ballots that name no
 * vote of this desk or do not fit the schema at all: shown, not dropped.
 */
export function deskVotes(program: Program, actor: Actor) {
  const { records } = requireDesk(program);
  const ids = [...new Set(records.all<VoteRecord>('vote').map((r) => r.record.id))];
  const votes = ids
    .map((id) => {
      const { result: _r, reasons: _w, refused: _f, ...summary } = deskVote(program, actor, id);
      return summary;
    })
    .sort((a, b) =>
      a.opened.date < b.opened.date ? 1 : a.opened.date > b.opened.date ? -1 : a.id < b.id ? -1 : 1,
    );
  const known = new Set(ids);
  const unmatched = (program.ballots?.list() ?? [])
    .filter((b) => b.vote === null || !known.has(b.vote))
    .map((b) => ({
      id: b.id,
      created_at: b.createdAt,
      vote: b.vote,
      reason: b.problem ? 'malformed' : 'unknown_vote',
      problem: b.problem,
    }));
  return { votes, unmatched };
}

/** A short line per vote for the desk's program view. */
export function voteSummaries(program: Program) {
  if (!program.records) return [];
  const ids = [...new Set(program.records.all<VoteRecord>('vote').map((r) => r.record.id))];
  return ids.map((id) => {
    const { vote } = currentVote(program, id);
    return { id, title: vote.title, status: vote.status, planks: plankIds(vote), opened: vote.opened.date };
  });
}

/**
 * `POST /api/v1/vote/lookup`: what the holder of a code may see. Only a valid code opens the
 * planks of its vote (nobody else learns what is being voted on), and only whether that code
 * has been counted. 404 `unknown_code` otherwise.
 */
export function lookupCode(program: Program, codeHash: string) {
  requireDesk(program);
  const voteId = voteOfCode(program, codeHash);
  if (!voteId) throw new NotFoundError('unknown_code', 'no vote issued this code');
  const { vote } = currentVote(program, voteId);
  const used = verdictsOf(program, vote).some(
    (v) => v.status === 'counted' && v.ballot.codeHash === codeHash,
  );
  return {
    vote: { id: vote.id, title: vote.title, status: vote.status, planks: vote.planks },
    used,
  };
}
