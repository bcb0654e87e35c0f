import { describe, expect, it } from 'vitest';
import { buildSigned } from '../../test/support/node.js';
import { Kind } from '../core/kinds.js';
import { generateKeyPair } from '../crypto/keys.js';
import { openDatabase } from './db.js';
import { EventLog } from './event-log.js';
import { kindCounts, readKindCounts } from './projections/kind-counts.js';
import { Projections } from './projections.js';

function buildLog() {
  const db = openDatabase(':memory:');
  const projections = new Projections(db, [kindCounts]);
  return { db, log: new EventLog(db, projections), projections };
}

const desk = generateKeyPair();
const article = (d: string, created_at: number, prev: string[] = [], title = 'A') =>
  buildSigned(desk, {
    kind: Kind.Article,
    created_at,
    content: 'text',
    tags: [['d', d], ['title', title], ...prev.map((p) => ['prev', p])],
  });

describe('EventLog', () => {
  it('stores an event once; a second insert is a duplicate at the same position', () => {
    const { log } = buildLog();
    const e = buildSigned(desk, { kind: 1, content: 'x' });
    const [first] = log.insertMany([e], 'submit');
    const [again] = log.insertMany([e], 'submit');
    expect(first).toEqual({ ok: true, result: { seq: 1, duplicate: false } });
    expect(again).toEqual({ ok: true, result: { seq: 1, duplicate: true } });
    expect(log.count()).toBe(1);
    expect(log.get(e.id)).toEqual(e);
  });

  it('answers NIP-01 filters newest first: kinds, authors, since/until, #tags, limit', () => {
    const { log } = buildLog();
    const other = generateKeyPair();
    const events = [
      buildSigned(desk, { kind: 1, created_at: 100, tags: [['t', 'strike']] }),
      buildSigned(desk, { kind: 1, created_at: 200, tags: [['t', 'protest']] }),
      buildSigned(other, { kind: 7, created_at: 300 }),
    ];
    log.insertMany(events, 'submit');
    const ids = (f: Parameters<EventLog['query']>[0]) =>
      log.query(f, { as: 'node' }).map((e) => e.created_at);
    expect(ids({})).toEqual([300, 200, 100]);
    expect(ids({ kinds: [1] })).toEqual([200, 100]);
    expect(ids({ authors: [other.publicKey] })).toEqual([300]);
    expect(ids({ since: 150, until: 250 })).toEqual([200]);
    expect(ids({ tags: { t: ['strike'] } })).toEqual([100]);
    expect(ids({ limit: 1 })).toEqual([300]);
    expect(ids({ kinds: [] })).toEqual([]);
  });

  it('shows wraps only to their recipient', () => {
    const { log } = buildLog();
    const recipient = generateKeyPair().publicKey;
    const wrap = buildSigned(generateKeyPair(), {
      kind: Kind.GiftWrap,
      tags: [['p', recipient]],
      content: 'sealed',
    });
    log.insertMany([wrap], 'submit');
    expect(log.query({}, { as: 'public' })).toEqual([]);
    expect(log.query({}, { as: 'recipient', pubkey: generateKeyPair().publicKey })).toEqual([]);
    expect(log.query({}, { as: 'recipient', pubkey: recipient }).map((e) => e.id)).toEqual([wrap.id]);
  });

  it('keeps the newest version of a replaceable event current (NIP-01)', () => {
    const { log } = buildLog();
    const older = buildSigned(desk, { kind: Kind.NodeAnnouncement, created_at: 100, content: '{}' });
    const newer = buildSigned(desk, { kind: Kind.NodeAnnouncement, created_at: 200, content: '{}' });
    log.insertMany([newer, older], 'submit');
    expect(log.query({ kinds: [Kind.NodeAnnouncement] }, { as: 'public' }).map((e) => e.id)).toEqual([
      newer.id,
    ]);
    // Asking by id still finds the old version: nothing is lost.
    expect(log.query({ ids: [older.id] }, { as: 'public' }).map((e) => e.id)).toEqual([older.id]);
  });

  it('replaces an addressable record by an edit that names the current version in prev', () => {
    const { log } = buildLog();
    const v1 = article('news-1', 100);
    const v2 = article('news-1', 200, [v1.id], 'B');
    log.insertMany([v1], 'submit');
    const [r] = log.insertMany([v2], 'submit');
    expect(r?.ok).toBe(true);
    expect(
      log.query({ kinds: [Kind.Article], tags: { d: ['news-1'] } }, { as: 'public' }).map((e) => e.id),
    ).toEqual([v2.id]);
  });

  it('refuses a stale edit with stale_edit and the current version, storing nothing', () => {
    const { log } = buildLog();
    const v1 = article('news-1', 100);
    const v2a = article('news-1', 200, [v1.id], 'by editor A');
    const v2b = article('news-1', 201, [v1.id], 'by editor B');
    const noPrev = article('news-1', 300, [], 'blind overwrite');
    log.insertMany([v1, v2a], 'submit');
    const [stale, blind] = log.insertMany([v2b, noPrev], 'submit');
    expect(stale?.ok).toBe(false);
    expect(!stale?.ok && stale?.error.code).toBe('stale_edit');
    expect(!stale?.ok && stale?.error.status).toBe(409);
    expect(!stale?.ok && stale?.error.details).toEqual({ current: [v2a.id] });
    expect(log.has(v2b.id)).toBe(false);
    // Without prev, an edit follows NIP-01: the newest wins (any Nostr client can edit).
    expect(blind?.ok).toBe(true);
  });

  it('takes an edit without prev as a NIP-01 replacement: newest created_at wins, ties to the lowest id', () => {
    const { log } = buildLog();
    const current = () =>
      log.query({ kinds: [Kind.Article], tags: { d: ['n'] } }, { as: 'public' }).map((e) => e.id);
    const v1 = article('n', 100, [], 'first');
    const v2 = article('n', 200, [], 'second');
    const older = article('n', 150, [], 'late and older');
    log.insertMany([v1, v2, older], 'submit');
    expect(current()).toEqual([v2.id]);
    const x = article('n', 300, [], 'tie x');
    const y = article('n', 300, [], 'tie y');
    log.insertMany([x, y], 'submit');
    expect(current()).toEqual([[x.id, y.id].sort()[0]]);
    // An edit naming the current version in prev is still checked (and passes).
    const head = current()[0]!;
    const [r] = log.insertMany([article('n', 400, [head], 'with prev')], 'submit');
    expect(r?.ok).toBe(true);
  });

  it('keeps both versions as a conflict when they meet by replication, and an edit naming both resolves it', () => {
    const { log } = buildLog();
    const v1 = article('ev', 100);
    const a = article('ev', 200, [v1.id], 'A');
    const b = article('ev', 201, [v1.id], 'B');
    log.insertMany([v1, a], 'submit');
    log.insertMany([b], 'replicate');
    const heads = () =>
      log
        .query({ kinds: [Kind.Article] }, { as: 'public' })
        .map((e) => e.id)
        .sort();
    expect(heads()).toEqual([a.id, b.id].sort());
    const merged = article('ev', 300, [a.id, b.id], 'merged');
    expect(log.insertMany([merged], 'submit')[0]?.ok).toBe(true);
    expect(heads()).toEqual([merged.id]);
  });

  it('a version that arrives after its successor is history, not current', () => {
    const { log } = buildLog();
    const v1 = article('late', 100);
    const v2 = article('late', 200, [v1.id]);
    log.insertMany([v2], 'replicate');
    log.insertMany([v1], 'replicate');
    expect(log.query({ kinds: [Kind.Article] }, { as: 'public' }).map((e) => e.id)).toEqual([v2.id]);
  });

  it('feeds projections in the same transaction, and a rebuild gives the same result', () => {
    const { db, log, projections } = buildLog();
    log.insertMany(
      [buildSigned(desk, { kind: 1 }), buildSigned(desk, { kind: 1, content: 'b' }), article('p', 1)],
      'submit',
    );
    const live = readKindCounts(db);
    expect(live).toEqual({ '1': 2, [Kind.Article]: 1 });
    expect(projections.rebuildAll(log)).toBe(3);
    expect(readKindCounts(db)).toEqual(live);
  });
});
