import { describe, expect, it } from 'vitest';
import type { NostrEvent } from '../../../src/core/event.js';
import {
  backoffMs,
  due,
  nextRetryAt,
  type OutboxItem,
  type QueuedItem,
  queue,
  retryLater,
  settle,
} from './queue.js';

const seal = {
  id: 's',
  pubkey: 'p',
  created_at: 1,
  kind: 13,
  tags: [],
  content: 'x',
  sig: 'y',
} as NostrEvent;
const wrap = (id: string) => ({ ...seal, id, kind: 1059 }) as NostrEvent;

function mining(id = 'r1'): OutboxItem {
  return {
    id,
    created_at: 100,
    seal,
    state: 'mining',
    wrap: { pubkey: 'a', created_at: 1, kind: 1059, tags: [], content: 'c' },
    wrap_key: new Uint8Array(32),
    difficulty: 16,
  };
}

describe('the outbox', () => {
  it('queues a mined wrap, due at once, and forgets the one-time key', () => {
    const item = queue(mining(), wrap('w1'), 1_000);
    expect(item).toMatchObject({ state: 'queued', attempts: 0, next_at: 1_000 });
    expect(item).not.toHaveProperty('wrap_key');
    expect(due([item], 1_000)).toEqual([item]);
  });

  it('is delivered when the node accepts the wrap (a duplicate counts), and keeps no wrap to send again', () => {
    const item = queue(mining(), wrap('w1'), 0);
    const done = settle(item, { accepted: ['w1'], rejected: [] }, 5_000);
    expect(done).toEqual({
      id: 'r1',
      created_at: 100,
      seal,
      state: 'delivered',
      wrap_id: 'w1',
      delivered_at: 5_000,
    });
    expect(due([done], 10_000, true)).toEqual([]);
  });

  it('waits longer after each failed try, up to five minutes, and goes at once when forced', () => {
    let item: QueuedItem = queue(mining(), wrap('w1'), 0);
    item = retryLater(item, 0);
    expect(item).toMatchObject({ attempts: 1, next_at: 2_000, error: 'network' });
    item = retryLater(item, 2_000);
    expect(item.next_at).toBe(2_000 + 4_000);
    expect(due([item], 3_000)).toEqual([]);
    expect(due([item], 3_000, true)).toEqual([item]);
    expect(nextRetryAt([item, mining('r2')])).toBe(6_000);
    expect(backoffMs(30)).toBe(5 * 60_000);
  });

  it('is refused for good on a final code, and tried again on a passing one', () => {
    const item = queue(mining(), wrap('w1'), 0);
    const refused = settle(item, { accepted: [], rejected: [{ id: 'w1', code: 'insufficient_pow' }] }, 10);
    expect(refused).toMatchObject({ state: 'refused', error: 'insufficient_pow', wrap_id: 'w1' });
    const later = settle(item, { accepted: [], rejected: [{ id: 'w1', code: 'rate_limited' }] }, 10);
    expect(later).toMatchObject({ state: 'queued', attempts: 1, error: 'rate_limited' });
    // Not named in the answer at all: try again.
    expect(settle(item, { accepted: ['other'] }, 10)).toMatchObject({ state: 'queued', attempts: 1 });
  });
});
