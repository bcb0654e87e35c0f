import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect-language.js';

describe('detectLanguage', () => {
  it('tells Russian, Kazakh and English SMS apart', () => {
    expect(detectLanguage('Шахтёры не поднялись на смену, стоят у проходной')).toBe('ru');
    expect(detectLanguage('Жұмысшылар ауысымға шықпады, қақпа алдында тұр')).toBe('kk');
    expect(detectLanguage('Workers at the depot stopped work this morning')).toBe('en');
  });

  it('falls back to Russian on text with no clue (digits only)', () => {
    expect(detectLanguage('200 300')).toBe('ru');
  });
});
