// One vote's panel. While it is open: per collective the codes issued and ballots counted, the
// refused ballots with their reasons (never a choice), making codes with their printable sheet,
// entering a paper ballot, and closing (with a confirmation). Once closed: the tallies per
// collective and overall, the outcomes and quorum, and the members' reasons per plank.
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { normalizeBallotCode } from '../../../../src/core/ballot-code.js';
import { ApiError } from '../../shared/http.js';
import { Field, focusSoon, Options, Time } from '../controls.js';
import { formatDay, formatNumber, lang, t } from '../i18n.js';
import { BallotSheetPanel } from './ballot-sheet.js';
import { FormError, useFormError } from './form-error.js';
import { drafts, plankWords, proposes } from './program-model.js';
import { CHOICES, parseCount, percent, tallyLine, type VotesState } from './vote-model.js';
import { type BallotChoice, closeVoteApi, type DeskVote, makeCodesApi, paperBallotApi } from './votes-api.js';

type Plank = DeskVote['planks'][number];
type Result = NonNullable<DeskVote['result']>;

/** What the last write of this form did, beside the form (it is also said at the top). */
function Said({ votes, where }: { votes: VotesState; where: string }): JSX.Element | null {
  const said = votes.said.value;
  return said?.where === where ? (
    <p class="notice" role="status" id={`${where}-done`}>
      {said.text}
    </p>
  ) : null;
}

const words = (p: Plank) => plankWords(p.text, lang());

/** A collective of the vote as this account may name it: by name, or by its place in the vote. */
const nameOf = (c: { name: string | null; n: number }) =>
  c.name ?? t('desk.program.vote.collective_n', { n: c.n });

/** Make codes for a collective: the answer's sheet is shown (ballot-sheet.tsx) and kept nowhere. */
function CodesForm({ votes, vote }: { votes: VotesState; vote: DeskVote }): JSX.Element {
  // Codes are made only for the collectives this account works with (the node checks it too).
  const own = vote.collectives.filter((c) => c.yours);
  const collective = useSignal(own[0]?.id ?? '');
  const count = useSignal('');
  const id = `vote-${vote.id}-codes`;
  const form = useFormError(id);
  const chosen = own.find((c) => c.id === collective.value) ?? own[0];
  if (!chosen) return <p class="hint">{t('desk.program.vote.codes.none_yours')}</p>;
  return (
    <form
      class="stack"
      noValidate
      aria-labelledby={`${id}-heading`}
      onSubmit={(e) => {
        e.preventDefault();
        const n = parseCount(count.value);
        if (!chosen) return;
        if (n === null) return form.refuse(t('desk.program.vote.codes.bad_count'), `${id}-count`);
        void votes
          .act(
            id,
            () => makeCodesApi(votes.program.csrf, vote.id, { collective: chosen.id, count: n }),
            (made) => t('desk.program.vote.codes.done', { n: made.codes.length, name: nameOf(chosen) }),
            form.fail,
            () => vote.id,
          )
          .then((made) => {
            if (!form.settle(made)) return;
            count.value = '';
            votes.sheet.value = {
              vote: vote.id,
              collective: chosen.id,
              name: nameOf(chosen),
              count: made.codes.length,
              html: made.sheet,
            };
            focusSoon('ballot-sheet-heading');
          });
      }}
    >
      <h4 id={`${id}-heading`}>{t('desk.program.vote.codes.heading')}</h4>
      <p class="hint">{t('desk.program.vote.codes.hint')}</p>
      <FormError id={`${id}-error`} error={form.error.value} />
      <Field id={`${id}-collective`} label={t('desk.program.vote.codes.collective')}>
        <select
          value={chosen?.id}
          onChange={(e) => {
            collective.value = e.currentTarget.value;
          }}
        >
          <Options options={own.map((c) => ({ value: c.id, label: nameOf(c) }))} />
        </select>
      </Field>
      <Field id={`${id}-count`} label={t('desk.program.vote.codes.count')}>
        <input
          type="text"
          inputMode="numeric"
          maxLength={4}
          value={count.value}
          onInput={(e) => {
            count.value = e.currentTarget.value;
          }}
        />
      </Field>
      <p class="actions">
        <button type="submit" id={`${id}-save`} disabled={votes.program.busy.value !== null}>
          {votes.program.busy.value === id ? t('desk.program.busy') : t('desk.program.vote.codes.button')}
        </button>
      </p>
      <Said votes={votes} where={id} />
    </form>
  );
}

