// The parts of a collective's page around the wall chart: add a person, the structure tests
// against their target, the organizers (admin), and the collective's own versions when desk
// nodes edited it apart. Tasks and follow-ups are in tasks.tsx and follow-ups.tsx.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../../shared/http.js';
import { has } from '../../shared/i18n.js';
import { ErrorLine, Field, Options } from '../controls.js';
import { formatDay, formatNumber, t } from '../i18n.js';
import type { CollectiveState } from './collective-state.js';
import {
  addPersonApi,
  addTestApi,
  assignApi,
  type CollectiveView,
  editCollectiveApi,
} from './organize-api.js';
import { percent } from './wall-chart.js';

export function Failure({ state, form }: { state: CollectiveState; form: string }): JSX.Element | null {
  const failed = state.writeError.value;
  if (failed?.form !== form) return null;
  // Refusals only organizing gives are worded in this chunk's messages (`desk.organize.error.*`).
  const own = failed.error instanceof ApiError ? `desk.organize.error.${failed.error.code}` : '';
  return own && has(own) ? (
    <p class="error" role="alert" id={`${form}-error`}>
      {t(own)}
    </p>
  ) : (
    <ErrorLine error={failed.error} id={`${form}-error`} />
  );
}

export function AddPerson({ state, view }: { state: CollectiveState; view: CollectiveView }): JSX.Element {
  const units = view.collective.units;
  const [pseudonym, setPseudonym] = useState('');
  const [unit, setUnit] = useState(units[0]?.id ?? '');
  const [role, setRole] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    const name = pseudonym.trim();
    if (!name || !unit) return;
    const ok = await state.write(
      'person',
      () =>
        addPersonApi(state.csrf, state.id, {
          pseudonym: name,
          unit,
          ...(role.trim() ? { role: role.trim() } : {}),
        }),
      t('desk.organize.person.added', { name }),
    );
    if (ok) {
      setPseudonym('');
      setRole('');
      document.getElementById('person-pseudonym')?.focus();
    }
  };
  return (
    <form class="panel org-form inline-form" id="person-form" onSubmit={(e) => void submit(e)}>
      <h2>{t('desk.organize.person.heading')}</h2>
      <p class="hint">{t('desk.organize.person.hint')}</p>
      <Field id="person-pseudonym" label={t('desk.organize.person.pseudonym')}>
        <input
          required
          maxLength={100}
          value={pseudonym}
          onInput={(e) => setPseudonym(e.currentTarget.value)}
        />
      </Field>
      <Field id="person-unit" label={t('desk.organize.person.unit')}>
        <select value={unit} onChange={(e) => setUnit(e.currentTarget.value)}>
          <Options options={units.map((u) => ({ value: u.id, label: u.name }))} />
        </select>
      </Field>
      <Field id="person-role" label={t('desk.organize.person.role')}>
        <input maxLength={100} value={role} onInput={(e) => setRole(e.currentTarget.value)} />
      </Field>
      <Failure state={state} form="person" />
      <button type="submit" class="primary" disabled={state.busy.value === 'person'}>
        {t('desk.organize.person.add')}
      </button>
    </form>
  );
}

const TEST_KINDS = ['petition', 'sticker_day', 'photo', 'meeting'] as const;

