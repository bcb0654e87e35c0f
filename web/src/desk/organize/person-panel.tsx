// The picked person: their level, a quick assessment (five labelled choices), the one-on-one form to
// fill right after the talk, their record (person-edit.tsx: unit, role, the organizer responsible,
// contact) and, when two desk nodes edited them apart, their versions side by side to keep one.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { Field } from '../controls.js';
import { formatDay, t } from '../i18n.js';
import { Failure } from './collective-parts.js';
import type { CollectiveState } from './collective-state.js';
import {
  assessApi,
  dayFromToday,
  editPersonApi,
  logConversationApi,
  type PersonView,
} from './organize-api.js';
import { PersonEdit } from './person-edit.js';

const LEVELS = [1, 2, 3, 4, 5] as const;

function LevelPicker(props: {
  name: string;
  value: number | null;
  onPick: (level: number) => void;
  legend: string;
}): JSX.Element {
  return (
    <fieldset class="org-levels">
      <legend>{props.legend}</legend>
      {LEVELS.map((level) => (
        <label key={level} class={`org-level-pick level-${level}`}>
          <input
            type="radio"
            name={props.name}
            value={String(level)}
            checked={props.value === level}
            onChange={() => props.onPick(level)}
          />
          {` ${level} ${t(`desk.organize.level.${level}`)}`}
        </label>
      ))}
    </fieldset>
  );
}

function Assess({ state, person }: { state: CollectiveState; person: PersonView }): JSX.Element {
  const [level, setLevel] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    if (level === null) return;
    const body = { person: person.id, level, ...(note.trim() ? { note: note.trim() } : {}) };
    const ok = await state.write(
      'assess',
      () => assessApi(state.csrf, state.id, body),
      t('desk.organize.assess.done', { name: person.pseudonym, level }),
    );
    if (ok) {
      setLevel(null);
      setNote('');
    }
  };
  return (
    <form class="org-form" id="assess-form" onSubmit={(e) => void submit(e)}>
      <LevelPicker
        name="assess-level"
        legend={t('desk.organize.assess.level')}
        value={level}
        onPick={setLevel}
      />
      <Field id="assess-note" label={t('desk.organize.assess.note')}>
        <input value={note} maxLength={2000} onInput={(e) => setNote(e.currentTarget.value)} />
      </Field>
      <Failure state={state} form="assess" />
      <button type="submit" class="primary" disabled={level === null || state.busy.value === 'assess'}>
        {t('desk.organize.assess.save')}
      </button>
    </form>
  );
}

const TALK_FIELDS = ['issues', 'asked', 'commitment', 'next_step'] as const;
type TalkField = (typeof TALK_FIELDS)[number];

/** Quick to fill after the talk: four short boxes, a follow-up day in one click, an optional level. */
function OneOnOne({ state, person }: { state: CollectiveState; person: PersonView }): JSX.Element {
  const empty = { issues: '', asked: '', commitment: '', next_step: '' };
  const [text, setText] = useState<Record<TalkField, string>>(empty);
  const [followUp, setFollowUp] = useState(dayFromToday(7));
  const [level, setLevel] = useState<number | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const body = {
      person: person.id,
      follow_up: followUp || null,
      ...Object.fromEntries(TALK_FIELDS.map((f) => [f, text[f].trim()])),
      ...(level !== null ? { level } : {}),
    };
    const ok = await state.write(
      'talk',
      () => logConversationApi(state.csrf, state.id, body),
      t('desk.organize.talk.done', { name: person.pseudonym }),
    );
    if (ok) {
      setText(empty);
      setLevel(null);
    }
  };
  return (
    <form class="org-form" id="talk-form" onSubmit={(e) => void submit(e)}>
      <h3>{t('desk.organize.talk.heading')}</h3>
      <p class="hint">{t('desk.organize.talk.hint')}</p>
      {TALK_FIELDS.map((f) => (
        <Field key={f} id={`talk-${f}`} label={t(`desk.organize.talk.${f}`)}>
          <textarea
            rows={2}
            maxLength={4000}
            value={text[f]}
            onInput={(e) => setText({ ...text, [f]: e.currentTarget.value })}
          />
        </Field>
      ))}
      <Field id="talk-follow-up" label={t('desk.organize.talk.follow_up')}>
        <input type="date" value={followUp} onInput={(e) => setFollowUp(e.currentTarget.value)} />
      </Field>
      <p class="actions">
        {[0, 3, 7, 14].map((days) => (
          <button key={days} type="button" onClick={() => setFollowUp(dayFromToday(days))}>
            {days === 0 ? t('desk.organize.talk.today') : t('desk.organize.talk.in_days', { n: days })}
          </button>
        ))}
      </p>
      <LevelPicker name="talk-level" legend={t('desk.organize.talk.level')} value={level} onPick={setLevel} />
      <Failure state={state} form="talk" />
      <button type="submit" class="primary" disabled={state.busy.value === 'talk'}>
        {t('desk.organize.talk.save')}
      </button>
    </form>
  );
}

/** Two desk nodes edited this person apart: show each version, keep one (naming both). */
function Versions({ state, person }: { state: CollectiveState; person: PersonView }): JSX.Element | null {
  if (!person.conflict || !person.versions) return null;
  const versions = person.versions;
  const unitName = (id: string) => state.view.value?.collective.units.find((u) => u.id === id)?.name ?? id;
  const keep = (v: (typeof versions)[number]) =>
    state.write(
      'resolve',
      () =>
        editPersonApi(state.csrf, state.id, person.id, {
          prev: versions.map((x) => x.version),
          pseudonym: v.pseudonym,
          unit: v.unit,
          role: v.role,
          responsible: v.responsible,
          contact: v.contact,
        }),
      t('desk.organize.conflict.resolved'),
    );
  return (
    <section class="conflict org-conflict" aria-labelledby="person-conflict">
      <h3 id="person-conflict">{t('desk.organize.conflict.person')}</h3>
      <ol class="org-versions">
        {versions.map((v, i) => (
          <li key={v.version}>
            <p>
              <strong>{v.pseudonym}</strong>
              {` · ${unitName(v.unit)}${v.role ? ` · ${v.role}` : ''}${v.contact ? ` · ${v.contact}` : ''}`}
            </p>
            <button type="button" id={`keep-version-${i}`} onClick={() => void keep(v)}>
              {t('desk.organize.conflict.keep')}
            </button>
          </li>
        ))}
      </ol>
      <Failure state={state} form="resolve" />
    </section>
  );
}

export function PersonPanel({ state, person }: { state: CollectiveState; person: PersonView }): JSX.Element {
  const unit = state.view.value?.collective.units.find((u) => u.id === person.unit);
  return (
    <section class="panel org-person" aria-labelledby="person-heading" id="person-panel">
      <h2 id="person-heading" tabIndex={-1}>
        {person.pseudonym}
      </h2>
      <p class="muted">
        {[
          unit?.name,
          person.role,
          person.level === null
            ? t('desk.organize.level.none')
            : `${person.level} ${t(`desk.organize.level.${person.level}`)}`,
          person.assessed_on ? formatDay(person.assessed_on) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <Versions state={state} person={person} />
      <Assess key={`a-${person.id}`} state={state} person={person} />
      <OneOnOne key={`o-${person.id}`} state={state} person={person} />
      <PersonEdit key={`e-${person.id}`} state={state} person={person} />
    </section>
  );
}
