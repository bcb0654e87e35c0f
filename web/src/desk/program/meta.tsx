// The program as a whole: its title in three languages, and the collectives that endorsed it
// (each either named in public, because it agreed, or only counted). Admins and editors change
// both; the next publish carries them to /program, the article and the situation page.
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { Field, Options } from '../controls.js';
import { formatDay, LANGS, lang, NATIVE_NAMES, t } from '../i18n.js';
import { FormError, useFormError } from './form-error.js';
import { endorseApi, type PlankText, setTitleApi } from './program-api.js';
import { drafts, type ProgramState } from './program-model.js';

/** What the node writes when no title was ever set (src/program/commands.ts, writeMeta). */
const DEFAULT_TITLE: PlankText = { ru: 'Общая программа', kk: 'Ортақ бағдарлама', en: 'Common program' };

/** An endorsement as the node answers it: organizers and viewers get no collective or name. */
interface Endorsement {
  collective?: string;
  name?: string;
  date: string;
  public: boolean;
}

function TitleForm({ state, title }: { state: ProgramState; title: PlankText }): JSX.Element {
  const text = useSignal<PlankText>(title);
  const id = 'program-title';
  const form = useFormError(id);
  return (
    <form
      class="stack"
      noValidate
      aria-labelledby={`${id}-heading`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!LANGS.some((l) => text.value[l].trim())) return form.refuse(t('desk.program.meta.title_needed'));
        const trimmed = { ru: text.value.ru.trim(), kk: text.value.kk.trim(), en: text.value.en.trim() };
        void state
          .write(id, () => setTitleApi(state.csrf, trimmed), t('desk.program.meta.title_saved'), form.fail)
          .then(form.settle);
      }}
    >
      <h3 id={`${id}-heading`}>{t('desk.program.meta.title_heading')}</h3>
      <FormError id={`${id}-error`} error={form.error.value} />
      <div class="triple">
        {LANGS.map((l) => (
          <Field key={l} id={`${id}-${l}`} label={t('desk.program.meta.title_in', { lang: NATIVE_NAMES[l] })}>
            <input
              type="text"
              name={`title-${l}`}
              lang={l}
              maxLength={300}
              value={text.value[l]}
              onInput={(e) => {
                text.value = { ...text.value, [l]: e.currentTarget.value };
              }}
            />
          </Field>
        ))}
      </div>
      <p class="actions">
        <button type="submit" class="primary" id={`${id}-save`} disabled={state.busy.value !== null}>
          {state.busy.value === id ? t('desk.program.busy') : t('desk.program.meta.title_save')}
        </button>
      </p>
    </form>
  );
}

function EndorseForm({ state, free }: { state: ProgramState; free: { id: string; name: string }[] }) {
  const collective = useSignal<string>('');
  const named = useSignal(false);
  const id = 'program-endorse';
  const form = useFormError(id);
  const chosen = free.find((c) => c.id === collective.value) ?? free[0];
  if (!chosen) return <p class="hint">{t('desk.program.meta.all_endorsed')}</p>;
  return (
    <form
      class="stack"
      noValidate
      aria-labelledby={`${id}-heading`}
      onSubmit={(e) => {
        e.preventDefault();
        void state
          .write(
            id,
            () => endorseApi(state.csrf, { collective: chosen.id, public: named.value }),
            t('desk.program.meta.endorsed', { name: chosen.name }),
            form.fail,
          )
          .then((ok) => {
            if (!form.settle(ok)) return;
            named.value = false;
            collective.value = '';
          });
      }}
    >
      <h4 id={`${id}-heading`}>{t('desk.program.meta.endorse_heading')}</h4>
      <FormError id={`${id}-error`} error={form.error.value} />
      <Field id={`${id}-collective`} label={t('desk.program.meta.collective')}>
        <select
          value={chosen.id}
          onChange={(e) => {
            collective.value = e.currentTarget.value;
          }}
        >
          <Options options={free.map((c) => ({ value: c.id, label: c.name }))} />
        </select>
      </Field>
      <label class="check">
        <input
          type="checkbox"
          id={`${id}-public`}
          checked={named.value}
          onChange={(e) => {
            named.value = e.currentTarget.checked;
          }}
        />{' '}
        {t('desk.program.meta.public')}
      </label>
      <p class="hint">{t('desk.program.meta.public_hint')}</p>
      <p class="actions">
        <button type="submit" class="primary" id={`${id}-save`} disabled={state.busy.value !== null}>
          {state.busy.value === id ? t('desk.program.busy') : t('desk.program.meta.endorse')}
        </button>
      </p>
    </form>
  );
}

export function ProgramMeta({ state }: { state: ProgramState }): JSX.Element {
  const data = state.data.value!;
  const title = data.meta?.title ?? DEFAULT_TITLE;
  const endorsements: readonly Endorsement[] = data.meta?.endorsements ?? [];
  const canDraft = drafts(state.role);
  const names = new Map(data.collectives.map((c) => [c.id, c.name]));
  const endorsing = new Set(endorsements.flatMap((e) => (e.collective ? [e.collective] : [])));
  const own = title[lang()].trim() ? title[lang()] : (LANGS.map((l) => title[l]).find((x) => x.trim()) ?? '');
  return (
    <section class="panel" aria-labelledby="program-meta-heading">
      <h2 id="program-meta-heading">{t('desk.program.meta.heading')}</h2>
      {canDraft ? (
        <TitleForm key={JSON.stringify(title)} state={state} title={title} />
      ) : (
        <p id="program-title-current">
          <strong>{own}</strong>
        </p>
      )}
      <h3 id="program-endorsements-heading">{t('desk.program.meta.endorsements_heading')}</h3>
      <p class="hint">{t('desk.program.meta.endorsements_hint')}</p>
      {endorsements.length === 0 ? (
        <p id="program-endorsements-none">{t('desk.program.meta.none')}</p>
      ) : (
        <ul id="program-endorsements" aria-labelledby="program-endorsements-heading">
          {endorsements.map((e, i) => {
            const id = e.collective;
            const who = id ? (names.get(id) ?? e.name ?? id) : null;
            const line = t(e.public ? 'desk.program.meta.named' : 'desk.program.meta.counted', {
              date: formatDay(e.date),
            });
            return (
              <li key={id ?? i}>
                {who ? <strong>{who}</strong> : t('desk.program.meta.someone')}{' '}
                <span class="muted">{line}</span>
                {canDraft && id ? (
                  <>
                    {' '}
                    <button
                      type="button"
                      class="link"
                      id={`program-withdraw-${id}`}
                      disabled={state.busy.value !== null}
                      onClick={() => {
                        if (!window.confirm(t('desk.program.meta.withdraw_confirm', { name: who ?? '' })))
                          return;
                        void state.write(
                          `program-withdraw-${id}`,
                          () => endorseApi(state.csrf, { collective: id, withdraw: true }),
                          t('desk.program.meta.withdrawn', { name: who ?? '' }),
                          (err) => {
                            state.error.value = err;
                          },
                        );
                      }}
                    >
                      {t('desk.program.meta.withdraw')}
                    </button>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {canDraft ? (
        <EndorseForm state={state} free={data.collectives.filter((c) => !endorsing.has(c.id))} />
      ) : null}
    </section>
  );
}
