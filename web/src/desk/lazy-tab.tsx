// A desk tab whose views are a chunk of their own (the desk page has a budget, and most editors
// never open them): fetched with their messages when the tab is first opened, with the tab's
// heading and a loading line (or the error and "try again") until the chunk is here.
import { signal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ErrorLine, LoadingLine, useTitle } from './controls.js';
import { t } from './i18n.js';

/**
 * @example const organize = lazyTab(() => import('./organize/organize.js'), 'desk.nav.organize', 'organize');
 *          <organize.Tab render={(mod) => <mod.OrganizeView collective={id} />} />
 */
export function lazyTab<M>(importer: () => Promise<M>, titleKey: string, viewClass: string) {
  const loaded = signal<M | null>(null);
  const failed = signal<unknown>(null);
  let loading: Promise<void> | null = null;

  /** Fetch the chunk once; after a failure (offline) the next call tries again. */
  function load(): Promise<void> {
    if (!loading) {
      failed.value = null;
      loading = importer().then(
        (mod) => {
          loaded.value = mod;
        },
        (error: unknown) => {
          loading = null;
          failed.value = error;
        },
      );
    }
    return loading;
  }

  function Waiting(): JSX.Element {
    useTitle(t(titleKey));
    return (
      <div class={`view ${viewClass}`}>
        <h1 tabIndex={-1}>{t(titleKey)}</h1>
        {failed.value ? (
          <>
            <ErrorLine error={failed.value} />
            <button type="button" onClick={() => void load()}>
              {t('common.retry')}
            </button>
          </>
        ) : (
          <LoadingLine />
        )}
      </div>
    );
  }

  function Tab({ render }: { render: (mod: M) => JSX.Element }): JSX.Element {
    const mod = loaded.value;
    const waited = useRef(false);
    if (!mod) waited.current = true;
    useEffect(() => {
      if (!loaded.peek()) void load();
    }, []);
    // The waiting heading had the focus and is gone: the view's own heading takes it, so focus
    // does not fall back to the page's body.
    useEffect(() => {
      if (!mod || !waited.current) return;
      waited.current = false;
      const active = document.activeElement;
      if (!active || active === document.body) document.querySelector<HTMLElement>('#app main h1')?.focus();
    }, [mod]);
    return mod ? render(mod) : <Waiting />;
  }

  return { load, Tab };
}
