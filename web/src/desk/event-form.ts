// The event form: a coded event prefilled from a cluster's suggestions (or a stored version),
// corrected by the editor and published. A stale save opens the conflict view.
import { h } from '../shared/dom.js';
import { ApiError, errorText } from '../shared/http.js';
import { t } from '../shared/i18n.js';
import {
  ACTOR_ROLES,
  codeLabel,
  DEMAND_CLASSES,
  demandsOf,
  EVENT_TYPES,
  GEO_PRECISIONS,
  ORGANIZATIONS,
  PUBLISHABLE,
  SECTORS,
  STATE_RESPONSES,
  subEventTypesOf,
  TACTICS,
  TIME_PRECISIONS,
  VERIFICATION_STATUSES,
} from './codes.js';
import { type ConflictSide, conflictView } from './conflict.js';
import {
  type CodedEventContent,
  getDraft,
  getEvent,
  type InboxReport,
  saveEvent,
  staleVersions,
} from './desk-api.js';
import {
  blankContent,
  contentToForm,
  type EventForm,
  type FieldError,
  fieldOfServerMessage,
  formToContent,
  withEventType,
} from './event-model.js';
import { reportCard } from './legacy-view.js';
import { autoChoices, type Choice, type MergeField, mergeVersions } from './merge.js';
import {
  button,
  checkGroup,
  type DeskContext,
  type DeskView,
  errorLine,
  hashFor,
  input,
  labelled,
  loadingLine,
  type Option,
  randomSuffix,
  select,
  textarea,
  today,
} from './ui.js';

type Source = { kind: 'cluster'; cluster: string } | { kind: 'event'; id: string } | { kind: 'blank' };

interface Conflict {
  sides: ConflictSide[];
  /** Ids of the versions the resolution must name in `prev`. */
  current: string[];
  choices: Partial<Record<MergeField, Choice>>;
  conflicts: MergeField[];
}

const TEXT_FIELDS = new Set([
  'id',
  'date',
  'time_precision',
  'settlement',
  'admin1',
  'country',
  'lat',
  'lon',
  'geo_precision',
  'enterprise_name',
  'enterprise_sector',
  'sub_event_type',
  'size_low',
  'size_high',
  'size_text',
  'fatalities',
  'injured',
  'detained',
  'organization',
  'verification',
  'notes',
  'related_events',
  'collectives',
]);
const LIST_FIELDS = new Set(['tactics', 'demands', 'state_responses']);

const options = (group: Parameters<typeof codeLabel>[0], codes: readonly (string | number)[]): Option[] =>
  codes.map((c) => ({ value: String(c), label: codeLabel(group, c) }));

export class EventFormView implements DeskView {
  private phase: 'loading' | 'failed' | 'form' | 'conflict' = 'loading';
  private loadError: unknown = null;
  private form: EventForm | null = null;
  /** The content the form was filled from: the base of a three-way merge. */
  private base: CodedEventContent | null = null;
  private prev: string[] = [];
  private reports: InboxReport[] = [];
  private errors: FieldError[] = [];
  private serverError: unknown = null;
  private publishUnverified = false;
  private busy = false;
  private saved: { id: string; version: string } | null = null;
  private conflict: Conflict | null = null;

  constructor(
    private ctx: DeskContext,
    private source: Source,
  ) {
    void this.load();
  }

  title(): string {
    if (this.source.kind === 'event') return t('desk.event.edit_title', { id: this.source.id });
    return t('desk.event.new_title');
  }

  private async load(): Promise<void> {
    try {
      if (this.source.kind === 'cluster') {
        const draft = await getDraft(this.source.cluster);
        this.reports = draft.reports ?? [];
        this.fill(draft.content, []);
      } else if (this.source.kind === 'event') {
        const event = await getEvent(this.source.id);
        const versions = [...event.versions].sort((a, b) => b.created_at - a.created_at);
        const first = versions[0];
        if (!first) throw new ApiError(404, 'not_found', 'no such event');
        this.fill(
          first.content,
          versions.map((v) => v.version),
        );
        if (versions.length > 1) {
          // Versions from two desks, neither built on the other: resolve before editing.
          this.openConflict(
            versions.map((v, i) => ({
              label: t('desk.conflict.version', { n: i + 1 }),
              content: v.content,
              createdAt: v.created_at,
            })),
            versions.map((v) => v.version),
            null,
          );
          return;
        }
      } else {
        this.fill(blankContent(today(), randomSuffix()), []);
      }
      this.phase = 'form';
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      this.loadError = error;
      this.phase = 'failed';
    }
    this.ctx.redraw();
  }

