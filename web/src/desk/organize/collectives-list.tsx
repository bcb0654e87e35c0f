// Organize (`#/organize`): the collectives the user works on, by stage with their last activity,
// and a form to start one (name, enterprise, settlement, units with their sizes). An editor
// sees counts only: the node gives them no collective.
import { signal } from '@preact/signals';
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorLine, Field, LoadingLine, Time, useTitle, ViewHead } from '../controls.js';
import { type DeskContext, useDesk, useRouteState } from '../desk-context.js';
import { formatNumber, t } from '../i18n.js';
import { hashFor } from '../route.js';
import { STAGES } from './collective.js';
import {
  type CollectiveSummary,
  createCollectiveApi,
  getStats,
  listCollectivesApi,
  type OrganizeStats,
} from './organize-api.js';

class ListState {
  readonly collectives = signal<CollectiveSummary[] | null>(null);
  readonly stats = signal<OrganizeStats | null>(null);
  readonly error = signal<unknown>(null);

  constructor(private readonly ctx: DeskContext) {}

  get organizing(): boolean {
    const role = this.ctx.session.account.role;
    return role === 'organizer' || role === 'admin';
  }

  async load(): Promise<void> {
    try {
      const [stats, collectives] = await Promise.all([
        getStats(),
        this.organizing ? listCollectivesApi() : Promise.resolve(null),
      ]);
      this.stats.value = stats;
      this.collectives.value = collectives;
    } catch (error) {
      if (!this.ctx.signedOut(error)) this.error.value = error;
    }
  }
}

function Stats({ stats }: { stats: OrganizeStats }): JSX.Element {
  return (
    <section class="panel" aria-labelledby="org-stats-heading" id="org-stats">
      <h2 id="org-stats-heading">{t('desk.organize.stats.heading')}</h2>
      <dl class="facts inline">
        <div>
          <dt>{t('desk.organize.stats.collectives')}</dt>
          <dd>{formatNumber(stats.collectives)}</dd>
        </div>
        {STAGES.map((s) => (
          <div key={s}>
            <dt>{t(`desk.organize.stage.${s}`)}</dt>
            <dd data-stage={s}>{formatNumber(stats.by_stage[s])}</dd>
          </div>
        ))}
        <div>
          <dt>{t('desk.organize.stats.people')}</dt>
          <dd>{formatNumber(stats.people)}</dd>
        </div>
        <div>
          <dt>{t('desk.organize.stats.assessed')}</dt>
          <dd>{formatNumber(stats.assessed)}</dd>
        </div>
        <div>
          <dt>{t('desk.organize.stats.ones_and_twos')}</dt>
          <dd>{formatNumber(stats.ones_and_twos)}</dd>
        </div>
      </dl>
    </section>
  );
}

