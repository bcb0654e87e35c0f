import { describe, expect, it } from 'vitest';
import { briefQuery, normalizeSituation, situationQuery } from './api.js';

describe('situationQuery', () => {
  it('sends only the filters that are set, encoded', () => {
    expect(situationQuery({ from: '2022-01-01', to: '', admin1: 'Almaty', event_type: '', period: '' })).toBe(
      'from=2022-01-01&admin1=Almaty',
    );
    expect(
      situationQuery({ from: '', to: '', admin1: 'East Kazakhstan Region', event_type: 'riot', period: '' }),
    ).toBe('admin1=East+Kazakhstan+Region&event_type=riot');
    expect(situationQuery({ from: '', to: '', admin1: '', event_type: '', period: '' })).toBe('');
  });
});

describe('briefQuery', () => {
  it('asks for the period shown, or the last 24 hours without one', () => {
    expect(briefQuery('kk', { from: '2022-01-02', to: '2022-01-07' })).toBe(
      'lang=kk&from=2022-01-02&to=2022-01-07',
    );
    expect(briefQuery('ru')).toBe('lang=ru&period=24h');
  });

  it('asks for a "now" view by name, and for the whole of a long period', () => {
    expect(briefQuery('en', { from: '2026-12-05', to: '2026-12-06', name: '24h' })).toBe(
      'lang=en&period=24h',
    );
    expect(briefQuery('en', { from: '2019-01-01', to: '2022-01-07', name: null })).toBe(
      'lang=en&from=2019-01-01&to=2022-01-07',
    );
  });
});

describe('normalizeSituation', () => {
  it('reads missing lists as empty, bad counts as zero and missing figures as unknown', () => {
    const s = normalizeSituation({ totals: { events: 3, detained: 0 } as never, by_day: undefined });
    expect(s.totals).toEqual({
      events: 3,
      settlements: 0,
      regions: 0,
      // Unknown stays unknown; a reported 0 stays 0.
      participants: null,
      detained: 0,
      fatalities: null,
      reported: { participants: 0, detained: 0, fatalities: 0 },
    });
    expect(s.by_day).toEqual([]);
    expect(s.period).toEqual({ from: '', to: '', name: null });
    expect(s.demo).toBe(false);
  });

  it('keeps national rows (no region) and drops map points without coordinates', () => {
    const s = normalizeSituation({
      by_region: [
        { admin1: 'Almaty', count: 2 },
        { admin1: null, count: 1 },
      ],
      map: [
        { settlement: 'Almaty', admin1: 'Almaty', lat: 43.25, lon: 76.95, count: 2, participants: 10 },
        {
          settlement: 'Nowhere',
          admin1: null,
          lat: null as never,
          lon: null as never,
          count: 1,
          participants: 0,
        },
      ],
      demo: true,
    });
    expect(s.by_region.map((r) => r.admin1)).toEqual(['Almaty', null]);
    expect(s.map.map((m) => m.settlement)).toEqual(['Almaty']);
    expect(s.demo).toBe(true);
  });
});