  private fill(content: CodedEventContent, prev: string[]): void {
    this.base = content;
    this.form = contentToForm(content);
    this.prev = prev;
    this.errors = [];
  }

  private openConflict(sides: ConflictSide[], current: string[], base: CodedEventContent | null): void {
    const { choices, conflicts } = autoChoices(
      base,
      sides.map((s) => s.content),
    );
    this.conflict = { sides, current, choices, conflicts };
    this.phase = 'conflict';
    this.ctx.redraw();
    document.getElementById('conflict-heading')?.focus();
  }

  /** Read one control into the form state; answers whether the form must be drawn again. */
  private read(el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): boolean {
    const f = this.form;
    if (!f) return false;
    const name = el.name;
    if (name === 'event_type') {
      this.form = withEventType(f, el.value);
      return true;
    }
    if (name === 'verification') {
      f.verification = el.value;
      return true;
    }
    if (name === 'publish_unverified') {
      this.publishUnverified = (el as HTMLInputElement).checked;
      return false;
    }
    if (TEXT_FIELDS.has(name)) {
      (f as unknown as Record<string, string>)[name] = el.value;
      return false;
    }
    if (LIST_FIELDS.has(name)) {
      const list = f[name as 'tactics'];
      const checked = (el as HTMLInputElement).checked;
      const next = list.filter((x) => x !== el.value);
      if (checked) next.push(el.value);
      f[name as 'tactics'] = next;
      return false;
    }
    if (name === 'actor_roles') {
      const role = el.value;
      if ((el as HTMLInputElement).checked) {
        f.actors.push({ name: codeLabel('actor_role', role), role, enterprise: '' });
      } else {
        f.actors = f.actors.filter((a) => a.role !== role);
      }
      return true;
    }
    const row = /^(actor|source)-(\d+)-(\w+)$/.exec(name);
    if (row) {
      const list = row[1] === 'actor' ? f.actors : f.sources;
      const item = list[Number(row[2])] as unknown as Record<string, string> | undefined;
      if (item) item[row[3]!] = el.value;
      return row[1] === 'actor' && row[3] === 'role';
    }
    return false;
  }

  private async save(content?: CodedEventContent): Promise<void> {
    if (!this.form) return;
    let toSave = content;
    if (!toSave) {
      const result = formToContent(this.form, this.base ?? undefined);
      if (!result.ok) {
        this.errors = result.errors;
        this.serverError = null;
        this.ctx.redraw();
        document.getElementById('form-errors')?.focus();
        return;
      }
      toSave = result.content;
    }
    this.errors = [];
    this.serverError = null;
    this.busy = true;
    this.ctx.redraw();
    try {
      const saved = await saveEvent(this.ctx.session.csrf_token, toSave, this.prev, this.publishUnverified);
      this.busy = false;
      this.saved = saved;
      this.fill(toSave, [saved.version]);
      this.source = { kind: 'event', id: saved.id };
      this.phase = 'form';
      this.conflict = null;
      history.replaceState(null, '', hashFor(`event/${encodeURIComponent(saved.id)}`));
      this.ctx.redraw();
      document.getElementById('event-saved')?.focus();
    } catch (error) {
      this.busy = false;
      if (this.ctx.signedOut(error)) return;
      const current = staleVersions<CodedEventContent>(error);
      if (current) {
        this.openConflict(
          [
            ...current.map((v, i) => ({
              label:
                current.length > 1 ? t('desk.conflict.theirs_n', { n: i + 1 }) : t('desk.conflict.theirs'),
              content: v.content,
              createdAt: v.created_at,
            })),
            { label: t('desk.conflict.yours'), content: toSave },
          ],
          current.map((v) => v.version),
          this.base,
        );
        return;
      }
      this.serverError = error;
      if (error instanceof ApiError && error.code === 'invalid_content') {
        const field = fieldOfServerMessage(error.message);
        if (field) this.errors = [{ field, key: '' }];
      }
      if (error instanceof ApiError && error.code === 'not_publishable') {
        this.errors = [{ field: 'verification', key: 'desk.event.not_publishable' }];
      }
      this.ctx.redraw();
      document.getElementById('form-errors')?.focus();
    }
  }

  private errorFor(field: string): string | undefined {
    const e = this.errors.find((x) => x.field === field);
    if (!e) return undefined;
    return e.key ? t(e.key) : errorText(this.serverError, 'desk');
  }

  private field(name: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
    return labelled(`ev-${name}`, label, control, { hint, error: this.errorFor(name) });
  }

  private text(name: keyof EventForm, label: string, attrs: Record<string, string> = {}, hint?: string) {
    return this.field(name, label, input(name, String(this.form![name]), attrs), hint);
  }

