// The event form, section by section (TAXONOMY.md): what, when, where, who, demands, how,
// how many, sources, verification. Each part reads only the fields it shows.
import type { JSX } from 'preact';
import {
  EVENT_TYPES,
  GEO_PRECISIONS,
  isCode,
  ORGANIZATIONS,
  PUBLISHABLE,
  subEventTypesOf,
  TIME_PRECISIONS,
  VERIFICATION_STATUSES,
} from './codes.js';
import { useDesk } from './desk-context.js';
import { Demands, How, Who } from './event-code-sections.js';
import type { EventEditor } from './event-editor.js';
import { codeOptions, ErrorSummary, NotesInput, SelectInput, SourceRows, TextInput } from './event-inputs.js';
import { Section } from './event-section.js';
import { t } from './i18n.js';

type Props = { editor: EventEditor };

/** The sub-types of the chosen event type (none while the type is not one of the taxonomy's). */
function SubType({ editor }: Props): JSX.Element {
  const type = editor.fields.text.event_type.value;
  return (
    <SelectInput
      editor={editor}
      name="sub_event_type"
      label={t('desk.event.sub_event_type')}
      options={isCode(EVENT_TYPES, type) ? codeOptions('sub_event_type', subEventTypesOf(type)) : []}
    />
  );
}

function What({ editor }: Props): JSX.Element {
  return (
    <Section id="what" title={t('desk.event.sec_what')}>
      <SelectInput
        editor={editor}
        name="event_type"
        label={t('desk.event.event_type')}
        options={codeOptions('event_type', EVENT_TYPES)}
        onChange={(type) => editor.fields.setEventType(type)}
      />
      <SubType editor={editor} />
      <SelectInput
        editor={editor}
        name="organization"
        label={t('desk.event.organization')}
        hint={t('desk.event.organization_hint')}
        options={codeOptions('organization', ORGANIZATIONS)}
      />
    </Section>
  );
}

function When({ editor }: Props): JSX.Element {
  return (
    <Section id="when" title={t('desk.event.sec_when')}>
      <TextInput
        editor={editor}
        name="date"
        label={t('desk.event.date')}
        attrs={{ type: 'date', required: true }}
      />
      <SelectInput
        editor={editor}
        name="time_precision"
        label={t('desk.event.time_precision')}
        options={codeOptions('time_precision', TIME_PRECISIONS)}
      />
    </Section>
  );
}

function Where({ editor }: Props): JSX.Element {
  return (
    <Section id="where" title={t('desk.event.sec_where')}>
      <TextInput
        editor={editor}
        name="settlement"
        label={t('desk.event.settlement')}
        hint={t('desk.event.settlement_hint')}
      />
      <TextInput editor={editor} name="admin1" label={t('desk.event.admin1')} />
      <TextInput editor={editor} name="country" label={t('desk.event.country')} />
      <div class="pair">
        <TextInput editor={editor} name="lat" label={t('desk.event.lat')} attrs={{ inputMode: 'decimal' }} />
        <TextInput editor={editor} name="lon" label={t('desk.event.lon')} attrs={{ inputMode: 'decimal' }} />
      </div>
      <SelectInput
        editor={editor}
        name="geo_precision"
        label={t('desk.event.geo_precision')}
        options={codeOptions('geo_precision', GEO_PRECISIONS)}
      />
    </Section>
  );
}

function Size({ editor }: Props): JSX.Element {
  const numeric = { inputMode: 'numeric' } as const;
  return (
    <Section id="size" title={t('desk.event.sec_size')}>
      <div class="pair">
        <TextInput editor={editor} name="size_low" label={t('desk.event.size_low')} attrs={numeric} />
        <TextInput editor={editor} name="size_high" label={t('desk.event.size_high')} attrs={numeric} />
      </div>
      <TextInput
        editor={editor}
        name="size_text"
        label={t('desk.event.size_text')}
        hint={t('desk.event.size_hint')}
      />
      <div class="triple">
        <TextInput editor={editor} name="fatalities" label={t('desk.event.fatalities')} attrs={numeric} />
        <TextInput editor={editor} name="injured" label={t('desk.event.injured')} attrs={numeric} />
        <TextInput editor={editor} name="detained" label={t('desk.event.detained')} attrs={numeric} />
      </div>
    </Section>
  );
}

function Sources({ editor }: Props): JSX.Element {
  const reports = editor.fields.reportIds.value.length;
  const stored = editor.prev.value.length > 0;
  return (
    <Section id="sources" title={t('desk.event.sec_sources')}>
      <SourceRows editor={editor} />
      <NotesInput editor={editor} />
      <TextInput
        editor={editor}
        name="related_events"
        label={t('desk.event.related_events')}
        hint={t('desk.event.ids_hint')}
        attrs={{ spellcheck: false }}
      />
      <TextInput
        editor={editor}
        name="collectives"
        label={t('desk.event.collectives')}
        hint={t('desk.event.ids_hint')}
        attrs={{ spellcheck: false }}
      />
      {reports ? <p class="muted">{t('desk.event.report_count', { n: reports })}</p> : null}
      <TextInput
        editor={editor}
        name="id"
        label={t('desk.event.record_id')}
        attrs={{ spellcheck: false, readOnly: stored }}
      />
    </Section>
  );
}

function Verify({ editor }: Props): JSX.Element {
  const publishable = (PUBLISHABLE as readonly string[]).includes(editor.fields.text.verification.value);
  return (
    <Section id="verify" title={t('desk.event.sec_verify')}>
      <SelectInput
        editor={editor}
        name="verification"
        label={t('desk.event.verification')}
        hint={t('desk.event.verification_hint')}
        options={codeOptions('verification', VERIFICATION_STATUSES)}
      />
      {publishable ? null : (
        <label class="check override">
          <input
            type="checkbox"
            name="publish_unverified"
            id="ev-publish-unverified"
            checked={editor.publishUnverified.value}
            onChange={(e) => {
              editor.publishUnverified.value = e.currentTarget.checked;
            }}
          />{' '}
          {t('desk.event.publish_unverified')}
        </label>
      )}
    </Section>
  );
}

function Publish({ editor }: Props): JSX.Element {
  const ctx = useDesk();
  if (!ctx.canEdit) return <p class="muted">{t('desk.read_only')}</p>;
  const busy = editor.busy.value;
  return (
    <div class="actions sticky">
      <button type="submit" class="primary" id="event-publish" disabled={busy}>
        {busy
          ? t('desk.event.publishing')
          : editor.prev.value.length
            ? t('desk.event.save_edit')
            : t('desk.event.publish')}
      </button>
    </div>
  );
}

export function EventFormBody({ editor }: Props): JSX.Element {
  return (
    <form
      class="event-form"
      noValidate
      aria-labelledby="event-heading"
      onSubmit={(e) => {
        e.preventDefault();
        void editor.save();
      }}
    >
      <ErrorSummary editor={editor} />
      <What editor={editor} />
      <When editor={editor} />
      <Where editor={editor} />
      <Who editor={editor} />
      <Demands editor={editor} />
      <How editor={editor} />
      <Size editor={editor} />
      <Sources editor={editor} />
      <Verify editor={editor} />
      <Publish editor={editor} />
    </form>
  );
}
