import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';
import { describe, expect, it } from 'vitest';
import type { TilshiError } from './errors.js';
import { computeEventId, parseEvent } from './event.js';

const signed = () =>
  finalizeEvent(
    { kind: 1, created_at: 1_700_000_000, tags: [['t', 'x']], content: 'hello' },
    generateSecretKey(),
  );

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as TilshiError).code;
  }
  return 'no error';
};

describe('parseEvent', () => {
  it('accepts a signed NIP-01 event and recomputes the same id as nostr-tools', () => {
    const e = signed();
    expect(parseEvent({ ...e }).id).toBe(e.id);
    expect(computeEventId(e)).toBe(e.id);
  });

  it('refuses a wrong shape with invalid_event', () => {
    const e = signed();
    expect(codeOf(() => parseEvent({ ...e, extra: 1 }))).toBe('invalid_event');
    expect(codeOf(() => parseEvent({ ...e, kind: -1 }))).toBe('invalid_event');
    expect(codeOf(() => parseEvent({ ...e, tags: [[]] }))).toBe('invalid_event');
    expect(codeOf(() => parseEvent({ ...e, id: e.id.toUpperCase() }))).toBe('invalid_event');
    expect(codeOf(() => parseEvent('not an object'))).toBe('invalid_event');
  });

  it('refuses an id that is not the hash of the event with bad_id', () => {
    const e = signed();
    expect(codeOf(() => parseEvent({ ...e, content: 'changed' }))).toBe('bad_id');
  });
});
