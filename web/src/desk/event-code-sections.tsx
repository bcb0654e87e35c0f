// The parts of the event form made of code lists (TAXONOMY.md): who took part, what they
// demanded, how they acted and how the state responded.
import type { JSX } from 'preact';
import {
  ACTOR_ROLES,
  codeLabel,
  DEMAND_CLASSES,
  demandsOf,
  SECTORS,
  STATE_RESPONSES,
  TACTICS,
} from './codes.js';
import { CheckGroup } from './controls.js';
import type { EventEditor } from './event-editor.js';
import type { ListField } from './event-fields.js';
import { ActorRows, codeOptions, SelectInput, TextInput } from './event-inputs.js';
import { Section } from './event-section.js';
import { t } from './i18n.js';

type Props = { editor: EventEditor };

/** The roles ticked are those of the actors below: ticking one adds an actor. */
function Roles({ editor }: Props): JSX.Element {
  const roles = [...new Set(editor.fields.actors.value.map((a) => a.role))];
  return (
    <CheckGroup
      name="actor_roles"
      legend={t('desk.event.actor_roles')}
      options={codeOptions('actor_role', ACTOR_ROLES)}
      values={roles}
      idPrefix="ev-role"
      class="columns"
      hint={t('desk.event.actor_roles_hint')}
      onToggle={(role, on) => editor.fields.toggleRole(role, on)}
    />
  );
}

export function Who({ editor }: Props): JSX.Element {
  return (
    <Section id="who" title={t('desk.event.sec_who')}>
      <Roles editor={editor} />
      <ActorRows editor={editor} />
      <div class="pair">
        <TextInput editor={editor} name="enterprise_name" label={t('desk.event.enterprise')} />
        <SelectInput
          editor={editor}
          name="enterprise_sector"
          label={t('desk.event.sector')}
          options={[{ value: '', label: t('desk.event.no_sector') }, ...codeOptions('sector', SECTORS)]}
        />
      </div>
    </Section>
  );
}

/** A group of checkboxes for a list of codes. */
function Codes(
  props: Props & {
    list: ListField;
    legend: string;
    options: ReturnType<typeof codeOptions>;
    idPrefix: string;
  },
): JSX.Element {
  return (
    <CheckGroup
      name={props.list}
      legend={props.legend}
      options={props.options}
      values={props.editor.fields.lists[props.list].value}
      idPrefix={props.idPrefix}
      class="columns"
      onToggle={(code, on) => props.editor.fields.toggle(props.list, code, on)}
    />
  );
}

export function Demands({ editor }: Props): JSX.Element {
  return (
    <Section id="demands" title={t('desk.event.demands')}>
      {DEMAND_CLASSES.map((cls) => (
        <Codes
          key={cls}
          editor={editor}
          list="demands"
          legend={codeLabel('demand_class', cls)}
          options={codeOptions('demand', demandsOf(cls))}
          idPrefix={`ev-demand-${cls}`}
        />
      ))}
    </Section>
  );
}

export function How({ editor }: Props): JSX.Element {
  return (
    <Section id="how" title={t('desk.event.sec_how')}>
      <Codes
        editor={editor}
        list="tactics"
        legend={t('desk.event.tactics')}
        options={codeOptions('tactic', TACTICS)}
        idPrefix="ev-tactic"
      />
      <Codes
        editor={editor}
        list="state_responses"
        legend={t('desk.event.state_responses')}
        options={codeOptions('state_response', STATE_RESPONSES)}
        idPrefix="ev-response"
      />
    </Section>
  );
}
