// The parts of a list of reports: the bulk toolbar (select all, noise, attach to an event)
// and the list itself, with "more" at the end.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { AttachPicker } from './attach-picker.js';
import { ErrorLine, keepFocus } from './controls.js';
import { useDesk } from './desk-context.js';
import { t } from './i18n.js';
import { ReportCard } from './report-card.js';
import type { ReportList } from './report-list-state.js';

/** The bulk toolbar; `children` are the view's own actions (split, merge). */
export function ReportToolbar({ list, children }: { list: ReportList; children?: ComponentChildren }) {
  const ctx = useDesk();
  useEffect(() => {
    if (ctx.canEdit) list.loadRecent();
  }, [list, ctx]);
  if (!ctx.canEdit) return null;
  const reports = list.reports.value;
  const selected = list.selected.value;
  const none = selected.size === 0 || list.busy.value;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a toolbar of controls, not a form group with a legend
    <div class="bulk" role="group" aria-label={t('desk.inbox.bulk')}>
      <label class="check">
        <input
          type="checkbox"
          id="select-all"
          checked={reports.length > 0 && reports.every((r) => selected.has(r.id))}
          onChange={(e) => list.selectAll(e.currentTarget.checked)}
        />{' '}
        {t('desk.inbox.select_all')}
      </label>
      <p class="bulk-count" aria-live="polite">
        {t('desk.inbox.selected', { n: selected.size })}
      </p>
      <button
        type="button"
        id="bulk-noise"
        disabled={none}
        onClick={() => void list.markNoise('noise').then(() => keepFocus(list.current.value))}
      >
        {t('desk.inbox.mark_noise')}
      </button>
      <button
        type="button"
        id="bulk-new"
        disabled={none}
        onClick={() => void list.markNoise('new').then(() => keepFocus(list.current.value))}
      >
        {t('desk.inbox.mark_new')}
      </button>
      <AttachPicker list={list} disabled={none} />
      {children}
    </div>
  );
}

export function ReportItems({ list, clusterLink }: { list: ReportList; clusterLink?: boolean }): JSX.Element {
  const ctx = useDesk();
  const reports = list.reports.value;
  // The keyboard's report, or the first: the list's one Tab stop.
  const current = reports.some((r) => r.id === list.current.value) ? list.current.value : reports[0]?.id;
  const loading = list.loading.value;
  const error = list.error.value;
  const selected = list.selected.value;
  if (error && reports.length === 0) return <ErrorLine error={error} />;
  if (!loading && reports.length === 0) return <p class="muted">{t('desk.inbox.empty')}</p>;
  return (
    <div>
      {error ? <ErrorLine error={error} /> : null}
      <ol
        class="reports"
        id="reports"
        aria-busy={loading ? 'true' : 'false'}
        onFocusIn={(e) => {
          // Focus inside a card (a click, Tab) makes it the keyboard's report: j/k go on from it.
          const card = (e.target as Element).closest?.('article.report');
          if (card?.id.startsWith('report-')) list.current.value = card.id.slice('report-'.length);
        }}
      >
        {reports.map((r) => (
          <li key={r.id}>
            <ReportCard
              report={r}
              selectable={ctx.canEdit}
              selected={selected.has(r.id)}
              onSelect={list.toggle}
              clusterLink={clusterLink}
              current={r.id === current}
            />
          </li>
        ))}
      </ol>
      {list.next.value ? (
        <button type="button" id="inbox-more" disabled={loading} onClick={() => void list.load(true)}>
          {t('desk.inbox.more')}
        </button>
      ) : null}
      {loading ? (
        <p class="muted" role="status">
          {t('common.loading')}
        </p>
      ) : null}
    </div>
  );
}
