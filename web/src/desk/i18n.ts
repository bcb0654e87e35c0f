// The desk's words, as the shared catalogues give them, through one signal: a component that
// asks for a message during its render subscribes to the language, so a change of language
// draws again exactly the components that show words, and keeps everything else (what was
// typed, where focus is) as it was.
import { signal } from '@preact/signals';
import { errorText } from '../shared/http.js';
import * as shared from '../shared/i18n.js';

export type { Lang, Params } from '../shared/i18n.js';
export { LANGS, NATIVE_NAMES, setLang } from '../shared/i18n.js';

const current = signal<shared.Lang>(shared.lang());
shared.onLangChange((next) => {
  current.value = next;
});

/** Pick the language for this visit (the shared rule), and tell the components. */
export function initI18n(): shared.Lang {
  current.value = shared.initI18n();
  return current.value;
}

export function lang(): shared.Lang {
  return current.value;
}

export function t(key: string, params?: shared.Params): string {
  void current.value;
  return shared.t(key, params);
}

export function has(key: string): boolean {
  void current.value;
  return shared.has(key);
}

export function formatNumber(value: number): string {
  void current.value;
  return shared.formatNumber(value);
}

export function formatDateTime(unixSeconds: number): string {
  void current.value;
  return shared.formatDateTime(unixSeconds);
}

export function formatDay(day: string): string {
  void current.value;
  return shared.formatDay(day);
}

/** What to tell the editor about a failure (the catalogue's text for its code). */
export function errorMessage(error: unknown): string {
  void current.value;
  return errorText(error, 'desk');
}
