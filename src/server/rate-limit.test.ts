import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../node/token-buckets.js';
import { ConnectionBucket, SourceGate, SourceKeys, sourceOf } from './rate-limit.js';

describe('sources', () => {
  it('are IPv4 addresses, and IPv6 /64s (one subscriber line holds a whole /64)', () => {
    expect(sourceOf('203.0.113.7')).toBe('203.0.113.7');
    expect(sourceOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(sourceOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(sourceOf('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(sourceOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(sourceOf('::1')).toBe('0:0:0:0::/64');
    expect(sourceOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    const keys = new SourceKeys();
    expect(keys.keyOf('2001:db8:1:2::5')).toBe(keys.keyOf('2001:db8:1:2:ffff::9'));
    expect(keys.keyOf('2001:db8:1:3::5')).not.toBe(keys.keyOf('2001:db8:1:2::5'));
    // Keys hold no address, and differ from one start of the node to the next.
    expect(keys.keyOf('203.0.113.7')).not.toContain('203');
    expect(new SourceKeys().keyOf('203.0.113.7')).not.toBe(keys.keyOf('203.0.113.7'));
  });
});

describe('buckets', () => {
  it('refill with time, grant part of a request, and shape a stream by reserving', () => {
    const b = new TokenBuckets(10, 20);
    expect(b.takeUpTo('k', 25, 0)).toBe(20);
    expect(b.take('k', 1, 0)).toBe(false);
    expect(b.retryAfter('k', 0)).toBe(1);
    expect(b.take('k', 5, 500)).toBe(true);
    expect(b.reserve('s', 20, 0)).toBe(0);
    expect(b.reserve('s', 10, 0)).toBe(1_000);
    b.stop();
  });

  it('a connection bucket drops frames over its rate, weighs big frames more, and closes a flood', () => {
    const c = new ConnectionBucket(10);
    const at = Date.now();
    const verdicts = Array.from({ length: 20 }, () => c.admit(100, () => true, at));
    expect(verdicts.filter((v) => v === 'take')).toHaveLength(20);
    expect(c.admit(100, () => true, at)).toBe('drop');
    const big = new ConnectionBucket(10);
    expect(big.admit(200_000, () => true, at)).toBe('take'); // 13 tokens of 20
    expect(big.admit(200_000, () => true, at)).toBe('drop');
    const shared = new ConnectionBucket(10);
    expect(shared.admit(10, () => false, at)).toBe('drop');
    const flood = new ConnectionBucket(10);
    const out = Array.from({ length: 100 }, () => flood.admit(10, () => true, at));
    expect(out.at(-1)).toBe('close');
  });

  it('a gate bars a source for a while', () => {
    const g = new SourceGate({
      connectionsPerSource: 2,
      connectionsTotal: 3,
      subscriptionsPerSource: 1,
      messagesPerSecond: 10,
      queriesPerSecond: 1,
    });
    expect(g.openConnection('a')).toBe(true);
    expect(g.openConnection('a')).toBe(true);
    expect(g.refusal('a')).toBe('source');
    expect(g.openConnection('b')).toBe(true);
    expect(g.refusal('c')).toBe('total');
    g.closeConnection('a');
    g.closeConnection('a');
    g.closeConnection('a'); // one too many changes nothing
    expect(g.openConnections).toBe(1);
    g.bar('a', 1_000, 0);
    expect(g.refusal('a', 500)).toBe('barred');
    expect(g.refusal('a', 1_500)).toBeNull();
    g.stop();
  });
});
