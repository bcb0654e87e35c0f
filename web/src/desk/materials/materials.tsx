// The Materials chunk's entry: brings its messages and the markdown renderer (for the preview),
// and draws the list of materials or the editor of one.

import { signal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { MATERIAL_TOPIC_LABELS, MATERIAL_TOPICS } from '../../../../src/core/material-topics.js';
import en from '../../../i18n/en.json' with { type: 'json' };
import kk from '../../../i18n/kk.json' with { type: 'json' };
import ru from '../../../i18n/ru.json' with { type: 'json' };
import { addMessages } from '../../shared/i18n.js';
import { ErrorLine, Field, LoadingLine, Options, Time, useTitle, ViewHead } from '../controls.js';
import { useDesk, useRouteState } from '../desk-context.js';
import { errorMessage, LANGS, lang, NATIVE_NAMES, t } from '../i18n.js';
import { hashFor } from '../route.js';
import { MaterialEditor } from './material-editor.js';
import { listMaterials, type MaterialRow, type MaterialTopic } from './materials-api.js';

// The build gives this chunk only the `desk.materials.*` messages (scripts/build-web.mjs).
addMessages({ ru, kk, en });

/** Who writes material: editors, admins and organizers (the node checks it too). */
const WRITERS: readonly string[] = ['admin', 'editor', 'organizer'];

const topicName = (topic: MaterialTopic) => MATERIAL_TOPIC_LABELS[topic][lang()];

function MaterialsList(): JSX.Element {
  const ctx = useDesk();
  const state = useRouteState('materials', () => {
    const s = { rows: signal<MaterialRow[]>([]), loading: signal(true), error: signal<unknown>(null) };
    listMaterials().then(
      (rows) => {
        s.rows.value = rows;
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
  const title = t('desk.materials.title');
  useTitle(title);
  const rows = state.rows.value;
  // One entry per translation group, its versions by language.
  const groups = new Map<string, MaterialRow[]>();
  for (const m of rows) groups.set(m.group, [...(groups.get(m.group) ?? []), m]);
  const canWrite = WRITERS.includes(ctx.session.account.role);
  return (
    <div class="view materials">
      <ViewHead title={title}>
        {canWrite ? (
          <a href={hashFor('materials/new')} class="button-link primary" id="new-material">
            {t('desk.materials.new')}
          </a>
        ) : null}
        <a href="/learn" class="button-link">
          {t('desk.materials.public')}
        </a>
      </ViewHead>
      <p class="muted">{t('desk.materials.intro')}</p>
      {state.loading.value ? <LoadingLine /> : null}
      {state.error.value ? <ErrorLine error={state.error.value} /> : null}
      {!state.loading.value && rows.length === 0 ? <p class="muted">{t('desk.materials.empty')}</p> : null}
      <ol class="items">
        {[...groups.entries()].map(([group, versions]) => {
          const missing = LANGS.filter((l) => !versions.some((v) => v.lang === l));
          const first = versions[0]!;
          return (
            <li key={group} class="material-group">
              {versions.map((m) => (
                <p key={m.id}>
                  <a href={hashFor(`materials/${encodeURIComponent(m.id)}`)} lang={m.lang}>
                    <strong>{m.title}</strong>
                  </a>{' '}
                  <span class="report-meta">
                    <span class="chip">{NATIVE_NAMES[m.lang]}</span>
                    {m.topics.map((topic) => (
                      <span class="chip" key={topic}>
                        {topicName(topic)}
                      </span>
                    ))}
                    {m.demo ? <span class="chip">{t('desk.materials.demo')}</span> : null}
                    <Time at={m.created_at} />
                  </span>
                </p>
              ))}
              {canWrite && missing.length > 0 ? (
                <p class="muted">
                  {t('desk.materials.translate')}{' '}
                  {missing.map((l) => (
                    <a
                      key={l}
                      class="translate-link"
                      href={hashFor('materials/new', { translation_of: first.id, lang: l })}
                    >
                      {NATIVE_NAMES[l]}{' '}
                    </a>
                  ))}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function MaterialForm({ editor }: { editor: MaterialEditor }): JSX.Element {
  const ctx = useDesk();
  const canWrite = WRITERS.includes(ctx.session.account.role);
  const saveError = editor.saveError.value;
  const chosen = editor.topics.value;
  return (
    <form
      class="stack material-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void editor.save();
      }}
    >
      {saveError ? (
        <p class="error" id="material-error" tabIndex={-1} role="alert">
          {errorMessage(saveError)}
        </p>
      ) : null}
      {editor.notice.value ? (
        <p class="notice" id="material-notice" tabIndex={-1} role="status">
          {editor.notice.value}
          {editor.id.value && !editor.withdrawn.value ? (
            <>
              {' '}
              <a href={`/learn/${encodeURIComponent(editor.id.value)}`}>{t('desk.materials.open_public')}</a>
            </>
          ) : null}
        </p>
      ) : null}
      <Field id="material-title" label={t('desk.materials.field_title')}>
        <input
          name="title"
          type="text"
          required
          maxLength={300}
          lang={editor.lang.value}
          value={editor.title}
          onInput={(e) => {
            editor.title.value = e.currentTarget.value;
          }}
        />
      </Field>
      <Field id="material-summary" label={t('desk.materials.field_summary')}>
        <input
          name="summary"
          type="text"
          maxLength={2000}
          lang={editor.lang.value}
          value={editor.summary}
          onInput={(e) => {
            editor.summary.value = e.currentTarget.value;
          }}
        />
      </Field>
      <div class="pair">
        <Field id="material-lang" label={t('desk.materials.field_lang')}>
          <select
            name="lang"
            value={editor.lang.value}
            onChange={(e) => {
              editor.lang.value = e.currentTarget.value as 'ru' | 'kk' | 'en';
            }}
          >
            <Options options={LANGS.map((l) => ({ value: l, label: NATIVE_NAMES[l] }))} />
          </select>
        </Field>
        <Field id="material-source" label={t('desk.materials.field_source')}>
          <select
            name="translation_of"
            value={editor.source.value}
            onChange={(e) => {
              editor.source.value = e.currentTarget.value;
            }}
          >
            <Options
              options={[
                { value: '', label: t('desk.materials.no_source') },
                ...editor.others.value.map((m) => ({
                  value: m.id,
                  label: `${m.title} (${NATIVE_NAMES[m.lang]})`,
                })),
              ]}
            />
          </select>
        </Field>
      </div>
      <fieldset class="checks">
        <legend>{t('desk.materials.field_topics')}</legend>
        <div class="check-list">
          {MATERIAL_TOPICS.map((topic) => (
            <label class="check" key={topic}>
              <input
                type="checkbox"
                name="topics"
                value={topic}
                id={`material-topic-${topic}`}
                checked={chosen.includes(topic)}
                onChange={(ev) => editor.toggleTopic(topic, ev.currentTarget.checked)}
              />{' '}
              {topicName(topic)}
            </label>
          ))}
        </div>
      </fieldset>
      <div class="material-write">
        <Field
          id="material-markdown"
          label={t('desk.materials.field_markdown')}
          hint={t('desk.materials.markdown_hint')}
        >
          <textarea
            name="markdown"
            rows={16}
            required
            lang={editor.lang.value}
            value={editor.markdown}
            onInput={(e) => {
              editor.markdown.value = e.currentTarget.value;
            }}
          />
        </Field>
        <section class="material-preview" aria-labelledby="material-preview-heading">
          <h2 id="material-preview-heading">{t('desk.materials.preview')}</h2>
          {/* src/core/markdown.ts escapes raw HTML and refuses unsafe links: its output is safe. */}
          <div
            class="markdown-preview"
            lang={editor.lang.value}
            dangerouslySetInnerHTML={{ __html: editor.preview.value }}
          />
        </section>
      </div>
      {canWrite ? (
        <div class="actions">
          <button type="submit" class="primary" id="material-publish" disabled={editor.busy.value}>
            {t('desk.materials.publish')}
          </button>
          {editor.id.value && !editor.withdrawn.value ? (
            <button
              type="button"
              class="danger"
              id="material-withdraw"
              disabled={editor.busy.value}
              onClick={() => void editor.withdraw()}
            >
              {t('desk.materials.withdraw')}
            </button>
          ) : null}
        </div>
      ) : (
        <p class="muted">{t('desk.read_only')}</p>
      )}
    </form>
  );
}

function MaterialPage({ id, params }: { id: string | null; params: URLSearchParams }): JSX.Element {
  const ctx = useDesk();
  const editor = useRouteState('material', () => {
    const e = new MaterialEditor(ctx, id, {
      translationOf: params.get('translation_of'),
      lang: params.get('lang'),
    });
    void e.load();
    return e;
  });
  const title = editor.id.value ? t('desk.materials.edit_title') : t('desk.materials.new_title');
  useTitle(title);
  return (
    <div class="view material">
      <ViewHead title={title}>
        <a href={hashFor('materials')} class="button-link">
          {t('desk.materials.all')}
        </a>
      </ViewHead>
      {editor.loading.value ? (
        <LoadingLine />
      ) : editor.error.value ? (
        <ErrorLine error={editor.error.value} />
      ) : (
        <MaterialForm editor={editor} />
      )}
    </div>
  );
}

/** `arg` of the route `#/materials/ARG`: null for the list, `new` for a new material, else an id. */
export function MaterialsView({ arg, params }: { arg: string | null; params: URLSearchParams }): JSX.Element {
  // The chunk arrives after the route opened: the heading it draws takes the focus then.
  useEffect(() => {
    document.querySelector<HTMLElement>('#app h1')?.focus();
  }, [arg]);
  if (arg === null) return <MaterialsList />;
  return <MaterialPage id={arg === 'new' ? null : arg} params={params} />;
}
