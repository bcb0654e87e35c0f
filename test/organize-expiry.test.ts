// A one-on-one's note past its time is deleted by a desk-signed kind 5: gone from the log and
// every projection on both desk nodes after sync, kept out by a tombstone when an old bundle
// brings it again; the conversation and its assessment stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NostrEvent } from '../src/core/event.js';
import { Kind } from '../src/core/kinds.js';
import { generateKeyPair } from '../src/crypto/keys.js';
import { openWrap } from '../src/crypto/seal.js';
import { writeAudit } from '../src/desk/audit.js';
import { attachOrganize } from '../src/organize/context.js';
import { expireNotes } from '../src/organize/expiry.js';
import { exportBundle, importBundle } from '../src/sync/bundle.js';
import { buildSigned, deskHeaders, startDeskTwin, startTestNode, type TestNode } from './support/node.js';
import { organizeClient } from './support/organize.js';

const MARKER = 'EXPIRED-NOTE-MARKER-4b1d';
let a: TestNode;
let b: TestNode;

beforeAll(async () => {
  a = await startTestNode();
  b = await startDeskTwin(a);
}, 60_000);
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

/** Every desk wrap in a node's log that, opened with the desk key, holds the marker. */
function wrapsHoldingMarker(t: TestNode): string[] {
  const wraps = t.node.log.query({ kinds: [Kind.GiftWrap], limit: 5_000 }, { as: 'node' });
  return wraps
    .filter((w: NostrEvent) => {
      try {
        return openWrap(w, t.node.deskKey!.secretKey).rumor.content.includes(MARKER);
      } catch {
        return false;
      }
    })
    .map((w) => w.id);
}

describe('expiry of one-on-one notes', () => {
  it('deletes an expired note from the log and projections of both desk nodes, keeping the talk and the assessment', async () => {
    const onA = organizeClient(a, await deskHeaders(a));
    const onB = organizeClient(b, await deskHeaders(b));
    const id = (await onA.post('', { name: 'Bus park', units: [{ name: 'Drivers', size: 10 }] })).body.id;
    const person = (await onA.post(`/${id}/people`, { pseudonym: 'Driver T', unit: 'Drivers' })).body.id;
    const old = await onA.post(`/${id}/conversations`, {
      person,
      date: '2020-01-01',
      level: 2,
      issues: `${MARKER} unpaid overtime`,
    });
    expect(old.body.expires).toBe('2020-03-01');
    const fresh = await onA.post(`/${id}/conversations`, { person, issues: 'still to be kept' });
    const before = exportBundle(a.node).bytes;
    await importBundle(b.node, before);
    expect(
      (await onB.get(`/${id}`)).body.conversations.map((c: { note: { issues: string } }) => c.note.issues),
    ).toContain(`${MARKER} unpaid overtime`);
    const [noteWrap] = wrapsHoldingMarker(a);
    expect(noteWrap).toBeDefined();
    expect(wrapsHoldingMarker(b)).toEqual([noteWrap]);

    expect(expireNotes(attachOrganize(a.node, writeAudit))).toEqual({ deleted: 1 });
    await importBundle(b.node, exportBundle(a.node).bytes);
    // An old bundle that still carries the note brings nothing back.
    const again = await importBundle(b.node, before);
    expect(again.new).toBe(0);

    for (const [t, side] of [
      [a, onA],
      [b, onB],
    ] as const) {
      expect(wrapsHoldingMarker(t)).toEqual([]);
      expect(t.node.log.get(noteWrap!)).toBeUndefined();
      expect(t.node.log.has(noteWrap!)).toBe(true); // the tombstone
      const view = (await side.get(`/${id}`)).body;
      const talks = Object.fromEntries(view.conversations.map((c: { id: string }) => [c.id, c]));
      expect(talks[old.body.id]).toMatchObject({
        date: '2020-01-01',
        note: null,
        assessment: expect.any(String),
      });
      expect(talks[fresh.body.id].note.issues).toBe('still to be kept');
      expect(view.people[0]).toMatchObject({ id: person, level: 2 });
      expect(JSON.stringify(view)).not.toContain(MARKER);
      expect(t.node.db.pragma('secure_delete', { simple: true })).toBe(1);
    }
    // Nothing more to expire: the next run signs no deletion.
    expect(expireNotes(attachOrganize(b.node, writeAudit))).toEqual({ deleted: 0 });
  });

  it('refuses a deletion not signed by the desk key', async () => {
    const someone = generateKeyPair();
    const target = a.node.log.query({ kinds: [Kind.GiftWrap], limit: 1 }, { as: 'node' })[0]!;
    const forged = buildSigned(someone, { kind: Kind.Deletion, tags: [['e', target.id]] });
    const [result] = await a.node.ingest.submit([forged]);
    expect(result).toMatchObject({ ok: false, code: 'not_desk_signed' });
    expect(a.node.log.get(target.id)).toBeDefined();
  });
});
