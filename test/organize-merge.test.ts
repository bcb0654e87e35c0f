// Two machines of one desk, offline, editing the people of one collective, merged by bundles:
// edits of different people are both kept without a conflict; edits of the same person meet
// as a conflict that an edit naming both versions resolves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle, importBundle } from '../src/sync/bundle.js';
import { deskHeaders, startDeskTwin, startTestNode, type TestNode } from './support/node.js';
import { organizeClient } from './support/organize.js';

let a: TestNode;
let b: TestNode;

beforeAll(async () => {
  a = await startTestNode();
  b = await startDeskTwin(a);
}, 60_000);
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

/** Carry what `from` has to `to` in a bundle file, as a courier would. */
async function carry(from: TestNode, to: TestNode) {
  const result = await importBundle(to.node, exportBundle(from.node).bytes);
  expect(result.rejected).toEqual({});
  return result.new;
}

describe('organizing on two desk nodes merged by bundles', () => {
  it('keeps edits of different people from both nodes, and shows edits of the same person as a conflict', async () => {
    const onA = organizeClient(a, await deskHeaders(a));
    const onB = organizeClient(b, await deskHeaders(b));
    const made = await onA.post('', { name: 'Oil field 12', units: [{ name: 'Drilling', size: 30 }] });
    const id = made.body.id as string;
    const p1 = (await onA.post(`/${id}/people`, { pseudonym: 'Driller A', unit: 'Drilling' })).body;
    const p2 = (await onA.post(`/${id}/people`, { pseudonym: 'Driller B', unit: 'Drilling' })).body;
    expect(await carry(a, b)).toBeGreaterThanOrEqual(3);
    expect((await onB.get(`/${id}`)).body.people).toHaveLength(2);

    // Apart: A edits the first person, B the second.
    expect((await onA.patch(`/${id}/people/${p1.id}`, { prev: [p1.version], role: 'steward' })).status).toBe(
      200,
    );
    expect(
      (await onB.patch(`/${id}/people/${p2.id}`, { prev: [p2.version], role: 'safety rep' })).status,
    ).toBe(200);
    await carry(a, b);
    await carry(b, a);
    for (const side of [onA, onB]) {
      const people = (await side.get(`/${id}`)).body.people as {
        id: string;
        role: string;
        conflict: boolean;
      }[];
      const byId = Object.fromEntries(people.map((p) => [p.id, p]));
      expect(byId[p1.id]).toMatchObject({ role: 'steward', conflict: false });
      expect(byId[p2.id]).toMatchObject({ role: 'safety rep', conflict: false });
    }

    // Apart again, both edit the first person: after the merge it has two heads.
    const head = (await onA.get(`/${id}`)).body.people.find((p: { id: string }) => p.id === p1.id).version;
    await onA.patch(`/${id}/people/${p1.id}`, { prev: [head], unit: 'Drilling', role: 'committee' });
    await onB.patch(`/${id}/people/${p1.id}`, { prev: [head], role: 'left the steward post' });
    await carry(a, b);
    await carry(b, a);
    const met = (await onB.get(`/${id}`)).body.people.find((p: { id: string }) => p.id === p1.id);
    expect(met.conflict).toBe(true);
    expect(met.versions.map((v: { role: string }) => v.role).sort()).toEqual([
      'committee',
      'left the steward post',
    ]);
    const resolved = await onB.patch(`/${id}/people/${p1.id}`, {
      prev: met.versions.map((v: { version: string }) => v.version),
      role: 'committee',
    });
    expect(resolved.status).toBe(200);
    await carry(b, a);
    const after = (await onA.get(`/${id}`)).body.people.find((p: { id: string }) => p.id === p1.id);
    expect(after).toMatchObject({ role: 'committee', conflict: false });
  });
});
