// The planks of the program: each with its words in three languages, the demands it merges and
// their support (counted once across duplicates), its status and, for admins and editors, the
// forms that change them. A draft is reworded directly; once put to the vote only through an
// amendment, which anyone but a viewer proposes here and sees as a word diff.
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { wordDiff } from '../../../../src/core/word-diff.js';
import { CheckGroup, Field, Options } from '../controls.js';
import { LANGS, lang, NATIVE_NAMES, t } from '../i18n.js';
import { hashFor } from '../route.js';
import { Diff } from './amendments.js';
import { FormError, useFormError } from './form-error.js';
import { SupportLine, TextFields } from './inventory.js';
import {
  editPlankApi,
  type PlankStatus,
  type PlankText,
  type PlankView,
  type ProgramLang,
  proposeAmendmentApi,
  setStatusApi,
} from './program-api.js';
import {
  demandName,
  drafts,
  OUTCOMES,
  type ProgramState,
  plankWords,
  proposes,
  TRANSITIONS,
} from './program-model.js';

/** Reword a draft and choose the demands it merges. */
function EditPlank({ state, plank }: { state: ProgramState; plank: PlankView }): JSX.Element {
  const text = useSignal<PlankText>(plank.text);
  const demands = useSignal<string[]>(plank.demands);
  const id = `plank-edit-${plank.id}`;
  const form = useFormError(id);
  const all = state.data.value!.inventory.demands;
  // A demand the plank merges that the inventory no longer has stays listed, so it can be unlinked.
  const keys = [...all.map((d) => d.key), ...plank.demands.filter((k) => !all.some((d) => d.key === k))];
  return (
    <form
      class="stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void state
          .write(
            id,
            () =>
              editPlankApi(state.csrf, plank.id, {
                prev: plank.versions,
                ...(plank.status === 'draft' ? { text: text.value } : {}),
                demands: demands.value,
              }),
            t('desk.program.plank.saved'),
            form.fail,
          )
          .then(form.settle);
      }}
    >
      <FormError id={`${id}-error`} error={form.error.value} />
      {plank.status === 'draft' ? (
        <TextFields
          prefix={id}
          text={text.value}
          onInput={(v) => {
            text.value = v;
          }}
        />
      ) : (
        <p class="hint">{t('desk.program.plank.not_draft')}</p>
      )}
      <CheckGroup
        name="demands"
        idPrefix={`${id}-demand`}
        legend={t('desk.program.plank.demands')}
        hint={t('desk.program.plank.merge_hint')}
        options={keys.map((k) => ({ value: k, label: demandName(state.demand(k), k) }))}
        values={demands.value}
        onToggle={(k, on) => {
          demands.value = on ? [...demands.value, k] : demands.value.filter((x) => x !== k);
        }}
      />
      <p class="actions">
        <button type="submit" class="primary" id={`${id}-save`} disabled={state.busy.value !== null}>
          {state.busy.value === id ? t('desk.program.busy') : t('desk.program.plank.save')}
        </button>
      </p>
    </form>
  );
}

/** Move the status; an outcome may cite the published concessions the node offers. */
function StatusForm({ state, plank }: { state: ProgramState; plank: PlankView }): JSX.Element | null {
  const next = TRANSITIONS[plank.status];
  const status = useSignal<PlankStatus>(next[0]!);
  const evidence = useSignal<string[]>(plank.evidence);
  const id = `plank-status-${plank.id}`;
  const form = useFormError(id);
  if (next.length === 0) return null;
  const chosen = next.includes(status.value) ? status.value : next[0]!;
  const offered = plank.evidence_offered;
  return (
    <form
      class="inline-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const outcome = OUTCOMES.includes(chosen);
        void state
          .write(
            id,
            () =>
              setStatusApi(state.csrf, plank.id, {
                prev: plank.versions,
                status: chosen,
                ...(outcome ? { evidence: evidence.value } : {}),
              }),
            t('desk.program.status.changed', { status: t(`desk.program.status.${chosen}`) }),
            form.fail,
          )
          .then(form.settle);
      }}
    >
      <FormError id={`${id}-error`} error={form.error.value} />
      <Field id={id} label={t('desk.program.status.move')}>
        <select
          value={chosen}
          onChange={(e) => {
            status.value = e.currentTarget.value as PlankStatus;
          }}
        >
          <Options options={next.map((s) => ({ value: s, label: t(`desk.program.status.${s}`) }))} />
        </select>
      </Field>
      {OUTCOMES.includes(chosen) ? (
        offered.length > 0 ? (
          <CheckGroup
            name="evidence"
            idPrefix={`${id}-evidence`}
            legend={t('desk.program.evidence.legend')}
            hint={t('desk.program.evidence.hint')}
            options={offered.map((c) => ({
              value: c.d,
              label: [
                c.date,
                c.settlement ?? c.admin1,
                c.demands.map((k) => demandName(undefined, k)).join(', '),
              ]
                .filter(Boolean)
                .join(' · '),
            }))}
            values={evidence.value}
            onToggle={(d, on) => {
              evidence.value = on ? [...evidence.value, d] : evidence.value.filter((x) => x !== d);
            }}
          />
        ) : (
          <p class="hint">{t('desk.program.evidence.none')}</p>
        )
      ) : null}
      <button type="submit" id={`${id}-save`} disabled={state.busy.value !== null}>
        {state.busy.value === id ? t('desk.program.busy') : t('desk.program.status.button')}
      </button>
    </form>
  );
}

