// The demand inventory as the desk sees it: every demand with every count (the public sees
// "fewer than N" below the threshold; here the count is marked instead), and, for admins and
// editors, the collectives behind it. Demands ticked here become a new plank: ticking two
// duplicates merges them, and their support counts once.
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { focusSoon } from '../controls.js';
import { formatDay, formatNumber, LANGS, NATIVE_NAMES, t } from '../i18n.js';
import { FormError, useFormError } from './form-error.js';
import { createPlankApi, type InventoryDemand, type PlankText } from './program-api.js';
import { below, codeLabel, demandName, drafts, type ProgramState } from './program-model.js';

/** One figure of support; below the threshold it says so (the public sees "fewer than N"). */
export function Count(props: { label: string; n: number | null; threshold: number }): JSX.Element {
  const low = below(props.n, props.threshold);
  return (
    <span
      class={low ? 'chip unsure-field' : 'chip'}
      title={low ? t('desk.program.below', { n: props.threshold }) : undefined}
    >
      {props.label}: {props.n === null ? '—' : formatNumber(props.n)}
      {low ? <span class="visually-hidden"> ({t('desk.program.below', { n: props.threshold })})</span> : null}
    </span>
  );
}

export function SupportLine({
  s,
  threshold,
}: {
  s: InventoryDemand['support'];
  threshold: number;
}): JSX.Element {
  return (
    <span class="report-meta">
      <Count label={t('desk.program.events')} n={s.events} threshold={threshold} />
      <Count label={t('desk.program.collectives')} n={s.collectives} threshold={threshold} />
      <Count label={t('desk.program.regions')} n={s.regions} threshold={threshold} />
      {s.people !== null ? (
        <Count label={t('desk.program.people')} n={s.people} threshold={threshold} />
      ) : null}
      {s.first_seen && s.last_seen ? (
        <span class="chip">
          {formatDay(s.first_seen)} – {formatDay(s.last_seen)}
        </span>
      ) : null}
    </span>
  );
}

const EMPTY: PlankText = { ru: '', kk: '', en: '' };

/** The three languages of a plank's words, each its own labelled text area. */
export function TextFields(props: {
  prefix: string;
  text: PlankText;
  onInput: (text: PlankText) => void;
}): JSX.Element {
  return (
    <div class="triple">
      {LANGS.map((l) => (
        <div class="field" key={l}>
          <label for={`${props.prefix}-${l}`}>{t('desk.program.text_in', { lang: NATIVE_NAMES[l] })}</label>
          <textarea
            id={`${props.prefix}-${l}`}
            name={`text-${l}`}
            lang={l}
            rows={3}
            maxLength={2000}
            value={props.text[l]}
            onInput={(e) => props.onInput({ ...props.text, [l]: e.currentTarget.value })}
          />
        </div>
      ))}
    </div>
  );
}

export function Inventory({ state }: { state: ProgramState }): JSX.Element {
  const data = state.data.value!;
  const chosen = useSignal<string[]>([]);
  const text = useSignal<PlankText>(EMPTY);
  const form = useFormError('plank-create');
  const canDraft = drafts(state.role);
  const th = data.threshold;
  const create = async () => {
    if (!LANGS.some((l) => text.value[l].trim())) return form.refuse(t('desk.program.plank.text_needed'));
    const ok = await state.write(
      'plank-create',
      () => createPlankApi(state.csrf, { text: text.value, demands: chosen.value }),
      t('desk.program.plank.created'),
      form.fail,
    );
    if (form.settle(ok)) {
      chosen.value = [];
      text.value = EMPTY;
      focusSoon('program-planks-heading');
    }
  };
  return (
    <section aria-labelledby="program-inventory-heading" id="program-inventory">
      <h2 id="program-inventory-heading">{t('desk.program.inventory.heading')}</h2>
      <p class="muted">{t('desk.program.inventory.intro', { n: th })}</p>
      {data.inventory.demands.length === 0 ? <p class="muted">{t('desk.program.inventory.empty')}</p> : null}
      <ol class="items">
        {data.inventory.demands.map((d) => {
          const id = `demand-${d.key.replace(/[^a-z0-9_-]/gi, '_')}`;
          const name = demandName(d, d.key);
          return (
            <li key={d.key} class="report" data-key={d.key}>
              <p class="report-head">
                {canDraft ? (
                  <label class="check">
                    <input
                      type="checkbox"
                      id={id}
                      checked={chosen.value.includes(d.key)}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        chosen.value = on
                          ? [...chosen.value, d.key]
                          : chosen.value.filter((k) => k !== d.key);
                      }}
                    />{' '}
                    <strong>{name}</strong>
                  </label>
                ) : (
                  <strong>{name}</strong>
                )}{' '}
                {d.class ? <span class="chip demand">{codeLabel('demand_class', d.class)}</span> : null}
                {d.code ? null : <span class="chip">{t('desk.program.own_words')}</span>}
              </p>
              <SupportLine s={d.support} threshold={th} />
              {d.texts.length > 0 && d.code ? (
                <p class="muted">{t('desk.program.inventory.wordings', { texts: d.texts.join(' · ') })}</p>
              ) : null}
              {d.collectives.length > 0 ? (
                <p class="muted">
                  {t('desk.program.inventory.behind', { names: d.collectives.map((c) => c.name).join(', ') })}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      {canDraft ? (
        <form
          class="stack panel"
          aria-labelledby="plank-create-heading"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <h3 id="plank-create-heading">{t('desk.program.plank.new')}</h3>
          <p id="plank-create-chosen">
            {chosen.value.length === 0
              ? t('desk.program.plank.none_chosen')
              : t('desk.program.plank.chosen', {
                  names: chosen.value.map((k) => demandName(state.demand(k), k)).join(', '),
                })}
          </p>
          {chosen.value.length > 1 ? <p class="hint">{t('desk.program.plank.merge_hint')}</p> : null}
          <FormError id="plank-create-error" error={form.error.value} />
          <TextFields
            prefix="plank-new"
            text={text.value}
            onInput={(v) => {
              text.value = v;
            }}
          />
          <p class="actions">
            <button type="submit" class="primary" id="plank-create" disabled={state.busy.value !== null}>
              {state.busy.value === 'plank-create' ? t('desk.program.busy') : t('desk.program.plank.create')}
            </button>
          </p>
        </form>
      ) : null}
    </section>
  );
}
