// One cluster: the reports the analysis grouped as one event. The editor splits some off into
// a new cluster, merges them (or the whole cluster) into another picked from a list
// (cluster-merge.tsx), and codes the event.
import { batch, signal } from '@preact/signals';
import type { JSX } from 'preact';
import { MergePicker, MergeSection } from './cluster-merge.js';
import { ErrorLine, Field, randomSuffix, useTitle, ViewHead } from './controls.js';
import { assignCluster } from './desk-api.js';
import { type DeskContext, useDesk, useRouteState } from './desk-context.js';
import { formatNumber, t } from './i18n.js';
import { ReportItems, ReportToolbar } from './report-list.js';
import { ReportList } from './report-list-state.js';
import { hashFor } from './route.js';

/** A cluster's reports and what the editor does with them. */
export class ClusterState {
  /** A cluster is a handful of reports, rarely hundreds: one big page shows it whole. */
  readonly list: ReportList;
  readonly splitName = signal('');
  readonly merge: MergePicker;
  readonly error = signal<unknown>(null);
  readonly busy = signal(false);

  constructor(
    private readonly ctx: DeskContext,
    readonly cluster: string,
  ) {
    this.list = new ReportList(ctx, () => ({ cluster, status: 'all' }), 200);
    this.merge = new MergePicker(ctx, cluster, this.list);
    this.splitName.value = this.newSplitName();
  }

  private newSplitName(): string {
    return `${this.cluster.slice(0, 12)}-split-${randomSuffix(2)}`;
  }

  /** Move reports to a new cluster of the given name (a split). */
  async assign(ids: string[], target: string, done: string): Promise<void> {
    if (ids.length === 0 || !target.trim()) return;
    batch(() => {
      this.busy.value = true;
      this.error.value = null;
    });
    try {
      await assignCluster(this.ctx.session.csrf_token, ids, target.trim());
      this.busy.value = false;
      this.ctx.announce(done);
      this.splitName.value = this.newSplitName();
      await this.list.load();
    } catch (error) {
      this.busy.value = false;
      if (this.ctx.signedOut(error)) return;
      this.error.value = error;
    }
  }

  split(): Promise<void> {
    const target = this.splitName.value.trim();
    return this.assign(this.list.ids(), target, t('desk.cluster.split_done', { id: target }));
  }
}

function Facts({ list }: { list: ReportList }): JSX.Element {
  const reports = list.reports.value;
  const first = reports[0];
  // The node counts sources over the whole cluster: reports from one reporter key count once.
  const sources = first ? first.cluster_sources : new Set(reports.map((r) => r.reporter)).size;
  const size = first ? first.cluster_size : reports.length;
  return (
    <dl class="facts inline">
      <div>
        <dt>{t('desk.cluster.reports')}</dt>
        <dd id="cluster-size">{formatNumber(size)}</dd>
      </div>
      <div>
        <dt>{t('desk.cluster.sources')}</dt>
        <dd id="cluster-sources">{formatNumber(sources)}</dd>
      </div>
    </dl>
  );
}

function Actions({ state }: { state: ClusterState }): JSX.Element {
  const none = state.list.selected.value.size === 0 || state.busy.value;
  return (
    <div class="inline-form">
      <Field id="split-name" label={t('desk.cluster.split_name')}>
        <input
          name="split_name"
          type="text"
          spellcheck={false}
          value={state.splitName}
          onInput={(e) => {
            state.splitName.value = e.currentTarget.value;
          }}
        />
      </Field>
      <button type="button" id="cluster-split" disabled={none} onClick={() => void state.split()}>
        {t('desk.cluster.split')}
      </button>
    </div>
  );
}

export function ClusterView({ cluster }: { cluster: string }): JSX.Element {
  const ctx = useDesk();
  const state = useRouteState('state', () => {
    const s = new ClusterState(ctx, cluster);
    void s.list.load();
    // The clusters to merge into start as the most recent ones; a search narrows them.
    if (ctx.canEdit) void s.merge.search();
    return s;
  });
  const id = cluster.length > 24 ? `${cluster.slice(0, 12)}…` : cluster;
  const title = t('desk.cluster.title', { id });
  useTitle(title);
  return (
    <div class="view cluster">
      <ViewHead title={title}>
        <a href={hashFor('inbox')} class="button-link">
          {t('desk.back_to_inbox')}
        </a>
      </ViewHead>
      <p class="muted">
        <code class="key" id="cluster-id">
          {cluster}
        </code>
      </p>
      <Facts list={state.list} />
      {ctx.canEdit && state.list.reports.value.length > 0 ? (
        <p>
          <a class="button-link primary" id="code-cluster" href={hashFor('event/new', { cluster })}>
            {t('desk.cluster.code')}
          </a>
        </p>
      ) : null}
      {state.error.value ? <ErrorLine error={state.error.value} /> : null}
      <ReportToolbar list={state.list}>{ctx.canEdit ? <Actions state={state} /> : null}</ReportToolbar>
      {ctx.canEdit && state.list.reports.value.length > 0 ? <MergeSection picker={state.merge} /> : null}
      <ReportItems list={state.list} clusterLink={false} />
    </div>
  );
}
