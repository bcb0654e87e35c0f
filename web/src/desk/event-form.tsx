// The event form: a coded event prefilled from a cluster's suggestions (or a stored version),
// corrected by the editor and published. A stale save opens the conflict view.
import type { JSX } from 'preact';
import { ConflictView } from './conflict.js';
import { ErrorLine, LoadingLine, useTitle, ViewHead } from './controls.js';
import { useDesk, useRouteState } from './desk-context.js';
import { EventEditor } from './event-editor.js';
import { EventFormBody } from './event-sections.js';
import { t } from './i18n.js';
import { ReportCard } from './report-card.js';
import { type EventSource, hashFor } from './route.js';

function Body({ editor }: { editor: EventEditor }): JSX.Element | null {
  const phase = editor.phase.value;
  const conflict = editor.conflict.value;
  if (phase === 'loading') return <LoadingLine />;
  if (phase === 'failed') return <ErrorLine error={editor.loadError.value} />;
  if (phase === 'conflict' && conflict)
    return (
      <div>
        {editor.serverError.value ? <ErrorLine error={editor.serverError.value} /> : null}
        <ConflictView editor={editor} c={conflict} />
      </div>
    );
  return <EventFormBody editor={editor} />;
}

/** The reports behind a draft, beside the form. */
function Reports({ editor }: { editor: EventEditor }): JSX.Element | null {
  const reports = editor.reports.value;
  if (reports.length === 0) return null;
  return (
    <aside class="event-reports" aria-labelledby="event-reports-heading">
      <details open>
        <summary>
          <h2 id="event-reports-heading">{t('desk.event.reports', { n: reports.length })}</h2>
        </summary>
        <ol class="reports">
          {reports.map((r) => (
            <li key={r.id}>
              <ReportCard report={r} clusterLink={false} />
            </li>
          ))}
        </ol>
      </details>
    </aside>
  );
}

export function EventFormView({ source }: { source: EventSource }): JSX.Element {
  const ctx = useDesk();
  const editor = useRouteState('editor', () => {
    const e = new EventEditor(ctx, source);
    void e.load();
    return e;
  });
  const current = editor.source.value;
  const title =
    current.kind === 'event' ? t('desk.event.edit_title', { id: current.id }) : t('desk.event.new_title');
  useTitle(title);
  const saved = editor.saved.value;
  const aside = editor.reports.value.length > 0;
  return (
    <div class={`view event${aside ? ' with-aside' : ''}`}>
      <ViewHead title={title} id="event-heading">
        <a href={hashFor('events')} class="button-link">
          {t('desk.event.all')}
        </a>
      </ViewHead>
      {saved ? (
        <p class="notice" id="event-saved" tabIndex={-1} role="status">
          {t('desk.event.published', { id: saved.id })}
        </p>
      ) : null}
      <div class="event-layout">
        <Reports editor={editor} />
        <div class="event-main">
          <Body editor={editor} />
        </div>
      </div>
    </div>
  );
}