  private errorSummary(): HTMLElement | null {
    if (this.errors.length === 0 && !this.serverError) return null;
    return h(
      'div',
      { class: 'error-summary', id: 'form-errors', tabindex: '-1', role: 'alert' },
      h('h2', null, t('desk.event.errors')),
      this.serverError && !this.errors.some((e) => e.key === '')
        ? h('p', null, errorText(this.serverError, 'desk'))
        : null,
      h(
        'ul',
        null,
        this.errors.map((e) =>
          h(
            'li',
            null,
            h('a', { href: `#`, 'data-focus': `ev-${e.field}` }, this.errorFor(e.field) ?? e.field),
          ),
        ),
      ),
    );
  }

  private actorRows(f: EventForm): HTMLElement {
    const rows = f.actors.map((a, i) =>
      h(
        'li',
        { class: 'row' },
        this.field(
          `actor-${i}-role`,
          t('desk.event.actor_role'),
          select(`actor-${i}-role`, a.role, options('actor_role', ACTOR_ROLES)),
        ),
        this.field(`actor-${i}-name`, t('desk.event.actor_name'), input(`actor-${i}-name`, a.name)),
        this.field(
          `actor-${i}-enterprise`,
          t('desk.event.actor_enterprise'),
          input(`actor-${i}-enterprise`, a.enterprise),
        ),
        button(
          t('desk.event.remove'),
          () => {
            f.actors.splice(i, 1);
            this.ctx.redraw();
            document.getElementById('add-actor')?.focus();
          },
          { id: `remove-actor-${i}`, 'aria-label': t('desk.event.remove_actor', { n: i + 1 }) },
        ),
      ),
    );
    return h(
      'div',
      null,
      h('ol', { class: 'rows' }, rows),
      button(
        t('desk.event.add_actor'),
        () => {
          f.actors.push({ name: '', role: 'unknown', enterprise: '' });
          this.ctx.redraw();
          document.getElementById(`ev-actor-${f.actors.length - 1}-role`)?.focus();
        },
        { id: 'add-actor' },
      ),
    );
  }

  private sourceRows(f: EventForm): HTMLElement {
    const rows = f.sources.map((s, i) =>
      h(
        'li',
        { class: 'row' },
        this.field(`source-${i}-name`, t('desk.event.source_name'), input(`source-${i}-name`, s.name)),
        this.field(
          `source-${i}-url`,
          t('desk.event.source_url'),
          input(`source-${i}-url`, s.url, { type: 'url', inputmode: 'url' }),
        ),
        this.field(
          `source-${i}-date`,
          t('desk.event.source_date'),
          input(`source-${i}-date`, s.date, { type: 'date' }),
        ),
        button(
          t('desk.event.remove'),
          () => {
            f.sources.splice(i, 1);
            this.ctx.redraw();
            document.getElementById('add-source')?.focus();
          },
          { id: `remove-source-${i}`, 'aria-label': t('desk.event.remove_source', { n: i + 1 }) },
        ),
      ),
    );
    return h(
      'div',
      null,
      h('ol', { class: 'rows' }, rows),
      button(
        t('desk.event.add_source'),
        () => {
          f.sources.push({ name: '', url: '', date: '' });
          this.ctx.redraw();
          document.getElementById(`ev-source-${f.sources.length - 1}-name`)?.focus();
        },
        { id: 'add-source' },
      ),
    );
  }

