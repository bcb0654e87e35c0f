import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWrap, startTestNode, type TestNode } from '../../test/support/node.js';
import type { NostrEvent } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { generateKeyPair } from '../crypto/keys.js';
import { openWrap, sealRumor } from '../crypto/seal.js';
import { InboxQuerySchema, listInbox } from './inbox.js';
import type { InboxAnalyzer } from './inbox-projection.js';

/** The analysis stood in for, so that clusters are predictable: one per report. */
const analyzer: InboxAnalyzer = {
  suggest: (r) => ({ event_type: null, settlement: null, noise: /buy now/i.test(r.text) }),
  cluster: (_db, r) => {
    if (r.text.includes('poison')) throw new Error('the analysis failed on this one');
    return `c-${r.id.slice(0, 8)}`;
  },
};

let t: TestNode;
beforeAll(async () => {
  t = await startTestNode({ analyzer });
});
afterAll(() => t.close());

const desk = () => t.node.deskKey!;
const rumorId = (wrap: NostrEvent) => openWrap(wrap, desk().secretKey).rumor.id;
let recordNo = 0;
/** A desk record (4630) as another desk node would send it: sealed by the desk to itself. */
const record = (content: Record<string, unknown>) =>
  sealRumor(
    { kind: Kind.DeskRecord, content: JSON.stringify({ id: `rec-t${recordNo++}`, ...content }) },
    desk().secretKey,
    desk().publicKey,
    { wrapSecretKey: desk().secretKey },
  );
const submit = async (events: NostrEvent[]) => {
  const results = await t.node.ingest.submit(events, 'replicate');
  expect(results.filter((r) => !r.ok)).toEqual([]);
};
const report = (id: string) =>
  listInbox(t.node.db, InboxQuerySchema.parse({ status: 'all', limit: 200 })).reports.find(
    (r) => r.id === id,
  );

