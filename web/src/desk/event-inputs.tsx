// The event form's controls, each bound to its field's signal and showing its own error; the
// summary of errors at the top; the rows of actors and sources.
import type { InputHTMLAttributes, JSX } from 'preact';
import { ACTOR_ROLES, type CodeGroup, codeLabel } from './codes.js';
import { Field, focusSoon, type Option, type OptionGroup, Options } from './controls.js';
import type { EventEditor } from './event-editor.js';
import type { TextField } from './event-fields.js';
import { errorMessage, t } from './i18n.js';

/** The options of a select of codes, labelled in the reader's language. */
export function codeOptions(group: CodeGroup, codes: readonly (string | number)[]): Option[] {
  return codes.map((c) => ({ value: String(c), label: codeLabel(group, c) }));
}

/** The label key of each field of the form; rows (`actor-0-name`) by their column. */
const LABELS: Partial<Record<TextField, string>> = {
  id: 'desk.event.record_id',
  enterprise_name: 'desk.event.enterprise',
  enterprise_sector: 'desk.event.sector',
};
const ROW_LABELS: Record<string, string> = {
  'actor-role': 'desk.event.actor_role',
  'actor-name': 'desk.event.actor_name',
  'actor-enterprise': 'desk.event.actor_enterprise',
  'source-name': 'desk.event.source_name',
  'source-url': 'desk.event.source_url',
  'source-date': 'desk.event.source_date',
};

/** The label of a form field by its name (what the error summary links say), or null. */
export function fieldLabel(field: string): string | null {
  const row = /^(actor|source)-\d+-(\w+)$/.exec(field);
  if (row) {
    const key = ROW_LABELS[`${row[1]}-${row[2]}`];
    return key ? t(key) : null;
  }
  const key = LABELS[field as TextField] ?? `desk.event.${field}`;
  const label = t(key);
  return label === key ? null : label;
}

interface FieldProps {
  editor: EventEditor;
  name: TextField;
  label: string;
  hint?: string | undefined;
}

/** A text input; typing changes its signal and draws nothing else. */
export function TextInput(props: FieldProps & { attrs?: InputHTMLAttributes }): JSX.Element {
  const value = props.editor.fields.text[props.name];
  return (
    <Field
      id={`ev-${props.name}`}
      label={props.label}
      hint={props.hint}
      error={props.editor.errorFor(props.name)}
    >
      <input
        name={props.name}
        type="text"
        {...props.attrs}
        value={value}
        onInput={(e) => {
          value.value = e.currentTarget.value;
        }}
      />
    </Field>
  );
}

export function SelectInput(
  props: FieldProps & { options: ReadonlyArray<Option | OptionGroup>; onChange?: (value: string) => void },
): JSX.Element {
  const value = props.editor.fields.text[props.name];
  return (
    <Field
      id={`ev-${props.name}`}
      label={props.label}
      hint={props.hint}
      error={props.editor.errorFor(props.name)}
    >
      <select
        name={props.name}
        value={value.value}
        onChange={(e) => {
          if (props.onChange) props.onChange(e.currentTarget.value);
          else value.value = e.currentTarget.value;
        }}
      >
        <Options options={props.options} />
      </select>
    </Field>
  );
}

export function NotesInput({ editor }: { editor: EventEditor }): JSX.Element {
  const value = editor.fields.text.notes;
  return (
    <Field id="ev-notes" label={t('desk.event.notes')} error={editor.errorFor('notes')}>
      <textarea
        name="notes"
        rows={4}
        value={value}
        onInput={(e) => {
          value.value = e.currentTarget.value;
        }}
      />
    </Field>
  );
}

