import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestNode, TEST_ADMIN_PASSWORD, type TestNode } from '../../test/support/node.js';
import { closeSourceAgents, requestFrom, type SourceResponse } from '../../test/support/source.js';

let t: TestNode;
beforeAll(async () => {
  t = await startTestNode();
});
afterAll(async () => {
  closeSourceAgents();
  await t.close();
});

const signIn = (from: string, password: string, cookie?: string, username = 'admin') =>
  requestFrom(`${t.url}/api/v1/desk/session`, from, {
    body: { username, password },
    ...(cookie ? { headers: { cookie } } : {}),
  });

/** The device cookie a successful sign-in sets, as a browser sends it back. */
const deviceCookie = (r: SourceResponse) =>
  [r.headers['set-cookie'] ?? []]
    .flat()
    .find((c) => c.startsWith('tilshi_device='))
    ?.split(';')[0];

describe('sign-in limits that strangers cannot turn against the owner', () => {
  it('a stranger guessing the admin password does not lock the admin out', async () => {
    // The buckets refill by the clock (30 a minute for a username): on a loaded machine the
    // argon2id hashes of forty guesses take long enough to refill a few. The clock stands still
    // here, so the test sees the limits, not the machine's speed.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      await strangersAndOwner();
    } finally {
      vi.useRealTimers();
    }
  }, 120_000);

  async function strangersAndOwner() {
    // The owner signed in from this browser before: it holds a device cookie for "admin".
    const before = await signIn('127.0.0.3', TEST_ADMIN_PASSWORD);
    expect(before.status).toBe(200);
    const known = deviceCookie(before);
    expect(known).toMatch(/^tilshi_device=v1\./);

    // One stranger: after a few tries only the stranger is held up.
    const stranger: number[] = [];
    for (let i = 0; i < 20; i++) stranger.push((await signIn('127.0.0.2', `guess number ${i}`)).status);
    expect(stranger.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(stranger.slice(-5)).toEqual([429, 429, 429, 429, 429]);
    expect((await signIn('127.0.0.4', TEST_ADMIN_PASSWORD)).status).toBe(200); // even a new browser

    // Many strangers from many addresses: new browsers for "admin" are slowed down (429 with
    // Retry-After), the owner's known browser is not.
    for (let a = 10; a < 18; a++) for (let i = 0; i < 5; i++) await signIn(`127.0.1.${a}`, `guess ${a}.${i}`);
    const newBrowser = await signIn('127.0.0.5', TEST_ADMIN_PASSWORD);
    expect(newBrowser.status).toBe(429);
    expect(newBrowser.json().error.code).toBe('rate_limited');
    expect(Number(newBrowser.headers['retry-after'])).toBeGreaterThan(0);
    const owner = await signIn('127.0.0.3', TEST_ADMIN_PASSWORD, known);
    expect(owner.status).toBe(200);
    // Even from an address the strangers used.
    expect((await signIn('127.0.1.10', TEST_ADMIN_PASSWORD, known)).status).toBe(200);

    // A device cookie is good for its user only, and a forged one is no cookie at all.
    const forged = known!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await signIn('127.0.0.5', TEST_ADMIN_PASSWORD, forged)).status).toBe(429);
    expect((await signIn('127.0.0.6', 'wrong password', known, 'someone')).status).toBe(401);
  }

  it('60 sign-ins of unknown users at once neither stall the node nor queue without bound', async () => {
    const probes: number[] = [];
    let stop = false;
    const prober = (async () => {
      while (!stop) {
        const started = performance.now();
        const res = await requestFrom(`${t.url}/healthz`, '127.0.0.7');
        expect(res.status).toBe(200);
        probes.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        signIn(`127.0.2.${i + 1}`, 'some password', undefined, `nobody-${i}`),
      ),
    );
    stop = true;
    await prober;
    const statuses = answers.map((a) => a.status);
    console.log(
      `60 sign-ins: ${statuses.filter((s) => s === 401).length} checked (401), ${statuses.filter((s) => s === 503).length} busy (503); /healthz max ${Math.round(Math.max(...probes))} ms over ${probes.length} probes`,
    );
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    const busy = answers.filter((a) => a.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]!.json().error.code).toBe('busy');
    expect(Number(busy[0]!.headers['retry-after'])).toBeGreaterThan(0);
    // Hashing runs on a worker: the event loop answers while the sign-ins are checked.
    expect(probes.length).toBeGreaterThan(3);
    const sorted = [...probes].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]!).toBeLessThan(100);
  }, 120_000);
});
