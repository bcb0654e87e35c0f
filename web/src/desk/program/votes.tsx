// The votes on the program's planks (docs/program.md, "Votes"): admins and editors open a vote
// on planks put to the vote, for collectives, with a quorum and a title; every vote is listed
// with its counts, and its panel (vote-detail.tsx) makes codes, takes paper ballots, closes it
// and shows the results once it is closed.
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { CheckGroup, ErrorLine, Field, focusSoon, LoadingLine, Time } from '../controls.js';
import { useDesk, useRouteState } from '../desk-context.js';
import { formatDay, formatNumber, LANGS, type Lang, lang, NATIVE_NAMES, t } from '../i18n.js';
import { FormError, useFormError } from './form-error.js';
import { drafts, type ProgramState, plankWords } from './program-model.js';
import { VoteDetail } from './vote-detail.js';
import { parseQuorum, percent, titleBody, VotesState, votablePlanks, voteTitle } from './vote-model.js';
import { openVoteApi, type UnmatchedBallot, type VoteSummary } from './votes-api.js';

const NO_TITLE: Record<Lang, string> = { ru: '', kk: '', en: '' };

/** Open a vote: the planks put to the vote, the collectives, the quorum and an optional title. */
function OpenVoteForm({ votes }: { votes: VotesState }): JSX.Element {
  const data = votes.program.data.value!;
  const planks = useSignal<string[]>([]);
  const collectives = useSignal<string[]>([]);
  const quorum = useSignal('50');
  const title = useSignal<Record<Lang, string>>(NO_TITLE);
  const id = 'vote-open';
  const form = useFormError(id);
  const offered = votablePlanks(data.planks, votes.list.value?.votes ?? []);
  return (
    <form
      class="stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const share = parseQuorum(quorum.value);
        const problem =
          planks.value.length === 0
            ? 'desk.program.vote.open.need_planks'
            : collectives.value.length === 0
              ? 'desk.program.vote.open.need_collectives'
              : share === null
                ? 'desk.program.vote.open.bad_quorum'
                : null;
        if (problem) return form.refuse(t(problem));
        const body = {
          planks: planks.value,
          collectives: collectives.value,
          quorum: share!,
          ...(titleBody(title.value) ? { title: titleBody(title.value)! } : {}),
        };
        void votes
          .act(
            id,
            () => openVoteApi(votes.program.csrf, body),
            () => t('desk.program.vote.open.done'),
            form.fail,
            (v) => v.id,
          )
          .then((opened) => {
            if (!form.settle(opened)) return;
            planks.value = [];
            collectives.value = [];
            title.value = NO_TITLE;
            if (!votes.expanded.value.includes(opened.id))
              votes.expanded.value = [...votes.expanded.value, opened.id];
            focusSoon(`vote-${opened.id}-heading`);
          });
      }}
    >
      <FormError id={`${id}-error`} error={form.error.value} />
      {offered.length === 0 ? (
        <p class="hint">{t('desk.program.vote.open.no_planks')}</p>
      ) : (
        <CheckGroup
          name="vote-planks"
          idPrefix={`${id}-plank`}
          legend={t('desk.program.vote.open.planks')}
          hint={t('desk.program.vote.open.planks_hint')}
          options={offered.map((p) => ({ value: p.id, label: plankWords(p.text, lang()).text }))}
          values={planks.value}
          onToggle={(v, on) => {
            planks.value = on ? [...planks.value, v] : planks.value.filter((x) => x !== v);
          }}
        />
      )}
      {data.collectives.length === 0 ? (
        <p class="hint">{t('desk.program.vote.open.no_collectives')}</p>
      ) : (
        <CheckGroup
          name="vote-collectives"
          idPrefix={`${id}-collective`}
          legend={t('desk.program.vote.open.collectives')}
          options={data.collectives.map((c) => ({ value: c.id, label: c.name }))}
          values={collectives.value}
          onToggle={(v, on) => {
            collectives.value = on ? [...collectives.value, v] : collectives.value.filter((x) => x !== v);
          }}
        />
      )}
      <Field
        id={`${id}-quorum`}
        label={t('desk.program.vote.open.quorum')}
        hint={t('desk.program.vote.open.quorum_hint')}
      >
        <input
          type="text"
          inputMode="decimal"
          name="quorum"
          maxLength={6}
          value={quorum.value}
          onInput={(e) => {
            quorum.value = e.currentTarget.value;
          }}
        />
      </Field>
      <fieldset class="checks">
        <legend>{t('desk.program.vote.open.title')}</legend>
        <p class="hint">{t('desk.program.vote.open.title_hint')}</p>
        {LANGS.map((l) => (
          <Field
            key={l}
            id={`${id}-title-${l}`}
            label={t('desk.program.vote.open.title_in', { lang: NATIVE_NAMES[l] })}
          >
            <input
              type="text"
              lang={l}
              maxLength={300}
              value={title.value[l]}
              onInput={(e) => {
                title.value = { ...title.value, [l]: e.currentTarget.value };
              }}
            />
          </Field>
        ))}
      </fieldset>
      <p class="actions">
        <button type="submit" class="primary" id={`${id}-save`} disabled={votes.program.busy.value !== null}>
          {votes.program.busy.value === id ? t('desk.program.busy') : t('desk.program.vote.open.button')}
        </button>
      </p>
    </form>
  );
}