/** What is wrong, each line a link to its field; focused when the form is refused. */
export function ErrorSummary({ editor }: { editor: EventEditor }): JSX.Element | null {
  const errors = editor.errors.value;
  const server = editor.serverError.value;
  if (errors.length === 0 && !server) return null;
  return (
    <div class="error-summary" id="form-errors" tabIndex={-1} role="alert">
      <h2>{t('desk.event.errors')}</h2>
      {server && !errors.some((e) => e.key === '') ? <p>{errorMessage(server)}</p> : null}
      <ul>
        {errors.map((e) => {
          const message = editor.errorFor(e.field) ?? e.field;
          const label = fieldLabel(e.field);
          return (
            <li key={e.field}>
              <a
                href={`#ev-${e.field}`}
                data-focus={`ev-${e.field}`}
                onClick={(event) => {
                  // The hash names the desk's route: move focus, not the route.
                  event.preventDefault();
                  document.getElementById(`ev-${e.field}`)?.focus();
                }}
              >
                {label ? `${label}: ${message}` : message}
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** A text cell of an actor or source row. */
function RowInput(props: {
  editor: EventEditor;
  name: string;
  label: string;
  value: string;
  attrs?: InputHTMLAttributes;
  onInput: (value: string) => void;
}): JSX.Element {
  return (
    <Field id={`ev-${props.name}`} label={props.label} error={props.editor.errorFor(props.name)}>
      <input
        name={props.name}
        type="text"
        {...props.attrs}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </Field>
  );
}

export function ActorRows({ editor }: { editor: EventEditor }): JSX.Element {
  const f = editor.fields;
  return (
    <div>
      <ol class="rows">
        {f.actors.value.map((a, i) => (
          <li class="row" key={i}>
            <Field
              id={`ev-actor-${i}-role`}
              label={t('desk.event.actor_role')}
              error={editor.errorFor(`actor-${i}-role`)}
            >
              <select
                name={`actor-${i}-role`}
                value={a.role}
                onChange={(e) => f.setActor(i, 'role', e.currentTarget.value)}
              >
                <Options options={codeOptions('actor_role', ACTOR_ROLES)} />
              </select>
            </Field>
            <RowInput
              editor={editor}
              name={`actor-${i}-name`}
              label={t('desk.event.actor_name')}
              value={a.name}
              onInput={(v) => f.setActor(i, 'name', v)}
            />
            <RowInput
              editor={editor}
              name={`actor-${i}-enterprise`}
              label={t('desk.event.actor_enterprise')}
              value={a.enterprise}
              onInput={(v) => f.setActor(i, 'enterprise', v)}
            />
            <button
              type="button"
              id={`remove-actor-${i}`}
              aria-label={t('desk.event.remove_actor', { n: i + 1 })}
              onClick={() => {
                f.removeActor(i);
                focusSoon('add-actor');
              }}
            >
              {t('desk.event.remove')}
            </button>
          </li>
        ))}
      </ol>
      <button type="button" id="add-actor" onClick={() => focusSoon(`ev-actor-${f.addActor()}-role`)}>
        {t('desk.event.add_actor')}
      </button>
    </div>
  );
}

export function SourceRows({ editor }: { editor: EventEditor }): JSX.Element {
  const f = editor.fields;
  return (
    <div>
      <ol class="rows">
        {f.sources.value.map((s, i) => (
          <li class="row" key={i}>
            <RowInput
              editor={editor}
              name={`source-${i}-name`}
              label={t('desk.event.source_name')}
              value={s.name}
              onInput={(v) => f.setSource(i, 'name', v)}
            />
            <RowInput
              editor={editor}
              name={`source-${i}-url`}
              label={t('desk.event.source_url')}
              value={s.url}
              attrs={{ type: 'url', inputMode: 'url' }}
              onInput={(v) => f.setSource(i, 'url', v)}
            />
            <RowInput
              editor={editor}
              name={`source-${i}-date`}
              label={t('desk.event.source_date')}
              value={s.date}
              attrs={{ type: 'date' }}
              onInput={(v) => f.setSource(i, 'date', v)}
            />
            <button
              type="button"
              id={`remove-source-${i}`}
              aria-label={t('desk.event.remove_source', { n: i + 1 })}
              onClick={() => {
                f.removeSource(i);
                focusSoon('add-source');
              }}
            >
              {t('desk.event.remove')}
            </button>
          </li>
        ))}
      </ol>
      <button type="button" id="add-source" onClick={() => focusSoon(`ev-source-${f.addSource()}-name`)}>
        {t('desk.event.add_source')}
      </button>
    </div>
  );
}