/** A paper ballot handed to an organizer: its code and a choice (and a reason, if written) per plank. */
function PaperForm({ votes, vote }: { votes: VotesState; vote: DeskVote }): JSX.Element {
  const code = useSignal('');
  const picked = useSignal<Readonly<Record<string, BallotChoice>>>({});
  const reasons = useSignal<Readonly<Record<string, string>>>({});
  const id = `vote-${vote.id}-paper`;
  const form = useFormError(id);
  return (
    <form
      class="stack"
      noValidate
      aria-labelledby={`${id}-heading`}
      onSubmit={(e) => {
        e.preventDefault();
        const choices = vote.planks.flatMap((p) => {
          const choice = picked.value[p.id];
          const reason = reasons.value[p.id]?.trim();
          return choice ? [{ plank: p.id, choice, ...(reason ? { reason } : {}) }] : [];
        });
        // A code that is no code, or no answer at all, is said here in the node's own words;
        // the rest (an unknown or used code, a plank left out) the node judges and says.
        const local = !normalizeBallotCode(code.value)
          ? 'bad_code'
          : choices.length === 0
            ? 'choices_mismatch'
            : null;
        if (local) return form.fail(new ApiError(400, local, local));
        void votes
          .act(
            id,
            () => paperBallotApi(votes.program.csrf, vote.id, { code: code.value, choices }),
            () => t('desk.program.vote.paper.done'),
            form.fail,
            () => vote.id,
          )
          .then((ok) => {
            if (!form.settle(ok)) return;
            code.value = '';
            picked.value = {};
            reasons.value = {};
            // The next paper, from its code.
            focusSoon(`${id}-code`);
          });
      }}
    >
      <h4 id={`${id}-heading`}>{t('desk.program.vote.paper.heading')}</h4>
      <p class="hint">{t('desk.program.vote.paper.hint')}</p>
      <FormError id={`${id}-error`} error={form.error.value} />
      <Field
        id={`${id}-code`}
        label={t('desk.program.vote.paper.code')}
        hint={t('desk.program.vote.paper.code_hint')}
      >
        <input
          type="text"
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          maxLength={40}
          value={code.value}
          onInput={(e) => {
            code.value = e.currentTarget.value;
          }}
        />
      </Field>
      {vote.planks.map((p, i) => {
        const w = words(p);
        const name = `${id}-p${i}`;
        return (
          <fieldset class="checks" key={p.id} data-plank={p.id}>
            <legend>
              <span lang={w.lang}>
                {i + 1}. {w.text}
              </span>
            </legend>
            <div class="check-list">
              {CHOICES.map((c) => (
                <label class="check" key={c}>
                  <input
                    type="radio"
                    name={name}
                    id={`${name}-${c}`}
                    value={c}
                    checked={picked.value[p.id] === c}
                    onChange={() => {
                      picked.value = { ...picked.value, [p.id]: c };
                    }}
                  />{' '}
                  {t(`desk.program.vote.choice.${c}`)}
                </label>
              ))}
            </div>
            <Field id={`${name}-reason`} label={t('desk.program.vote.paper.reason')}>
              <input
                type="text"
                maxLength={1000}
                value={reasons.value[p.id] ?? ''}
                onInput={(e) => {
                  reasons.value = { ...reasons.value, [p.id]: e.currentTarget.value };
                }}
              />
            </Field>
          </fieldset>
        );
      })}
      <p class="actions">
        <button type="submit" id={`${id}-save`} disabled={votes.program.busy.value !== null}>
          {votes.program.busy.value === id ? t('desk.program.busy') : t('desk.program.vote.paper.button')}
        </button>
      </p>
      <Said votes={votes} where={id} />
    </form>
  );
}