export function Tests({ state, view }: { state: CollectiveState; view: CollectiveView }): JSX.Element {
  const units = view.collective.units;
  const [kind, setKind] = useState<(typeof TEST_KINDS)[number]>('petition');
  const [target, setTarget] = useState('50');
  const [deadline, setDeadline] = useState('');
  const [counts, setCounts] = useState<Record<string, string>>({});
  const submit = async (e: Event) => {
    e.preventDefault();
    const tally = units.map((u) => ({
      unit: u.id,
      count: Math.max(0, Math.floor(Number(counts[u.id] || 0))),
    }));
    const ok = await state.write(
      'test',
      () =>
        addTestApi(state.csrf, state.id, {
          kind,
          target_share: Math.min(100, Math.max(0, Number(target) || 0)) / 100,
          deadline: deadline || null,
          tally,
        }),
      t('desk.organize.test.done'),
    );
    if (ok) setCounts({});
  };
  return (
    <section class="panel" aria-labelledby="tests-heading" id="tests">
      <h2 id="tests-heading">{t('desk.organize.test.heading')}</h2>
      {view.tests.map((test) => (
        <table class="org-test" key={test.id} data-test={test.id}>
          <caption>
            {`${t(`desk.organize.test.kind.${test.kind}`)} · ${t('desk.organize.test.target_is', { share: percent(test.target_share) })}${test.deadline ? ` · ${formatDay(test.deadline)}` : ''}`}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('desk.organize.test.unit')}</th>
              <th scope="col">{t('desk.organize.test.count')}</th>
              <th scope="col">{t('desk.organize.test.share')}</th>
            </tr>
          </thead>
          <tbody>
            {test.units.map((u) => (
              <tr key={u.unit} class={u.reached ? 'reached' : 'short'}>
                <th scope="row">{u.name}</th>
                <td>{`${formatNumber(u.count)} / ${formatNumber(u.size)}`}</td>
                <td data-reached={String(u.reached)}>
                  {`${percent(u.share)} ${u.reached ? t('desk.organize.test.reached') : t('desk.organize.test.short')}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <form class="org-form" id="test-form" onSubmit={(e) => void submit(e)}>
        <h3>{t('desk.organize.test.new')}</h3>
        <div class="pair">
          <Field id="test-kind" label={t('desk.organize.test.kind_label')}>
            <select value={kind} onChange={(e) => setKind(e.currentTarget.value as typeof kind)}>
              <Options
                options={TEST_KINDS.map((k) => ({ value: k, label: t(`desk.organize.test.kind.${k}`) }))}
              />
            </select>
          </Field>
          <Field id="test-target" label={t('desk.organize.test.target')}>
            <input
              type="number"
              min={0}
              max={100}
              value={target}
              onInput={(e) => setTarget(e.currentTarget.value)}
            />
          </Field>
        </div>
        <Field id="test-deadline" label={t('desk.organize.test.deadline')}>
          <input type="date" value={deadline} onInput={(e) => setDeadline(e.currentTarget.value)} />
        </Field>
        <fieldset class="checks">
          <legend>{t('desk.organize.test.tally')}</legend>
          {units.map((u) => (
            <Field key={u.id} id={`tally-${u.id}`} label={u.name}>
              <input
                type="number"
                min={0}
                inputMode="numeric"
                value={counts[u.id] ?? ''}
                onInput={(e) => setCounts({ ...counts, [u.id]: e.currentTarget.value })}
              />
            </Field>
          ))}
        </fieldset>
        <Failure state={state} form="test" />
        <button type="submit" class="primary" disabled={state.busy.value === 'test'}>
          {t('desk.organize.test.save')}
        </button>
      </form>
    </section>
  );
}

/** An admin assigns the organizers who may work on the collective (desk usernames). */
export function Organizers({ state, view }: { state: CollectiveState; view: CollectiveView }): JSX.Element {
  const [names, setNames] = useState(view.collective.organizers.join(', '));
  const submit = (e: Event) => {
    e.preventDefault();
    const organizers = [...new Set(names.split(/[\s,]+/).filter(Boolean))];
    void state.write(
      'organizers',
      () => assignApi(state.csrf, state.id, organizers),
      t('desk.organize.organizers.done'),
    );
  };
  return (
    <form class="panel org-form" id="organizers-form" onSubmit={submit}>
      <h2>{t('desk.organize.organizers.heading')}</h2>
      <Field
        id="organizers"
        label={t('desk.organize.organizers.label')}
        hint={t('desk.organize.organizers.hint')}
      >
        <input value={names} onInput={(e) => setNames(e.currentTarget.value)} />
      </Field>
      <Failure state={state} form="organizers" />
      <button type="submit" disabled={state.busy.value === 'organizers'}>
        {t('desk.organize.organizers.save')}
      </button>
    </form>
  );
}

/** The collective edited apart on two desk nodes: each version, and keep one of them. */
export function CollectiveConflict({
  state,
  view,
}: {
  state: CollectiveState;
  view: CollectiveView;
}): JSX.Element | null {
  const c = view.collective;
  if (!c.conflict || !c.versions) return null;
  const versions = c.versions;
  const keep = (v: (typeof versions)[number]) =>
    state.write(
      'resolve-collective',
      () =>
        editCollectiveApi(state.csrf, state.id, {
          prev: versions.map((x) => x.version),
          name: v.name,
          stage: v.stage,
          settlement: v.settlement,
          admin1: v.admin1,
          sector: v.sector,
          headcount: v.headcount,
          needs: v.needs,
          units: c.units.map((u) => v.units.find((x) => x.id === u.id) ?? u),
        }),
      t('desk.organize.conflict.resolved'),
    );
  return (
    <section
      class="conflict org-conflict"
      id="collective-conflict"
      aria-labelledby="collective-conflict-heading"
    >
      <h2 id="collective-conflict-heading">{t('desk.organize.conflict.collective')}</h2>
      <ol class="org-versions">
        {versions.map((v, i) => (
          <li key={v.version}>
            <p>
              <strong>{v.name}</strong>
              {` · ${t(`desk.organize.stage.${v.stage}`)} · ${v.units.map((u) => `${u.name} (${u.size})`).join(', ')}`}
            </p>
            <button type="button" id={`keep-collective-${i}`} onClick={() => void keep(v)}>
              {t('desk.organize.conflict.keep')}
            </button>
          </li>
        ))}
      </ol>
      <Failure state={state} form="resolve-collective" />
    </section>
  );
}
