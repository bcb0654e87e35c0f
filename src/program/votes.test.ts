import { sha256 } from '@noble/hashes/sha2.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../test/support/node.js';
import { deskAccount, type Headers, organizeClient } from '../../test/support/organize.js';
import { ballotCodeHash, normalizeBallotCode } from '../core/ballot-code.js';
import { parseRecordContent } from '../core/content.js';
import type { NostrEvent } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { generateKeyPair } from '../crypto/keys.js';
import { powOf } from '../crypto/pow.js';
import { sealRumor } from '../crypto/seal.js';

// Votes through the HTTP API on a real desk node: codes for two collectives, ballots sealed to
// the desk over POST /api/v1/vote, one per code (a reuse refused), bad input refused with
// stable codes and nothing stored, results hidden until closing, paper ballots counted once,
// the published result (30623) with its tallies and the hashes of the codes used, and the
// plank's tally in the published program. Compartments are enforced.

let t: TestNode;
let editor: Headers;
let organizer: Headers;
let viewer: Headers;
let planks: string[];
let colA: string;
let colB: string;
let voteId: string;
let codesA: string[];
let codesB: string[];

async function call(headers: Headers | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${t.url}/api/v1${path}`, {
    method,
    headers: { ...(headers ?? {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
}

type Choice = 'agree' | 'abstain' | 'disagree' | 'block';

function sealBallot(content: Record<string, unknown>, pow = 8): NostrEvent {
  return sealRumor(
    { kind: Kind.Ballot, content: JSON.stringify(content) },
    generateKeyPair().secretKey,
    t.deskKey!.publicKey,
    { powDifficulty: pow },
  );
}

const ballot = (code: string, choices: Choice[], extra: Record<string, unknown> = {}) =>
  sealBallot({
    vote: voteId,
    code: normalizeBallotCode(code),
    choices: planks.map((plank, i) => ({ plank, choice: choices[i] })),
    channel: 'web',
    ...extra,
  });

const cast = (wrap: unknown) => call(null, 'POST', '/vote', wrap);
const wrapsStored = () => t.node.log.query({ kinds: [Kind.GiftWrap] }, { as: 'node' }).length;
const deskVote = async (who: Headers = editor) => {
  await t.node.desk!.settled();
  return (await call(who, 'GET', `/desk/program/votes/${voteId}`)).body;
};

beforeAll(async () => {
  t = await startTestNode();
  editor = await deskAccount(t, 'gulnar', 'editor');
  organizer = await deskAccount(t, 'dana', 'organizer');
  viewer = await deskAccount(t, 'vera', 'viewer');
  const org = organizeClient(t, organizer);
  colA = (await org.post('', { name: 'Depot A', units: [], demands: [{ code: 'wages' }] })).body.id;
  colB = (await org.post('', { name: 'Depot B', units: [], demands: [{ code: 'wages' }] })).body.id;
  planks = [];
  for (const ru of ['Поднять зарплату на 30%', 'Признать независимый профсоюз']) {
    const made = await call(editor, 'POST', '/desk/program/planks', {
      text: { ru, kk: '', en: '' },
      demands: ['wages'],
    });
    const moved = await call(editor, 'POST', `/desk/program/planks/${made.body.id}/status`, {
      prev: [made.body.version],
      status: 'put_to_vote',
    });
    expect(moved.status).toBe(200);
    planks.push(made.body.id);
  }
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('opening a vote and making codes', () => {
  it('opens a vote on planks put to the vote (admins and editors only)', async () => {
    const body = { planks, collectives: [colA, colB], quorum: 0.5 };
    expect((await call(organizer, 'POST', '/desk/program/votes', body)).status).toBe(403);
    const draft = await call(editor, 'POST', '/desk/program/planks', {
      text: { ru: 'Черновик', kk: '', en: '' },
    });
    const notYet = await call(editor, 'POST', '/desk/program/votes', {
      ...body,
      planks: [draft.body.id],
    });
    expect(notYet).toMatchObject({ status: 409, body: { error: { code: 'not_put_to_vote' } } });
    const unknown = await call(editor, 'POST', '/desk/program/votes', { ...body, collectives: ['col-nope'] });
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'unknown_collective' } } });
    const opened = await call(editor, 'POST', '/desk/program/votes', body);
    expect(opened.status).toBe(201);
    voteId = opened.body.id;
    expect(opened.body).toMatchObject({ status: 'open', quorum: 0.5, result: null });
    expect(opened.body.collectives.map((c: { name: string }) => c.name)).toEqual(['Depot A', 'Depot B']);
    // Each plank names the vote that decides it; a plank is in one open vote at a time.
    const desk = await call(editor, 'GET', '/desk/program');
    expect(desk.body.planks.find((p: { id: string }) => p.id === planks[0]).vote).toBe(voteId);
    expect(desk.body.votes).toEqual([expect.objectContaining({ id: voteId, status: 'open' })]);
    const again = await call(editor, 'POST', '/desk/program/votes', body);
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'plank_in_open_vote' } } });
  });

  it('makes one-time codes for a collective: answered once, only their hashes stored', async () => {
    expect(
      (await call(viewer, 'POST', `/desk/program/votes/${voteId}/codes`, { collective: colA, count: 2 }))
        .status,
    ).toBe(403);
    const outside = await call(organizer, 'POST', `/desk/program/votes/${voteId}/codes`, {
      collective: 'col-other',
      count: 2,
    });
    expect(outside).toMatchObject({ status: 400, body: { error: { code: 'collective_not_in_vote' } } });
    const bad = await call(organizer, 'POST', `/desk/program/votes/${voteId}/codes`, {
      collective: colA,
      count: 0,
    });
    expect(bad.status).toBe(400);
    const a = await call(organizer, 'POST', `/desk/program/votes/${voteId}/codes`, {
      collective: colA,
      count: 6,
    });
    expect(a.status).toBe(201);
    codesA = a.body.codes;
    expect(codesA).toHaveLength(6);
    for (const c of codesA) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    // Asked with the printable sheet (what the desk shows): the same codes, each once, with a QR
    // code each and the node's /vote address; the node's CSP allows the sheet's style by its
    // hash and no other inline style.
    const sheetRes = await fetch(`${t.url}/api/v1/desk/program/votes/${voteId}/codes`, {
      method: 'POST',
      headers: { ...organizer, 'content-type': 'application/json' },
      body: JSON.stringify({ collective: colB, count: 4, sheet: true }),
    });
    expect(sheetRes.status).toBe(201);
    expect(sheetRes.headers.get('cache-control')).toBe('no-store');
    const made = await sheetRes.json();
    codesB = made.codes;
    expect(codesB).toHaveLength(4);
    const printed = [...(made.sheet as string).matchAll(/<p class="code">([0-9A-Z-]{19})<\/p>/g)].map(
      (m) => m[1],
    );
    expect(printed).toEqual(codesB);
    expect(made.sheet).toContain(`<p class="url">${t.url}/vote</p>`);
    expect(made.sheet.match(/<svg class="qr"/g)).toHaveLength(4);
    const style = (made.sheet as string).match(/<style>([\s\S]*?)<\/style>/)![1]!;
    const hash = Buffer.from(sha256(new TextEncoder().encode(style))).toString('base64');
    const csp = sheetRes.headers.get('content-security-policy')!;
    expect(csp).toContain(`style-src 'self' 'sha256-${hash}';`);
    const v = await deskVote();
    expect(v.collectives.map((c: { codes: number }) => c.codes)).toEqual([6, 4]);
    // Nothing the desk stores or answers holds a code.
    const dump = JSON.stringify(t.node.db.prepare('SELECT content FROM org_records').all());
    for (const c of [...codesA, ...codesB]) {
      expect(dump).not.toContain(normalizeBallotCode(c));
      expect(dump).toContain(ballotCodeHash(normalizeBallotCode(c)!));
      expect(JSON.stringify(v)).not.toContain(normalizeBallotCode(c));
      expect(JSON.stringify(v)).not.toContain(c);
    }
  });
});

describe('compartments', () => {
  it('refuses codes and paper ballots of a collective to an organizer who does not work with it', async () => {
    const olga = await deskAccount(t, 'olga', 'organizer');
    const codes = await call(olga, 'POST', `/desk/program/votes/${voteId}/codes`, {
      collective: colA,
      count: 2,
    });
    expect(codes).toMatchObject({ status: 403, body: { error: { code: 'forbidden_collective' } } });
    const choices = planks.map((plank) => ({ plank, choice: 'agree' }));
    const paper = await call(olga, 'POST', `/desk/program/votes/${voteId}/paper`, {
      code: codesA[5],
      choices,
    });
    expect(paper).toMatchObject({ status: 403, body: { error: { code: 'forbidden_collective' } } });
    const v = await deskVote(olga);
    expect(
      v.collectives.map((c: { id: string; name: string | null; yours: boolean }) => [c.id, c.name, c.yours]),
    ).toEqual([
      ['#1', null, false],
      ['#2', null, false],
    ]);
    expect(JSON.stringify(v)).not.toMatch(/Depot|col-/);
    expect(v.collectives.map((c: { codes: number }) => c.codes)).toEqual([6, 4]);
  });
});

describe('casting ballots', () => {
  it('refuses what is not a sealed ballot to the desk, storing nothing', async () => {
    const before = wrapsStored();
    expect(await cast([1, 2])).toMatchObject({ status: 400, body: { error: { code: 'invalid_event' } } });
    const wrap = ballot(codesA[0]!, ['agree', 'agree']);
    const elsewhere = { ...wrap, tags: [['p', generateKeyPair().publicKey]] };
    expect(await cast(elsewhere)).toMatchObject({ status: 400, body: { error: { code: 'not_for_desk' } } });
    expect(await cast({ ...wrap, kind: 1 })).toMatchObject({
      status: 400,
      body: { error: { code: 'not_for_desk' } },
    });
    expect(await cast({ ...wrap, sig: 'f'.repeat(128) })).toMatchObject({ status: 400 });
    expect(await cast(ballot(codesA[0]!, ['agree', 'agree']).content)).toMatchObject({ status: 400 });
    // Without the node's work (8 bits in tests): made until its id has fewer by chance.
    let lazy = sealBallot({ vote: voteId, code: 'X' }, 0);
    while (powOf(lazy.id) >= 8) lazy = sealBallot({ vote: voteId, code: 'X' }, 0);
    expect(await cast(lazy)).toMatchObject({ status: 400, body: { error: { code: 'insufficient_pow' } } });
    const huge = await call(null, 'POST', '/vote', { ...wrap, content: 'A'.repeat(100 * 1024) });
    expect(huge.status).toBe(413);
    const notJson = await fetch(`${t.url}/api/v1/vote`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(notJson.status).toBe(415);
    expect(wrapsStored()).toBe(before);
  });

  it('shows the planks only to the holder of a valid code, and whether it was counted', async () => {
    const unknown = await call(null, 'POST', '/vote/lookup', { code_hash: 'a'.repeat(64) });
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'unknown_code' } } });
    expect((await call(null, 'POST', '/vote/lookup', { code: codesA[0] })).status).toBe(400);
    const hash = ballotCodeHash(normalizeBallotCode(codesA[0]!)!);
    const seen = await call(null, 'POST', '/vote/lookup', { code_hash: hash });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ used: false, vote: { id: voteId, status: 'open' } });
    expect(seen.body.vote.planks.map((p: { text: { ru: string } }) => p.text.ru)).toEqual([
      'Поднять зарплату на 30%',
      'Признать независимый профсоюз',
    ]);
    expect(JSON.stringify(seen.body)).not.toContain('Depot');
  });

  it('counts one ballot per code, refuses the reuse, and hides every choice until the vote closes', async () => {
    const plan: Array<[string, Choice[]]> = [
      [codesA[0]!, ['agree', 'agree']],
      [codesA[1]!, ['agree', 'disagree']],
      [codesA[2]!, ['agree', 'abstain']],
      [codesA[3]!, ['disagree', 'block']],
      [codesB[0]!, ['agree', 'agree']],
    ];
    for (const [code, choices] of plan) expect((await cast(ballot(code, choices))).status).toBe(201);
    // The same code again (another phone, or the same one voting twice): stored, never counted.
    expect((await cast(ballot(codesA[0]!, ['block', 'block']))).status).toBe(201);
    // A code of no vote, and a ballot that does not fit the schema: refused, shown.
    expect((await cast(ballot('0000-0000-0000-0000', ['agree', 'agree']))).status).toBe(201);
    expect((await cast(sealBallot({ vote: voteId, code: 'nope', choices: [] }))).status).toBe(201);
    const v = await deskVote();
    expect(v.ballots).toMatchObject({
      received: 8,
      counted: 5,
      refused: { code_used: 1, unknown_code: 1, malformed: 1, choices_mismatch: 0, vote_closed: 0 },
    });
    expect(v.refused.map((r: { reason: string }) => r.reason).sort()).toEqual([
      'code_used',
      'malformed',
      'unknown_code',
    ]);
    expect(v.collectives.map((c: { ballots: number }) => c.ballots)).toEqual([4, 1]);
    // No tally, no choice, no reason anywhere before the close.
    expect(v.result).toBeNull();
    expect(v.reasons).toBeNull();
    for (const word of ['agree', 'disagree', 'abstain', '"block"'])
      expect(JSON.stringify(v)).not.toContain(word);
    expect((await call(null, 'GET', '/votes')).body.votes).toEqual([]);
    expect((await call(null, 'GET', `/votes/${voteId}`)).status).toBe(404);
    const used = await call(null, 'POST', '/vote/lookup', {
      code_hash: ballotCodeHash(normalizeBallotCode(codesA[0]!)!),
    });
    expect(used.body.used).toBe(true);
  });

  it('counts a paper ballot entered by an organizer once', async () => {
    const path = `/desk/program/votes/${voteId}/paper`;
    const choices = planks.map((plank) => ({ plank, choice: 'agree' }));
    expect((await call(viewer, 'POST', path, { code: codesB[1], choices })).status).toBe(403);
    expect(await call(organizer, 'POST', path, { code: 'short', choices })).toMatchObject({
      status: 400,
      body: { error: { code: 'bad_code' } },
    });
    expect(await call(organizer, 'POST', path, { code: '0000-0000-0000-0000', choices })).toMatchObject({
      status: 404,
      body: { error: { code: 'unknown_code' } },
    });
    expect(await call(organizer, 'POST', path, { code: codesB[1], choices: choices.slice(1) })).toMatchObject(
      {
        status: 400,
        body: { error: { code: 'choices_mismatch' } },
      },
    );
    expect(await call(organizer, 'POST', path, { code: codesA[0], choices })).toMatchObject({
      status: 409,
      body: { error: { code: 'code_used' } },
    });
    const before = wrapsStored();
    const entered = await call(organizer, 'POST', path, {
      code: codesB[1]!.toLowerCase(),
      choices: [
        { plank: planks[0], choice: 'agree', reason: 'зарплата не росла пять лет' },
        { plank: planks[1], choice: 'agree' },
      ],
    });
    expect(entered).toMatchObject({ status: 201, body: { status: 'counted' } });
    const twice = await call(organizer, 'POST', path, { code: codesB[1], choices });
    expect(twice).toMatchObject({ status: 409, body: { error: { code: 'code_used' } } });
    expect(wrapsStored()).toBe(before + 1);
    const v = await deskVote();
    expect(v.ballots.counted).toBe(6);
    expect(v.collectives.map((c: { ballots: number }) => c.ballots)).toEqual([4, 2]);
  });
});

describe('closing', () => {
  it('closes (admins and editors), publishes the tally and the used codes, refuses what comes after', async () => {
    expect((await call(organizer, 'POST', `/desk/program/votes/${voteId}/close`)).status).toBe(403);
    const closed = await call(editor, 'POST', `/desk/program/votes/${voteId}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    const [overall1, overall2] = closed.body.result.planks;
    expect(overall1).toMatchObject({
      tally: { agree: 5, disagree: 1, abstain: 0, block: 0, ballots: 6 },
      outcome: 'passed',
    });
    expect(overall2).toMatchObject({
      tally: { agree: 3, disagree: 1, abstain: 1, block: 1, ballots: 6 },
      outcome: 'blocked',
    });
    expect(closed.body.result).toMatchObject({ codes: 10, ballots: 6, quorum_met: true });
    expect(
      closed.body.result.collectives.map((c: { name: string; quorum_met: boolean }) => [
        c.name,
        c.quorum_met,
      ]),
    ).toEqual([
      ['Depot A', true],
      ['Depot B', true],
    ]);
    expect(closed.body.reasons[planks[0]!]).toEqual([
      { choice: 'agree', reason: 'зарплата не росла пять лет' },
    ]);

    // Public: the same tally, collectives by number, and each used code's hash.
    const pub = await call(null, 'GET', `/votes/${voteId}`);
    expect(pub.status).toBe(200);
    expect(pub.body.planks[0].tally).toEqual(overall1.tally);
    expect(pub.body.planks[1].tally).toEqual(overall2.tally);
    expect(JSON.stringify(pub.body)).not.toContain('Depot');
    expect(JSON.stringify(pub.body)).not.toContain('зарплата не росла');
    const used = pub.body.collectives.flatMap((c: { used: string[] }) => c.used);
    expect(used).toHaveLength(6);
    expect(used).toContain(ballotCodeHash(normalizeBallotCode(codesA[2]!)!));
    expect(used).toContain(ballotCodeHash(normalizeBallotCode(codesB[1]!)!));
    expect(used).not.toContain(ballotCodeHash(normalizeBallotCode(codesA[5]!)!));
    // Collective B: 2 ballots, under the threshold of 3: its tally is withheld, not zero.
    expect(pub.body.collectives[1]).toMatchObject({ n: 2, codes: 4, ballots: 2, quorum_met: true });
    expect(pub.body.collectives[1].planks[0].tally).toBeNull();
    expect(pub.body.collectives[0].planks[0].tally).toMatchObject({ agree: 3, disagree: 1 });
    const [event] = t.node.log.query({ kinds: [Kind.VoteResult] }, { as: 'node' });
    expect(event!.pubkey).toBe(t.deskKey!.publicKey);
    expect(parseRecordContent(Kind.VoteResult, event!).id).toBe(voteId);
    expect((await call(null, 'GET', '/program')).body.votes).toEqual([pub.body]);
    const lookup = await call(null, 'POST', '/vote/lookup', {
      code_hash: ballotCodeHash(normalizeBallotCode(codesA[2]!)!),
    });
    expect(lookup.body).toMatchObject({ used: true, vote: { status: 'closed' } });

    // Too late: a ballot, a paper, new codes, closing again.
    expect((await cast(ballot(codesA[4]!, ['agree', 'agree']))).status).toBe(201);
    const after = await deskVote();
    expect(after.ballots.refused.vote_closed).toBe(1);
    expect(after.ballots.counted).toBe(6);
    const choices = planks.map((plank) => ({ plank, choice: 'agree' }));
    for (const [path, body] of [
      ['paper', { code: codesA[5], choices }],
      ['codes', { collective: colA, count: 1 }],
      ['close', undefined],
    ] as const) {
      const res = await call(editor, 'POST', `/desk/program/votes/${voteId}/${path}`, body);
      expect(res).toMatchObject({ status: 409, body: { error: { code: 'vote_closed' } } });
    }
  });

  it('names to each desk account only the collectives it works with, and the reasons only to editors', async () => {
    const olga = await deskAccount(t, 'olga2', 'organizer');
    for (const who of [olga, viewer]) {
      const v = await deskVote(who);
      expect(JSON.stringify(v)).not.toMatch(/Depot|col-/);
      expect(v.reasons).toBeNull();
      const [a, b] = v.result.collectives;
      expect([a.id, a.name, b.id, b.name]).toEqual(['#1', null, '#2', null]);
      // A cast 4 ballots: its tallies shown; B cast 2, under the threshold: withheld, as in public.
      expect(a.planks[0].tally).toMatchObject({ agree: 3, disagree: 1 });
      expect(b.planks[0]).toMatchObject({ tally: null, outcome: null });
      expect(b.used).toEqual([]);
      expect(v.result.planks[0].tally.ballots).toBe(6);
    }
    // The organizer who started both collectives sees them by name, but not the reasons.
    const dana = await deskVote(organizer);
    expect(dana.result.collectives.map((c: { name: string }) => c.name)).toEqual(['Depot A', 'Depot B']);
    expect(dana.reasons).toBeNull();
    expect((await deskVote(editor)).reasons[planks[0]!]).toHaveLength(1);
  });

  it('carries the overall tally into the published program', async () => {
    const desk = await call(editor, 'GET', '/desk/program');
    const plank = desk.body.planks.find((p: { id: string }) => p.id === planks[0]);
    const adopted = await call(editor, 'POST', `/desk/program/planks/${planks[0]}/status`, {
      prev: [plank.version],
      status: 'adopted',
    });
    expect(adopted.status).toBe(200);
    expect((await call(editor, 'POST', '/desk/program/publish')).status).toBe(201);
    const published = (await call(null, 'GET', '/program')).body.published.content;
    expect(published.planks[0]).toMatchObject({
      id: planks[0],
      vote: { agree: 5, abstain: 0, disagree: 1, block: 0, ballots: 6 },
    });
  });

  it('lists votes and the ballots that name no vote of this desk', async () => {
    expect((await cast(sealBallot({ vote: 'vote-elsewhere', code: 'x' }))).status).toBe(201);
    await t.node.desk!.settled();
    const list = await call(viewer, 'GET', '/desk/program/votes');
    expect(list.status).toBe(200);
    expect(list.body.votes).toEqual([expect.objectContaining({ id: voteId, status: 'closed' })]);
    expect(list.body.unmatched).toEqual([
      expect.objectContaining({ vote: 'vote-elsewhere', reason: 'malformed' }),
    ]);
  });
});
