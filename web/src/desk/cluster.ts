// One cluster: the reports the analysis grouped as one event. The editor splits some off into
// a new cluster, merges them (or the whole cluster) into another, and codes the event.
import { h } from '../shared/dom.js';
import { formatNumber, t } from '../shared/i18n.js';
import { assignCluster } from './desk-api.js';
import { ReportList } from './inbox.js';
import {
  button,
  type DeskContext,
  type DeskView,
  errorLine,
  hashFor,
  input,
  labelled,
  randomSuffix,
} from './ui.js';

export class ClusterView implements DeskView {
  private list: ReportList;
  private splitName: string;
  private mergeInto = '';
  private error: unknown = null;
  private busy = false;

  constructor(
    private ctx: DeskContext,
    private cluster: string,
  ) {
    this.splitName = `${cluster.slice(0, 12)}-split-${randomSuffix(2)}`;
    // A cluster is a handful of reports, rarely hundreds: one big page shows it whole.
    this.list = new ReportList(ctx, () => ({ cluster: this.cluster, status: 'all' }), 200);
    void this.list.load();
  }

  title(): string {
    const id = this.cluster.length > 24 ? `${this.cluster.slice(0, 12)}…` : this.cluster;
    return t('desk.cluster.title', { id });
  }

  private async assign(ids: string[], target: string, done: string): Promise<void> {
    if (ids.length === 0 || !target.trim()) return;
    this.busy = true;
    this.error = null;
    this.ctx.redraw();
    try {
      await assignCluster(this.ctx.session.csrf_token, ids, target.trim());
      this.busy = false;
      this.ctx.announce(done);
      this.splitName = `${this.cluster.slice(0, 12)}-split-${randomSuffix(2)}`;
      await this.list.load();
    } catch (error) {
      this.busy = false;
      if (this.ctx.signedOut(error)) return;
      this.error = error;
      this.ctx.redraw();
    }
  }

  private facts(): HTMLElement {
    const reports = this.list.reports;
    const first = reports[0];
    // The node counts sources over the whole cluster: reports from one reporter key count once.
    const sources = first ? first.cluster_sources : new Set(reports.map((r) => r.reporter)).size;
    const size = first ? first.cluster_size : reports.length;
    return h(
      'dl',
      { class: 'facts inline' },
      h(
        'div',
        null,
        h('dt', null, t('desk.cluster.reports')),
        h('dd', { id: 'cluster-size' }, formatNumber(size)),
      ),
      h(
        'div',
        null,
        h('dt', null, t('desk.cluster.sources')),
        h('dd', { id: 'cluster-sources' }, formatNumber(sources)),
      ),
    );
  }

  private actions(): HTMLElement[] {
    if (!this.ctx.canEdit) return [];
    const none = this.list.selected.size === 0 || this.busy;
    const split = input('split_name', this.splitName, { spellcheck: 'false' });
    split.addEventListener('input', () => {
      this.splitName = split.value;
    });
    const merge = input('merge_into', this.mergeInto, { spellcheck: 'false' });
    merge.addEventListener('input', () => {
      this.mergeInto = merge.value;
    });
    return [
      h(
        'div',
        { class: 'inline-form' },
        labelled('split-name', t('desk.cluster.split_name'), split),
        button(
          t('desk.cluster.split'),
          () => {
            const target = this.splitName.trim();
            void this.assign(this.list.ids(), target, t('desk.cluster.split_done', { id: target }));
          },
          { disabled: none, id: 'cluster-split' },
        ),
      ),
      h(
        'div',
        { class: 'inline-form' },
        labelled('merge-into', t('desk.cluster.merge_into'), merge, { hint: t('desk.cluster.merge_hint') }),
        button(
          t('desk.cluster.merge_selected'),
          () =>
            void this.assign(
              this.list.ids(),
              this.mergeInto,
              t('desk.cluster.merge_done', { id: this.mergeInto }),
            ),
          { disabled: none, id: 'cluster-merge-selected' },
        ),
        button(
          t('desk.cluster.merge_all'),
          () =>
            void this.assign(
              this.list.reports.map((r) => r.id),
              this.mergeInto,
              t('desk.cluster.merge_done', { id: this.mergeInto }),
            ),
          { disabled: this.busy || this.list.reports.length === 0, id: 'cluster-merge-all' },
        ),
      ),
    ];
  }

  render(): HTMLElement {
    return h(
      'div',
      { class: 'view cluster' },
      h(
        'div',
        { class: 'view-head' },
        h('h1', { tabindex: '-1' }, this.title()),
        h('a', { href: hashFor('inbox'), class: 'button-link' }, t('desk.back_to_inbox')),
      ),
      h('p', { class: 'muted' }, h('code', { class: 'key', id: 'cluster-id' }, this.cluster)),
      this.facts(),
      this.ctx.canEdit && this.list.reports.length > 0
        ? h(
            'p',
            null,
            h(
              'a',
              {
                class: 'button-link primary',
                id: 'code-cluster',
                href: hashFor('event/new', { cluster: this.cluster }),
              },
              t('desk.cluster.code'),
            ),
          )
        : null,
      this.error ? errorLine(this.error) : null,
      this.list.toolbar(this.actions()),
      this.list.list({ clusterLink: false }),
    );
  }
}