describe('the desk queue', () => {
  it('applies desk records in log order with the reports they name, before or after them, and again on a rebuild', async () => {
    const r1 = buildWrap(desk().publicKey, { text: 'Strike at the depot' });
    const r2 = buildWrap(desk().publicKey, { text: 'Rally at the akimat' });
    const id1 = rumorId(r1);
    const id2 = rumorId(r2);
    await submit([
      r1,
      record({ type: 'report_status', report_ids: [id1], status: 'noise' }),
      record({ type: 'report_status', report_ids: [id1], status: 'new' }),
      record({ type: 'cluster_assign', report_ids: [id1], cluster: 'c-moved' }),
      // Decisions on a report that arrives after them are kept until it does.
      record({ type: 'report_link', report_ids: [id2], report_id: id2, event_id: 'evt-rally' }),
    ]);
    await submit([r2]);
    await t.node.desk!.settled();
    expect(report(id1)).toMatchObject({ status: 'new', cluster: 'c-moved', event_id: null });
    expect(report(id2)).toMatchObject({ status: 'attached', event_id: 'evt-rally' });

    const before = listInbox(t.node.db, InboxQuerySchema.parse({ status: 'all', limit: 200 }));
    expect(await t.node.desk!.rebuild()).toBeGreaterThanOrEqual(6);
    expect(listInbox(t.node.db, InboxQuerySchema.parse({ status: 'all', limit: 200 }))).toEqual(before);
  });

  it('lets a later decision win when an earlier one is applied after it (the desk applies its own at once)', async () => {
    const r = buildWrap(desk().publicKey, { text: 'Miners at the gate' });
    const id = rumorId(r);
    const noise = record({ type: 'report_status', report_ids: [id], status: 'noise' });
    const fresh = record({ type: 'report_status', report_ids: [id], status: 'new' });
    await submit([r, noise, fresh]);
    await t.node.desk!.settled();
    t.node.desk!.applyOwn(noise.id, {
      type: 'desk_record',
      content: { type: 'report_status', report_ids: [id], status: 'noise' },
    });
    expect(report(id)?.status).toBe('new');
  });

  it('keeps a report whose fields fail the schema visible as unreadable, with the reason, never dropped', async () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ text: 'Stopped work', channel: 'fax' }, /channel/],
      [{ text: 'Stopped work', channel: 'web', lang: 'de' }, /lang/],
      [{ text: 'Stopped work', channel: 'web', hints: { place: 'Aktau', evil: '<script>' } }, /hints\.evil/],
      [{ text: 'x'.repeat(6_000), channel: 'web' }, /text/],
      [{ channel: 'sms' }, /text/],
      [{ text: 'Stopped work', channel: 'web', reply_key: 'not-a-key' }, /reply_key/],
    ];
    const wraps = bad.map(([content]) => buildWrap(desk().publicKey, { content }));
    const good = buildWrap(desk().publicKey, {
      content: { text: 'Забастовка', channel: 'sms', lang: 'kk', hints: { place: 'Aktau' } },
    });
    await submit([...wraps, good]);
    await t.node.desk!.settled();
    bad.forEach(([content, reason], i) => {
      const row = report(rumorId(wraps[i]!));
      expect(row, JSON.stringify(content).slice(0, 80)).toMatchObject({
        status: 'unreadable',
        suggestion: null,
      });
      expect(row?.problem).toMatch(reason);
    });
    const long = report(rumorId(wraps[3]!));
    expect(long?.text).toHaveLength(5_000);
    expect(report(rumorId(wraps[0]!))).toMatchObject({
      text: 'Stopped work',
      channel: 'unknown',
      lang: null,
    });
    expect(report(rumorId(wraps[2]!))?.hints).toBeNull();
    expect(report(rumorId(good))).toMatchObject({ status: 'new', lang: 'kk', hints: { place: 'Aktau' } });

    const listed = listInbox(t.node.db, InboxQuerySchema.parse({ status: 'unreadable' })).reports;
    expect(listed.map((r) => r.id).sort()).toEqual(wraps.map(rumorId).sort());
    expect(t.node.desk!.progress().unreadable).toBe(bad.length);
  });

  it('does not stop at a report the analysis fails on: it is counted with the reason, the next ones arrive', async () => {
    const poison = buildWrap(desk().publicKey, { text: 'poison pill' });
    const fine = buildWrap(desk().publicKey, { text: 'Drivers stopped the buses' });
    const before = t.node.desk!.progress().unopened;
    await submit([poison, fine]);
    await t.node.desk!.settled();
    expect(report(rumorId(poison))).toBeUndefined();
    expect(report(rumorId(fine))?.status).toBe('new');
    expect(t.node.desk!.progress().unopened).toBe(before + 1);
    const row = t.node.db.prepare('SELECT reason FROM proj_unopened WHERE wrap_id = ?').get(poison.id) as {
      reason: string;
    };
    expect(row.reason).toMatch(/^inbox_write_failed: the analysis failed/);
  });

  it('starts a new worker when its worker has stopped, and loses no report', async () => {
    const workers = (t.node.desk as unknown as { workers: { close(): Promise<void> }[] }).workers;
    expect(workers.length).toBeGreaterThan(0);
    await Promise.all(workers.map((w) => w.close())); // as if it had crashed
    const r = buildWrap(desk().publicKey, { text: 'Teachers on strike in Kentau' });
    await submit([r]);
    await t.node.desk!.settled();
    expect(report(rumorId(r))?.status).toBe('new');
  });

  it('lists wraps that do not open with the desk key, or hold a forged desk record, as unreadable with the reason', async () => {
    const before = t.node.desk!.progress();
    const other = generateKeyPair();
    const foreign = buildWrap(other.publicKey);
    // As if a wrap to the desk held a payload sealed to someone else (the log takes it as is).
    const misaddressed = { ...foreign, tags: [['p', desk().publicKey]] };
    t.node.log.insertMany([misaddressed], 'replicate');
    t.node.desk!.wake();
    // A record sealed by someone else and marked as the desk's record is not applied.
    const forged = sealRumor(
      { kind: Kind.DeskRecord, content: JSON.stringify({ id: 'rec-forged', type: 'report_status' }) },
      other.secretKey,
      desk().publicKey,
      { powDifficulty: 8 },
    );
    await submit([forged]);
    await t.node.desk!.settled();
    const p = t.node.desk!.progress();
    expect(p).toMatchObject({ waiting: 0, unopened: before.unopened, unreadable: before.unreadable + 2 });
    expect(p.total).toBe(p.done);
    expect(report(misaddressed.id)).toMatchObject({ status: 'unreadable', channel: 'nostr' });
    expect(report(misaddressed.id)?.problem).toMatch(/^undecryptable: /);
    expect(report(rumorId(forged))?.problem).toMatch(
      /^a desk record \(kind 4630\) sealed by another key is not a report/,
    );
  });
});
