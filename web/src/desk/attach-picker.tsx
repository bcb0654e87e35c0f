// Attaching reports to an event picked from a list: the recent events, or those a few words
// find (a place in any script, a date, a type, an id). No event id is typed.
import type { JSX } from 'preact';
import { codeLabel } from './codes.js';
import { Field, keepFocus } from './controls.js';
import type { FoundEvent } from './desk-api.js';
import { formatDay, formatNumber, t } from './i18n.js';
import type { ReportList } from './report-list-state.js';
import { hashFor } from './route.js';

/** An event in one line: what, where, when, and its id. */
export function eventLabel(e: FoundEvent): string {
  const c = e.content;
  return [codeLabel('sub_event_type', c.sub_event_type), c.location?.settlement, formatDay(c.date), e.id]
    .filter(Boolean)
    .join(' · ');
}

function Attached({ list }: { list: ReportList }): JSX.Element | null {
  const done = list.attached.value;
  if (!done) return null;
  return (
    <p class="notice" id="attach-done" role="status">
      {t('desk.inbox.attached', { n: formatNumber(done.n) })}{' '}
      <a href={hashFor(`event/${encodeURIComponent(done.id)}`)}>
        {t('desk.inbox.open_event', { id: done.id })}
      </a>
    </p>
  );
}

export function AttachPicker({ list, disabled }: { list: ReportList; disabled: boolean }): JSX.Element {
  const events = list.recent.value ?? [];
  return (
    <div class="attach">
      <div class="inline-form">
        <Field id="attach-find" label={t('desk.inbox.attach_find')}>
          <input
            name="attach_find"
            type="search"
            enterKeyHint="search"
            autocomplete="off"
            value={list.attachQuery}
            onInput={(e) => {
              list.attachQuery.value = e.currentTarget.value;
            }}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              void list.findEvents();
            }}
          />
        </Field>
        <button type="button" id="attach-search" onClick={() => void list.findEvents()}>
          {t('desk.inbox.attach_search')}
        </button>
      </div>
      {events.length > 0 ? (
        <fieldset class="checks attach-events">
          <legend>{t('desk.inbox.attach_to')}</legend>
          <div class="check-list">
            {events.map((e) => (
              <label class="check" key={e.id}>
                <input
                  type="radio"
                  name="attach_to"
                  value={e.id}
                  checked={list.attachTo.value === e.id}
                  onChange={() => {
                    list.attachTo.value = e.id;
                  }}
                />{' '}
                {eventLabel(e)}
              </label>
            ))}
          </div>
        </fieldset>
      ) : list.recent.value !== null ? (
        <p class="muted">{t('desk.inbox.no_events_found')}</p>
      ) : null}
      <button
        type="button"
        id="bulk-attach"
        disabled={disabled}
        onClick={() => {
          const id = list.attachTo.value;
          if (id) void list.attach(id).then(() => keepFocus(list.current.value));
          else document.getElementById('attach-find')?.focus();
        }}
      >
        {t('desk.inbox.attach')}
      </button>
      <Attached list={list} />
    </div>
  );
}
