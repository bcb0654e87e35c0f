import { describe, expect, it } from 'vitest';
import { filterParams, filtersFrom } from './report-list-state.js';

describe('the inbox filters', () => {
  it('take the known keys of a route, trimmed, and drop empty ones', () => {
    const params = new URLSearchParams('q=%20газ%20&status=all&lang=&evil=1&cluster=c1');
    expect(filtersFrom(params)).toEqual({ q: 'газ', status: 'all', cluster: 'c1' });
  });

  it('keep only the one order the node knows besides its default', () => {
    expect(filtersFrom(new URLSearchParams('sort=confidence'))).toEqual({ sort: 'confidence' });
    expect(filtersFrom(new URLSearchParams('sort=newest'))).toEqual({});
    expect(filtersFrom(new URLSearchParams('sort=evil'))).toEqual({});
  });

  it('write a route without the default status and without empty fields', () => {
    expect(filterParams({ q: ' газ ', status: 'new', lang: '', channel: 'sms' })).toEqual({
      q: 'газ',
      status: undefined,
      cluster: undefined,
      settlement: undefined,
      lang: undefined,
      channel: 'sms',
      sort: undefined,
    });
    expect(filterParams({ status: 'noise' }).status).toBe('noise');
  });
});
