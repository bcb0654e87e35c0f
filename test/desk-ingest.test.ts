import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NostrEvent } from '../src/core/event.js';
import { generateKeyPair } from '../src/crypto/keys.js';
import { InboxQuerySchema, listInbox } from '../src/desk/inbox.js';
import { defaultConfig } from '../src/node/config.js';
import { buildWrap, startTestNode, type TestNode } from './support/node.js';

// Finding 7 of issue 10: a desk that opened and analysed reports inside the ingest transaction
// froze for seconds when 1,000 arrived at once. The desk queue opens them on a worker thread.

const REPORTS = 1_000;
const TOWNS = ['Жанаозен', 'Актау', 'Темиртау', 'Экибастуз', 'Караганда', 'Шымкент', 'Атырау', 'Кентау'];
const WHAT = ['бастуют рабочие', 'митинг у акимата', 'задержали активистов', 'остановили работу'];

let t: TestNode;
let wraps: NostrEvent[];

beforeAll(async () => {
  t = await startTestNode({ config: { limits: limits() } });
  const reporters = Array.from({ length: 50 }, () => generateKeyPair());
  wraps = Array.from({ length: REPORTS }, (_, i) =>
    buildWrap(t.node.deskPubkey!, {
      reporter: reporters[i % reporters.length],
      text: `${TOWNS[i % TOWNS.length]}: ${WHAT[i % WHAT.length]}, около ${100 + (i % 37) * 10} человек, ${(i % 28) + 1} января. Сообщение ${i}.`,
    }),
  );
}, 300_000);
afterAll(() => t.close());

/**
 * One address sends the 1,000 reports in one body: the per-source flood limits are lifted, as
 * the benches do, because this test is about the desk, not about them (test/flood.test.ts, `npm run bench -- flood`).
 */
function limits() {
  return {
    ...defaultConfig('desk', null).limits,
    body_bytes: 16 * 1024 * 1024,
    events_per_request: REPORTS,
    http_requests_per_minute: 1_000_000,
    checks_per_source_per_second: 1_000_000,
    body_bytes_per_source_per_second: 1024 * 1024 * 1024,
  };
}

const p99 = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.ceil(ms.length * 0.99) - 1]!;

describe('the desk under 1,000 reports in one POST', () => {
  it('answers /healthz within 200 ms p99 while it opens them, and all reach the inbox', async () => {
    const body = JSON.stringify(wraps);
    let done = false;
    const latencies: number[] = [];
    const probe = (async () => {
      while (!done) {
        const started = performance.now();
        const res = await fetch(`${t.url}/healthz`);
        await res.arrayBuffer();
        latencies.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const res = await fetch(`${t.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const answer = (await res.json()) as { accepted: string[]; rejected: unknown[] };
    expect(answer.rejected).toEqual([]);
    expect(answer.accepted).toHaveLength(REPORTS);
    await t.node.desk!.settled();
    done = true;
    await probe;

    const inbox = listInbox(t.node.db, InboxQuerySchema.parse({ status: 'all', limit: 200 }));
    const count = t.node.db.prepare('SELECT count(*) AS n FROM proj_reports').get() as { n: number };
    expect(count.n).toBe(REPORTS);
    expect(inbox.reports.every((r) => r.suggestion !== null)).toBe(true);
    expect(t.node.desk!.progress()).toMatchObject({ waiting: 0, unopened: 0, unreadable: 0 });
    expect(latencies.length).toBeGreaterThan(20);
    expect(p99(latencies), `${latencies.length} probes`).toBeLessThanOrEqual(200);
  }, 300_000);
});
