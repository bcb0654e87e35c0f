// Amendments: each proposed new wording as a word diff against the words it was written
// against, who proposed it and why; admins and editors accept or reject it with a reason.
// Accepting rewords the plank in the same write (the node refuses when it was reworded since).
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import type { DiffPart } from '../../../../src/core/word-diff.js';
import { lang, NATIVE_NAMES, t } from '../i18n.js';
import { FormError, useFormError } from './form-error.js';
import { type AmendmentView, decideAmendmentApi } from './program-api.js';
import { drafts, type ProgramState, plankWords } from './program-model.js';

/** A word diff: removed words struck through, added ones underlined (and said so to screen readers). */
export function Diff({ parts, lang: l }: { parts: DiffPart[]; lang: string }): JSX.Element {
  return (
    <p class="diff" lang={l}>
      {parts.map((p, i) =>
        p.op === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.op === 'del' ? (
          <del key={i}>
            <span class="visually-hidden">[{t('desk.program.diff.removed')}: </span>
            {p.text}
            <span class="visually-hidden">]</span>
          </del>
        ) : (
          <ins key={i}>
            <span class="visually-hidden">[{t('desk.program.diff.added')}: </span>
            {p.text}
            <span class="visually-hidden">]</span>
          </ins>
        ),
      )}
    </p>
  );
}

function Decide({ state, a }: { state: ProgramState; a: AmendmentView }): JSX.Element {
  const reason = useSignal('');
  const id = `decide-${a.id}`;
  const form = useFormError(id);
  const decide = (decision: 'accept' | 'reject') => {
    if (!reason.value.trim()) return form.refuse(t('desk.program.amendment.reason_needed'), `${id}-reason`);
    void state
      .write(
        `${id}-${decision}`,
        () => decideAmendmentApi(state.csrf, a.id, { decision, reason: reason.value }),
        t(
          decision === 'accept'
            ? 'desk.program.amendment.accepted_done'
            : 'desk.program.amendment.rejected_done',
        ),
        form.fail,
      )
      .then(form.settle);
  };
  const busy = state.busy.value;
  return (
    <div class="stack">
      <FormError id={`${id}-error`} error={form.error.value} />
      <div class="field">
        <label for={`${id}-reason`}>{t('desk.program.amendment.decision_reason')}</label>
        <input
          id={`${id}-reason`}
          type="text"
          maxLength={2000}
          required
          value={reason.value}
          onInput={(e) => {
            reason.value = e.currentTarget.value;
          }}
        />
      </div>
      <p class="actions">
        <button
          type="button"
          class="primary"
          id={`${id}-accept`}
          disabled={busy !== null}
          onClick={() => decide('accept')}
        >
          {busy === `${id}-accept` ? t('desk.program.busy') : t('desk.program.amendment.accept')}
        </button>
        <button type="button" id={`${id}-reject`} disabled={busy !== null} onClick={() => decide('reject')}>
          {busy === `${id}-reject` ? t('desk.program.busy') : t('desk.program.amendment.reject')}
        </button>
      </p>
    </div>
  );
}

export function Amendments({ state }: { state: ProgramState }): JSX.Element {
  const data = state.data.value!;
  const canDecide = drafts(state.role);
  return (
    <section aria-labelledby="program-amendments-heading" id="program-amendments">
      <h2 id="program-amendments-heading">{t('desk.program.amendments.heading')}</h2>
      {data.amendments.length === 0 ? <p class="muted">{t('desk.program.amendments.empty')}</p> : null}
      <ol class="items">
        {data.amendments.map((a) => {
          const plank = state.plank(a.plank);
          return (
            <li key={a.version} class="report" id={`amendment-${a.id}`} data-status={a.status}>
              <p class="report-head">
                <strong>{plank ? plankWords(plank.text, lang()).text : a.plank}</strong>{' '}
                <span class="chip">{NATIVE_NAMES[a.lang]}</span>{' '}
                <span class="chip strong">{t(`desk.program.amendment.status.${a.status}`)}</span>
              </p>
              <Diff parts={a.diff} lang={a.lang} />
              <p class="muted">
                {t('desk.program.amendment.by', { who: a.proposed_by })}
                {a.reason ? ` — ${a.reason}` : ''}
              </p>
              {a.decision ? (
                <p class="muted">
                  {t('desk.program.amendment.decided', { who: a.decision.by, date: a.decision.date })} —{' '}
                  {a.decision.reason}
                </p>
              ) : null}
              {a.status === 'proposed' && canDecide ? <Decide state={state} a={a} /> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
