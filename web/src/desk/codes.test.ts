import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as core from '../../../src/core/taxonomy.js';
import * as desk from './codes.js';
import {
  CODE_GROUPS,
  DEMAND_CLASSES,
  DEMANDS,
  demandsOf,
  EVENT_TYPES,
  eventTypeOf,
  subEventTypesOf,
} from './codes.js';

const catalogue = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../../i18n/${lang}.json`, import.meta.url), 'utf8')) as Record<
    string,
    string
  >;

describe('the desk’s code lists', () => {
  it('are the taxonomy’s, in the same order', () => {
    expect(desk.EVENT_TYPES).toEqual([...core.EVENT_TYPES]);
    expect(desk.SUB_EVENT_TYPES).toEqual([...core.SUB_EVENT_TYPES]);
    expect(desk.TACTICS).toEqual([...core.TACTICS]);
    expect(desk.ACTOR_ROLES).toEqual([...core.ACTOR_ROLES]);
    expect(desk.SECTORS).toEqual([...core.SECTORS]);
    expect(desk.DEMANDS).toEqual([...core.DEMANDS]);
    expect(desk.DEMAND_CLASSES).toEqual([...core.DEMAND_CLASSES]);
    expect(desk.STATE_RESPONSES).toEqual([...core.STATE_RESPONSES]);
    expect(desk.ORGANIZATIONS).toEqual([...core.ORGANIZATIONS]);
    expect(desk.VERIFICATION_STATUSES).toEqual([...core.VERIFICATION_STATUSES]);
    expect(new Set(desk.PUBLISHABLE)).toEqual(new Set(core.PUBLISHABLE_VERIFICATION));
    expect(desk.GEO_PRECISIONS).toEqual([...core.GEO_PRECISIONS]);
    expect(desk.TIME_PRECISIONS).toEqual([...core.TIME_PRECISIONS]);
  });

  it('group sub-types and demands as the taxonomy does', () => {
    for (const type of EVENT_TYPES) {
      expect(subEventTypesOf(type)).toEqual([...core.SUB_EVENT_TYPES_BY_EVENT_TYPE[type]]);
    }
    for (const cls of DEMAND_CLASSES) expect(demandsOf(cls)).toEqual([...core.DEMANDS_BY_CLASS[cls]]);
    expect(eventTypeOf('hunger_strike')).toBe('labour_action');
    expect(DEMANDS).toHaveLength(core.DEMANDS.length);
  });

  it('have a label in Russian, Kazakh and English for every code', () => {
    const missing: string[] = [];
    for (const lang of ['ru', 'kk', 'en']) {
      const messages = catalogue(lang);
      for (const [group, codes] of Object.entries(CODE_GROUPS)) {
        for (const code of codes) {
          const key = `desk.code.${group}.${code}`;
          if (!messages[key]?.trim()) missing.push(`${lang}: ${key}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('have labels that tell the codes of a group apart', () => {
    const clashes: string[] = [];
    for (const lang of ['ru', 'kk', 'en']) {
      const messages = catalogue(lang);
      for (const [group, codes] of Object.entries(CODE_GROUPS)) {
        const labels = codes.map((c) => messages[`desk.code.${group}.${c}`]);
        if (new Set(labels).size !== labels.length) clashes.push(`${lang}: ${group}`);
      }
    }
    expect(clashes).toEqual([]);
  });
});

describe('the desk’s dynamic message keys', () => {
  it('exist in every language (conflict fields, languages)', async () => {
    const { MERGE_FIELD_NAMES } = await import('./merge.js');
    const keys = [
      ...MERGE_FIELD_NAMES.map((f) => `desk.conflict.field.${f}`),
      ...['ru', 'kk', 'en'].map((l) => `desk.lang.${l}`),
    ];
    for (const lang of ['ru', 'kk', 'en']) {
      const messages = catalogue(lang);
      expect(keys.filter((k) => !messages[k])).toEqual([]);
    }
  });
});
