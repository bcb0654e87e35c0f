import { describe, expect, it } from 'vitest';
import { validateRecordContent } from './content.js';
import { Kind } from './kinds.js';
import { buildMaterial, isMaterialEvent, parseMaterial } from './material.js';

const desk = 'a'.repeat(64);
const base = {
  id: 'safe-report-kk',
  title: 'Хабарды қауіпсіз жіберу',
  lang: 'kk' as const,
  topics: ['safety' as const],
  markdown: '# Қауіпсіздік\n\nАтыңызды жазбаңыз.',
};

describe('material builder', () => {
  it('builds a 30023 article typed material, with topics, the lang tag, NIP-32 labels and the translation link', () => {
    const e = buildMaterial(
      { ...base, group: 'safe-report', translation_of: 'safe-report-ru', demo: true },
      { pubkey: desk, createdAt: 1_700_000_000 },
    );
    expect(e.kind).toBe(Kind.Article);
    expect(e.content).toBe(base.markdown);
    expect(e.tags).toEqual(
      expect.arrayContaining([
        ['d', 'safe-report-kk'],
        ['t', 'material'],
        ['t', 'safety'],
        ['t', 'demo'],
        ['lang', 'kk'],
        ['L', 'ISO-639-1'],
        ['l', 'kk', 'ISO-639-1'],
        ['L', 'tilshi/translation'],
        ['l', 'safe-report', 'tilshi/translation'],
        ['a', `30023:${desk}:safe-report-ru`, '', 'translation'],
      ]),
    );
    // Still a valid article for every node's acceptance check.
    expect(() => validateRecordContent(e)).not.toThrow();
    expect(isMaterialEvent(e)).toBe(true);
  });

  it('reads back what it built; the group defaults to the id, demo and source absent', () => {
    const e = buildMaterial(base, { pubkey: desk, createdAt: 1_700_000_000 });
    expect(parseMaterial(e)).toEqual({
      ...base,
      group: 'safe-report-kk',
      translation_of: null,
      demo: false,
      published_at: 1_700_000_000,
    });
    const t = buildMaterial(
      { ...base, group: 'g1', translation_of: 'x:y', demo: true },
      { pubkey: desk, createdAt: 5 },
    );
    expect(parseMaterial(t)).toMatchObject({
      group: 'g1',
      translation_of: 'x:y',
      demo: true,
      topics: ['safety'],
    });
  });

  it('refuses a topic outside the fixed list, no topic, a language outside ru/kk/en, an empty text', () => {
    const opts = { pubkey: desk, createdAt: 1 };
    for (const bad of [
      { ...base, topics: ['weather'] },
      { ...base, topics: [] },
      { ...base, topics: ['safety', 'safety'] },
      { ...base, lang: 'de' },
      { ...base, markdown: '' },
      { ...base, id: 'has space' },
    ]) {
      expect(() => buildMaterial(bad as never, opts)).toThrow(
        expect.objectContaining({ code: 'invalid_content' }),
      );
    }
  });

  it('does not read news as material, and ignores topics it does not know', () => {
    const e = buildMaterial(base, { pubkey: desk, createdAt: 1 });
    const news = { ...e, tags: e.tags.map((t) => (t[0] === 't' && t[1] === 'material' ? ['t', 'news'] : t)) };
    expect(isMaterialEvent(news)).toBe(false);
    expect(() => parseMaterial(news)).toThrow(expect.objectContaining({ code: 'invalid_content' }));
    const newer = { ...e, tags: [...e.tags, ['t', 'history']] };
    expect(parseMaterial(newer).topics).toEqual(['safety']);
  });
});
