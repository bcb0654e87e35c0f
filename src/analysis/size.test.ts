import { describe, expect, it } from 'vitest';
import { tokenize } from './normalize.js';
import { suggestSize } from './size.js';

const sizeOf = (text: string) => suggestSize(text, tokenize(text));

describe('crowd size', () => {
  it('takes a figure next to a word for people, in low only', () => {
    expect(sizeOf('у акимата около 250 человек')).toEqual({
      low: 250,
      high: null,
      text: 'около 250 человек',
    });
    expect(sizeOf('stoim 80 chel')).toMatchObject({ low: 80, high: null });
    expect(sizeOf('about 35 drivers at the depot')).toMatchObject({ low: 35 });
    expect(sizeOf('әкімдік алдында жүз елу адам')).toMatchObject({ low: 150 });
    expect(sizeOf('человек тридцать стоят')).toMatchObject({ low: 30 });
  });

  it('fills high for a range', () => {
    expect(sizeOf('человек 60-70 у проходной')).toMatchObject({ low: 60, high: 70 });
    expect(sizeOf('алаңда үш-төрт мың адам')).toMatchObject({ low: 3000, high: 4000 });
  });

  it('maps vague words to the conservative figure and keeps the words', () => {
    expect(sizeOf('собрались сотни жителей')).toMatchObject({ low: 100, text: 'сотни жителей' });
    expect(sizeOf('несколько сотен человек вышли')).toMatchObject({ low: 100 });
    expect(sizeOf('dozens of nurses')).toMatchObject({ low: 12 });
    expect(sizeOf('thousands on the square')).toMatchObject({ low: 1000 });
    expect(sizeOf('ондаған адам жиналды')).toMatchObject({ low: 10 });
  });

  it('does not count the detained, the injured, vehicles, money or time', () => {
    expect(sizeOf('задержаны 12 человек')).toBeNull();
    expect(sizeOf('сегіз адам ұсталды')).toBeNull();
    expect(sizeOf('на дороге 40 машин')).toBeNull();
    expect(sizeOf('газ стал 120 тенге')).toBeNull();
    expect(sizeOf('не платят 3 месяца')).toBeNull();
    expect(sizeOf('on 5 January workers stopped')).toBeNull();
  });
});
