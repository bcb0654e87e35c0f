import { describe, expect, it } from 'vitest';
import { ReportContentSchema } from '../../../src/core/content.js';
import { composeReport } from './compose.js';

const labels = { what: 'Что произошло', people: 'Сколько людей' };

describe('composeReport', () => {
  it('sends the text alone when no hint is given', () => {
    expect(composeReport({ text: '  Стоим у ворот  ' }, 'ru', labels)).toEqual({
      text: 'Стоим у ворот',
      channel: 'web',
      lang: 'ru',
    });
  });

  it('puts place and enterprise in hints and what happened and how many people in the text', () => {
    const content = composeReport(
      {
        text: 'Стоим у ворот',
        place: ' Жезказган ',
        enterprise: 'рудник',
        what: 'забастовка',
        people: '200',
      },
      'ru',
      labels,
    );
    expect(content).toEqual({
      text: 'Стоим у ворот\n\nЧто произошло: забастовка\nСколько людей: 200',
      channel: 'web',
      lang: 'ru',
      hints: { place: 'Жезказган', enterprise: 'рудник' },
    });
    expect(ReportContentSchema.safeParse(content).success).toBe(true);
  });

  it('sends hints without text, and nothing when all is empty', () => {
    expect(composeReport({ text: '', place: 'Сатпаев' }, 'kk', labels)?.text).toBe('Сатпаев');
    expect(composeReport({ text: ' ', what: ' ' }, 'en', labels)).toBeNull();
  });

  it('stays within the schema’s limits whatever is typed', () => {
    const long = 'щ'.repeat(9_000);
    const content = composeReport(
      { text: long, place: long, enterprise: long, what: long, people: long },
      'ru',
      labels,
    );
    expect(ReportContentSchema.safeParse(content).success).toBe(true);
  });
});
