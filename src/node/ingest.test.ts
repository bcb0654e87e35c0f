import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildWrap, startTestNode, type TestNode } from '../../test/support/node.js';

let t: TestNode;
beforeAll(async () => {
  t = await startTestNode({ role: 'relay' });
});
afterAll(() => t.close());

/** A mined wrap whose signature was corrupted after mining: it passes every check but the last. */
const corrupted = () => {
  const wrap = buildWrap(t.node.deskPubkey!);
  return { ...wrap, sig: `${wrap.sig.slice(0, 10)}${wrap.sig[10] === '0' ? '1' : '0'}${wrap.sig.slice(11)}` };
};

describe('signature checks are not work an attacker can make the node repeat', () => {
  it('checks a bad signature sent 1,000 times in one request once, and never again', async () => {
    const verify = vi.spyOn(t.node.pool, 'verify');
    const bad = corrupted();
    const results = await t.node.ingest.submit(Array.from({ length: 1_000 }, () => ({ ...bad })));
    expect(results.every((r) => !r.ok && r.code === 'bad_signature')).toBe(true);
    expect(verify).toHaveBeenCalledTimes(1);

    const again = await t.node.ingest.submit(Array.from({ length: 1_000 }, () => ({ ...bad })));
    expect(again.every((r) => !r.ok && r.code === 'bad_signature')).toBe(true);
    expect(verify).toHaveBeenCalledTimes(1);
    verify.mockRestore();
  });

  it('shares one check among concurrent requests carrying the same pair', async () => {
    const verify = vi.spyOn(t.node.pool, 'verify');
    const bad = corrupted();
    const answers = await Promise.all(Array.from({ length: 32 }, () => t.node.ingest.submit([{ ...bad }])));
    expect(answers.flat().every((r) => !r.ok && r.code === 'bad_signature')).toBe(true);
    expect(verify).toHaveBeenCalledTimes(1);
    verify.mockRestore();
  });

  it('stores copies of a good event in one batch once, answers each as accepted', async () => {
    const verify = vi.spyOn(t.node.pool, 'verify');
    const good = buildWrap(t.node.deskPubkey!);
    const before = t.node.log.count();
    const results = await t.node.ingest.submit(Array.from({ length: 200 }, () => ({ ...good })));
    expect(results.every((r) => r.ok && r.id === good.id)).toBe(true);
    expect(results.filter((r) => r.ok && !r.duplicate)).toHaveLength(1);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(t.node.log.count()).toBe(before + 1);
    verify.mockRestore();
  });

  it('a good event is not refused because a forged copy with its id failed before', async () => {
    const good = buildWrap(t.node.deskPubkey!);
    const forged = { ...good, sig: 'ab'.repeat(64) };
    expect((await t.node.ingest.submit([forged]))[0]).toMatchObject({ ok: false, code: 'bad_signature' });
    expect((await t.node.ingest.submit([good]))[0]).toMatchObject({ ok: true, duplicate: false });
  });

  it('budgets the events examined per source: one source over its budget gets rate_limited, others do not', async () => {
    t.node.ingest.budgetSources({ perSecond: 1, burst: 20 });
    try {
      const wraps = Array.from({ length: 30 }, () => buildWrap(t.node.deskPubkey!));
      const fromA = await t.node.ingest.submit(wraps, 'submit', { source: 'a' });
      expect(fromA.filter((r) => r.ok)).toHaveLength(20);
      const refused = fromA.filter((r) => !r.ok);
      expect(refused).toHaveLength(10);
      expect(refused[0]).toMatchObject({ code: 'rate_limited', status: 429 });
      for (const r of refused) expect(t.node.log.has(r.id!)).toBe(false);
      // The budget refills: a second later one more is examined.
      await new Promise((r) => setTimeout(r, 1_100));
      expect((await t.node.ingest.submit([wraps[0]], 'submit', { source: 'a' }))[0]).toMatchObject({
        ok: true,
        duplicate: true,
      });
      const fromB = await t.node.ingest.submit([buildWrap(t.node.deskPubkey!)], 'submit', { source: 'b' });
      expect(fromB[0]).toMatchObject({ ok: true });
      // The node's own work (no source) is never budgeted.
      const own = await t.node.ingest.submit(wraps.slice(20));
      expect(own.every((r) => r.ok)).toBe(true);
    } finally {
      t.node.ingest.budgetSources({ perSecond: 1_000_000, burst: 1_000_000 });
    }
  });
});
