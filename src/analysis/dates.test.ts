import { describe, expect, it } from 'vitest';
import { resolveDate } from './dates.js';
import { tokenize } from './normalize.js';

// Thursday 2 November 2023, in Almaty time.
const RECEIVED = '2023-11-02T18:00:00+06:00';
const dateOf = (text: string, received: string | null = RECEIVED) => resolveDate(tokenize(text), received);

describe('the date of the action', () => {
  it('is the day received when the report names none', () => {
    expect(dateOf('рабочие стоят у проходной')).toBe('2023-11-02');
    expect(dateOf('бастуем', '2023-11-02T23:30:00-02:00')).toBe('2023-11-02');
    expect(dateOf('бастуем', null)).toBeNull();
  });

  it('resolves yesterday, today and this morning in three languages', () => {
    expect(dateOf('Вчера вечером водители перекрыли трассу')).toBe('2023-11-01');
    expect(dateOf('кеше кешке полиция ұстап әкетті')).toBe('2023-11-01');
    expect(dateOf('yesterday the drivers stopped')).toBe('2023-11-01');
    expect(dateOf('this morning the miners did not go down')).toBe('2023-11-02');
    expect(dateOf('бүгін таңертең жиналды')).toBe('2023-11-02');
    expect(dateOf('позавчера начали голодовку')).toBe('2023-10-31');
  });

  it('prefers today when a report tells what happened yesterday and what happens now', () => {
    expect(dateOf('Вчера была авария, а сегодня смена не вышла на работу')).toBe('2023-11-02');
  });

  it('reads explicit dates, ordinals and weekdays', () => {
    expect(dateOf('29 октября в Таразе прошёл митинг')).toBe('2023-10-29');
    expect(dateOf('30 қазанда ереуіл басталды')).toBe('2023-10-30');
    expect(dateOf('On 28 October the nurses walked out')).toBe('2023-10-28');
    expect(dateOf('на собрании 1-го числа')).toBe('2023-11-01');
    expect(dateOf('in Taraz on Monday the drivers stopped')).toBe('2023-10-30');
    expect(dateOf('в понедельник шахтёры не спустились')).toBe('2023-10-30');
    expect(dateOf('с 30 октября по 1 ноября бастовали')).toBe('2023-10-30');
  });

  it('takes a December date in a January report as last year', () => {
    expect(dateOf('28 декабря начали забастовку', '2024-01-03T10:00:00+05:00')).toBe('2023-12-28');
  });

  it('does not date the action by when a price rise began, nor an ongoing action by its first day', () => {
    expect(dateOf('с 1 ноября цена выросла, сегодня люди вышли')).toBe('2023-11-02');
    expect(dateOf('since yesterday the shop has been standing')).toBe('2023-11-02');
    expect(dateOf('hunger strike 3rd day')).toBe('2023-11-02');
    expect(dateOf('on strike since Monday')).toBe('2023-11-02');
    expect(dateOf('doctors rallied; the department promised to pay by Friday')).toBe('2023-11-02');
  });
});
