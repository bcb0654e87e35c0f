import NDK, {
  type NDKCacheAdapter,
  type NDKEvent,
  type NDKFilter,
  type NDKSubscription,
} from '@nostr-dev-kit/ndk';
import { NDKSync } from '@nostr-dev-kit/sync';
import { matchFilters } from 'nostr-tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { NostrEvent } from '../../src/core/event.js';
import { isAddressable, isReplaceable, Kind } from '../../src/core/kinds.js';
import { buildDeskCodedEvent, buildWrap, startTestNode, type TestNode } from '../support/node.js';

// Node 20 has no WebSocket global; NDK expects one (browsers and Node 22 have it).
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

/**
 * An NDK cache as a Nostr client keeps one: the current version of each replaceable or
 * addressable record (NIP-01), every other event by id.
 */
function memoryCache(): NDKCacheAdapter & { events: Map<string, NostrEvent> } {
  const events = new Map<string, NostrEvent>();
  const address = (e: NostrEvent) =>
    isAddressable(e.kind)
      ? `${e.kind}:${e.pubkey}:${e.tags.find((t) => t[0] === 'd')?.[1] ?? ''}`
      : isReplaceable(e.kind)
        ? `${e.kind}:${e.pubkey}`
        : e.id;
  return {
    events,
    locking: true,
    query(sub: NDKSubscription) {
      const found = [...events.values()].filter((e) => matchFilters(sub.filters as never, e as never));
      for (const e of found) sub.eventReceived(e, undefined, true);
      return [];
    },
    async setEvent(event: NDKEvent, _filters: NDKFilter[]) {
      const e = event.rawEvent() as NostrEvent;
      const key = address(e);
      const old = events.get(key);
      if (old && (old.created_at > e.created_at || (old.created_at === e.created_at && old.id < e.id)))
        return;
      events.set(key, e);
    },
  };
}

let desk: TestNode;
let relay: TestNode;
beforeAll(async () => {
  desk = await startTestNode();
  relay = await startTestNode({ role: 'relay', deskPubkey: desk.node.deskPubkey! });
});
afterAll(async () => {
  await relay.close();
  await desk.close();
});

describe("NDK's NIP-77 sync against a node", () => {
  it('settles: a second run moves 0 events though records were edited and wraps are held', async () => {
    const key = desk.deskKey!;
    const events: NostrEvent[] = [];
    for (let i = 0; i < 12; i++) {
      const v1 = buildDeskCodedEvent(key, { id: `evt-${i}` }, { createdAt: 1_700_000_000 + i });
      events.push(v1);
      // Half of them edited: the first version is history, no longer in any REQ's answer.
      if (i % 2 === 0)
        events.push(
          buildDeskCodedEvent(
            key,
            { id: `evt-${i}`, notes: 'edited' },
            { createdAt: 1_700_100_000 + i, prev: v1.id },
          ),
        );
    }
    const wraps = Array.from({ length: 3 }, () => buildWrap(desk.node.deskPubkey!));
    const stored = await relay.node.ingest.submit([...events, ...wraps], 'replicate');
    expect(stored.every((r) => r.ok)).toBe(true);

    const cache = memoryCache();
    const ndk = new NDK({ explicitRelayUrls: [relay.wsUrl], cacheAdapter: cache });
    await ndk.connect(5_000);
    try {
      const sync = new NDKSync(ndk);
      const filter: NDKFilter = { kinds: [Kind.CodedEvent, Kind.GiftWrap] as NDKFilter['kinds'] };
      const first = await sync.sync(filter, { relayUrls: [relay.wsUrl] });
      expect(first.need.size).toBe(12);
      expect(cache.events.size).toBe(12);
      const second = await sync.sync(filter, { relayUrls: [relay.wsUrl] });
      expect(second.need.size).toBe(0);
      expect(second.have.size).toBe(0);
      expect(second.events).toHaveLength(0);
    } finally {
      for (const r of ndk.pool.relays.values()) r.disconnect();
    }
  }, 60_000);
});
