import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kind } from '../src/core/kinds.js';
import { generateKeyPair } from '../src/crypto/keys.js';
import { sealRumor } from '../src/crypto/seal.js';
import { deskHeaders, startTestNode, type TestNode } from './support/node.js';
import { deskAccount, type Headers, organizeClient } from './support/organize.js';

// `GET /api/v1/desk/joins` a page at a time, on a real desk node holding more join requests
// than the old fixed window (500): every request is reached by following `next`, each once,
// newest first, with the total the filter takes; status filters and an organizer's own
// requests are counted and paged the same way.

const MANY = 503;
let t: TestNode;
let admin: Headers;
let dana: Headers;
let collective = '';

beforeAll(async () => {
  t = await startTestNode();
  admin = await deskHeaders(t);
  dana = await deskAccount(t, 'dana', 'organizer');
  const made = await organizeClient(t, dana).post('', {
    name: 'Foundry',
    units: [{ name: 'Shop', size: 9 }],
  });
  collective = made.body.id;
  const base = Math.floor(Date.now() / 1000) - 10_000;
  const wraps = Array.from({ length: MANY }, (_, i) =>
    sealRumor(
      {
        kind: Kind.JoinRequest,
        // Some share a second: the id breaks the tie, so a page boundary never skips one.
        created_at: base + Math.floor(i / 3),
        content: JSON.stringify({ pseudonym: `Applicant ${i}`, enterprise: 'Foundry', want: 'join' }),
      },
      generateKeyPair().secretKey,
      t.node.deskPubkey!,
      { powDifficulty: 8 },
    ),
  );
  for (let i = 0; i < wraps.length; i += 100) {
    const answers = await t.node.ingest.submit(wraps.slice(i, i + 100));
    expect(answers.every((a) => a.ok)).toBe(true);
  }
  await t.node.desk!.settled();
}, 180_000);
afterAll(async () => {
  await t?.close();
});

type Page = {
  joins: { id: string; createdAt: number; status: string }[];
  total: number;
  next: string | null;
};

async function page(headers: Headers, query: string) {
  const res = await fetch(`${t.url}/api/v1/desk/joins${query}`, { headers });
  return { status: res.status, body: (await res.json()) as Page & { error?: { code: string } } };
}

/** Every page of a listing, following `next`. */
async function all(headers: Headers, query: Record<string, string>) {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) });
    const res = await page(headers, `?${params}`);
    expect(res.status).toBe(200);
    pages.push(res.body);
    cursor = res.body.next;
  } while (cursor && pages.length < 100);
  return pages;
}

async function setStatus(id: string, body: Record<string, unknown>) {
  const res = await fetch(`${t.url}/api/v1/desk/joins/${id}/status`, {
    method: 'POST',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

describe('join requests a page at a time', () => {
  it('reaches every one of more than 500 requests, each once, newest first, with the total', async () => {
    const first = await page(admin, '');
    expect(first.body.joins.length).toBe(50);
    expect(first.body.total).toBe(MANY);
    const pages = await all(admin, { limit: '200' });
    expect(pages.map((p) => p.joins.length)).toEqual([200, 200, MANY - 400]);
    expect(pages.every((p) => p.total === MANY)).toBe(true);
    expect(pages.at(-1)!.next).toBeNull();
    const joins = pages.flatMap((p) => p.joins);
    expect(new Set(joins.map((j) => j.id)).size).toBe(MANY);
    for (let i = 1; i < joins.length; i++) {
      const [a, b] = [joins[i - 1]!, joins[i]!];
      expect(a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id)).toBe(true);
    }
    // A cursor that falls between requests of the same second skips none.
    const small = await all(admin, { limit: '7' });
    expect(new Set(small.flatMap((p) => p.joins.map((j) => j.id))).size).toBe(MANY);
  }, 60_000);

  it('pages and counts each status, and an organizer only the requests assigned to them', async () => {
    const newest = (await page(admin, '?limit=5')).body.joins.map((j) => j.id);
    await setStatus(newest[0]!, { status: 'vouched' });
    await setStatus(newest[1]!, { status: 'vouched' });
    await setStatus(newest[2]!, { status: 'assigned', organizer: 'dana', collective });
    await setStatus(newest[3]!, { status: 'declined' });

    const fresh = await all(admin, { status: 'new', limit: '200' });
    expect(fresh[0]!.total).toBe(MANY - 4);
    const freshIds = fresh.flatMap((p) => p.joins.map((j) => j.id));
    expect(freshIds.length).toBe(MANY - 4);
    expect(freshIds).not.toContain(newest[0]);
    expect(freshIds[0]).toBe(newest[4]);

    const vouched = await page(admin, '?status=vouched&limit=1');
    expect(vouched.body).toMatchObject({ total: 2, joins: [{ id: newest[0], status: 'vouched' }] });
    const rest = await page(admin, `?status=vouched&limit=1&cursor=${vouched.body.next}`);
    expect(rest.body).toMatchObject({ total: 2, next: null, joins: [{ id: newest[1] }] });

    const mine = await page(dana, '');
    expect(mine.body).toMatchObject({ total: 1, next: null, joins: [{ id: newest[2], status: 'assigned' }] });
    expect((await page(dana, '?status=new')).body).toMatchObject({ total: 0, joins: [] });
  });

  it('refuses a bad limit or cursor with invalid_request', async () => {
    for (const query of [
      '?limit=0',
      '?limit=201',
      '?cursor=abc',
      `?cursor=12:${'z'.repeat(64)}`,
      '?page=2',
    ]) {
      const res = await page(admin, query);
      expect({ query, status: res.status, code: res.body.error?.code }).toEqual({
        query,
        status: 400,
        code: 'invalid_request',
      });
    }
  });
});