  private formView(f: EventForm): HTMLElement {
    const section = (id: string, title: string, ...body: (HTMLElement | HTMLElement[] | null)[]) =>
      h('fieldset', { class: 'section', id: `sec-${id}` }, h('legend', null, title), body.flat());
    const publishable = (PUBLISHABLE as readonly string[]).includes(f.verification);
    const roles = [...new Set(f.actors.map((a) => a.role))];
    const form = h(
      'form',
      { class: 'event-form', novalidate: true, 'aria-labelledby': 'event-heading' },
      this.errorSummary(),
      section(
        'what',
        t('desk.event.sec_what'),
        this.field(
          'event_type',
          t('desk.event.event_type'),
          select('event_type', f.event_type, options('event_type', EVENT_TYPES)),
        ),
        this.field(
          'sub_event_type',
          t('desk.event.sub_event_type'),
          select(
            'sub_event_type',
            f.sub_event_type,
            EVENT_TYPES.includes(f.event_type as never)
              ? options('sub_event_type', subEventTypesOf(f.event_type as (typeof EVENT_TYPES)[number]))
              : [],
          ),
        ),
        this.field(
          'organization',
          t('desk.event.organization'),
          select('organization', f.organization, options('organization', ORGANIZATIONS)),
          t('desk.event.organization_hint'),
        ),
      ),
      section(
        'when',
        t('desk.event.sec_when'),
        this.text('date', t('desk.event.date'), { type: 'date', required: 'true' }),
        this.field(
          'time_precision',
          t('desk.event.time_precision'),
          select('time_precision', f.time_precision, options('time_precision', TIME_PRECISIONS)),
        ),
      ),
      section(
        'where',
        t('desk.event.sec_where'),
        this.text('settlement', t('desk.event.settlement'), {}, t('desk.event.settlement_hint')),
        this.text('admin1', t('desk.event.admin1')),
        this.text('country', t('desk.event.country')),
        h(
          'div',
          { class: 'pair' },
          this.text('lat', t('desk.event.lat'), { inputmode: 'decimal' }),
          this.text('lon', t('desk.event.lon'), { inputmode: 'decimal' }),
        ),
        this.field(
          'geo_precision',
          t('desk.event.geo_precision'),
          select('geo_precision', f.geo_precision, options('geo_precision', GEO_PRECISIONS)),
        ),
      ),
      section(
        'who',
        t('desk.event.sec_who'),
        checkGroup('actor_roles', t('desk.event.actor_roles'), options('actor_role', ACTOR_ROLES), roles, {
          idPrefix: 'ev-role',
          class: 'columns',
          hint: t('desk.event.actor_roles_hint'),
        }),
        this.actorRows(f),
        h(
          'div',
          { class: 'pair' },
          this.text('enterprise_name', t('desk.event.enterprise')),
          this.field(
            'enterprise_sector',
            t('desk.event.sector'),
            select('enterprise_sector', f.enterprise_sector, [
              { value: '', label: t('desk.event.no_sector') },
              ...options('sector', SECTORS),
            ]),
          ),
        ),
      ),
      section(
        'demands',
        t('desk.event.demands'),
        DEMAND_CLASSES.map((cls) =>
          checkGroup(
            'demands',
            codeLabel('demand_class', cls),
            options('demand', demandsOf(cls)),
            f.demands,
            {
              idPrefix: `ev-demand-${cls}`,
              class: 'columns',
            },
          ),
        ),
      ),
      section(
        'how',
        t('desk.event.sec_how'),
        checkGroup('tactics', t('desk.event.tactics'), options('tactic', TACTICS), f.tactics, {
          idPrefix: 'ev-tactic',
          class: 'columns',
        }),
        checkGroup(
          'state_responses',
          t('desk.event.state_responses'),
          options('state_response', STATE_RESPONSES),
          f.state_responses,
          {
            idPrefix: 'ev-response',
            class: 'columns',
          },
        ),
      ),
      section(
        'size',
        t('desk.event.sec_size'),
        h(
          'div',
          { class: 'pair' },
          this.text('size_low', t('desk.event.size_low'), { inputmode: 'numeric' }),
          this.text('size_high', t('desk.event.size_high'), { inputmode: 'numeric' }),
        ),
        this.text('size_text', t('desk.event.size_text'), {}, t('desk.event.size_hint')),
        h(
          'div',
          { class: 'triple' },
          this.text('fatalities', t('desk.event.fatalities'), { inputmode: 'numeric' }),
          this.text('injured', t('desk.event.injured'), { inputmode: 'numeric' }),
          this.text('detained', t('desk.event.detained'), { inputmode: 'numeric' }),
        ),
      ),
      section(
        'sources',
        t('desk.event.sec_sources'),
        this.sourceRows(f),
        this.field('notes', t('desk.event.notes'), textarea('notes', f.notes, { rows: 4 })),
        this.text(
          'related_events',
          t('desk.event.related_events'),
          { spellcheck: 'false' },
          t('desk.event.ids_hint'),
        ),
        this.text(
          'collectives',
          t('desk.event.collectives'),
          { spellcheck: 'false' },
          t('desk.event.ids_hint'),
        ),
        f.report_ids.length
          ? h('p', { class: 'muted' }, t('desk.event.report_count', { n: f.report_ids.length }))
          : null,
        this.text('id', t('desk.event.record_id'), {
          spellcheck: 'false',
          ...(this.prev.length ? { readonly: 'true' } : {}),
        }),
      ),
      section(
        'verify',
        t('desk.event.sec_verify'),
        this.field(
          'verification',
          t('desk.event.verification'),
          select('verification', f.verification, options('verification', VERIFICATION_STATUSES)),
          t('desk.event.verification_hint'),
        ),
        publishable
          ? null
          : h(
              'label',
              { class: 'check override' },
              h('input', {
                type: 'checkbox',
                name: 'publish_unverified',
                id: 'ev-publish-unverified',
                checked: this.publishUnverified,
              }),
              ' ',
              t('desk.event.publish_unverified'),
            ),
      ),
      this.ctx.canEdit
        ? h(
            'div',
            { class: 'actions sticky' },
            h(
              'button',
              { type: 'submit', class: 'primary', id: 'event-publish', disabled: this.busy },
              this.busy
                ? t('desk.event.publishing')
                : this.prev.length
                  ? t('desk.event.save_edit')
                  : t('desk.event.publish'),
            ),
          )
        : h('p', { class: 'muted' }, t('desk.read_only')),
    );
    const onChange = (e: Event) => {
      const el = e.target;
      if (
        !(
          el instanceof HTMLInputElement ||
          el instanceof HTMLSelectElement ||
          el instanceof HTMLTextAreaElement
        )
      )
        return;
      if (el.type === 'radio') return;
      // Text is read as it is typed; a select or checkbox may change what the form shows.
      if (e.type === 'input' && (el instanceof HTMLSelectElement || el.type === 'checkbox')) return;
      if (this.read(el)) this.ctx.redraw();
    };
    form.addEventListener('input', onChange);
    form.addEventListener('change', onChange);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.save();
    });
    for (const link of Array.from(form.querySelectorAll<HTMLAnchorElement>('.error-summary a[data-focus]'))) {
      const label = form.querySelector(`label[for="${link.getAttribute('data-focus')}"]`)?.textContent;
      if (label) link.textContent = `${label}: ${link.textContent}`;
    }
    form.addEventListener('click', (e) => {
      const link = (e.target as HTMLElement).closest('a[data-focus]');
      if (!link) return;
      e.preventDefault();
      document.getElementById(link.getAttribute('data-focus')!)?.focus();
    });
    return form;
  }

  private conflictPart(c: Conflict): HTMLElement {
    return conflictView({
      sides: c.sides,
      choices: c.choices,
      conflicts: c.conflicts,
      busy: this.busy,
      canEdit: this.ctx.canEdit,
      onChoose: (field, choice) => {
        c.choices[field] = choice;
        this.ctx.redraw();
      },
      onTakeAll: (index) => {
        for (const field of Object.keys(c.choices) as MergeField[]) c.choices[field] = index;
        this.ctx.redraw();
      },
      onSave: () => {
        const merged = mergeVersions(
          c.sides.map((s) => s.content),
          c.choices,
        );
        this.prev = c.current;
        this.form = contentToForm(merged);
        void this.save(merged);
      },
      onEdit: () => {
        const merged = mergeVersions(
          c.sides.map((s) => s.content),
          c.choices,
        );
        this.form = contentToForm(merged);
        this.base = merged;
        this.prev = c.current;
        this.conflict = null;
        this.phase = 'form';
        this.ctx.redraw();
        document.getElementById('event-heading')?.focus();
      },
    });
  }

  render(): HTMLElement {
    const head = h(
      'div',
      { class: 'view-head' },
      h('h1', { tabindex: '-1', id: 'event-heading' }, this.title()),
      h('a', { href: hashFor('events'), class: 'button-link' }, t('desk.event.all')),
    );
    let body: HTMLElement;
    if (this.phase === 'loading') body = loadingLine();
    else if (this.phase === 'failed') body = errorLine(this.loadError);
    else if (this.phase === 'conflict' && this.conflict)
      body = h(
        'div',
        null,
        this.serverError ? errorLine(this.serverError) : null,
        this.conflictPart(this.conflict),
      );
    else body = this.formView(this.form!);
    const saved = this.saved
      ? h(
          'p',
          { class: 'notice', id: 'event-saved', tabindex: '-1', role: 'status' },
          t('desk.event.published', { id: this.saved.id }),
        )
      : null;
    const reports =
      this.reports.length > 0
        ? h(
            'aside',
            { class: 'event-reports', 'aria-labelledby': 'event-reports-heading' },
            h(
              'details',
              { open: true },
              h(
                'summary',
                null,
                h('h2', { id: 'event-reports-heading' }, t('desk.event.reports', { n: this.reports.length })),
              ),
              h(
                'ol',
                { class: 'reports' },
                this.reports.map((r) => h('li', null, reportCard(r, { clusterLink: false }))),
              ),
            ),
          )
        : null;
    return h(
      'div',
      { class: `view event${reports ? ' with-aside' : ''}` },
      head,
      saved,
      h('div', { class: 'event-layout' }, reports, h('div', { class: 'event-main' }, body)),
    );
  }
}
