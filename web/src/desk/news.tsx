// News: the list of the desk's articles, and the article editor.
import { signal } from '@preact/signals';
import type { JSX } from 'preact';
import { ArticleEditor } from './article-editor.js';
import { ARTICLE_TYPES, codeLabel, LANGS } from './codes.js';
import { ErrorLine, Field, LoadingLine, Options, Time, useTitle, ViewHead } from './controls.js';
import { type ArticleInput, type ArticleSummary, listArticles } from './desk-api.js';
import { useDesk, useRouteState } from './desk-context.js';
import { errorMessage, formatDay, t } from './i18n.js';
import { hashFor } from './route.js';

export function NewsListView(): JSX.Element {
  const ctx = useDesk();
  const state = useRouteState('state', () => {
    const s = { articles: signal<ArticleSummary[]>([]), loading: signal(true), error: signal<unknown>(null) };
    listArticles().then(
      (a) => {
        s.articles.value = a;
        s.loading.value = false;
      },
      (error: unknown) => {
        if (ctx.signedOut(error)) return;
        s.error.value = error;
        s.loading.value = false;
      },
    );
    return s;
  });
  const title = t('desk.news.title');
  useTitle(title);
  const loading = state.loading.value;
  const error = state.error.value;
  const articles = state.articles.value;
  return (
    <div class="view news">
      <ViewHead title={title}>
        {ctx.canEdit ? (
          <a href={hashFor('news/new')} class="button-link primary" id="new-article">
            {t('desk.news.new')}
          </a>
        ) : null}
        <a href={hashFor('brief')} class="button-link" id="open-brief">
          {t('desk.news.brief')}
        </a>
      </ViewHead>
      {loading ? <LoadingLine /> : null}
      {error ? <ErrorLine error={error} /> : null}
      {!loading && !error && articles.length === 0 ? <p class="muted">{t('desk.news.empty')}</p> : null}
      <ol class="items">
        {articles.map((a) => (
          <li key={a.id}>
            <a href={hashFor(`news/${encodeURIComponent(a.id)}`)} lang={a.lang}>
              <strong>{a.title}</strong>
            </a>
            <span class="report-meta">
              <span class="chip">{codeLabel('article_type', a.type)}</span>
              <span class="chip">{t(`desk.lang.${a.lang}`)}</span>
              <Time at={a.created_at} />
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The events the article can be linked to: those chosen but not in the recent list first. */
function EventChecks({ editor }: { editor: ArticleEditor }): JSX.Element {
  const chosen = editor.chosen.value;
  const events = editor.events.value;
  const known = new Set(events.map((e) => e.id));
  const items = [
    ...chosen.filter((id) => !known.has(id)).map((id) => ({ id, text: id })),
    ...events.map((e) => ({
      id: e.id,
      text: `${e.id} · ${codeLabel('sub_event_type', e.content.sub_event_type)} · ${formatDay(e.content.date)}`,
    })),
  ];
  return (
    <fieldset class="checks">
      <legend>{t('desk.news.events')}</legend>
      {events.length === 0 && chosen.length === 0 ? <p class="muted">{t('desk.events.empty')}</p> : null}
      <div class="check-list">
        {items.map((e) => (
          <label class="check" key={e.id}>
            <input
              type="checkbox"
              name="events"
              value={e.id}
              id={`article-event-${e.id}`}
              checked={chosen.includes(e.id)}
              onChange={(ev) => editor.toggleEvent(e.id, ev.currentTarget.checked)}
            />{' '}
            {e.text}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function Theirs({ editor }: { editor: ArticleEditor }): JSX.Element | null {
  const theirs = editor.theirs.value;
  if (!theirs) return null;
  return (
    <section class="theirs" aria-labelledby="theirs-heading">
      <h2 id="theirs-heading">{t('desk.news.theirs')}</h2>
      <p class="notice">{t('desk.news.theirs_intro')}</p>
      <p>
        <strong>{theirs.title}</strong>
      </p>
      <pre class="markdown" lang={theirs.lang}>
        {theirs.markdown}
      </pre>
    </section>
  );
}

function ArticleForm({ editor }: { editor: ArticleEditor }): JSX.Element {
  const ctx = useDesk();
  const saveError = editor.saveError.value;
  return (
    <form
      class="stack article-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void editor.save();
      }}
    >
      {saveError ? (
        <p class="error" id="article-error" tabIndex={-1} role="alert">
          {errorMessage(saveError)}
        </p>
      ) : null}
      {editor.saved.value ? (
        <p class="notice" id="article-saved" tabIndex={-1} role="status">
          {t('desk.news.published')}
        </p>
      ) : null}
      <Field id="article-title" label={t('desk.news.field_title')}>
        <input
          name="title"
          type="text"
          required
          maxLength={300}
          value={editor.title}
          onInput={(e) => {
            editor.title.value = e.currentTarget.value;
          }}
        />
      </Field>
      <div class="pair">
        <Field id="article-type" label={t('desk.news.type')}>
          <select
            name="type"
            value={editor.type.value}
            onChange={(e) => {
              editor.type.value = e.currentTarget.value as ArticleInput['type'];
            }}
          >
            <Options
              options={ARTICLE_TYPES.map((x) => ({ value: x, label: codeLabel('article_type', x) }))}
            />
          </select>
        </Field>
        <Field id="article-lang" label={t('desk.news.lang')}>
          <select
            name="lang"
            value={editor.lang.value}
            onChange={(e) => {
              editor.lang.value = e.currentTarget.value as ArticleInput['lang'];
            }}
          >
            <Options options={LANGS.map((l) => ({ value: l, label: t(`desk.lang.${l}`) }))} />
          </select>
        </Field>
      </div>
      <Theirs editor={editor} />
      <Field id="article-markdown" label={t('desk.news.markdown')} hint={t('desk.news.markdown_hint')}>
        <textarea
          name="markdown"
          rows={14}
          required
          lang={editor.lang.value}
          value={editor.markdown}
          onInput={(e) => {
            editor.markdown.value = e.currentTarget.value;
          }}
        />
      </Field>
      <Field id="article-topics" label={t('desk.news.topics')} hint={t('desk.news.topics_hint')}>
        <input
          name="topics"
          type="text"
          spellcheck={false}
          value={editor.topics}
          onInput={(e) => {
            editor.topics.value = e.currentTarget.value;
          }}
        />
      </Field>
      <EventChecks editor={editor} />
      {ctx.canEdit ? (
        <button type="submit" class="primary" id="article-publish" disabled={editor.busy.value}>
          {editor.busy.value ? t('desk.news.publishing') : t('desk.news.publish')}
        </button>
      ) : (
        <p class="muted">{t('desk.read_only')}</p>
      )}
    </form>
  );
}

export function ArticleView({ id }: { id: string | null }): JSX.Element {
  const ctx = useDesk();
  const editor = useRouteState('editor', () => {
    const e = new ArticleEditor(ctx, id);
    void e.load();
    return e;
  });
  const title = editor.id.value ? t('desk.news.edit_title') : t('desk.news.new_title');
  useTitle(title);
  return (
    <div class="view article">
      <ViewHead title={title}>
        <a href={hashFor('news')} class="button-link">
          {t('desk.news.all')}
        </a>
      </ViewHead>
      {editor.loading.value ? (
        <LoadingLine />
      ) : editor.error.value ? (
        <ErrorLine error={editor.error.value} />
      ) : (
        <ArticleForm editor={editor} />
      )}
    </div>
  );
}
