// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { buildCodedEventContent } from '../../../src/core/test-factories.js';
import { describeField } from './conflict.js';
import { setLang } from './i18n.js';

describe('a field of a version in words', () => {
  it('names codes by their labels and says when a field is empty', () => {
    setLang('en');
    const c = buildCodedEventContent({ detained: null, size: { low: 300, high: 500, text: 'сотни' } });
    expect(describeField('type', c)).toBe('Labour action · Strike');
    expect(describeField('demands', c)).toBe('Fuel prices');
    expect(describeField('state_responses', c)).toBe(describeField('detained', c));
    expect(describeField('size', c)).toBe('300–500 «сотни»');
    expect(describeField('location', c)).toMatch(
      /^Zhanaozen, Mangystau, Kazakhstan \(43\.3412, 52\.8619\) · /,
    );
    expect(describeField('actors', c)).toMatch(/^Workers \(Kazakhstan\) \(.+, Ozenmunaigas\)$/);
  });
});
