import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWrap, deskHeaders, postJson, startTestNode, type TestNode } from '../../test/support/node.js';
import { generateKeyPair } from '../crypto/keys.js';
import { InboxQuerySchema, listInbox } from './inbox.js';

/*
 * The review queue sorted by how sure the suggestions are: the least sure first, page by page,
 * through the API as through `listInbox`. The real analysis makes the suggestions.
 */

let t: TestNode;
let headers: Record<string, string>;
const TEXTS = [
  'Аркалык. Сегодня утром шахтёры рудника не спустились в шахту, бастуют, требуют повысить зарплату.',
  'Здравствуйте, а что у вас нового?',
  'В Лисаковске что-то происходит у акимата',
  'Степногорск: вырубили мобильный интернет по всему городу.',
  'kto-to chto-to slyshal',
];

beforeAll(async () => {
  // The node's own analysis, as a serving desk runs it: the desk queue's worker suggests.
  t = await startTestNode();
  headers = await deskHeaders(t);
  for (const text of TEXTS) {
    await postJson(
      `${t.url}/api/v1/events`,
      buildWrap(t.node.deskPubkey!, { text, reporter: generateKeyPair() }),
    );
  }
  await t.node.desk!.settled();
}, 30_000);
afterAll(async () => {
  await t.close();
});

const overall = (r: { suggestion: unknown }) =>
  (r.suggestion as { confidence?: { overall?: number } }).confidence?.overall ?? 1;

describe('the review queue by confidence', () => {
  it('every suggestion carries a confidence per field', () => {
    const { reports } = listInbox(t.node.db, InboxQuerySchema.parse({ status: 'all' }));
    expect(reports).toHaveLength(TEXTS.length);
    for (const r of reports) {
      const c = (r.suggestion as { confidence: Record<string, number> }).confidence;
      expect(c.overall).toBeGreaterThan(0);
      expect(c.overall).toBeLessThanOrEqual(1);
    }
  });

  it('lists the least sure first and pages through them in that order', async () => {
    const all = listInbox(t.node.db, InboxQuerySchema.parse({ status: 'all', sort: 'confidence' })).reports;
    const values = all.map(overall);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(values[0]).toBeLessThan(values[values.length - 1]!);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await fetch(
        `${t.url}/api/v1/desk/inbox?status=all&sort=confidence&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { headers: { cookie: headers.cookie! } },
      );
      const page = (await res.json()) as { reports: { id: string }[]; next: string | null };
      seen.push(...page.reports.map((r) => r.id));
      cursor = page.next;
    } while (cursor);
    expect(seen).toEqual(all.map((r) => r.id));
  });

  it('refuses a cursor of the other order', async () => {
    const first = listInbox(t.node.db, InboxQuerySchema.parse({ status: 'all', limit: 1 }));
    const res = await fetch(`${t.url}/api/v1/desk/inbox?status=all&sort=confidence&cursor=${first.next}`, {
      headers: { cookie: headers.cookie! },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_cursor');
  });
});
