// Small building blocks of the desk's views: labelled controls, groups of checkboxes, lines
// for loading and errors. Everything is drawn from data as elements (no markup strings, no
// style attributes: the page runs under a CSP without 'unsafe-inline').
import { type ComponentChildren, cloneElement, type JSX, type VNode } from 'preact';
import { useEffect } from 'preact/hooks';
import { errorMessage, formatDateTime, t } from './i18n.js';

export interface Option {
  value: string;
  label: string;
}

export interface OptionGroup {
  label: string;
  options: Option[];
}

/**
 * A labelled control with an optional hint and error; the control (the one child) gets the
 * id and the aria attributes that tie them together.
 */
export function Field(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: VNode;
}): JSX.Element {
  const { id, hint, error } = props;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {cloneElement(props.children, {
        id,
        'aria-describedby': described || undefined,
        'aria-invalid': error ? 'true' : undefined,
      })}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The options of a select; `groups` puts them under labelled optgroups. */
export function Options({ options }: { options: ReadonlyArray<Option | OptionGroup> }): JSX.Element {
  return (
    <>
      {options.map((item) =>
        'options' in item ? (
          <optgroup key={item.label} label={item.label}>
            {item.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ) : (
          <option key={item.value} value={item.value}>
            {item.label}
          </option>
        ),
      )}
    </>
  );
}

/** A multi-select as a group of checkboxes: keyboard and screen reader friendly, also on phones. */
export function CheckGroup(props: {
  name: string;
  legend: string;
  options: readonly Option[];
  values: readonly string[];
  onToggle: (value: string, checked: boolean) => void;
  idPrefix?: string;
  class?: string;
  hint?: string;
}): JSX.Element {
  const prefix = props.idPrefix ?? props.name;
  return (
    <fieldset class={`checks ${props.class ?? ''}`.trim()} id={`${prefix}-group`}>
      <legend>{props.legend}</legend>
      {props.hint ? <p class="hint">{props.hint}</p> : null}
      <div class="check-list">
        {props.options.map((o) => (
          <label class="check" key={o.value}>
            <input
              type="checkbox"
              name={props.name}
              value={o.value}
              id={`${prefix}-${o.value}`}
              checked={props.values.includes(o.value)}
              onChange={(e) => props.onToggle(o.value, e.currentTarget.checked)}
            />{' '}
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function Time({ at }: { at: number }): JSX.Element {
  return <time dateTime={new Date(at * 1000).toISOString()}>{formatDateTime(at)}</time>;
}

export function ErrorLine({ error, id }: { error: unknown; id?: string }): JSX.Element {
  return (
    <p class="error" role="alert" id={id}>
      {errorMessage(error)}
    </p>
  );
}

export function LoadingLine(): JSX.Element {
  return (
    <p class="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

/** A view's heading line: the h1 (focused when the view opens) and what goes beside it. */
export function ViewHead(props: { title: string; id?: string; children?: ComponentChildren }): JSX.Element {
  return (
    <div class="view-head">
      <h1 tabIndex={-1} id={props.id}>
        {props.title}
      </h1>
      {props.children}
    </div>
  );
}

/** The window's title follows the view's. */
export function useTitle(title: string | null): void {
  const text = title ? `${title} · ${t('desk.title')}` : t('desk.title');
  useEffect(() => {
    document.title = text;
  }, [text]);
}

/**
 * Move focus once the change being made is drawn: the components draw on a microtask, so a
 * task later the element is there.
 */
export function focusSoon(id: string): void {
  setTimeout(() => document.getElementById(id)?.focus(), 0);
}

/**
 * After an action drawn as busy (its button disabled) or one that took the focused card away,
 * focus goes to the report `current` (the keyboard's), else the first report, else the view's
 * heading: never the page's body.
 */
export function keepFocus(current: string | null): void {
  setTimeout(() => {
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    const here = current ? document.getElementById(`report-${current}`) : null;
    (
      here ??
      document.querySelector<HTMLElement>('#app article.report') ??
      document.querySelector<HTMLElement>('#app main h1')
    )?.focus();
  }, 0);
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
