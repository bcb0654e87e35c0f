/**
 * Messages in Russian, Kazakh and English. The build keeps only the `common.*` keys and the
 * keys of the page being built (`desk.*` for the desk…), so each page carries its own words.
 */
import en from '../../i18n/en.json' with { type: 'json' };
import kk from '../../i18n/kk.json' with { type: 'json' };
import ru from '../../i18n/ru.json' with { type: 'json' };
import { h } from './dom.js';

export type Lang = 'ru' | 'kk' | 'en';
export type Params = Record<string, string | number>;

export const LANGS: readonly Lang[] = ['ru', 'kk', 'en'];

/** Each language names itself, so readers find theirs whatever language is shown now. */
export const NATIVE_NAMES: Record<Lang, string> = { ru: 'Русский', kk: 'Қазақша', en: 'English' };
const CATALOGUES: Record<Lang, Record<string, string>> = { ru, kk, en };
const STORAGE_KEY = 'tilshi.lang';

let current: Lang = 'ru';
const listeners: Array<(lang: Lang) => void> = [];

function isLang(value: unknown): value is Lang {
  return value === 'ru' || value === 'kk' || value === 'en';
}

/**
 * The language to show: the reader's saved choice, else the first of their browser languages
 * that we have, else Russian (the language most people on the ground read).
 *
 * @example pickLang(null, ['kk-KZ', 'ru']) // 'kk'
 */
export function pickLang(stored: string | null | undefined, preferred: readonly string[]): Lang {
  if (isLang(stored)) return stored;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return 'ru';
}

/** Fill `{name}` placeholders; an unknown placeholder is left as it is. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** The message for `key` in the current language (English, then the key itself, if missing). */
export function t(key: string, params?: Params): string {
  const message = lookup(CATALOGUES[current], key) ?? lookup(CATALOGUES.en, key) ?? key;
  return interpolate(message, params);
}

/** Whether the catalogue has `key`: for keys built from codes the node sends. */
export function has(key: string): boolean {
  return lookup(CATALOGUES[current], key) !== undefined;
}

function lookup(catalogue: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(catalogue, key) ? catalogue[key] : undefined;
}

/**
 * Messages that a part of a page loaded later brings (the desk's Organize views), added to the
 * page's catalogues (plain objects the build made for this page).
 */
export function addMessages(more: Record<Lang, Record<string, string>>): void {
  for (const l of LANGS) Object.assign(CATALOGUES[l], more[l]);
}

export function lang(): Lang {
  return current;
}

/** Pick the language for this visit and mark up `<html lang>`. Call once, before rendering. */
export function initI18n(): Lang {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be switched off (private mode, strict settings): then we only read the browser.
  }
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language || ''];
  current = pickLang(stored, preferred);
  document.documentElement.lang = current;
  return current;
}

/** Switch language, remember the choice on this device and tell the page to render again. */
export function setLang(next: Lang): void {
  current = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered; the switch still applies to this visit.
  }
  for (const listener of listeners) listener(next);
}

export function onLangChange(listener: (lang: Lang) => void): void {
  listeners.push(listener);
}

/** Buttons, one per language, each labelled in its own language. */
export function langSwitcher(): HTMLElement {
  const group = h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('common.language') });
  for (const code of LANGS) {
    const button = h(
      'button',
      { type: 'button', lang: code, 'aria-pressed': code === current ? 'true' : 'false' },
      NATIVE_NAMES[code],
    );
    button.addEventListener('click', () => {
      if (code === current) return;
      setLang(code);
      // The page was drawn again: give keyboard users their place back.
      document.querySelector<HTMLButtonElement>(`.lang-switch button[lang="${code}"]`)?.focus();
    });
    group.appendChild(button);
  }
  return group;
}

let kazakhData: boolean | undefined;

/**
 * The locale for Intl. Some engines (reduced ICU builds) accept `kk` but print "2023 M11 14"
 * and "12,345"; Kazakhstan writes numbers and numeric dates as Russian does, so those get
 * `ru-KZ` with numeric months rather than Russian month names in a Kazakh page.
 */
function intl(): { locale: string; wordMonths: boolean } {
  if (current !== 'kk') return { locale: current, wordMonths: true };
  if (kazakhData === undefined) {
    const month = new Intl.DateTimeFormat('kk', { month: 'long', timeZone: 'UTC' }).format(
      Date.UTC(2022, 0, 15),
    );
    kazakhData = /қаңтар/i.test(month);
  }
  return kazakhData ? { locale: 'kk', wordMonths: true } : { locale: 'ru-KZ', wordMonths: false };
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(intl().locale).format(value);
}

/** A moment (unix seconds) in the reader's time zone, with the time of day. */
export function formatDateTime(unixSeconds: number): string {
  const { locale, wordMonths } = intl();
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: wordMonths ? 'short' : '2-digit',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(unixSeconds * 1000));
}

/** A calendar day `YYYY-MM-DD` as written in the reader's language (no time zone shift). */
export function formatDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  const { locale, wordMonths } = intl();
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: wordMonths ? 'long' : '2-digit',
    day: wordMonths ? 'numeric' : '2-digit',
    timeZone: 'UTC',
  }).format(date);
}
