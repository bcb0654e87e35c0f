import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Kind } from '../../src/core/kinds.js';

const here = dirname(fileURLToPath(import.meta.url));
const srcDir = join(here, '..', 'src');
const LANGS = ['en', 'ru', 'kk'] as const;
/** The pages scripts/build-web.mjs builds; each page gets `common.*` and its own keys only. */
const PAGES = ['situation', 'report', 'join', 'vote', 'desk', 'learn', 'program'];

type Catalogues = Record<string, Record<string, unknown>>;

function load(): Catalogues {
  return Object.fromEntries(
    LANGS.map((lang) => [lang, JSON.parse(readFileSync(join(here, `${lang}.json`), 'utf8'))]),
  );
}

function placeholders(message: string): string {
  return [...new Set(message.match(/\{[^{}\s]+\}/g) ?? [])].sort().join(' ');
}

/** Keys missing or empty in some language, and placeholders that differ between languages. */
function catalogueProblems(catalogues: Catalogues): string[] {
  const problems: string[] = [];
  const langs = Object.keys(catalogues);
  const allKeys = new Set(langs.flatMap((lang) => Object.keys(catalogues[lang]!)));
  for (const key of allKeys) {
    const values: Record<string, string> = {};
    for (const lang of langs) {
      const value = catalogues[lang]![key];
      if (value === undefined) problems.push(`${lang}: missing ${key}`);
      else if (typeof value !== 'string' || value.trim() === '') problems.push(`${lang}: empty ${key}`);
      else values[lang] = value;
    }
    const found = new Set(Object.values(values).map(placeholders));
    if (found.size > 1) {
      const detail = Object.entries(values).map(([lang, v]) => `${lang} "${placeholders(v)}"`);
      problems.push(`placeholders differ in ${key}: ${detail.join(', ')}`);
    }
    if (!['common', ...PAGES].includes(key.split('.')[0]!)) {
      problems.push(`${key}: not under common.* or a page (${PAGES.join(', ')}), so no page would get it`);
    }
  }
  return problems;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(path) && !/\.test\.tsx?$/.test(path) ? [path] : [];
  });
}

/** Every literal `t('key')` in web/src, with the page folder it is used from. */
function usedKeys(): Array<{ file: string; folder: string; key: string }> {
  return sources(srcDir).flatMap((path) => {
    const file = relative(srcDir, path);
    const folder = file.split(sep)[0]!;
    const text = readFileSync(path, 'utf8');
    return [...text.matchAll(/\bt\(\s*(['"`])([^'"`]+?)\1/g)]
      .filter((m) => !m[2]!.includes('${'))
      .map((m) => ({ file, folder, key: m[2]! }));
  });
}

describe('message catalogues', () => {
  const catalogues = load();

  it('have the same keys, none empty, with the same placeholders, in en, ru and kk', () => {
    expect(catalogueProblems(catalogues)).toEqual([]);
  });

  it('notice a missing key, an empty message and a changed placeholder', () => {
    const problems = catalogueProblems({
      en: { 'desk.a': 'Hi {name}', 'desk.b': 'B', 'desk.c': 'C' },
      ru: { 'desk.a': 'Привет {имя}', 'desk.b': ' ' },
    });
    expect(problems).toEqual([
      'placeholders differ in desk.a: en "{name}", ru "{имя}"',
      'ru: empty desk.b',
      'ru: missing desk.c',
    ]);
  });

  it('write Kazakh with its own letters, not look-alike Latin ones', () => {
    const kk = Object.values(catalogues.kk!).join(' ');
    expect(kk).toMatch(/[әғқңөұүі]/);
    // Mixed scripts inside one word (Latin "a" in a Cyrillic word) break search and screen readers.
    const mixed = kk.match(/\S*[а-яәғқңөұүһі][a-z]\S*|\S*[a-z][а-яәғқңөұүһі]\S*/gi) ?? [];
    expect(mixed).toEqual([]);
  });

  it('name every kind of the project in the desk', () => {
    const missing = Object.values(Kind).filter((kind) => !(`desk.kind.${kind}` in catalogues.en!));
    expect(missing).toEqual([]);
  });
});

describe('keys used in web/src', () => {
  const catalogues = load();
  const used = usedKeys();

  it('are found by the scan', () => {
    expect(used.length).toBeGreaterThan(20);
  });

  it('all exist in the catalogues', () => {
    const missing = used.filter((u) => !(u.key in catalogues.en!)).map((u) => `${u.file}: ${u.key}`);
    expect(missing).toEqual([]);
  });

  it('belong to the page that uses them, or to common.*', () => {
    const wrong = used
      .filter(({ folder, key }) => {
        if (key.startsWith('common.')) return false;
        return !(PAGES.includes(folder) && key.startsWith(`${folder}.`));
      })
      .map((u) => `${u.file}: ${u.key}`);
    expect(wrong).toEqual([]);
  });
});
