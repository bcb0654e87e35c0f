import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEMAND_CLASSES,
  DEMANDS,
  EVENT_TYPES,
  ORGANIZATIONS,
  SECTORS,
  STATE_RESPONSES,
  SUB_EVENT_TYPES,
} from '../../../src/core/taxonomy.js';
import en from '../../i18n/en.json' with { type: 'json' };
import kk from '../../i18n/kk.json' with { type: 'json' };
import ru from '../../i18n/ru.json' with { type: 'json' };
import { EVENT_TYPE_ORDER, regionKey, regionLabel } from './labels.js';

const CATALOGUES: Record<string, Record<string, string>> = { en, ru, kk };

/** The regions of January 2022 as the node names them (the gazetteer's list). */
const REGIONS: string[] = JSON.parse(
  readFileSync(new URL('../../../data-files/analysis/regions.json', import.meta.url), 'utf8'),
).regions.map((r: { name: string }) => r.name);

const CODES: [string, readonly string[]][] = [
  ['event_type', EVENT_TYPES],
  ['sub_event_type', SUB_EVENT_TYPES],
  ['demand', DEMANDS],
  ['demand_class', DEMAND_CLASSES],
  ['response', STATE_RESPONSES],
  ['organization', ORGANIZATIONS],
  ['sector', SECTORS],
];

describe('labels of the taxonomy', () => {
  it.each(CODES)('every %s code has a label in Russian, Kazakh and English', (group, codes) => {
    for (const [lang, catalogue] of Object.entries(CATALOGUES)) {
      const missing = codes.filter((code) => !catalogue[`situation.${group}.${code}`]?.trim());
      expect(missing, `${lang}: situation.${group}.*`).toEqual([]);
    }
  });

  it('every region of January 2022 has a label in the three languages', () => {
    expect(REGIONS.length).toBe(17);
    for (const [lang, catalogue] of Object.entries(CATALOGUES)) {
      const missing = REGIONS.filter((name) => !catalogue[regionKey(name)]?.trim());
      expect(missing, lang).toEqual([]);
    }
  });

  it('Russian and Kazakh labels are translations, not English left in place', () => {
    const same = Object.keys(en).filter(
      (k) =>
        k.startsWith('situation.') &&
        /[a-z]{4}/.test(en[k as keyof typeof en]) &&
        en[k as keyof typeof en] === (ru as Record<string, string>)[k],
    );
    // Names that are the same in every language (the brand, a few placeholders) are fine.
    expect(same.filter((k) => !/\{|Tilshi|Natural Earth/.test(en[k as keyof typeof en]))).toEqual([]);
  });

  it('colours the event types in the taxonomy’s order', () => {
    expect([...EVENT_TYPE_ORDER]).toEqual([...EVENT_TYPES]);
  });
});

describe('regionKey and regionLabel', () => {
  it('turns the node’s region names into catalogue keys', () => {
    expect(regionKey('East Kazakhstan Region')).toBe('situation.region.east_kazakhstan_region');
    expect(regionKey('Almaty')).toBe('situation.region.almaty');
  });

  it('finds a region named without "Region", and shows an unknown one as sent', () => {
    // The catalogue in force is Russian until the page picks another.
    expect(regionLabel('Mangystau')).toBe('Мангистауская область');
    expect(regionLabel('Mangystau Region')).toBe('Мангистауская область');
    expect(regionLabel('Ulytau Region')).toBe('Ulytau Region');
  });
});
