// What a collective needs, what it demands and the events it led: needs as free text, demands
// ticked from the taxonomy's code lists (each with its own wording if wanted, and others in
// plain words), events picked from the desk's published coded events by searching. One save
// writes a new version of the collective.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { Field } from '../controls.js';
import { formatDay, t } from '../i18n.js';
import { Failure } from './collective-parts.js';
import type { CollectiveState } from './collective-state.js';
import { demandsByClass } from './demand-codes.js';
import {
  type CollectiveView,
  type EventSummary,
  editCollectiveApi,
  searchEventsApi,
} from './organize-api.js';
import { type PickItem, SearchPicker } from './picker.js';

type Demand = CollectiveView['collective']['demands'][number];

/** How a coded event reads in a list: day, kind, place. */
export function eventItem(e: EventSummary): PickItem {
  return {
    id: e.id,
    label: `${formatDay(e.date)} · ${t(`desk.code.sub_event_type.${e.sub_event_type}`)}`,
    detail: [e.settlement, e.admin1, e.enterprise].filter(Boolean).join(', '),
  };
}

function Demands(props: {
  coded: Map<string, string>;
  setCoded: (next: Map<string, string>) => void;
  other: string;
  setOther: (text: string) => void;
}): JSX.Element {
  const { coded, setCoded } = props;
  const toggle = (code: string, on: boolean) => {
    const next = new Map(coded);
    if (on) next.set(code, '');
    else next.delete(code);
    setCoded(next);
  };
  return (
    <>
      {demandsByClass().map(([cls, codes]) => (
        <fieldset class="checks" key={cls} id={`demands-${cls}`}>
          <legend>{t(`desk.code.demand_class.${cls}`)}</legend>
          <div class="check-list">
            {codes.map((code) => (
              <div key={code}>
                <label class="check">
                  <input
                    type="checkbox"
                    name="demands"
                    value={code}
                    id={`demand-${code}`}
                    checked={coded.has(code)}
                    onChange={(e) => toggle(code, e.currentTarget.checked)}
                  />{' '}
                  {t(`desk.code.demand.${code}`)}
                </label>
                {coded.has(code) ? (
                  <Field
                    id={`demand-${code}-text`}
                    label={t('desk.organize.aims.wording', { demand: t(`desk.code.demand.${code}`) })}
                  >
                    <input
                      maxLength={1000}
                      value={coded.get(code)}
                      onInput={(e) => setCoded(new Map(coded).set(code, e.currentTarget.value))}
                    />
                  </Field>
                ) : null}
              </div>
            ))}
          </div>
        </fieldset>
      ))}
      <Field
        id="demands-other"
        label={t('desk.organize.aims.other')}
        hint={t('desk.organize.aims.other_hint')}
      >
        <textarea rows={2} value={props.other} onInput={(e) => props.setOther(e.currentTarget.value)} />
      </Field>
    </>
  );
}

function Events(props: {
  events: string[];
  setEvents: (ids: string[]) => void;
  known: Map<string, PickItem>;
  remember: (item: PickItem) => void;
}): JSX.Element {
  const { events, known } = props;
  return (
    <fieldset class="checks" id="linked-events">
      <legend>{t('desk.organize.aims.events')}</legend>
      {events.length === 0 ? <p class="muted">{t('desk.organize.aims.no_events')}</p> : null}
      <ul class="items" id="linked-events-list">
        {events.map((id) => {
          const item = known.get(id);
          const label = item ? `${item.label}${item.detail ? ` · ${item.detail}` : ''}` : id;
          return (
            <li key={id} data-event={id}>
              <span>{label}</span>
              {item ? null : <span class="muted">{` · ${t('desk.organize.aims.not_published')}`}</span>}{' '}
              <button
                type="button"
                aria-label={`${t('desk.organize.aims.unlink')}: ${label}`}
                onClick={() => props.setEvents(events.filter((e) => e !== id))}
              >
                {t('desk.organize.aims.unlink')}
              </button>
            </li>
          );
        })}
      </ul>
      <SearchPicker
        id="event-search"
        label={t('desk.organize.aims.find_event')}
        hint={t('desk.organize.aims.find_event_hint')}
        action={t('desk.organize.aims.link')}
        needsWords
        delay={200}
        search={async (q) =>
          (await searchEventsApi(q)).map(eventItem).filter((item) => !events.includes(item.id))
        }
        onPick={(item) => {
          props.remember(item);
          if (!events.includes(item.id)) props.setEvents([...events, item.id]);
        }}
      />
    </fieldset>
  );
}

/** The panel: drawn again (a `key` of the version) whenever the node stores a new version. */
export function CollectiveAims({
  state,
  view,
}: {
  state: CollectiveState;
  view: CollectiveView;
}): JSX.Element {
  const c = view.collective;
  const [needs, setNeeds] = useState(c.needs);
  const [coded, setCoded] = useState(
    () => new Map(c.demands.filter((d) => d.code !== null).map((d) => [d.code!, d.text ?? ''])),
  );
  const [other, setOther] = useState(
    c.demands
      .filter((d) => d.code === null)
      .map((d) => d.text ?? '')
      .join('\n'),
  );
  const [events, setEvents] = useState<string[]>(c.events);
  const [known, setKnown] = useState(() => new Map(view.linked_events.map((e) => [e.id, eventItem(e)])));
  const submit = (e: Event) => {
    e.preventDefault();
    const demands: Demand[] = [
      ...[...coded].map(([code, text]) => (text.trim() ? { code, text: text.trim() } : { code })),
      ...other
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .map((text) => ({ code: null, text })),
    ];
    void state.write(
      'aims',
      () => editCollectiveApi(state.csrf, state.id, { prev: [c.version], needs, demands, events }),
      t('desk.organize.aims.saved'),
    );
  };
  return (
    <form class="panel org-form" id="aims-form" aria-labelledby="aims-heading" onSubmit={submit}>
      <h2 id="aims-heading">{t('desk.organize.aims.heading')}</h2>
      {c.conflict ? <p class="hint">{t('desk.organize.aims.conflict')}</p> : null}
      <Field
        id="collective-needs"
        label={t('desk.organize.aims.needs')}
        hint={t('desk.organize.aims.needs_hint')}
      >
        <textarea rows={3} maxLength={4000} value={needs} onInput={(e) => setNeeds(e.currentTarget.value)} />
      </Field>
      <h3>{t('desk.organize.aims.demands')}</h3>
      <Demands coded={coded} setCoded={setCoded} other={other} setOther={setOther} />
      <Events
        events={events}
        setEvents={setEvents}
        known={known}
        remember={(item) => setKnown(new Map(known).set(item.id, item))}
      />
      <Failure state={state} form="aims" />
      <button type="submit" class="primary" disabled={c.conflict || state.busy.value === 'aims'}>
        {t('desk.organize.aims.save')}
      </button>
    </form>
  );
}
