// The Program chunk's entry (`#/program`): brings its messages and draws the drafting of the
// common program: the demand inventory, the planks, the amendments, the votes and publishing.

import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import en from '../../../i18n/en.json' with { type: 'json' };
import kk from '../../../i18n/kk.json' with { type: 'json' };
import ru from '../../../i18n/ru.json' with { type: 'json' };
import { addMessages } from '../../shared/i18n.js';
import { ErrorLine, LoadingLine, useTitle, ViewHead } from '../controls.js';
import { useDesk, useRouteState } from '../desk-context.js';
import { formatDateTime, t } from '../i18n.js';
import { Amendments } from './amendments.js';
import { FormError, useFormError } from './form-error.js';
import { Inventory } from './inventory.js';
import { ProgramMeta } from './meta.js';
import { Planks } from './planks.js';
import { publishProgramApi } from './program-api.js';
import { drafts, ProgramState } from './program-model.js';
import { Votes } from './votes.js';

// The build gives this chunk only the `desk.program.*` messages (scripts/build-web.mjs).
addMessages({ ru, kk, en });

function Publish({ state }: { state: ProgramState }): JSX.Element {
  const form = useFormError('program-publish');
  const published = state.data.value?.published;
  const adopted = state.data.value?.planks.filter((p) => p.status !== 'draft' && p.status !== 'put_to_vote');
  return (
    <section class="panel" aria-labelledby="program-publish-heading">
      <h2 id="program-publish-heading">{t('desk.program.publish.heading')}</h2>
      <p id="program-published">
        {published
          ? t('desk.program.publish.last', { date: formatDateTime(published.created_at) })
          : t('desk.program.publish.never')}{' '}
        {t('desk.program.publish.adopted', { n: adopted?.length ?? 0 })}
      </p>
      {drafts(state.role) ? (
        <p class="actions">
          <button
            type="button"
            class="primary"
            id="program-publish"
            disabled={state.busy.value !== null}
            onClick={() =>
              void state
                .write(
                  'program-publish',
                  () => publishProgramApi(state.csrf),
                  t('desk.program.publish.done'),
                  form.fail,
                )
                .then(form.settle)
            }
          >
            {state.busy.value === 'program-publish'
              ? t('desk.program.busy')
              : t('desk.program.publish.button')}
          </button>
        </p>
      ) : null}
      <FormError id="program-publish-error" error={form.error.value} />
    </section>
  );
}

export function ProgramView(): JSX.Element {
  const ctx = useDesk();
  const state = useRouteState('program', () => {
    const s = new ProgramState(ctx);
    void s.load();
    return s;
  });
  const title = t('desk.program.title');
  useTitle(title);
  // The chunk arrives after the route opened: the heading it draws takes the focus then.
  useEffect(() => {
    document.querySelector<HTMLElement>('#app h1')?.focus();
  }, []);
  const data = state.data.value;
  return (
    <div class="view program">
      <ViewHead title={title}>
        <a href="/program" class="button-link">
          {t('desk.program.public')}
        </a>
      </ViewHead>
      <p class="muted">{t('desk.program.intro', { n: data?.threshold ?? 3 })}</p>
      {state.notice.value ? (
        <p class="notice" role="status" id="program-notice">
          {state.notice.value}
        </p>
      ) : null}
      {state.error.value ? <ErrorLine error={state.error.value} /> : null}
      {!data && !state.error.value ? <LoadingLine /> : null}
      {data ? (
        <>
          <Inventory state={state} />
          <Planks state={state} />
          <Amendments state={state} />
          <Votes state={state} />
          <ProgramMeta state={state} />
          <Publish state={state} />
        </>
      ) : null}
    </div>
  );
}
