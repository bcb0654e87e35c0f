// The Materials tab: its views (and the markdown renderer of their preview) are a chunk of their
// own, fetched with their messages when the tab is first opened; the desk page has a budget.
import { signal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { ErrorLine, LoadingLine, useTitle } from './controls.js';
import { t } from './i18n.js';

type MaterialsModule = typeof import('./materials/materials.js');
const loaded = signal<MaterialsModule | null>(null);
const failed = signal<unknown>(null);
let loading: Promise<void> | null = null;

/** Fetch the chunk once; after a failure (offline) the next call tries again. */
function load(): Promise<void> {
  if (!loading) {
    failed.value = null;
    loading = import('./materials/materials.js').then(
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
  useTitle(t('desk.nav.materials'));
  return (
    <div class="view materials">
      <h1 tabIndex={-1}>{t('desk.nav.materials')}</h1>
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

export function MaterialsTab(props: { arg: string | null; params: URLSearchParams }): JSX.Element {
  const mod = loaded.value;
  useEffect(() => {
    if (!loaded.peek()) void load();
  }, []);
  return mod ? <mod.MaterialsView {...props} /> : <Waiting />;
}
