import { describe, expect, it } from 'vitest';
import { CodedEventContentSchema } from '../../../src/core/content.js';
import { buildCodedEventContent } from '../../../src/core/test-factories.js';
import { autoChoices, canonical, differingFields, mergeVersions } from './merge.js';

const base = buildCodedEventContent({ demands: ['fuel_prices'], verification: 'unverified' });
const theirs = { ...base, demands: ['fuel_prices', 'wages'] as typeof base.demands, detained: 40 };
const mine = {
  ...base,
  event_type: 'protest' as const,
  sub_event_type: 'peaceful_protest' as const,
  verification: 'corroborated' as const,
  detained: 30,
};

describe('merging versions of an event', () => {
  it('lists the fields on which the versions differ', () => {
    expect(differingFields([theirs, mine])).toEqual(['type', 'demands', 'detained', 'verification']);
    expect(differingFields([base, { ...base }])).toEqual([]);
  });

  it('takes each side’s own changes and marks what both changed', () => {
    const { choices, conflicts } = autoChoices(base, [theirs, mine]);
    expect(choices).toEqual({ type: 1, demands: 0, detained: 1, verification: 1 });
    expect(conflicts).toEqual(['detained']);
    const merged = mergeVersions([theirs, mine], choices);
    expect(merged.demands).toEqual(['fuel_prices', 'wages']);
    expect(merged.sub_event_type).toBe('peaceful_protest');
    expect(merged.verification).toBe('corroborated');
    expect(CodedEventContentSchema.safeParse(merged).success).toBe(true);
  });

  it('keeps an event type and its sub-type together', () => {
    const merged = mergeVersions([theirs, mine], { type: 0, verification: 1 });
    expect([merged.event_type, merged.sub_event_type]).toEqual(['labour_action', 'strike']);
    expect(CodedEventContentSchema.safeParse(merged).success).toBe(true);
  });

  it('can take both sides’ values of a list, and removes a field the chosen side lacks', () => {
    const a = { ...base, tactics: ['rally'] as typeof base.tactics, notes: 'from the phone' };
    const b = { ...base, tactics: ['march', 'rally'] as typeof base.tactics };
    const merged = mergeVersions([a, b], { tactics: 'union', notes: 1 }, 0);
    expect(merged.tactics).toEqual(['rally', 'march']);
    expect(merged).not.toHaveProperty('notes');
  });

  it('without a base, every difference is a conflict, defaulting to the last version', () => {
    const { choices, conflicts } = autoChoices(null, [theirs, mine]);
    expect(conflicts).toEqual(['type', 'demands', 'detained', 'verification']);
    expect(Object.values(choices)).toEqual([1, 1, 1, 1]);
  });

  it('compares values whatever the order of their keys', () => {
    expect(canonical({ a: 1, b: [{ y: 2, x: 1 }] })).toBe(
      canonical({ b: [{ x: 1, y: 2 }], a: 1, c: undefined }),
    );
  });
});
