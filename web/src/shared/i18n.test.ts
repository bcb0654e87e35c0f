import { describe, expect, it } from 'vitest';
import { interpolate, pickLang } from './i18n.js';

describe('pickLang', () => {
  it('keeps the reader’s saved choice over the browser', () => {
    expect(pickLang('kk', ['en-US', 'ru'])).toBe('kk');
  });

  it('takes the first browser language we have, by its base tag', () => {
    expect(pickLang(null, ['de-DE', 'kk-KZ', 'ru-RU'])).toBe('kk');
    expect(pickLang(null, ['EN-gb'])).toBe('en');
  });

  it('ignores a saved value it does not know and falls back to Russian', () => {
    expect(pickLang('fr', ['de', 'tr'])).toBe('ru');
    expect(pickLang(undefined, [])).toBe('ru');
  });
});

describe('interpolate', () => {
  it('fills {name} placeholders and leaves unknown ones as they are', () => {
    expect(interpolate('{username} ({role}) {other}', { username: 'aigul', role: 'editor' })).toBe(
      'aigul (editor) {other}',
    );
  });

  it('does not take placeholders from the object prototype', () => {
    expect(interpolate('{constructor}', {})).toBe('{constructor}');
  });
});
