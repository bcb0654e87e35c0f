// Merging a cluster into another, picked from a list: the editor finds clusters by words of
// their reports or by a place (in any script), picks one, confirms, and lands on the merged
// cluster. No cluster id is typed.
import { batch, signal } from '@preact/signals';
import type { JSX } from 'preact';
import { ErrorLine, Field, focusSoon } from './controls.js';
import { assignCluster, type ClusterSummary, findClusters } from './desk-api.js';
import type { DeskContext } from './desk-context.js';
import { formatDateTime, formatNumber, t } from './i18n.js';
import type { ReportList } from './report-list-state.js';
import { hashFor } from './route.js';

/** A cluster in a few words: where, how big, and the start of its newest report. */
export function clusterLabel(c: ClusterSummary): string {
  const size = t('desk.cluster.size', { n: formatNumber(c.size), sources: formatNumber(c.sources) });
  return [c.settlement, size, formatDateTime(c.latest_at), `«${c.sample}»`].filter(Boolean).join(' · ');
}

export class MergePicker {
  readonly query = signal('');
  readonly found = signal<ClusterSummary[] | null>(null);
  readonly picked = signal<ClusterSummary | null>(null);
  /** Which reports wait for the editor's yes: the selected ones or the whole cluster. */
  readonly confirming = signal<'selected' | 'all' | null>(null);
  readonly busy = signal(false);
  readonly error = signal<unknown>(null);

  constructor(
    private readonly ctx: DeskContext,
    readonly cluster: string,
    private readonly list: ReportList,
  ) {}

  /** Clusters matching the words as text or as a place, newest first (both asked at once). */
  async search(): Promise<void> {
    const typed = this.query.value.trim();
    batch(() => {
      this.busy.value = true;
      this.error.value = null;
      this.picked.value = null;
      this.confirming.value = null;
    });
    try {
      const exclude = this.cluster;
      const [byPlace, byText] = await Promise.all(
        typed
          ? [findClusters({ settlement: typed, exclude }), findClusters({ q: typed, exclude })]
          : [findClusters({ exclude }), Promise.resolve([])],
      );
      const seen = new Set<string>();
      this.found.value = [...byPlace, ...byText].filter((c) => !seen.has(c.cluster) && seen.add(c.cluster));
    } catch (error) {
      if (!this.ctx.signedOut(error)) this.error.value = error;
    }
    this.busy.value = false;
  }

  /** The ids the merge moves. */
  ids(which: 'selected' | 'all'): string[] {
    return which === 'all' ? this.list.reports.value.map((r) => r.id) : this.list.ids();
  }

  /** Move the reports, then open the cluster they joined with a word of what happened. */
  async merge(): Promise<void> {
    const target = this.picked.value;
    const which = this.confirming.value;
    if (!target || !which) return;
    const ids = this.ids(which);
    batch(() => {
      this.busy.value = true;
      this.error.value = null;
    });
    try {
      await assignCluster(this.ctx.session.csrf_token, ids, target.cluster);
      const n = ids.length;
      this.ctx.go(hashFor(`cluster/${encodeURIComponent(target.cluster)}`), () =>
        t('desk.cluster.merged_here', { n: formatNumber(n) }),
      );
    } catch (error) {
      batch(() => {
        this.busy.value = false;
        if (!this.ctx.signedOut(error)) this.error.value = error;
      });
    }
  }
}

function Found({ picker }: { picker: MergePicker }): JSX.Element | null {
  const found = picker.found.value;
  if (found === null) return null;
  if (found.length === 0) return <p class="muted">{t('desk.cluster.none_found')}</p>;
  return (
    <fieldset class="checks merge-found">
      <legend>{t('desk.cluster.found')}</legend>
      <div class="check-list">
        {found.map((c) => (
          <label class="check" key={c.cluster}>
            <input
              type="radio"
              name="merge_target"
              value={c.cluster}
              checked={picker.picked.value?.cluster === c.cluster}
              onChange={() => {
                batch(() => {
                  picker.picked.value = c;
                  picker.confirming.value = null;
                });
              }}
            />{' '}
            {clusterLabel(c)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function Confirm({ picker }: { picker: MergePicker }): JSX.Element | null {
  const which = picker.confirming.value;
  const target = picker.picked.value;
  if (!which || !target) return null;
  const n = picker.ids(which).length;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a question and its two answers, not a form group with a legend
    <div class="confirm" role="group" aria-labelledby="merge-confirm-text">
      <p id="merge-confirm-text" tabIndex={-1}>
        {t(which === 'all' ? 'desk.cluster.confirm_all' : 'desk.cluster.confirm_selected', {
          n: formatNumber(n),
          target: clusterLabel(target),
        })}
      </p>
      <button
        type="button"
        class="primary"
        id="merge-yes"
        disabled={picker.busy.value}
        onClick={() => void picker.merge()}
      >
        {t('desk.cluster.merge_yes')}
      </button>
      <button
        type="button"
        onClick={() => {
          picker.confirming.value = null;
          focusSoon('merge-find');
        }}
      >
        {t('desk.cluster.merge_cancel')}
      </button>
    </div>
  );
}

/** Find a cluster, pick it, confirm: the merge part of the cluster view. */
export function MergeSection({ picker }: { picker: MergePicker }): JSX.Element {
  const none = !picker.picked.value || picker.busy.value;
  const ask = (which: 'selected' | 'all') => {
    picker.confirming.value = which;
    focusSoon('merge-confirm-text');
  };
  return (
    <section class="merge" aria-labelledby="merge-heading">
      <h2 id="merge-heading">{t('desk.cluster.merge_heading')}</h2>
      {/* biome-ignore lint/a11y/useSemanticElements: <search> is too new for the browsers the desk supports (Safari 13) */}
      <form
        class="inline-form"
        role="search"
        aria-labelledby="merge-heading"
        onSubmit={(e) => {
          e.preventDefault();
          void picker.search();
        }}
      >
        <Field id="merge-find" label={t('desk.cluster.find')} hint={t('desk.cluster.find_hint')}>
          <input
            name="merge_find"
            type="search"
            enterKeyHint="search"
            value={picker.query}
            onInput={(e) => {
              picker.query.value = e.currentTarget.value;
            }}
          />
        </Field>
        <button type="submit" id="merge-search" disabled={picker.busy.value}>
          {t('desk.cluster.find_button')}
        </button>
      </form>
      {picker.error.value ? <ErrorLine error={picker.error.value} /> : null}
      <Found picker={picker} />
      <div class="inline-form">
        <button
          type="button"
          id="cluster-merge-selected"
          disabled={none || picker.ids('selected').length === 0}
          onClick={() => ask('selected')}
        >
          {t('desk.cluster.merge_selected')}
        </button>
        <button
          type="button"
          id="cluster-merge-all"
          disabled={none || picker.ids('all').length === 0}
          onClick={() => ask('all')}
        >
          {t('desk.cluster.merge_all')}
        </button>
      </div>
      <Confirm picker={picker} />
    </section>
  );
}
