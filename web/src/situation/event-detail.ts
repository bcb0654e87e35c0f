/**
 * One event opened from the list or the map: a modal dialog with its place, type, demands,
 * the state's response, sizes, sources and linked collectives. Focus moves into it, Esc closes
 * it and focus returns to what opened it; `#event=<id>` in the address opens it again.
 */
import { h, replace } from '../shared/dom.js';
import { ApiError, errorText } from '../shared/http.js';
import { formatDay, formatNumber, has, t } from '../shared/i18n.js';
import type { EventDetail } from './api.js';
import { label, regionLabel, typeClass } from './labels.js';
import { noData } from './panels.js';
import { addPlaceNames, placeLabel } from './place-names.js';

/** A code's label from `situation.<group>.<code>`, else the code in words. */
const code = (group: string, value: string) => {
  const key = `situation.${group}.${value}`;
  return has(key) ? t(key) : value.replace(/_/g, ' ');
};

/** A count some sources report, or "no data". */
const count = (n: number | null | undefined) => (n === null || n === undefined ? noData() : formatNumber(n));

function row(key: string, ...value: (Node | string | null)[]): Element | null {
  if (value.every((v) => v === null || v === '')) return null;
  return h(
    'div',
    { class: 'detail-row' },
    h('dt', null, t(`situation.detail.${key}`)),
    h('dd', null, ...value),
  );
}

function list(items: string[]): Element | string {
  return items.length === 0
    ? t('situation.detail.none')
    : h(
        'ul',
        { class: 'plain' },
        items.map((i) => h('li', null, i)),
      );
}

/** The body of the dialog for one event. */
export function eventBody(detail: EventDetail): Element {
  addPlaceNames(detail.names);
  const e = detail.event;
  const place = [
    e.location.settlement ? placeLabel(e.location.settlement) : null,
    e.location.admin1 ? regionLabel(e.location.admin1) : null,
  ]
    .filter(Boolean)
    .join(', ');
  const size = e.size
    ? [
        e.size.high !== null && e.size.high !== e.size.low
          ? `${formatNumber(e.size.low)}–${formatNumber(e.size.high)}`
          : formatNumber(e.size.low),
        e.size.text ? ` (${e.size.text})` : '',
      ].join('')
    : null;
  return h(
    'div',
    { class: 'event-detail-body' },
    detail.demo ? h('p', { class: 'notice demo-notice', role: 'note' }, t('situation.demo_event')) : null,
    h(
      'dl',
      { class: 'detail' },
      row('date', formatDay(e.date)),
      row('place', place || t('situation.national')),
      row(
        'type',
        h('span', { class: `item-label ${typeClass(e.event_type)}` }, label('event_type', e.event_type)),
        ' ',
        label('sub_event_type', e.sub_event_type),
      ),
      row('actors', list(e.actors.map((a) => `${a.name} (${code('role', a.role)})`))),
      e.enterprise
        ? row('enterprise', `${e.enterprise.name} (${label('sector', e.enterprise.sector)})`)
        : null,
      row('tactics', list(e.tactics.map((x) => code('tactic', x)))),
      row('demands', list(e.demands.map((d) => label('demand', d)))),
      row('responses', list(e.state_responses.map((r) => label('response', r)))),
      row('participants', size === null ? noData() : size),
      row('detained', count(e.detained)),
      row('injured', count(e.injured)),
      row('fatalities', count(e.fatalities)),
      row('organization', label('organization', e.organization)),
      row('verification', code('verification', e.verification)),
      row(
        'collectives',
        detail.collectives.length === 0
          ? t('situation.detail.none')
          : h(
              'ul',
              { class: 'plain' },
              detail.collectives.map((c) =>
                h('li', null, `${c.name}${c.form ? ` (${code('form', c.form)})` : ''}`),
              ),
            ),
      ),
      row(
        'sources',
        (e.sources ?? []).length === 0
          ? t('situation.detail.none')
          : h(
              'ul',
              { class: 'plain' },
              (e.sources ?? []).map((s) =>
                h(
                  'li',
                  null,
                  s.url
                    ? h('a', { href: s.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, s.name)
                    : s.name,
                  s.date ? ` · ${formatDay(s.date)}` : '',
                ),
              ),
            ),
      ),
    ),
    e.notes ? h('h3', null, t('situation.detail.notes')) : null,
    // Notes are in the language the editor wrote them in (the demo's are English).
    e.notes ? h('p', { class: 'detail-notes', lang: detail.demo ? 'en' : null }, e.notes) : null,
    h(
      'p',
      { class: 'muted small' },
      h('a', { href: `/api/v1/events?ids=${detail.record_id}` }, t('situation.detail.signed')),
    ),
  );
}

export interface EventDialog {
  /** Open the event `id` (loading it), remembering what had focus. */
  open(id: string): void;
  close(): void;
  readonly element: HTMLDialogElement;
}

/**
 * The dialog; `load` fetches one event, `onChange` is told the id shown (null when closed) so
 * the page can keep `#event=` in its address.
 */
export function eventDialog(
  load: (id: string) => Promise<EventDetail>,
  onChange: (id: string | null) => void,
): EventDialog {
  const title = h('h2', { id: 'event-title', tabindex: -1 }, '');
  const body = h('div', { class: 'event-detail-content' });
  const close = h('button', { type: 'button', class: 'secondary dialog-close' }, t('situation.detail.close'));
  const dialog = h(
    'dialog',
    { class: 'event-dialog', 'aria-labelledby': 'event-title' },
    h('div', { class: 'dialog-head' }, title, close),
    body,
  ) as HTMLDialogElement;
  let opener: Element | null = null;
  let shown: string | null = null;
  let sequence = 0;

  close.addEventListener('click', () => dialog.close());
  // Esc closes a modal dialog by itself; either way, focus goes back to what opened it.
  dialog.addEventListener('close', () => {
    shown = null;
    onChange(null);
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    opener = null;
  });

  async function open(id: string): Promise<void> {
    const mine = ++sequence;
    if (!dialog.open) {
      opener = document.activeElement;
      if (!dialog.isConnected) document.body.appendChild(dialog);
      dialog.showModal();
    }
    shown = id;
    onChange(id);
    replace(title, t('situation.detail.title'));
    close.textContent = t('situation.detail.close');
    replace(body, h('p', { class: 'muted', role: 'status' }, t('common.loading')));
    title.focus();
    try {
      const detail = await load(id);
      if (mine !== sequence || shown !== id) return;
      const e = detail.event;
      addPlaceNames(detail.names);
      const where = e.location.settlement
        ? placeLabel(e.location.settlement)
        : e.location.admin1
          ? regionLabel(e.location.admin1)
          : t('situation.national');
      replace(title, `${label('sub_event_type', e.sub_event_type)} · ${where}`);
      replace(body, eventBody(detail));
    } catch (error) {
      if (mine !== sequence) return;
      const gone = error instanceof ApiError && error.status === 404;
      replace(
        body,
        h(
          'p',
          { class: 'error', role: 'alert' },
          gone ? t('situation.detail.not_found') : errorText(error, 'situation'),
        ),
      );
    }
  }

  return {
    open: (id) => void open(id),
    close: () => dialog.open && dialog.close(),
    element: dialog,
  };
}
