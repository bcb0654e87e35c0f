import { afterAll, describe, expect, it } from 'vitest';
import { Kind } from '../../src/core/kinds.js';
import { syncWithPeer } from '../../src/sync/client.js';
import { currentTrustedList, setTrusted, trustedRelays } from '../../src/sync/trusted-relays.js';
import { buildWrap, startTestNode, type TestNode } from '../support/node.js';

const toClose: TestNode[] = [];
afterAll(async () => {
  for (const t of toClose) await t.close();
});

describe('the desk-signed list of trusted relays (kind 10621)', () => {
  it('lets volunteer relay C forward desk-bound wraps from relay A with no per-pair config', async () => {
    const d = await startTestNode();
    const desk = d.node.deskPubkey!;
    const a = await startTestNode({ role: 'relay', deskPubkey: desk });
    const c = await startTestNode({ role: 'relay', deskPubkey: desk });
    toClose.push(a, c, d);
    // Nobody lists anybody as a peer: the list is the only trust there is.
    for (const t of [a, c, d]) expect(t.node.config.peers).toEqual([]);

    const wrap = buildWrap(desk, { text: 'report held by relay A' });
    expect((await a.node.ingest.submit([wrap]))[0]?.ok).toBe(true);

    // Before the desk trusts C, A withholds the wrap from C and says so.
    const before = await syncWithPeer(c.node, a.url, { push: false });
    expect(before.pull.events).toBe(0);
    expect(before.pull.withheld).toBe(1);
    expect(before.pull.withheldReason).toBe('not_a_peer');

    // The desk trusts C once; the signed list reaches A like any public record.
    const listed = await setTrusted(
      d.node,
      { pubkey: c.node.nodeKey.publicKey, url: c.url, name: 'C' },
      true,
    );
    expect(listed.map((r) => r.pubkey)).toEqual([c.node.nodeKey.publicKey]);
    const toA = await syncWithPeer(d.node, a.url, { pull: false });
    expect(toA.push.events).toBeGreaterThanOrEqual(1);
    expect(currentTrustedList(a.node)?.pubkey).toBe(desk);
    expect(trustedRelays(a.node).map((r) => r.pubkey)).toEqual([c.node.nodeKey.publicKey]);

    // C pulls the wrap from A (from the start: its cursor moved past what was withheld) ...
    const after = await syncWithPeer(c.node, a.url, { push: false, fromStart: true });
    expect(after.pull.withheld).toBe(0);
    expect(c.node.log.has(wrap.id)).toBe(true);
    // ... and the desk gets it from C: C pushes to the desk as a relay does to its upstream
    // (anyone may push a sealed report; only pulling one needs trust).
    const toDesk = await syncWithPeer(c.node, d.url, { pull: false });
    expect(toDesk.push.events).toBeGreaterThanOrEqual(1);
    expect(d.node.log.has(wrap.id)).toBe(true);

    // Untrusting C: A, once it holds the new list, withholds new wraps from C again.
    await setTrusted(d.node, { pubkey: c.node.nodeKey.publicKey }, false);
    await syncWithPeer(d.node, a.url, { pull: false });
    expect(trustedRelays(a.node)).toEqual([]);
    const second = buildWrap(desk, { text: 'after untrust' });
    await a.node.ingest.submit([second]);
    const withheld = await syncWithPeer(c.node, a.url, { push: false });
    expect(withheld.pull.withheld).toBe(1);
    expect(c.node.log.has(second.id)).toBe(false);
  }, 60_000);

  it('takes the list only from the desk key, and only with valid content', async () => {
    const d = await startTestNode();
    const a = await startTestNode({ role: 'relay', deskPubkey: d.node.deskPubkey! });
    toClose.push(a, d);
    const { buildSigned } = await import('../support/node.js');
    const { generateKeyPair } = await import('../../src/crypto/keys.js');
    const stranger = generateKeyPair();
    const forged = buildSigned(stranger, {
      kind: Kind.TrustedRelays,
      tags: [['p', stranger.publicKey]],
      content: JSON.stringify({ relays: [{ pubkey: stranger.publicKey }] }),
    });
    const [r] = await a.node.ingest.submit([forged]);
    expect(r?.ok).toBe(false);
    expect(!r?.ok && r?.code).toBe('not_desk_signed');
    const badTags = buildSigned(d.deskKey!, {
      kind: Kind.TrustedRelays,
      tags: [],
      content: JSON.stringify({ relays: [{ pubkey: stranger.publicKey }] }),
    });
    const [r2] = await a.node.ingest.submit([badTags]);
    expect(!r2?.ok && r2?.code).toBe('invalid_content');
    expect(trustedRelays(a.node)).toEqual([]);
    // A relay cannot sign the list: it holds no desk key.
    await expect(setTrusted(a.node, { pubkey: stranger.publicKey }, true)).rejects.toMatchObject({
      code: 'desk_locked',
    });
  });
});
