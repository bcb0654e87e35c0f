// The Brief chunk's entry: the situation brief the node computes from the published events, for
// the days and language the editor picks, and a button that publishes it as the desk's article.
import type { JSX } from 'preact';
import en from '../../../i18n/en.json' with { type: 'json' };
import kk from '../../../i18n/kk.json' with { type: 'json' };
import ru from '../../../i18n/ru.json' with { type: 'json' };
import { addMessages } from '../../shared/i18n.js';
import { LANGS } from '../codes.js';
import { ErrorLine, Field, focusSoon, LoadingLine, Options, useTitle, ViewHead } from '../controls.js';
import { useDesk, useRouteState } from '../desk-context.js';
import { t } from '../i18n.js';
import { hashFor } from '../route.js';
import { BriefState } from './brief-state.js';

// The build gives this chunk only the `desk.brief.*` messages (scripts/build-web.mjs).
addMessages({ ru, kk, en });

function Period({ state }: { state: BriefState }): JSX.Element {
  return (
    <form
      class="stack brief-form"
      aria-label={t('desk.brief.period')}
      onSubmit={(e) => {
        e.preventDefault();
        void state.compute().then(() => focusSoon('brief-result-heading'));
      }}
    >
      <div class="pair">
        <Field id="brief-from" label={t('desk.brief.from')}>
          <input
            type="date"
            name="from"
            required
            value={state.from}
            onInput={(e) => {
              state.from.value = e.currentTarget.value;
            }}
          />
        </Field>
        <Field id="brief-to" label={t('desk.brief.to')}>
          <input
            type="date"
            name="to"
            required
            value={state.to}
            onInput={(e) => {
              state.to.value = e.currentTarget.value;
            }}
          />
        </Field>
        <Field id="brief-lang" label={t('desk.brief.lang')}>
          <select
            name="lang"
            value={state.lang.value}
            onChange={(e) => {
              state.lang.value = e.currentTarget.value as BriefState['lang']['value'];
            }}
          >
            <Options options={LANGS.map((l) => ({ value: l, label: t(`desk.lang.${l}`) }))} />
          </select>
        </Field>
      </div>
      <button type="submit" id="brief-compute" disabled={state.loading.value}>
        {t('desk.brief.compute')}
      </button>
    </form>
  );
}

function Published({ state }: { state: BriefState }): JSX.Element | null {
  const done = state.published.value;
  if (!done) return null;
  return (
    <p class="notice" id="brief-published" tabIndex={-1} role="status">
      {t('desk.brief.published', { title: done.title })}{' '}
      <a href={hashFor(`news/${encodeURIComponent(done.id)}`)} id="brief-article-link">
        {t('desk.brief.open_article')}
      </a>
    </p>
  );
}

function Result({ state }: { state: BriefState }): JSX.Element | null {
  const ctx = useDesk();
  const brief = state.brief.value;
  if (!brief) return null;
  return (
    <section class="brief-result" aria-labelledby="brief-result-heading">
      <h2 id="brief-result-heading" tabIndex={-1}>
        {t('desk.brief.computed')}
      </h2>
      {brief.markdown.trim() ? (
        <>
          <p class="brief-summary">{brief.summary}</p>
          <pre class="markdown" lang={state.lang.value} id="brief-markdown">
            {brief.markdown}
          </pre>
          {ctx.canEdit ? (
            <button
              type="button"
              class="primary"
              id="brief-publish"
              disabled={state.busy.value}
              onClick={() => void state.publish().then((ok) => ok && focusSoon('brief-published'))}
            >
              {state.busy.value ? t('desk.news.publishing') : t('desk.brief.publish')}
            </button>
          ) : (
            <p class="muted">{t('desk.read_only')}</p>
          )}
        </>
      ) : (
        <p class="muted">{t('desk.brief.empty')}</p>
      )}
    </section>
  );
}

export function BriefView(): JSX.Element {
  const ctx = useDesk();
  const state = useRouteState('brief', () => {
    const s = new BriefState(ctx);
    void s.compute();
    return s;
  });
  const title = t('desk.brief.title');
  useTitle(title);
  return (
    <div class="view brief">
      <ViewHead title={title}>
        <a href={hashFor('news')} class="button-link">
          {t('desk.news.all')}
        </a>
      </ViewHead>
      <p class="muted">{t('desk.brief.intro')}</p>
      <Period state={state} />
      {state.error.value ? <ErrorLine error={state.error.value} /> : null}
      <Published state={state} />
      {state.loading.value ? <LoadingLine /> : <Result state={state} />}
    </div>
  );
}
