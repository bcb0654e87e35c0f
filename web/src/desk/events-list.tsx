// The desk's coded events, newest first, a page at a time; each opens in the event form.
import { batch, signal } from '@preact/signals';
import type { JSX } from 'preact';
import { codeLabel } from './codes.js';
import { ErrorLine, Time, useTitle, ViewHead } from './controls.js';
import { type EventSummary, listEvents } from './desk-api.js';
import { type DeskContext, useDesk, useRouteState } from './desk-context.js';
import { formatDay, t } from './i18n.js';
import { hashFor } from './route.js';

export class EventsState {
  readonly events = signal<EventSummary[]>([]);
  readonly next = signal<string | null>(null);
  readonly loading = signal(true);
  readonly error = signal<unknown>(null);

  constructor(private readonly ctx: DeskContext) {}

  async load(more = false): Promise<void> {
    this.loading.value = true;
    try {
      const page = await listEvents(more ? this.next.peek() : null);
      batch(() => {
        this.events.value = more ? [...this.events.peek(), ...page.items] : page.items;
        this.next.value = page.next;
        this.error.value = null;
      });
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      this.error.value = error;
    }
    this.loading.value = false;
  }
}

function Item({ event: e }: { event: EventSummary }): JSX.Element {
  const c = e.content;
  const place = [c.location?.settlement, c.location?.admin1].filter(Boolean).join(', ');
  return (
    <li class="event-item">
      <p class="report-meta">
        <a href={hashFor(`event/${encodeURIComponent(e.id)}`)}>
          <strong>{e.id}</strong>
        </a>
        {e.conflict ? <span class="chip noise">{t('desk.events.conflict')}</span> : null}
        <span class={`chip verification-${c.verification}`}>{codeLabel('verification', c.verification)}</span>
      </p>
      <p>
        {`${codeLabel('event_type', c.event_type)} · ${codeLabel('sub_event_type', c.sub_event_type)} · ${formatDay(c.date)}`}
        {place ? ` · ${place}` : ''}
      </p>
      <p class="muted">
        {t('desk.events.saved_at')} <Time at={e.created_at} />
      </p>
    </li>
  );
}

export function EventsView(): JSX.Element {
  const ctx = useDesk();
  const state = useRouteState('state', () => {
    const s = new EventsState(ctx);
    void s.load();
    return s;
  });
  useTitle(t('desk.events.title'));
  const events = state.events.value;
  const loading = state.loading.value;
  const error = state.error.value;
  return (
    <div class="view events">
      <ViewHead title={t('desk.events.title')}>
        {ctx.canEdit ? (
          <a href={hashFor('event/new')} class="button-link primary" id="new-event">
            {t('desk.events.new')}
          </a>
        ) : null}
      </ViewHead>
      {error ? <ErrorLine error={error} /> : null}
      {!loading && events.length === 0 && !error ? <p class="muted">{t('desk.events.empty')}</p> : null}
      <ol class="items events-list" aria-busy={loading ? 'true' : 'false'}>
        {events.map((e) => (
          <Item key={e.id} event={e} />
        ))}
      </ol>
      {state.next.value ? (
        <button type="button" id="events-more" disabled={loading} onClick={() => void state.load(true)}>
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