/** Closing asks once more: it counts the ballots and publishes the result, and cannot be undone. */
function CloseVote({ votes, vote }: { votes: VotesState; vote: DeskVote }): JSX.Element {
  const asking = useSignal(false);
  const id = `vote-${vote.id}-close`;
  const form = useFormError(id);
  const busy = votes.program.busy.value;
  return (
    <div class="stack">
      <FormError id={`${id}-error`} error={form.error.value} />
      {asking.value ? (
        <div>
          <p id={`${id}-ask`} tabIndex={-1}>
            {t('desk.program.vote.close.confirm', {
              ballots: formatNumber(vote.ballots.counted),
              codes: formatNumber(vote.collectives.reduce((n, c) => n + c.codes, 0)),
            })}
          </p>
          <p class="actions">
            <button
              type="button"
              class="primary"
              id={`${id}-yes`}
              disabled={busy !== null}
              onClick={() =>
                void votes
                  .act(
                    id,
                    () => closeVoteApi(votes.program.csrf, vote.id),
                    () => t('desk.program.vote.close.done'),
                    form.fail,
                    () => vote.id,
                  )
                  .then((closed) => {
                    if (!closed) return;
                    asking.value = false;
                    focusSoon(`vote-${vote.id}-results`);
                  })
              }
            >
              {busy === id ? t('desk.program.busy') : t('desk.program.vote.close.yes')}
            </button>{' '}
            <button
              type="button"
              id={`${id}-no`}
              onClick={() => {
                asking.value = false;
                focusSoon(`${id}-button`);
              }}
            >
              {t('desk.program.vote.close.no')}
            </button>
          </p>
        </div>
      ) : (
        <p class="actions">
          <button
            type="button"
            id={`${id}-button`}
            disabled={busy !== null}
            onClick={() => {
              asking.value = true;
              form.error.value = null;
              focusSoon(`${id}-ask`);
            }}
          >
            {t('desk.program.vote.close.button')}
          </button>
        </p>
      )}
    </div>
  );
}