function VoteItem({ votes, vote }: { votes: VotesState; vote: VoteSummary }): JSX.Element {
  const open = votes.expanded.value.includes(vote.id);
  const title = voteTitle(vote.title, lang(), vote.id);
  const panel = `vote-${vote.id}-panel`;
  return (
    <li class="report" id={`vote-${vote.id}`} data-status={vote.status}>
      <h3 class="report-head" id={`vote-${vote.id}-heading`} tabIndex={-1}>
        <span lang={title.lang}>{title.text}</span>{' '}
        <span class="chip strong">{t(`desk.program.vote.status.${vote.status}`)}</span>
      </h3>
      <p class="report-meta">
        {t('desk.program.vote.opened', { date: formatDay(vote.opened.date), who: vote.opened.by })}
        {vote.closed
          ? ` · ${t('desk.program.vote.closed_on', { date: formatDay(vote.closed.date), who: vote.closed.by })}`
          : ''}
        {` · ${t('desk.program.vote.quorum', { q: percent(vote.quorum) })}`}
      </p>
      <ul>
        {vote.collectives.map((c) => (
          <li key={c.id} data-collective={c.id}>
            {t('desk.program.vote.collective_counts', {
              name: c.name ?? t('desk.program.vote.collective_n', { n: c.n }),
              codes: formatNumber(c.codes),
              ballots: formatNumber(c.ballots),
            })}
          </li>
        ))}
      </ul>
      {vote.conflict ? <p class="notice">{t('desk.program.vote.conflict')}</p> : null}
      <p class="actions">
        <button
          type="button"
          id={`vote-${vote.id}-toggle`}
          aria-expanded={open ? 'true' : 'false'}
          aria-controls={panel}
          onClick={() => votes.toggle(vote.id)}
        >
          {t(open ? 'desk.program.vote.hide' : 'desk.program.vote.show')}
        </button>
      </p>
      {open ? (
        <div id={panel}>
          {votes.details.value[vote.id] ? (
            <VoteDetail votes={votes} vote={votes.details.value[vote.id]!} />
          ) : (
            <LoadingLine />
          )}
        </div>
      ) : null}
    </li>
  );
}

/** Ballots that name no vote of this desk, or do not fit the schema: shown, never dropped. */
function Unmatched({ list }: { list: readonly UnmatchedBallot[] }): JSX.Element {
  return (
    <div id="votes-unmatched">
      <h3>{t('desk.program.vote.unmatched.heading', { n: list.length })}</h3>
      <ul>
        {list.map((b) => (
          <li key={b.id}>
            <Time at={b.created_at} /> · {t(`desk.program.vote.refusal.${b.reason}`)}
            {b.vote ? ` · ${b.vote}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Votes({ state }: { state: ProgramState }): JSX.Element {
  const ctx = useDesk();
  const votes = useRouteState('program-votes', () => {
    const v = new VotesState(ctx, state);
    void v.load();
    return v;
  });
  const list = votes.list.value;
  return (
    <section aria-labelledby="program-votes-heading" id="program-votes">
      <h2 id="program-votes-heading" tabIndex={-1}>
        {t('desk.program.votes.heading')}
      </h2>
      <p class="muted">{t('desk.program.votes.intro')}</p>
      {drafts(state.role) ? (
        <details id="vote-open-details">
          <summary>{t('desk.program.vote.open.summary')}</summary>
          <OpenVoteForm votes={votes} />
        </details>
      ) : null}
      {votes.error.value ? <ErrorLine error={votes.error.value} /> : null}
      {!list && !votes.error.value ? <LoadingLine /> : null}
      {list && list.votes.length === 0 ? <p class="muted">{t('desk.program.votes.empty')}</p> : null}
      {list && list.votes.length > 0 ? (
        <ol class="items" id="votes-list">
          {list.votes.map((v) => (
            <VoteItem key={v.id} votes={votes} vote={v} />
          ))}
        </ol>
      ) : null}
      {list && list.unmatched.length > 0 ? <Unmatched list={list.unmatched} /> : null}
    </section>
  );
}
