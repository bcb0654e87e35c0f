// Small building blocks of the desk's editorial views: labelled controls, groups of checkboxes,
// and the contract between a view and the page that shows it.
import { type Attrs, type Child, h } from '../shared/dom.js';
import { errorText } from '../shared/http.js';
import { formatDateTime, t } from '../shared/i18n.js';
import type { Session } from './api.js';

/** What a view may ask of the page around it. */
export interface DeskContext {
  session: Session;
  /** admin and editor act; organizer and viewer read. */
  canEdit: boolean;
  /** Draw the view again from its state (focus and caret are kept). */
  redraw(): void;
  /** Go to a route (`#/inbox?...`). */
  go(hash: string): void;
  /** Say something to screen readers and sighted users alike (the page's status line). */
  announce(text: string): void;
  /** A 401 ends the session: returns true when it did. */
  signedOut(error: unknown): boolean;
}

export interface DeskView {
  /** The view's content, drawn from its state. */
  render(): HTMLElement;
  title(): string;
}

export interface Option {
  value: string;
  label: string;
}

export function button(
  text: string,
  onClick: () => void,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLButtonElement {
  const el = h('button', { type: 'button', ...attrs }, text, ...children);
  el.addEventListener('click', onClick);
  return el;
}

/** A labelled control with an optional hint and error; `control` gets the ids it needs. */
export function labelled(
  id: string,
  label: string,
  control: HTMLElement,
  options: { hint?: string; error?: string } = {},
): HTMLElement {
  const described = [options.hint ? `${id}-hint` : '', options.error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  control.id = id;
  if (described) control.setAttribute('aria-describedby', described);
  if (options.error) control.setAttribute('aria-invalid', 'true');
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    options.hint ? h('p', { class: 'hint', id: `${id}-hint` }, options.hint) : null,
    control,
    options.error ? h('p', { class: 'field-error', id: `${id}-error` }, options.error) : null,
  );
}

export function input(name: string, value: string, attrs: Attrs = {}): HTMLInputElement {
  const el = h('input', { name, type: 'text', ...attrs });
  el.value = value;
  return el;
}

export function textarea(name: string, value: string, attrs: Attrs = {}): HTMLTextAreaElement {
  const el = h('textarea', { name, rows: 3, ...attrs });
  el.value = value;
  return el;
}

/** A select; `groups` puts options under labelled optgroups. */
export function select(
  name: string,
  value: string,
  options: Option[] | Array<{ label: string; options: Option[] }>,
  attrs: Attrs = {},
): HTMLSelectElement {
  const el = h('select', { name, ...attrs });
  const option = (o: Option) => h('option', { value: o.value, selected: o.value === value }, o.label);
  for (const item of options) {
    if ('options' in item) el.appendChild(h('optgroup', { label: item.label }, item.options.map(option)));
    else el.appendChild(option(item));
  }
  return el;
}

/** A multi-select as a group of checkboxes: keyboard and screen reader friendly, also on phones. */
export function checkGroup(
  name: string,
  legend: string,
  options: Option[],
  values: readonly string[],
  attrs: { idPrefix?: string; class?: string; hint?: string } = {},
): HTMLFieldSetElement {
  const prefix = attrs.idPrefix ?? name;
  return h(
    'fieldset',
    { class: `checks ${attrs.class ?? ''}`.trim(), id: `${prefix}-group` },
    h('legend', null, legend),
    attrs.hint ? h('p', { class: 'hint' }, attrs.hint) : null,
    h(
      'div',
      { class: 'check-list' },
      options.map((o) =>
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            name,
            value: o.value,
            id: `${prefix}-${o.value}`,
            checked: values.includes(o.value),
          }),
          ' ',
          o.label,
        ),
      ),
    ),
  );
}

export function time(unixSeconds: number): HTMLTimeElement {
  return h('time', { datetime: new Date(unixSeconds * 1000).toISOString() }, formatDateTime(unixSeconds));
}

export function errorLine(error: unknown): HTMLElement {
  return h('p', { class: 'error', role: 'alert' }, errorText(error, 'desk'));
}

export function loadingLine(): HTMLElement {
  return h('p', { class: 'muted', role: 'status' }, t('common.loading'));
}

/** A short, stable name for a reporter key, so editors can tell reporters apart. */
export function reporterName(pubkey: string): string {
  return `${pubkey.slice(0, 6)}…${pubkey.slice(-4)}`;
}

/** A random suffix for new record ids and cluster names. */
export function randomSuffix(bytes = 3): string {
  const data = new Uint8Array(bytes);
  crypto.getRandomValues(data);
  return Array.from(data, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function hashFor(path: string, params: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  const q = search.toString();
  return `#/${path}${q ? `?${q}` : ''}`;
}
