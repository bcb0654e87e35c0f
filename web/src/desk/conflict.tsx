// The conflict view: versions of one event side by side, field by field, and the editor picks
// which to keep (or, for lists, both). Only the fields on which the versions differ are shown.
import type { JSX } from 'preact';
import { codeLabel } from './codes.js';
import { Time } from './controls.js';
import type { CodedEventContent } from './desk-api.js';
import { useDesk } from './desk-context.js';
import type { Conflict, EventEditor } from './event-editor.js';
import { formatDay, formatNumber, t } from './i18n.js';
import { differingFields, type MergeField, UNION_FIELDS } from './merge.js';

const none = () => t('desk.conflict.empty');

/** A field of a version in words, with the codes' labels. */
export function describeField(field: MergeField, c: Partial<CodedEventContent>): string {
  const codes = (group: Parameters<typeof codeLabel>[0], list: readonly string[] | undefined) =>
    list?.length ? list.map((x) => codeLabel(group, x)).join(', ') : none();
  const count = (n: number | null | undefined) => (n === null || n === undefined ? none() : formatNumber(n));
  switch (field) {
    case 'type':
      return c.event_type
        ? `${codeLabel('event_type', c.event_type)} · ${codeLabel('sub_event_type', c.sub_event_type ?? '')}`
        : none();
    case 'date':
      return c.date ? `${formatDay(c.date)} (${codeLabel('time_precision', c.time_precision ?? 1)})` : none();
    case 'location': {
      const l = c.location;
      if (!l) return none();
      const place = [l.settlement, l.admin1, l.country].filter(Boolean).join(', ');
      const point = l.lat !== null && l.lon !== null ? ` (${l.lat}, ${l.lon})` : '';
      return `${place || none()}${point} · ${codeLabel('geo_precision', l.geo_precision)}`;
    }
    case 'actors':
      return c.actors?.length
        ? c.actors
            .map(
              (a) =>
                `${a.name} (${codeLabel('actor_role', a.role)}${a.enterprise ? `, ${a.enterprise}` : ''})`,
            )
            .join('; ')
        : none();
    case 'enterprise':
      return c.enterprise ? `${c.enterprise.name} (${codeLabel('sector', c.enterprise.sector)})` : none();
    case 'tactics':
      return codes('tactic', c.tactics);
    case 'demands':
      return codes('demand', c.demands);
    case 'state_responses':
      return codes('state_response', c.state_responses);
    case 'size':
      return c.size
        ? `${formatNumber(c.size.low)}${c.size.high !== null ? `–${formatNumber(c.size.high)}` : ''}${c.size.text ? ` «${c.size.text}»` : ''}`
        : none();
    case 'fatalities':
    case 'injured':
    case 'detained':
      return count(c[field]);
    case 'organization':
      return c.organization ? codeLabel('organization', c.organization) : none();
    case 'verification':
      return c.verification ? codeLabel('verification', c.verification) : none();
    case 'sources':
      return c.sources?.length
        ? c.sources.map((s) => [s.name, s.url, s.date].filter(Boolean).join(' ')).join('; ')
        : none();
    case 'notes':
      return c.notes || none();
    case 'related_events':
    case 'collectives':
    case 'report_ids':
      return c[field]?.length ? c[field]!.join(', ') : none();
  }
}

function FieldPicks({ editor, c, field }: { editor: EventEditor; c: Conflict; field: MergeField }) {
  const name = `pick-${field}`;
  const chosen = c.choices[field];
  const both = c.conflicts.includes(field);
  return (
    <fieldset class={`conflict-field${both ? ' both-changed' : ''}`} id={`conflict-${field}`}>
      <legend>
        {t(`desk.conflict.field.${field}`)}
        {both ? <span class="chip noise">{t('desk.conflict.both_changed')}</span> : null}
      </legend>
      <div class="picks">
        {c.sides.map((side, i) => (
          <label class={`pick${chosen === i ? ' chosen' : ''}`} key={i}>
            <input
              type="radio"
              name={name}
              value={String(i)}
              id={`${name}-${i}`}
              checked={chosen === i}
              onChange={() => editor.choose(field, i)}
            />
            <span class="pick-side">{side.label}</span>
            <span class="pick-value">{describeField(field, side.content)}</span>
          </label>
        ))}
        {UNION_FIELDS.has(field) ? (
          <label class={`pick${chosen === 'union' ? ' chosen' : ''}`}>
            <input
              type="radio"
              name={name}
              value="union"
              id={`${name}-union`}
              checked={chosen === 'union'}
              onChange={() => editor.choose(field, 'union')}
            />
            <span class="pick-side">{t('desk.conflict.both')}</span>
          </label>
        ) : null}
      </div>
    </fieldset>
  );
}

export function ConflictView({ editor, c }: { editor: EventEditor; c: Conflict }): JSX.Element {
  const ctx = useDesk();
  const fields = differingFields(c.sides.map((s) => s.content));
  return (
    <section class="conflict" aria-labelledby="conflict-heading">
      <h2 id="conflict-heading" tabIndex={-1}>
        {t('desk.conflict.heading')}
      </h2>
      <p class="notice" role="note">
        {t('desk.conflict.intro')}
      </p>
      <ul class="sides">
        {c.sides.map((s, i) => (
          <li key={i}>
            <strong>{s.label}</strong>
            {s.createdAt ? (
              <>
                {' · '}
                <Time at={s.createdAt} />
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {fields.length === 0 ? <p>{t('desk.conflict.same')}</p> : null}
      <div class="actions">
        {c.sides.map((s, i) => (
          <button type="button" key={i} id={`take-all-${i}`} onClick={() => editor.takeAll(i)}>
            {t('desk.conflict.take_all', { side: s.label })}
          </button>
        ))}
      </div>
      {fields.map((field) => (
        <FieldPicks key={field} editor={editor} c={c} field={field} />
      ))}
      <div class="actions">
        {ctx.canEdit ? (
          <button
            type="button"
            class="primary"
            id="conflict-save"
            disabled={editor.busy.value}
            onClick={() => void editor.saveMerge()}
          >
            {t('desk.conflict.save')}
          </button>
        ) : null}
        <button type="button" id="conflict-edit" onClick={() => editor.editMerge()}>
          {t('desk.conflict.edit')}
        </button>
      </div>
    </section>
  );
}