function ByStage({ collectives }: { collectives: CollectiveSummary[] }): JSX.Element {
  if (collectives.length === 0) return <p class="muted">{t('desk.organize.list.empty')}</p>;
  return (
    <>
      {[...STAGES].reverse().map((stage) => {
        const here = collectives.filter((c) => c.stage === stage);
        if (here.length === 0) return null;
        return (
          <section key={stage} aria-labelledby={`stage-${stage}`}>
            <h2
              id={`stage-${stage}`}
            >{`${t(`desk.organize.stage.${stage}`)} (${formatNumber(here.length)})`}</h2>
            <ul class="items org-list">
              {here.map((c) => (
                <li key={c.id} data-collective={c.id}>
                  <a href={hashFor(`organize/${encodeURIComponent(c.id)}`)}>
                    <strong>{c.name}</strong>
                  </a>
                  {c.conflict ? <span class="chip noise">{t('desk.organize.conflict.short')}</span> : null}
                  <span class="muted">
                    {[c.settlement, c.admin1].filter(Boolean).map((p) => ` · ${p}`)}
                    {' · '}
                    {c.last_activity ? (
                      <>
                        {`${t('desk.organize.list.last_activity')} `}
                        <Time at={c.last_activity} />
                      </>
                    ) : (
                      t('desk.organize.list.no_activity')
                    )}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}

interface UnitRow {
  name: string;
  size: string;
}

function CreateForm({ ctx }: { ctx: DeskContext }): JSX.Element {
  const [name, setName] = useState('');
  const [enterprise, setEnterprise] = useState('');
  const [settlement, setSettlement] = useState('');
  const [units, setUnits] = useState<UnitRow[]>([{ name: '', size: '' }]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const setUnit = (i: number, part: Partial<UnitRow>) =>
    setUnits(units.map((u, j) => (j === i ? { ...u, ...part } : u)));
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const created = await createCollectiveApi(ctx.session.csrf_token, {
        name: name.trim(),
        units: units
          .filter((u) => u.name.trim())
          .map((u) => ({ name: u.name.trim(), size: Math.max(0, Math.floor(Number(u.size) || 0)) })),
        ...(enterprise.trim() ? { enterprise: { name: enterprise.trim() } } : {}),
        ...(settlement.trim() ? { settlement: settlement.trim() } : {}),
      });
      ctx.announce(t('desk.organize.create.done', { name: name.trim() }));
      ctx.go(hashFor(`organize/${encodeURIComponent(created.id)}`));
    } catch (err) {
      if (!ctx.signedOut(err)) setError(err);
    }
    setBusy(false);
  };
  return (
    <form class="panel org-form" id="create-collective" onSubmit={(e) => void submit(e)}>
      <h2>{t('desk.organize.create.heading')}</h2>
      <Field id="collective-name" label={t('desk.organize.create.name')}>
        <input required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </Field>
      <div class="pair">
        <Field id="collective-enterprise" label={t('desk.organize.create.enterprise')}>
          <input maxLength={200} value={enterprise} onInput={(e) => setEnterprise(e.currentTarget.value)} />
        </Field>
        <Field id="collective-settlement" label={t('desk.organize.create.settlement')}>
          <input maxLength={200} value={settlement} onInput={(e) => setSettlement(e.currentTarget.value)} />
        </Field>
      </div>
      <fieldset class="checks">
        <legend>{t('desk.organize.create.units')}</legend>
        {units.map((u, i) => (
          <div class="pair" key={i}>
            <Field id={`unit-name-${i}`} label={t('desk.organize.create.unit_name', { n: i + 1 })}>
              <input
                maxLength={200}
                value={u.name}
                onInput={(e) => setUnit(i, { name: e.currentTarget.value })}
              />
            </Field>
            <Field id={`unit-size-${i}`} label={t('desk.organize.create.unit_size', { n: i + 1 })}>
              <input
                type="number"
                min={0}
                inputMode="numeric"
                value={u.size}
                onInput={(e) => setUnit(i, { size: e.currentTarget.value })}
              />
            </Field>
          </div>
        ))}
        <button type="button" id="add-unit" onClick={() => setUnits([...units, { name: '', size: '' }])}>
          {t('desk.organize.create.add_unit')}
        </button>
      </fieldset>
      {error ? <ErrorLine error={error} /> : null}
      <button type="submit" class="primary" disabled={busy}>
        {t('desk.organize.create.save')}
      </button>
    </form>
  );
}

export function CollectivesList(): JSX.Element {
  const ctx = useDesk();
  const state = useRouteState('collectives', () => {
    const s = new ListState(ctx);
    void s.load();
    return s;
  });
  useTitle(t('desk.organize.title'));
  const collectives = state.collectives.value;
  const stats = state.stats.value;
  return (
    <div class="view organize">
      <ViewHead title={t('desk.organize.title')} />
      {ctx.session.account.role !== 'viewer' ? (
        <p>
          <a href={hashFor('organize/joins')} id="join-requests-link">
            {t('desk.organize.join.title')}
          </a>
        </p>
      ) : null}
      {state.error.value ? <ErrorLine error={state.error.value} /> : null}
      {!stats && !state.error.value ? <LoadingLine /> : null}
      {stats ? <Stats stats={stats} /> : null}
      {state.organizing && collectives ? <ByStage collectives={collectives} /> : null}
      {state.organizing ? <CreateForm ctx={ctx} /> : <p class="hint">{t('desk.organize.counts_only')}</p>}
    </div>
  );
}
