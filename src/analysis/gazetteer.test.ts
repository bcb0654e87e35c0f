import { describe, expect, it } from 'vitest';
import { englishSpelling, loadGazetteer, locateSettlement, settlementsNamed } from './gazetteer.js';
import { holdoutOf } from './holdout.js';
import { tokenize, wordKey } from './normalize.js';
import { commonName, romanizeRussian } from './place-names.js';

const placeOf = (text: string) => loadGazetteer().find(tokenize(text)).places[0]?.value ?? null;
const regionOf = (text: string) => loadGazetteer().find(tokenize(text)).regions[0]?.value.name ?? null;

describe('the matching key', () => {
  it('folds Cyrillic, Kazakh letters and phone transliteration together', () => {
    expect(wordKey('Жаңаөзен')).toBe(wordKey('Jañaözen'));
    expect(wordKey('Жанаозен')).toBe(wordKey('zhanaozen'));
    expect(wordKey('перекрыли')).toBe(wordKey('perekryli'));
    expect(wordKey('Жезқазған')).toBe(wordKey('Zhezqazghan'));
  });
});

describe('the gazetteer of Kazakhstan', () => {
  it('holds the towns of the GeoNames package with their regions of January 2022', () => {
    const g = loadGazetteer();
    expect(g.places.length).toBeGreaterThan(250);
    expect(g.places.find((p) => p.name === 'Zhezkazgan')?.admin1).toBe('Karaganda Region');
    expect(g.places.find((p) => p.name === 'Aktobe')?.geonamesId).toBeGreaterThan(0);
  });

  it('finds towns under Russian and Kazakh case endings', () => {
    expect(placeOf('Забастовка в Жанаозене продолжается')?.name).toBe('Zhanaozen');
    expect(placeOf('Жаңаөзенде жиналыс')?.name).toBe('Zhanaozen');
    expect(placeOf('на Темиртауском заводе')?.name).toBe('Temirtau');
    expect(placeOf('в Караганде задержали')?.name).toBe('Karaganda');
    expect(placeOf('Қарағандыдағы шахтерлер')?.name).toBe('Karaganda');
    expect(placeOf('митинг в Павлодаре')?.name).toBe('Pavlodar');
    expect(placeOf('Қызылордада әкімдік алдында')?.name).toBe('Kyzylorda');
    expect(placeOf('рабочие в Кульсарах')?.name).toBe('Kulsary');
    expect(placeOf('в Семее')?.name).toBe('Semey');
  });

  it('gives the common English spelling, not the GeoNames transliteration', () => {
    expect(placeOf('Балқашта ереуіл')?.name).toBe('Balkhash');
    expect(placeOf('workers in Ust-Kamenogorsk')?.name).toBe('Oskemen');
    expect(placeOf('Уральск, митинг')?.name).toBe('Oral');
    expect(placeOf('v nur-sultane')?.name).toBe('Astana');
    expect(placeOf('in Alma-Ata')?.name).toBe('Almaty');
    expect(placeOf('strike at Aksay gas field')?.name).toBe('Aksai');
    expect(englishSpelling('Qaraghandy')).toBe('Karagandy');
  });

  it('knows oil fields and towns the package lacks', () => {
    expect(placeOf('на месторождении Каражанбас')).toMatchObject({
      name: 'Karazhanbas',
      admin1: 'Mangystau Region',
    });
    expect(placeOf('шахтёры в Сатпаеве')).toMatchObject({ name: 'Satpayev', admin1: 'Karaganda Region' });
  });

  it('tells a region from the town of the same name', () => {
    expect(regionOf('по всей Мангистауской области')).toBe('Mangystau Region');
    expect(regionOf('в Карагандинской области')).toBe('Karaganda Region');
    expect(placeOf('в Карагандинской области')).toBeNull();
    expect(regionOf('Қарағанды облысында')).toBe('Karaganda Region');
    expect(regionOf('в Караганде')).toBeNull();
  });

  it('does not take common words for small places', () => {
    expect(placeOf('Жақсы адамдар жиналды')).toBeNull();
    expect(placeOf('жұмыскер ретінде')).toBeNull();
    expect(placeOf('дружба народов')).toBeNull();
    expect(placeOf('police broke up a rally of mothers')).toBeNull();
  });
});

describe('locateSettlement', () => {
  it('gives coordinates and region of a settlement value', () => {
    const z = locateSettlement('Zhanaozen');
    expect(z?.admin1).toBe('Mangystau Region');
    expect(z?.lat).toBeGreaterThan(43);
    expect(z?.lat).toBeLessThan(44);
    expect(locateSettlement('Atlantis')).toBeUndefined();
  });
});

describe('towns that no data file names (GeoNames alone, as under a holdout)', () => {
  const all = holdoutOf(loadGazetteer().places.map((p) => p.name));
  const held = (text: string) => loadGazetteer().find(tokenize(text), all).places[0]?.value.name ?? null;

  it('recognises them in Russian and Kazakh case forms and in both Latin transliterations', () => {
    for (const [text, town] of [
      ['Рабочие в Житикаре не вышли на смену', 'Zhitikara'],
      ['Жітіқарада жұмысшылар ереуілге шықты', 'Zhitikara'],
      ['zhitikarada ereuil', 'Zhitikara'],
      ['Zhıtıqarada jūmysşylar', 'Zhitikara'],
      ['митинг в Жанатасе у акимата', 'Zhanatas'],
      ['Жаңатасқа әскер келді', 'Zhanatas'],
      ['zhanatasta akimdik aldynda', 'Zhanatas'],
      ['в Лисаковске стоит пикет', 'Lisakovsk'],
      ['Кокшетауские врачи бастуют', 'Kokshetau'],
      ['Кокчетав, облпрокуратура', 'Kokshetau'],
      ['Уральск: водители автобусов', 'Oral'],
      ['Гурьев, площадь', 'Atyrau'],
      ['shu rail station rally', 'Shu'],
      ['Қостанайдағы шахтерлер', 'Kostanay'],
    ] as const) {
      expect(held(text), text).toBe(town);
    }
  });

  it('names them by their common English spelling, from the Russian name GeoNames keeps', () => {
    expect(commonName('Dzhetygara', ['Zhitikara', 'Джетыгара', 'Житикара', 'Жітіқара'])).toBe('Zhitikara');
    expect(commonName('Balqash', ['Balkhash', 'Балхаш', 'Балқаш'])).toBe('Balkhash');
    expect(commonName('Rudnyy', ['Рудный'])).toBe('Rudny');
    expect(commonName('Chu', ['Shu', 'Shū'])).toBe('Shu');
    expect(romanizeRussian('Сатпаев')).toBe('Satpayev');
  });
});

describe('settlementsNamed', () => {
  it('reads a settlement typed in Russian, Kazakh or Latin, in any case', () => {
    for (const typed of ['Жанаозен', 'жанаозен', 'Жаңаөзен', 'Zhanaozen', 'zhanaozen']) {
      expect(settlementsNamed(typed, [])).toEqual(['Zhanaozen']);
    }
    expect(settlementsNamed('Уральск', [])).toEqual(['Oral']);
  });

  it('matches a value in use outside the gazetteer by its folded name, and nothing for no name', () => {
    expect(settlementsNamed('шахта костенко', ['Shahta Kostenko', 'Aktau'])).toContain('Shahta Kostenko');
    expect(settlementsNamed('  ', ['Aktau'])).toEqual([]);
    expect(settlementsNamed('nowhere', ['Aktau'])).toEqual([]);
  });
});
