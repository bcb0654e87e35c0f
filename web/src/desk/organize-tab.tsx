// The Organize tab: its views are a chunk of their own (the desk page has a budget, and most
// editors never open them), fetched with their messages when the tab is first opened.
import { signal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { ErrorLine, LoadingLine, useTitle } from './controls.js';
import { t } from './i18n.js';

type OrganizeModule = typeof import('./organize/organize.js');
const loaded = signal<OrganizeModule | null>(null);
const failed = signal<unknown>(null);
let loading: Promise<void> | null = null;

/** Fetch the Organize chunk once; after a failure (offline) the next call tries again. */
export function loadOrganize(): Promise<void> {
  if (!loading) {
    failed.value = null;
    loading = import('./organize/organize.js').then(
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

/** Until the chunk is here: the tab's heading, and a line that it loads or why it did not. */
function Waiting(): JSX.Element {
  useTitle(t('desk.nav.organize'));
  return (
    <div class="view organize">
      <h1 tabIndex={-1}>{t('desk.nav.organize')}</h1>
      {failed.value ? (
        <>
          <ErrorLine error={failed.value} />
          <button type="button" onClick={() => void loadOrganize()}>
            {t('common.retry')}
          </button>
        </>
      ) : (
        <LoadingLine />
      )}
    </div>
  );
}

export function OrganizeTab({ collective }: { collective: string | null }): JSX.Element {
  const mod = loaded.value;
  useEffect(() => {
    if (!loaded.peek()) void loadOrganize();
  }, []);
  return mod ? <mod.OrganizeView collective={collective} /> : <Waiting />;
}