/** The ballots received and those refused, with their reasons: never a choice. */
function Ballots({ vote }: { vote: DeskVote }): JSX.Element {
  const b = vote.ballots;
  return (
    <div id={`vote-${vote.id}-ballots`}>
      <p>
        {t('desk.program.vote.ballots', {
          received: formatNumber(b.received),
          counted: formatNumber(b.counted),
          refused: formatNumber(b.received - b.counted),
        })}
      </p>
      {vote.refused.length > 0 ? (
        <>
          <h4>{t('desk.program.vote.refused.heading')}</h4>
          <ul class="refused">
            {vote.refused.map((r) => (
              <li key={r.id} data-reason={r.reason}>
                <Time at={r.created_at} />
                {r.channel ? ` · ${t(`desk.program.vote.channel.${r.channel}`)}` : ''}
                {` · ${t(`desk.program.vote.refusal.${r.reason}`)}`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

const outcome = (o: string) => t(`desk.program.vote.outcome.${o}`);
const quorumWord = (met: boolean) =>
  t(met ? 'desk.program.vote.quorum_met' : 'desk.program.vote.quorum_not_met');

/** The closed vote's count: overall and per collective for every plank, and the members' reasons. */
function Results({
  votes,
  vote,
  result,
}: {
  votes: VotesState;
  vote: DeskVote;
  result: Result;
}): JSX.Element {
  const threshold = votes.program.data.value?.threshold ?? 3;
  const reasons = vote.reasons ?? {};
  return (
    <section id={`vote-${vote.id}-results`} tabIndex={-1} aria-labelledby={`vote-${vote.id}-results-heading`}>
      <h4 id={`vote-${vote.id}-results-heading`}>{t('desk.program.vote.results.heading')}</h4>
      <p>
        {t('desk.program.vote.results.overall', {
          codes: formatNumber(result.codes),
          ballots: formatNumber(result.ballots),
          q: percent(vote.quorum),
          quorum: quorumWord(result.quorum_met),
        })}
      </p>
      <ul>
        {result.collectives.map((c) => (
          <li key={c.id} data-collective={c.id}>
            {t('desk.program.vote.results.collective', {
              name: nameOf(c),
              codes: formatNumber(c.codes),
              ballots: formatNumber(c.ballots),
              quorum: quorumWord(c.quorum_met),
            })}
            {c.ballots < threshold ? ` (${t('desk.program.vote.results.withheld', { n: threshold })})` : ''}
          </li>
        ))}
      </ul>
      <ol class="items">
        {vote.planks.map((p, i) => {
          const w = words(p);
          const overall = result.planks[i]!;
          const why = reasons[p.id] ?? [];
          return (
            <li key={p.id} data-plank={p.id} data-outcome={overall.outcome}>
              <strong lang={w.lang}>
                {i + 1}. {w.text}
              </strong>
              <p class="vote-overall">
                {t('desk.program.vote.results.all')}: {tallyLine(overall.tally)} —{' '}
                <strong>{outcome(overall.outcome)}</strong>
              </p>
              <ul>
                {result.collectives.map((c) => {
                  const mine = c.planks[i]!;
                  return (
                    <li key={c.id} data-collective={c.id}>
                      {nameOf(c)}:{' '}
                      {mine.tally && mine.outcome
                        ? `${tallyLine(mine.tally)} — ${outcome(mine.outcome)}`
                        : t('desk.program.vote.results.withheld_here', { n: threshold })}
                    </li>
                  );
                })}
              </ul>
              {why.length > 0 ? (
                <details>
                  <summary>{t('desk.program.vote.results.reasons', { n: why.length })}</summary>
                  <ul class="reasons">
                    {why.map((r, k) => (
                      <li key={k}>
                        <span class="chip">{t(`desk.program.vote.choice.${r.choice}`)}</span> {r.reason}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : (
                <p class="muted">{t('desk.program.vote.results.no_reasons')}</p>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function VoteDetail({ votes, vote }: { votes: VotesState; vote: DeskVote }): JSX.Element {
  const role = votes.program.role;
  const sheet = votes.sheet.value;
  return (
    <div class="stack vote-detail">
      <h4>{t('desk.program.vote.planks')}</h4>
      <ol>
        {vote.planks.map((p) => {
          const w = words(p);
          return (
            <li key={p.id} lang={w.lang}>
              {w.text}
            </li>
          );
        })}
      </ol>
      {vote.status === 'open' ? (
        <>
          <p class="muted">{t('desk.program.vote.hidden')}</p>
          <Ballots vote={vote} />
          {proposes(role) ? <CodesForm votes={votes} vote={vote} /> : null}
          {sheet && sheet.vote === vote.id ? <BallotSheetPanel votes={votes} sheet={sheet} /> : null}
          {proposes(role) ? <PaperForm votes={votes} vote={vote} /> : null}
          {drafts(role) ? <CloseVote votes={votes} vote={vote} /> : null}
        </>
      ) : (
        <>
          {vote.closed ? (
            <p class="muted">
              {t('desk.program.vote.closed_on', { date: formatDay(vote.closed.date), who: vote.closed.by })}
            </p>
          ) : null}
          {vote.result ? <Results votes={votes} vote={vote} result={vote.result} /> : null}
          <Ballots vote={vote} />
        </>
      )}
    </div>
  );
}