/** Propose a new wording of one language; the diff against the current words shows as it is typed. */
function ProposeForm({ state, plank }: { state: ProgramState; plank: PlankView }): JSX.Element {
  const first = plankWords(plank.text, lang()).lang as ProgramLang;
  const which = useSignal<ProgramLang>(first);
  const text = useSignal(plank.text[first]);
  const reason = useSignal('');
  const id = `amend-${plank.id}`;
  const form = useFormError(id);
  const before = plank.text[which.value];
  return (
    <form
      class="stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void state
          .write(
            id,
            () =>
              proposeAmendmentApi(state.csrf, plank.id, {
                lang: which.value,
                text: text.value,
                reason: reason.value,
              }),
            t('desk.program.amendment.proposed'),
            form.fail,
          )
          .then((ok) => {
            if (form.settle(ok)) reason.value = '';
          });
      }}
    >
      <FormError id={`${id}-error`} error={form.error.value} />
      <Field id={`${id}-lang`} label={t('desk.program.amendment.lang')}>
        <select
          value={which.value}
          onChange={(e) => {
            const l = e.currentTarget.value as ProgramLang;
            which.value = l;
            text.value = plank.text[l];
          }}
        >
          <Options options={LANGS.map((l) => ({ value: l, label: NATIVE_NAMES[l] }))} />
        </select>
      </Field>
      <Field id={`${id}-text`} label={t('desk.program.amendment.text')}>
        <textarea
          name="text"
          lang={which.value}
          rows={3}
          maxLength={2000}
          value={text.value}
          onInput={(e) => {
            text.value = e.currentTarget.value;
          }}
        />
      </Field>
      {text.value !== before ? (
        <div>
          <p class="hint">{t('desk.program.amendment.preview')}</p>
          <Diff parts={wordDiff(before, text.value)} lang={which.value} />
        </div>
      ) : null}
      <Field id={`${id}-reason`} label={t('desk.program.amendment.reason')}>
        <input
          name="reason"
          type="text"
          maxLength={2000}
          value={reason.value}
          onInput={(e) => {
            reason.value = e.currentTarget.value;
          }}
        />
      </Field>
      <p class="actions">
        <button type="submit" id={`${id}-save`} disabled={state.busy.value !== null || text.value === before}>
          {state.busy.value === id ? t('desk.program.busy') : t('desk.program.amendment.propose')}
        </button>
      </p>
    </form>
  );
}

function Plank({ state, plank, n }: { state: ProgramState; plank: PlankView; n: number }): JSX.Element {
  const data = state.data.value!;
  const words = plankWords(plank.text, lang());
  const canDraft = drafts(state.role);
  return (
    <li class="report" id={`plank-${plank.id}`} data-status={plank.status}>
      <h3 class="report-head">
        <span lang={words.lang}>
          {n}. {words.text}
        </span>{' '}
        <span class="chip strong">{t(`desk.program.status.${plank.status}`)}</span>
      </h3>
      <dl class="facts">
        {LANGS.filter((l) => l !== words.lang).map((l) => (
          <div key={l}>
            <dt>{NATIVE_NAMES[l]}</dt>
            <dd lang={l}>{plank.text[l].trim() || t('desk.program.plank.untranslated')}</dd>
          </div>
        ))}
        <div>
          <dt>{t('desk.program.plank.demands')}</dt>
          <dd>
            {plank.demands.length === 0
              ? t('desk.program.plank.no_demands')
              : plank.demands.map((k) => demandName(state.demand(k), k)).join(', ')}
          </dd>
        </div>
        {plank.evidence.length > 0 ? (
          <div>
            <dt>{t('desk.program.evidence.legend')}</dt>
            <dd>
              {plank.evidence.map((d, i) => (
                <span key={d}>
                  {i > 0 ? ', ' : ''}
                  <a href={hashFor(`event/${encodeURIComponent(d)}`)}>{d}</a>
                </span>
              ))}
            </dd>
          </div>
        ) : null}
      </dl>
      <SupportLine s={plank.support} threshold={data.threshold} />
      {plank.conflict ? <p class="notice">{t('desk.program.plank.conflict')}</p> : null}
      {canDraft ? (
        <details>
          <summary>
            {t(plank.status === 'draft' ? 'desk.program.plank.edit' : 'desk.program.plank.edit_demands')}
          </summary>
          <EditPlank state={state} plank={plank} />
        </details>
      ) : null}
      {canDraft ? <StatusForm state={state} plank={plank} /> : null}
      {proposes(state.role) ? (
        <details>
          <summary>{t('desk.program.amendment.new')}</summary>
          <ProposeForm state={state} plank={plank} />
        </details>
      ) : null}
    </li>
  );
}

export function Planks({ state }: { state: ProgramState }): JSX.Element {
  const planks = state.data.value!.planks;
  return (
    <section aria-labelledby="program-planks-heading" id="program-planks">
      <h2 id="program-planks-heading" tabIndex={-1}>
        {t('desk.program.planks.heading')}
      </h2>
      {planks.length === 0 ? <p class="muted">{t('desk.program.planks.empty')}</p> : null}
      <ol class="items">
        {planks.map((p, i) => (
          // Keyed by version: a saved plank's forms start again from what was saved.
          <Plank key={p.version} state={state} plank={p} n={i + 1} />
        ))}
      </ol>
    </section>
  );
}
