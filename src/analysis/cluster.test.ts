import { describe, expect, it } from 'vitest';
import { blockKey, clusterReports, countIndependentSources, sameEvent } from './cluster.js';
import { suggestCodes } from './suggest.js';

describe('duplicate clusters', () => {
  it('groups paraphrases of one event across Russian, Kazakh, English and SMS, apart from other events', () => {
    const reports = [
      {
        id: 'ru',
        text: 'Кульсары: сегодня рабочие Тенгизшевройла бастуют, требуют повышения зарплаты',
        received_at: '2023-03-10T09:00:00+05:00',
      },
      {
        id: 'kk',
        text: 'Құлсарыда Теңізшевройл жұмысшылары ереуілге шықты, жалақыны көтеруді талап етеді',
        received_at: '2023-03-10T10:00:00+05:00',
      },
      {
        id: 'en',
        text: 'Kulsary: Tengizchevroil workers on strike today for higher pay',
        received_at: '2023-03-10T11:30:00+05:00',
      },
      { id: 'sms', text: 'kulsary tco bastuem zp 300 chel', received_at: '2023-03-10T12:00:00+05:00' },
      {
        id: 'other-town',
        text: 'В Таразе митинг у акимата против тарифов',
        received_at: '2023-03-10T12:00:00+05:00',
      },
      {
        id: 'later',
        text: 'Кульсары: рабочие Тенгизшевройла бастуют второй день',
        received_at: '2023-03-11T09:00:00+05:00',
      },
      {
        id: 'weeks-later',
        text: 'Кульсары: рабочие Тенгизшевройла снова бастуют',
        received_at: '2023-04-20T09:00:00+05:00',
      },
      { id: 'noise', text: 'test message please ignore' },
    ];
    const c = clusterReports(reports);
    expect(c.slice(0, 4)).toEqual(['ru', 'ru', 'ru', 'ru']);
    expect(c[4]).toBe('other-town');
    expect(c[5]).toBe('ru');
    expect(c[6]).toBe('weeks-later');
    expect(c[7]).toBeNull();
  });

  it('joins a report that names only the enterprise to the event in its town', () => {
    const c = clusterReports([
      { id: 'town', text: 'Сатпаев: шахтёры Казахмыса бастуют', received_at: '2023-03-10T09:00:00+06:00' },
      { id: 'ent', text: 'казахмыс бастуем зп не платят', received_at: '2023-03-10T10:00:00+06:00' },
      {
        id: 'region',
        text: 'В Карагандинской области бастуют шахтёры',
        received_at: '2023-03-10T11:00:00+06:00',
      },
      { id: 'elsewhere', text: 'Экибастуз: шахтёры бастуют', received_at: '2023-03-10T11:00:00+06:00' },
    ]);
    expect(c).toEqual(['town', 'town', 'town', 'elsewhere']);
  });

  it('keeps a riot apart from the strike at the same place and day, and protests on days far apart', () => {
    const c = clusterReports([
      { id: 'strike', text: 'Экибастуз: шахтёры бастуют', received_at: '2023-03-10T09:00:00+06:00' },
      {
        id: 'riot',
        text: 'Экибастуз: у шахты драка между бастующими и штрейкбрехерами',
        received_at: '2023-03-10T15:00:00+06:00',
      },
      {
        id: 'p1',
        text: 'Taraz: a rally at the akimat against tariffs',
        received_at: '2023-03-01T12:00:00+06:00',
      },
      {
        id: 'p2',
        text: 'Taraz: another rally at the akimat against tariffs',
        received_at: '2023-03-08T12:00:00+06:00',
      },
    ]);
    expect(new Set(c).size).toBe(4);
  });

  it('answers one pair at a time the same way, for an inbox that clusters as reports arrive', () => {
    const a = {
      text: 'Жанаозен: митинг у акимата, люди против цены на газ',
      received_at: '2023-01-02T12:00:00+05:00',
    };
    const b = { text: 'zhanaozen miting u akimata gaz', received_at: '2023-01-02T13:00:00+05:00' };
    const c = { text: 'Жанаозен: снова митинг у акимата', received_at: '2023-01-05T13:00:00+05:00' };
    const [sa, sb, sc] = [a, b, c].map((r) => ({ ...r, suggestion: suggestCodes(r) }));
    expect(blockKey(sa!.suggestion)).toBe('S:Zhanaozen|protest');
    expect(blockKey(sa!.suggestion)).toBe(blockKey(sb!.suggestion));
    expect(sameEvent(sa!, sb!)).toBe(true);
    expect(sameEvent(sa!, sc!)).toBe(false);
  });

  it('counts independent sources: one reporter key or SMS sender is one source', () => {
    expect(
      countIndependentSources([
        { id: '1', reporter: 'key-a' },
        { id: '2', reporter: 'key-a' },
        { id: '3', sms_sender: '+77010000000' },
        { id: '4', sms_sender: '+77010000000' },
        { id: '5', reporter: 'key-b' },
        { id: '6' },
      ]),
    ).toBe(4);
  });

  it('clusters ten thousand reports in well under the time budget (blocking, not all pairs)', () => {
    const towns = ['Aktau', 'Atyrau', 'Taraz', 'Semey', 'Pavlodar', 'Kostanay', 'Oral', 'Kyzylorda'];
    const reports = Array.from({ length: 10_000 }, (_, i) => ({
      id: `r${i}`,
      text: `${towns[i % towns.length]}: рабочие бастуют, ${(i % 90) + 10} человек`,
      received_at: new Date(Date.UTC(2023, 0, 1 + (i % 200), 6)).toISOString(),
    }));
    const t = performance.now();
    const c = clusterReports(reports);
    expect(performance.now() - t).toBeLessThan(10_000);
    expect(c.every((x) => x !== null)).toBe(true);
  });
});
