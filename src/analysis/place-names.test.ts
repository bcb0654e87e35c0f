import { describe, expect, it } from 'vitest';
import { loadGazetteer, settlementNames } from './gazetteer.js';
import { cyrillicNames } from './place-names.js';

describe('settlement names in Russian and Kazakh', () => {
  it('takes the Russian name closest to the English value and the Kazakh spelling of it', () => {
    expect(cyrillicNames('Zhanaozen', ['Novyy Uzen', 'Жанаозен', 'Жаңаөзен', 'Новый Узень'])).toEqual({
      ru: 'Жанаозен',
      kk: 'Жаңаөзен',
    });
  });

  it('lets the Russian name stand for both when no Kazakh spelling exists, and invents none', () => {
    expect(cyrillicNames('Taraz', ['Тараз', 'Dzhambul'])).toEqual({ ru: 'Тараз', kk: 'Тараз' });
    expect(cyrillicNames('Tengiz', ['Tengiz field'])).toEqual({ ru: null, kk: null });
  });

  it('names the towns of January 2022 from the gazetteer', () => {
    const sample = [
      'Zhanaozen',
      'Aktau',
      'Almaty',
      'Karaganda',
      'Zhezkazgan',
      'Atyrau',
      'Kulsary',
      'Temirtau',
    ];
    const got = Object.fromEntries(sample.map((n) => [n, settlementNames(n)]));
    expect(got.Zhanaozen).toEqual({ ru: 'Жанаозен', kk: 'Жаңаөзен' });
    expect(got.Aktau?.ru).toBe('Актау');
    expect(got.Aktau?.kk).toBe('Ақтау');
    expect(got.Almaty?.ru).toBe('Алматы');
    expect(got.Karaganda?.ru).toBe('Караганда');
    expect(settlementNames('Nowhere-on-the-map')).toEqual({ ru: null, kk: null });
  });

  it('has a Russian name for most places', () => {
    const places = loadGazetteer().places;
    const named = places.filter((p) => p.names.ru !== null).length;
    expect(named / places.length).toBeGreaterThan(0.8);
  });
});
