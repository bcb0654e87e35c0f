import { describe, expect, it } from 'vitest';
import {
  ACTOR_ROLES,
  DEMANDS,
  SECTORS,
  STATE_RESPONSES,
  SUB_EVENT_TYPES,
  TACTICS,
} from '../core/taxonomy.js';
import { readDataFile } from './data.js';
import { loadGazetteer } from './gazetteer.js';
import { loadLexicons } from './lexicons.js';

// The data files are edited by hand: a misspelt code or region must fail here, not in a suggestion.
describe('the data files of the analysis', () => {
  it('label every term with a code of the taxonomy', () => {
    const keys = (file: string, field: string) =>
      Object.keys(readDataFile<Record<string, Record<string, unknown>>>(file)[field]!);
    expect(SUB_EVENT_TYPES).toEqual(expect.arrayContaining(keys('events.json', 'sub_event_types')));
    expect(TACTICS).toEqual(expect.arrayContaining(keys('tactics.json', 'tactics')));
    expect(DEMANDS).toEqual(expect.arrayContaining(keys('demands.json', 'demands')));
    expect(STATE_RESPONSES).toEqual(expect.arrayContaining(keys('responses.json', 'state_responses')));
    expect(ACTOR_ROLES).toEqual(expect.arrayContaining(keys('actors.json', 'actor_roles')));
  });

  it('compile (every term has a word)', () => {
    expect(() => loadLexicons()).not.toThrow();
  });

  it('name regions and places that exist, and sectors of the taxonomy', () => {
    const g = loadGazetteer();
    const regions = new Set(g.regions.map((r) => r.name));
    const places = new Set(g.places.map((p) => p.name));
    const { places: added } = readDataFile<{
      places: { name: string; admin1?: string; geonames?: string }[];
    }>('places.json');
    for (const p of added) {
      if (p.admin1) expect(regions, p.name).toContain(p.admin1);
      expect(places, p.name).toContain(p.name);
    }
    const { enterprises } = readDataFile<{
      enterprises: { name: string; sector: string; settlement: string | null; admin1: string | null }[];
    }>('enterprises.json');
    for (const e of enterprises) {
      expect(SECTORS, e.name).toContain(e.sector);
      if (e.settlement) expect(places, e.name).toContain(e.settlement);
      if (e.admin1) expect(regions, e.name).toContain(e.admin1);
    }
  });
});
