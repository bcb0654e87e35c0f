// A collective's page (`#/organize/ID`): its stage, the wall chart, the picked person's panel,
// follow-ups due, adding people, structure tests, tasks and (admin) its organizers.
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { ErrorLine, Field, LoadingLine, Options, useTitle, ViewHead } from '../controls.js';
import { useDesk, useRouteState } from '../desk-context.js';
import { formatNumber, t } from '../i18n.js';
import { hashFor } from '../route.js';
import { CollectiveAims } from './collective-aims.js';
import { AddPerson, CollectiveConflict, Failure, Organizers, Tests } from './collective-parts.js';
import { CollectiveState } from './collective-state.js';
import { FollowUps } from './follow-ups.js';
import { type CollectiveView, editCollectiveApi } from './organize-api.js';
import { PersonPanel } from './person-panel.js';
import { ProfilePanel } from './profile-panel.js';
import { Tasks } from './tasks.js';
import { WallChart } from './wall-chart.js';

export const STAGES = ['contact', 'initiative_group', 'committee', 'union'] as const;

function Stage({ state, view }: { state: CollectiveState; view: CollectiveView }): JSX.Element {
  const c = view.collective;
  const change = (stage: (typeof STAGES)[number]) =>
    void state.write(
      'stage',
      () => editCollectiveApi(state.csrf, state.id, { prev: [c.version], stage }),
      t('desk.organize.stage.changed', { stage: t(`desk.organize.stage.${stage}`) }),
    );
  return (
    <div class="org-stage">
      <Field id="collective-stage" label={t('desk.organize.stage.label')}>
        <select
          value={c.stage}
          disabled={c.conflict || state.busy.value === 'stage'}
          onChange={(e) => change(e.currentTarget.value as (typeof STAGES)[number])}
        >
          <Options options={STAGES.map((s) => ({ value: s, label: t(`desk.organize.stage.${s}`) }))} />
        </select>
      </Field>
      <Failure state={state} form="stage" />
    </div>
  );
}

export function CollectivePage({ id }: { id: string }): JSX.Element {
  const ctx = useDesk();
  const state = useRouteState('collective', () => {
    const s = new CollectiveState(ctx, id);
    void s.load();
    return s;
  });
  const view = state.view.value;
  useTitle(view?.collective.name ?? t('desk.organize.title'));
  const picked = state.person(state.picked.value);
  useEffect(() => {
    if (picked) document.getElementById('person-heading')?.focus();
  }, [picked?.id]);
  if (!view) {
    return (
      <div class="view organize">
        <ViewHead title={t('desk.organize.title')} />
        {state.error.value ? <ErrorLine error={state.error.value} /> : <LoadingLine />}
        <a href={hashFor('organize')}>{t('desk.organize.back')}</a>
      </div>
    );
  }
  const c = view.collective;
  const assessed = view.coverage.reduce((sum, u) => sum + u.assessed, 0);
  return (
    <div class="view organize">
      <ViewHead title={c.name}>
        <a href={hashFor('organize')}>{t('desk.organize.back')}</a>
      </ViewHead>
      <p class="muted">
        {[c.enterprise?.name, c.settlement, c.admin1].filter(Boolean).join(' · ')}
        {` · ${t('desk.organize.summary', { people: formatNumber(view.people.length), assessed: formatNumber(assessed), assessments: formatNumber(view.assessments) })}`}
      </p>
      <CollectiveConflict state={state} view={view} />
      <Stage state={state} view={view} />
      <FollowUps state={state} view={view} />
      <section aria-labelledby="wall-heading">
        <h2 id="wall-heading">{t('desk.organize.wall.heading')}</h2>
        <p class="hint">{t('desk.organize.wall.hint')}</p>
        <WallChart
          coverage={view.coverage}
          people={view.people}
          picked={state.picked.value}
          onPick={(p) => {
            state.picked.value = p;
          }}
        />
      </section>
      {picked ? <PersonPanel key={picked.id} state={state} person={picked} /> : null}
      <AddPerson state={state} view={view} />
      <Tests state={state} view={view} />
      <Tasks state={state} view={view} />
      <CollectiveAims key={view.collective.version} state={state} view={view} />
      <ProfilePanel state={state} />
      {ctx.session.account.role === 'admin' ? <Organizers state={state} view={view} /> : null}
    </div>
  );
}
