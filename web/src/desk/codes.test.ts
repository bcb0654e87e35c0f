import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as content from '../../../src/core/content.js';
import * as core from '../../../src/core/taxonomy.js';
import { InboxQuerySchema } from '../../../src/desk/inbox.js';
import * as desk from './codes.js';
import {
  CODE_GROUPS,
  DEMAND_CLASSES,
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
  it('are the node’s lists, the same objects, not copies', () => {
    expect(desk.EVENT_TYPES).toBe(core.EVENT_TYPES);
    expect(desk.SUB_EVENT_TYPES).toBe(core.SUB_EVENT_TYPES);
    expect(desk.DEMANDS).toBe(core.DEMANDS);
    expect(desk.VERIFICATION_STATUSES).toBe(core.VERIFICATION_STATUSES);
    expect(new Set(desk.PUBLISHABLE)).toEqual(new Set(core.PUBLISHABLE_VERIFICATION));
  });

  it('offer the channels, languages and article types the node accepts', () => {
    expect([...desk.REPORT_CHANNELS].sort()).toEqual([...content.REPORT_CHANNELS].sort());
    expect([...desk.LANGS].sort()).toEqual([...content.LANGS].sort());
    // A `program` article is written by the program's publishing (docs/program.md), not by hand.
    const written = content.ARTICLE_TYPES.filter((t) => t !== 'program');
    expect([...desk.ARTICLE_TYPES].sort()).toEqual([...written].sort());
  });

  it('offer every report status the node filters by, and no other', () => {
    for (const status of [...desk.REPORT_STATUSES, 'all'])
      expect(InboxQuerySchema.safeParse({ status }).success, status).toBe(true);
    expect(InboxQuerySchema.shape.status.unwrap().options.filter((s) => s !== 'all')).toEqual([
      ...desk.REPORT_STATUSES,
    ]);
  });

  it('group sub-types and demands as the taxonomy does', () => {
    for (const type of EVENT_TYPES) {
      expect(subEventTypesOf(type)).toEqual([...core.SUB_EVENT_TYPES_BY_EVENT_TYPE[type]]);
    }
    for (const cls of DEMAND_CLASSES) expect(demandsOf(cls)).toEqual([...core.DEMANDS_BY_CLASS[cls]]);
    expect(eventTypeOf('hunger_strike')).toBe('labour_action');
    expect(demandsOf('labour')).toContain('right_to_strike');
    expect(demandsOf('labour')).not.toContain('wages');
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
