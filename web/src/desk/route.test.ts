import { describe, expect, it } from 'vitest';
import { hashFor, parseRoute, sectionOf } from './route.js';

describe('the desk’s routes', () => {
  it('name each editorial view', () => {
    expect(parseRoute('')).toEqual({ name: 'overview' });
    expect(parseRoute('#/')).toEqual({ name: 'overview' });
    expect(parseRoute('#/nowhere')).toEqual({ name: 'overview' });
    expect(parseRoute('#/cluster/c%2F1')).toEqual({ name: 'cluster', cluster: 'c/1' });
    expect(parseRoute('#/cluster')).toEqual({ name: 'overview' });
    expect(parseRoute('#/event/new')).toEqual({ name: 'event', source: { kind: 'blank' } });
    expect(parseRoute('#/event/new?cluster=c1')).toEqual({
      name: 'event',
      source: { kind: 'cluster', cluster: 'c1' },
    });
    expect(parseRoute('#/event/evt-1')).toEqual({ name: 'event', source: { kind: 'event', id: 'evt-1' } });
    expect(parseRoute('#/reporter/ab?report=r1')).toEqual({ name: 'reporter', pubkey: 'ab', report: 'r1' });
    expect(parseRoute('#/news')).toEqual({ name: 'news' });
    expect(parseRoute('#/news/new')).toEqual({ name: 'article', id: null });
    expect(parseRoute('#/news/a1')).toEqual({ name: 'article', id: 'a1' });
    expect(parseRoute('#/events')).toEqual({ name: 'events' });
    expect(parseRoute('#/transfer')).toEqual({ name: 'transfer' });
    expect(parseRoute('#/organize')).toEqual({ name: 'organize', collective: null });
    expect(parseRoute('#/organize/c-1')).toEqual({ name: 'organize', collective: 'c-1' });
    expect(sectionOf(parseRoute('#/organize/c-1'))).toBe('organize');
    expect(parseRoute('#/peers')).toEqual({ name: 'peers' });
    expect(sectionOf(parseRoute('#/peers'))).toBe('peers');
    expect(parseRoute('#/program')).toEqual({ name: 'program' });
    expect(sectionOf(parseRoute('#/program'))).toBe('program');
    // A broken escape is taken as it is rather than breaking the page.
    expect(parseRoute('#/cluster/%E0')).toEqual({ name: 'cluster', cluster: '%E0' });
  });

  it('keep the inbox filters of the query', () => {
    const route = parseRoute('#/inbox?status=all&q=%D0%B3%D0%B0%D0%B7');
    expect(route.name).toBe('inbox');
    if (route.name === 'inbox') expect(Object.fromEntries(route.params)).toEqual({ status: 'all', q: 'газ' });
  });

  it('put each view in its section of the navigation', () => {
    expect(sectionOf(parseRoute('#/cluster/c1'))).toBe('inbox');
    expect(sectionOf(parseRoute('#/reporter/ab'))).toBe('inbox');
    expect(sectionOf(parseRoute('#/event/new'))).toBe('events');
    expect(sectionOf(parseRoute('#/news/a1'))).toBe('news');
    expect(sectionOf(parseRoute(''))).toBe('');
  });

  it('write hashes that parse back, leaving empty parameters out', () => {
    const hash = hashFor('inbox', { q: 'газ нефть', status: undefined, lang: '' });
    expect(hash).toBe('#/inbox?q=%D0%B3%D0%B0%D0%B7+%D0%BD%D0%B5%D1%84%D1%82%D1%8C');
    const route = parseRoute(hash);
    if (route.name === 'inbox') expect(route.params.get('q')).toBe('газ нефть');
    expect(hashFor('events')).toBe('#/events');
  });
});
