import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWrap, deskHeaders, postJson, startTestNode, type TestNode } from '../../test/support/node.js';
import { deskAccount, type Headers, organizeClient } from '../../test/support/organize.js';
import { Kind } from '../core/kinds.js';
import { generateKeyPair, type KeyPair } from '../crypto/keys.js';
import { openWrap, sealRumor } from '../crypto/seal.js';
import { writeAudit } from '../desk/audit.js';
import {
  countJoinRequests,
  getJoinRequest,
  joinReplyWraps,
  pageJoinRequests,
} from '../desk/join-requests.js';
import { attachOrganize } from './context.js';
import { type JoinRequestsPort, purgeDeclinedJoins } from './joins.js';

// Join requests from /join through the HTTP API of a real desk node: the intake route's bounds
// and codes, the desk opening them, triage and its transitions, compartments, replies, turning
// one into a person, the purge of declined ones 30 days on, and a rebuild from the log.

let t: TestNode;
let admin: Headers;
let editor: Headers;
let dana: Headers;
let erlan: Headers;
let viewer: Headers;

beforeAll(async () => {
  t = await startTestNode();
  admin = await deskHeaders(t);
  editor = await deskAccount(t, 'gulnar', 'editor');
  dana = await deskAccount(t, 'dana', 'organizer');
  erlan = await deskAccount(t, 'erlan', 'organizer');
  viewer = await deskAccount(t, 'vera', 'viewer');
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const desk = () => t.node.deskPubkey!;

function joinWrap(
  content: Record<string, unknown>,
  options: { pow?: number; applicant?: KeyPair; to?: string } = {},
) {
  const applicant = options.applicant ?? generateKeyPair();
  return sealRumor(
    { kind: Kind.JoinRequest, content: JSON.stringify(content) },
    applicant.secretKey,
    options.to ?? desk(),
    { powDifficulty: options.pow ?? 8 },
  );
}

const REQUEST = { pseudonym: 'Welder from shop 2', enterprise: 'Karaganda foundry', want: 'join' };

/** Send a join request and wait for the desk to open it: its rumor id. */
async function sendJoin(content: Record<string, unknown> = REQUEST) {
  const wrap = joinWrap(content);
  const res = await postJson(`${t.url}/api/v1/join`, wrap);
  expect(res.status).toBe(201);
  await t.node.desk!.settled();
  return openWrap(wrap, t.node.deskKey!.secretKey).rumor.id;
}

function joins(headers: Headers) {
  const base = `${t.url}/api/v1/desk/joins`;
  const send = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
  };
  return {
    get: (path = '') => send('GET', path),
    post: (path: string, body: unknown) => send('POST', path, body),
  };
}

async function collectiveOf(headers: Headers, name: string) {
  const res = await organizeClient(t, headers).post('', {
    name,
    units: [{ name: 'Foundry shop', size: 30 }],
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const port = (): JoinRequestsPort => ({
  get: (id) => getJoinRequest(t.node.db, id),
  page: (filter, limit) => pageJoinRequests(t.node.db, filter, limit),
  count: (filter) => countJoinRequests(t.node.db, filter),
  replyWraps: (id) => joinReplyWraps(t.node.db, id),
  isOrganizer: () => true,
});

describe('POST /api/v1/join', () => {
  it('stores a sealed join request once and answers a duplicate as such', async () => {
    const wrap = joinWrap(REQUEST);
    const first = await postJson(`${t.url}/api/v1/join`, wrap);
    expect(first).toMatchObject({ status: 201, body: { id: wrap.id, duplicate: false } });
    const again = await postJson(`${t.url}/api/v1/join`, wrap);
    expect(again).toMatchObject({ status: 200, body: { id: wrap.id, duplicate: true } });
  });

  it('refuses what is not a sealed request to the desk, too little work, or too much, storing nothing', async () => {
    const count = () => t.node.log.count();
    const before = count();
    const cases: [unknown, number, string][] = [
      [[joinWrap(REQUEST)], 400, 'invalid_event'],
      [{ ...buildWrap(desk()), kind: 1 }, 400, 'not_for_desk'],
      [joinWrap(REQUEST, { to: generateKeyPair().publicKey }), 400, 'not_for_desk'],
      [joinWrap(REQUEST, { pow: 0 }), 400, 'insufficient_pow'],
      [{ ...joinWrap(REQUEST), sig: '00'.repeat(64) }, 400, 'bad_signature'],
    ];
    for (const [body, status, code] of cases) {
      const res = await postJson(`${t.url}/api/v1/join`, body);
      expect({ status: res.status, code: res.body.error.code }).toEqual({ status, code });
    }
    const huge = await postJson(`${t.url}/api/v1/join`, {
      kind: 1059,
      content: 'x'.repeat(100_000),
      tags: [],
    });
    expect(huge.status).toBe(413);
    const text = await postJson(`${t.url}/api/v1/join`, 'not json at all');
    expect(text.status).toBe(400);
    expect(count()).toBe(before);
  });
});

describe('join requests on the desk', () => {
  it('opens a request into the join list, keeps a malformed one visible as unreadable, and rebuilds both', async () => {
    const id = await sendJoin({ ...REQUEST, contact: '@welder2', message: 'We want a union', lang: 'ru' });
    const listed = (await joins(editor).get('?status=new')).body.joins.find(
      (j: { id: string }) => j.id === id,
    );
    expect(listed).toMatchObject({
      pseudonym: 'Welder from shop 2',
      enterprise: 'Karaganda foundry',
      want: 'join',
      contact: '@welder2',
      message: 'We want a union',
      status: 'new',
    });
    const bad = await postJson(`${t.url}/api/v1/join`, joinWrap({ pseudonym: 'x', want: 'spy' }));
    expect(bad.status).toBe(201);
    await t.node.desk!.settled();
    const inbox = await fetch(`${t.url}/api/v1/desk/inbox?status=unreadable`, { headers: admin });
    expect(JSON.stringify(await inbox.json())).toContain('join request');
    const before = (await joins(admin).get()).body;
    t.node.projections.rebuildAll(t.node.log);
    await t.node.desk!.rebuild();
    expect((await joins(admin).get()).body).toEqual(before);
  });

  it('triages new → vouched → assigned, refusing illegal transitions and stale versions', async () => {
    const id = await sendJoin();
    const col = await collectiveOf(dana, 'Foundry');
    const e = joins(editor);
    expect((await e.post(`/${id}/status`, { status: 'joined' })).body.error.code).toBe('illegal_transition');
    const vouched = await e.post(`/${id}/status`, { status: 'vouched', note: 'known to the union' });
    expect(vouched).toMatchObject({ status: 200, body: { status: 'vouched', note: 'known to the union' } });
    expect((await e.post(`/${id}/status`, { status: 'assigned' })).body.error.code).toBe('invalid_request');
    expect(
      (await e.post(`/${id}/status`, { status: 'assigned', organizer: 'nobody', collective: col })).body.error
        .code,
    ).toBe('unknown_organizer');
    const stale = await e.post(`/${id}/status`, { status: 'new', prev: ['ab'.repeat(32)] });
    expect({ status: stale.status, code: stale.body.error.code }).toEqual({
      status: 409,
      code: 'stale_edit',
    });
    const assigned = await e.post(`/${id}/status`, {
      status: 'assigned',
      organizer: 'dana',
      collective: col,
      prev: [vouched.body.version],
    });
    expect(assigned.body).toMatchObject({ status: 'assigned', organizer: 'dana', collective_id: col });
    const audit = await (await fetch(`${t.url}/api/v1/desk/audit?limit=500`, { headers: admin })).json();
    expect(
      audit.entries.filter(
        (x: { action: string; target: string }) => x.action === 'join.status' && x.target === id,
      ),
    ).toHaveLength(2);
  });

  it('keeps compartments: organizers see only theirs and turn them into people of their own collectives', async () => {
    const id = await sendJoin({ ...REQUEST, contact: 'ask at the canteen' });
    const colA = await collectiveOf(dana, 'Foundry A');
    const colB = await collectiveOf(erlan, 'Mine B');
    await joins(admin).post(`/${id}/status`, { status: 'assigned', organizer: 'dana', collective: colA });
    expect((await joins(viewer).get()).status).toBe(403);
    expect((await joins(erlan).get()).body.joins.map((j: { id: string }) => j.id)).not.toContain(id);
    const other = await joins(erlan).get(`/${id}`);
    expect({ status: other.status, code: other.body.error.code }).toEqual({
      status: 403,
      code: 'forbidden_join',
    });
    const ofDana = (await joins(dana).get()).body.joins;
    expect(ofDana.map((j: { id: string }) => j.id)).toContain(id);
    expect(ofDana.every((j: { organizer: string }) => j.organizer === 'dana')).toBe(true);
    expect((await joins(editor).post(`/${id}/to-person`, { unit: 'Foundry shop' })).status).toBe(403);
    const wrong = await joins(dana).post(`/${id}/to-person`, { unit: 'Foundry shop', collective: colB });
    expect({ status: wrong.status, code: wrong.body.error.code }).toEqual({
      status: 403,
      code: 'forbidden_collective',
    });
    const made = await joins(dana).post(`/${id}/to-person`, { unit: 'Foundry shop' });
    expect(made.status).toBe(201);
    expect(made.body.join).toMatchObject({
      status: 'joined',
      person: made.body.person.id,
      collective_id: colA,
    });
    expect(made.body.person).toMatchObject({ pseudonym: 'Welder from shop 2', unit: 'u1', contact: null });
    const people = (await organizeClient(t, dana).get(`/${colA}`)).body.people;
    expect(people.map((p: { id: string }) => p.id)).toContain(made.body.person.id);
    expect((await joins(dana).post(`/${id}/to-person`, { unit: 'Foundry shop' })).body.error.code).toBe(
      'illegal_transition',
    );
  });

  it('replies at the request’s reply key, which only the applicant opens', async () => {
    const applicant = generateKeyPair();
    const replyKey = generateKeyPair();
    const wrap = joinWrap({ ...REQUEST, reply_key: replyKey.publicKey }, { applicant });
    await postJson(`${t.url}/api/v1/join`, wrap);
    await t.node.desk!.settled();
    const id = openWrap(wrap, t.node.deskKey!.secretKey).rumor.id;
    const sent = await joins(editor).post(`/${id}/reply`, { text: 'An organizer will write to you' });
    expect(sent.status).toBe(201);
    const out = t.node.log.query({ ids: [sent.body.id] }, { as: 'node' })[0]!;
    expect(out.tags).toContainEqual(['p', replyKey.publicKey]);
    expect(JSON.parse(openWrap(out, replyKey.secretKey).rumor.content).text).toBe(
      'An organizer will write to you',
    );
    await t.node.desk!.settled();
    expect((await joins(editor).get(`/${id}`)).body.replies.map((r: { text: string }) => r.text)).toEqual([
      'An organizer will write to you',
    ]);
  });

  it('purges a declined request 30 days after the decline, with its records and reply copies', async () => {
    const id = await sendJoin({ ...REQUEST, pseudonym: 'Declined applicant' });
    const kept = await sendJoin({ ...REQUEST, pseudonym: 'Reopened applicant' });
    await joins(editor).post(`/${id}/reply`, { text: 'Sorry, we cannot' });
    await t.node.desk!.settled();
    const wrapOf = getJoinRequest(t.node.db, id)!.wrapId;
    const declined = await joins(editor).post(`/${id}/status`, { status: 'declined' });
    await joins(editor).post(`/${kept}/status`, { status: 'declined' });
    await joins(editor).post(`/${kept}/status`, { status: 'new' });
    const org = attachOrganize(t.node, writeAudit);
    const at = declined.body.status_at as number;
    expect(purgeDeclinedJoins(org, port(), at + 29 * 86_400)).toEqual({ purged: 0 });
    expect(purgeDeclinedJoins(org, port(), at + 30 * 86_400 + 1)).toEqual({ purged: 1 });
    expect((await joins(admin).get(`/${id}`)).status).toBe(404);
    expect((await joins(admin).get(`/${kept}`)).status).toBe(200);
    expect(t.node.log.query({ ids: [wrapOf] }, { as: 'node' })).toEqual([]);
    expect(t.node.log.has(wrapOf)).toBe(true); // a tombstone: sync never brings it back
    const left = t.node.db
      .prepare("SELECT count(*) AS n FROM org_records WHERE type = 'join_status' AND entity_id = ?")
      .get(`join.${id}`) as { n: number };
    expect(left.n).toBe(0);
    expect(joinReplyWraps(t.node.db, id)).toEqual([]);
    t.node.projections.rebuildAll(t.node.log);
    await t.node.desk!.rebuild();
    expect((await joins(admin).get(`/${id}`)).status).toBe(404);
  });
});
