// The conflict view: versions of one event side by side, field by field, and the editor picks
// which to keep (or, for lists, both). Only the fields on which the versions differ are shown.
import { h } from '../shared/dom.js';
import { formatDay, formatNumber, t } from '../shared/i18n.js';
import { codeLabel } from './codes.js';
import type { CodedEventContent } from './desk-api.js';
import { type Choice, differingFields, type MergeField, UNION_FIELDS } from './merge.js';
import { button, time } from './ui.js';

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

export interface ConflictSide {
  label: string;
  content: CodedEventContent;
  createdAt?: number;
}

export interface ConflictOptions {
  sides: ConflictSide[];
  choices: Partial<Record<MergeField, Choice>>;
  /** Fields both sides changed differently since the version the editor started from. */
  conflicts: readonly MergeField[];
  busy: boolean;
  canEdit: boolean;
  onChoose(field: MergeField, choice: Choice): void;
  onTakeAll(index: number): void;
  onSave(): void;
  onEdit(): void;
}

export function conflictView(o: ConflictOptions): HTMLElement {
  const fields = differingFields(o.sides.map((s) => s.content));
  const rows = fields.map((field) => {
    const name = `pick-${field}`;
    const options = o.sides.map((side, i) =>
      h(
        'label',
        { class: `pick${o.choices[field] === i ? ' chosen' : ''}` },
        h('input', {
          type: 'radio',
          name,
          value: String(i),
          id: `${name}-${i}`,
          checked: o.choices[field] === i,
        }),
        h('span', { class: 'pick-side' }, side.label),
        h('span', { class: 'pick-value' }, describeField(field, side.content)),
      ),
    );
    if (UNION_FIELDS.has(field)) {
      options.push(
        h(
          'label',
          { class: `pick${o.choices[field] === 'union' ? ' chosen' : ''}` },
          h('input', {
            type: 'radio',
            name,
            value: 'union',
            id: `${name}-union`,
            checked: o.choices[field] === 'union',
          }),
          h('span', { class: 'pick-side' }, t('desk.conflict.both')),
        ),
      );
    }
    const group = h(
      'fieldset',
      {
        class: `conflict-field${o.conflicts.includes(field) ? ' both-changed' : ''}`,
        id: `conflict-${field}`,
      },
      h(
        'legend',
        null,
        t(`desk.conflict.field.${field}`),
        o.conflicts.includes(field)
          ? h('span', { class: 'chip noise' }, t('desk.conflict.both_changed'))
          : null,
      ),
      h('div', { class: 'picks' }, options),
    );
    group.addEventListener('change', (e) => {
      const radio = e.target as HTMLInputElement;
      o.onChoose(field, radio.value === 'union' ? 'union' : Number(radio.value));
    });
    return group;
  });
  return h(
    'section',
    { class: 'conflict', 'aria-labelledby': 'conflict-heading' },
    h('h2', { id: 'conflict-heading', tabindex: '-1' }, t('desk.conflict.heading')),
    h('p', { class: 'notice', role: 'note' }, t('desk.conflict.intro')),
    h(
      'ul',
      { class: 'sides' },
      o.sides.map((s) =>
        h('li', null, h('strong', null, s.label), s.createdAt ? [' · ', time(s.createdAt)] : null),
      ),
    ),
    fields.length === 0 ? h('p', null, t('desk.conflict.same')) : null,
    h(
      'div',
      { class: 'actions' },
      o.sides.map((s, i) =>
        button(t('desk.conflict.take_all', { side: s.label }), () => o.onTakeAll(i), { id: `take-all-${i}` }),
      ),
    ),
    rows,
    h(
      'div',
      { class: 'actions' },
      o.canEdit
        ? button(t('desk.conflict.save'), o.onSave, {
            class: 'primary',
            id: 'conflict-save',
            disabled: o.busy,
          })
        : null,
      button(t('desk.conflict.edit'), o.onEdit, { id: 'conflict-edit' }),
    ),
  );
}
