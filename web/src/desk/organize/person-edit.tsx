// A person's record edited from their panel: pseudonym, unit, role, the organizer responsible
// for them (the structure chart's link, picked among the collective's people) and their
// contact. The wall chart's answer carries neither link nor contact: the panel reads the person
// whole from the node (GET …/people/:id, for who works on the collective only) when it opens,
// and keeps the contact folded away until asked for.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorLine, Field, LoadingLine, Options } from '../controls.js';
import { useDesk } from '../desk-context.js';
import { t } from '../i18n.js';
import { Failure } from './collective-parts.js';
import type { CollectiveState } from './collective-state.js';
import { editPersonApi, getPersonApi, type PersonDetail, type PersonView } from './organize-api.js';
import { matching, SearchPicker } from './picker.js';

function Responsible(props: {
  state: CollectiveState;
  person: string;
  value: string | null;
  onChange: (id: string | null) => void;
}): JSX.Element {
  const people = props.state.view.value?.people ?? [];
  const units = new Map((props.state.view.value?.collective.units ?? []).map((u) => [u.id, u.name]));
  const items = people
    .filter((p) => p.id !== props.person)
    .map((p) => ({
      id: p.id,
      label: p.pseudonym,
      detail: [units.get(p.unit), p.role].filter(Boolean).join(', '),
    }));
  return (
    <fieldset class="checks" id="responsible-group">
      <legend>{t('desk.organize.responsible.label')}</legend>
      <p class="hint">{t('desk.organize.responsible.hint')}</p>
      <p id="responsible-now">
        {props.value ? props.state.pseudonymOf(props.value) : t('desk.organize.responsible.none')}{' '}
        {props.value ? (
          <button type="button" onClick={() => props.onChange(null)}>
            {t('desk.organize.responsible.clear')}
          </button>
        ) : null}
      </p>
      <SearchPicker
        id="responsible-search"
        label={t('desk.organize.responsible.find')}
        action={t('desk.organize.picker.choose')}
        needsWords
        search={(q) => matching(items, q)}
        onPick={(item) => props.onChange(item.id)}
      />
    </fieldset>
  );
}

function EditForm({
  state,
  detail,
  saved,
}: {
  state: CollectiveState;
  detail: PersonDetail;
  saved: () => void;
}) {
  const units = state.view.value?.collective.units ?? [];
  const [pseudonym, setPseudonym] = useState(detail.pseudonym);
  const [unit, setUnit] = useState(detail.unit);
  const [role, setRole] = useState(detail.role ?? '');
  const [responsible, setResponsible] = useState<string | null>(detail.responsible);
  const [contact, setContact] = useState(detail.contact ?? '');
  const submit = async (e: Event) => {
    e.preventDefault();
    const ok = await state.write(
      'person-edit',
      () =>
        editPersonApi(state.csrf, state.id, detail.id, {
          prev: [detail.version],
          pseudonym: pseudonym.trim(),
          unit,
          role: role.trim() || null,
          responsible,
          contact: contact.trim() || null,
        }),
      t('desk.organize.person_edit.saved', { name: pseudonym.trim() }),
    );
    if (ok) saved();
  };
  return (
    <form class="org-form" id="person-edit-form" onSubmit={(e) => void submit(e)}>
      <h3>{t('desk.organize.person_edit.heading')}</h3>
      <div class="pair">
        <Field id="person-edit-pseudonym" label={t('desk.organize.person.pseudonym')}>
          <input
            required
            maxLength={100}
            value={pseudonym}
            onInput={(e) => setPseudonym(e.currentTarget.value)}
          />
        </Field>
        <Field id="person-edit-unit" label={t('desk.organize.person.unit')}>
          <select value={unit} onChange={(e) => setUnit(e.currentTarget.value)}>
            <Options options={units.map((u) => ({ value: u.id, label: u.name }))} />
          </select>
        </Field>
      </div>
      <Field id="person-edit-role" label={t('desk.organize.person.role')}>
        <input maxLength={100} value={role} onInput={(e) => setRole(e.currentTarget.value)} />
      </Field>
      <Responsible state={state} person={detail.id} value={responsible} onChange={setResponsible} />
      <details id="person-contact">
        <summary>{t('desk.organize.person_edit.contact_show')}</summary>
        <Field
          id="person-edit-contact"
          label={t('desk.organize.person_edit.contact')}
          hint={t('desk.organize.person_edit.contact_hint')}
        >
          <input
            maxLength={300}
            autoComplete="off"
            value={contact}
            onInput={(e) => setContact(e.currentTarget.value)}
          />
        </Field>
      </details>
      <Failure state={state} form="person-edit" />
      <button type="submit" class="primary" disabled={state.busy.value === 'person-edit'}>
        {t('desk.organize.person_edit.save')}
      </button>
    </form>
  );
}

/** The person read whole, then their form; a person in conflict is resolved first (Versions). */
export function PersonEdit({
  state,
  person,
}: {
  state: CollectiveState;
  person: PersonView;
}): JSX.Element | null {
  const ctx = useDesk();
  const [detail, setDetail] = useState<PersonDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    getPersonApi(state.id, person.id).then(
      (d) => live && setDetail(d),
      (err: unknown) => live && !ctx.signedOut(err) && setError(err),
    );
    return () => {
      live = false;
    };
  }, [person.id, round]);
  if (person.conflict) return null;
  if (error) return <ErrorLine error={error} />;
  if (!detail) return <LoadingLine />;
  return (
    <>
      <p class="muted" id="person-responsible">
        {`${t('desk.organize.responsible.label')}: ${detail.responsible ? state.pseudonymOf(detail.responsible) : t('desk.organize.responsible.none')}`}
      </p>
      <EditForm key={detail.version} state={state} detail={detail} saved={() => setRound(round + 1)} />
    </>
  );
}
