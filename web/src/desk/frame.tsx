// The parts every screen of the desk shares: the language switch, the line about what just
// happened, and the narrow page of the screens before the desk (sign-in, password, failure).
import type { ComponentChildren, JSX } from 'preact';
import type { Flash } from './app-state.js';
import { LANGS, lang, NATIVE_NAMES, setLang, t } from './i18n.js';

/** Buttons, one per language, each labelled in its own language. */
export function LangSwitcher(): JSX.Element {
  const current = lang();
  return (
    // biome-ignore lint/a11y/useSemanticElements: the same switch as the other pages (style.css), a group of buttons
    <div class="lang-switch" role="group" aria-label={t('common.language')}>
      {LANGS.map((code) => (
        <button
          type="button"
          key={code}
          lang={code}
          aria-pressed={code === current ? 'true' : 'false'}
          onClick={() => {
            if (code !== current) setLang(code);
          }}
        >
          {NATIVE_NAMES[code]}
        </button>
      ))}
    </div>
  );
}

export function FlashLine({ flash }: { flash: Flash | null }): JSX.Element | null {
  if (!flash) return null;
  return (
    <p class={flash.kind === 'error' ? 'error' : 'notice'} role="status">
      {flash.text()}
    </p>
  );
}

/** A screen before the desk: the brand, the language switch, and a narrow column. */
export function Frame({ children }: { children: ComponentChildren }): JSX.Element {
  return (
    <div class="page">
      <header class="top">
        <p class="brand">{t('desk.brand')}</p>
        <LangSwitcher />
      </header>
      <main class="narrow">{children}</main>
    </div>
  );
}
