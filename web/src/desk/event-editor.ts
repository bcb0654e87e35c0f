// The event form's flow: fill it from a cluster's suggestions, a stored version or nothing;
// check and publish it; when the save is stale (or versions from two desks wait), open the
// conflict view, and save or edit the merge.
import { batch, type Signal, signal } from '@preact/signals';
import { ApiError } from '../shared/http.js';
import { focusSoon, randomSuffix, today } from './controls.js';
import {
  type CodedEventContent,
  getDraft,
  getEvent,
  type InboxReport,
  saveEvent,
  staleVersions,
} from './desk-api.js';
import type { DeskContext } from './desk-context.js';
import { EventFields } from './event-fields.js';
import { blankContent, contentToForm, type FieldError, formToContent, localActors } from './event-model.js';
import { fieldOfServerMessage } from './event-server-field.js';
import { errorMessage, t } from './i18n.js';
import { autoChoices, type Choice, type MergeField, mergeVersions } from './merge.js';
import { type EventSource, hashFor } from './route.js';

export interface ConflictSide {
  label: string;
  content: CodedEventContent;
  createdAt?: number;
}

export interface Conflict {
  sides: ConflictSide[];
  /** Ids of the versions the resolution must name in `prev`. */
  current: string[];
  choices: Partial<Record<MergeField, Choice>>;
  /** Fields both sides changed differently since the version the editor started from. */
  conflicts: MergeField[];
}

export class EventEditor {
  readonly phase = signal<'loading' | 'failed' | 'form' | 'conflict'>('loading');
  readonly loadError = signal<unknown>(null);
  readonly fields = new EventFields();
  /** The content the form was filled from: the base of a three-way merge. */
  private base: CodedEventContent | null = null;
  /** The versions this save builds on (empty: a new event). */
  readonly prev = signal<string[]>([]);
  readonly reports = signal<InboxReport[]>([]);
  readonly errors = signal<FieldError[]>([]);
  readonly serverError = signal<unknown>(null);
  readonly publishUnverified = signal(false);
  readonly busy = signal(false);
  readonly saved = signal<{ id: string; version: string } | null>(null);
  readonly conflict = signal<Conflict | null>(null);
  readonly source: Signal<EventSource>;

  constructor(
    private readonly ctx: DeskContext,
    source: EventSource,
  ) {
    this.source = signal<EventSource>(source);
  }

  async load(): Promise<void> {
    const source = this.source.peek();
    try {
      if (source.kind === 'cluster') {
        const draft = await getDraft(source.cluster);
        this.reports.value = draft.reports ?? [];
        this.fill(localActors(draft.content), []);
      } else if (source.kind === 'event') {
        const event = await getEvent(source.id);
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
      this.phase.value = 'form';
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      batch(() => {
        this.loadError.value = error;
        this.phase.value = 'failed';
      });
    }
  }

  private fill(content: CodedEventContent, prev: string[]): void {
    batch(() => {
      this.base = content;
      this.fields.fill(contentToForm(content));
      this.prev.value = prev;
      this.errors.value = [];
    });
  }

  private openConflict(sides: ConflictSide[], current: string[], base: CodedEventContent | null): void {
    const { choices, conflicts } = autoChoices(
      base,
      sides.map((s) => s.content),
    );
    batch(() => {
      this.conflict.value = { sides, current, choices, conflicts };
      this.phase.value = 'conflict';
    });
    focusSoon('conflict-heading');
  }

  /** The message for a field's error, if it has one. */
  errorFor(field: string): string | undefined {
    const e = this.errors.value.find((x) => x.field === field);
    if (!e) return undefined;
    return e.key ? t(e.key) : errorMessage(this.serverError.value);
  }

  /** Check the form (or take merged content as it is) and publish it. */
  async save(content?: CodedEventContent): Promise<void> {
    let toSave = content;
    if (!toSave) {
      const result = formToContent(this.fields.snapshot(), this.base ?? undefined);
      if (!result.ok) {
        batch(() => {
          this.errors.value = result.errors;
          this.serverError.value = null;
        });
        focusSoon('form-errors');
        return;
      }
      toSave = result.content;
    }
    batch(() => {
      this.errors.value = [];
      this.serverError.value = null;
      this.busy.value = true;
    });
    try {
      const saved = await saveEvent(
        this.ctx.session.csrf_token,
        toSave,
        this.prev.peek(),
        this.publishUnverified.peek(),
      );
      batch(() => {
        this.busy.value = false;
        this.saved.value = saved;
        this.fill(toSave, [saved.version]);
        this.source.value = { kind: 'event', id: saved.id };
        this.phase.value = 'form';
        this.conflict.value = null;
        // The node attached the event's reports to it: the cards beside the form say so at once.
        const attached = new Set(toSave.report_ids ?? []);
        this.reports.value = this.reports.value.map((r) =>
          attached.has(r.id) ? { ...r, status: 'attached', event_id: saved.id } : r,
        );
      });
      history.replaceState(null, '', hashFor(`event/${encodeURIComponent(saved.id)}`));
      focusSoon('event-saved');
    } catch (error) {
      this.busy.value = false;
      if (this.ctx.signedOut(error)) return;
      this.refused(error, toSave);
    }
  }

  /** The node said no: a stale save opens the conflict view; anything else marks the form. */
  private refused(error: unknown, toSave: CodedEventContent): void {
    const current = staleVersions<CodedEventContent>(error);
    if (current) {
      this.openConflict(
        [
          ...current.map((v, i) => ({
            label: current.length > 1 ? t('desk.conflict.theirs_n', { n: i + 1 }) : t('desk.conflict.theirs'),
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
    batch(() => {
      this.serverError.value = error;
      if (error instanceof ApiError && error.code === 'invalid_content') {
        const field = fieldOfServerMessage(error.message);
        if (field) this.errors.value = [{ field, key: '' }];
      }
      if (error instanceof ApiError && error.code === 'not_publishable') {
        this.errors.value = [{ field: 'verification', key: 'desk.event.not_publishable' }];
      }
    });
    focusSoon('form-errors');
  }

  // ---- The conflict view's choices ----

  choose(field: MergeField, choice: Choice): void {
    const c = this.conflict.peek();
    if (c) this.conflict.value = { ...c, choices: { ...c.choices, [field]: choice } };
  }

  takeAll(index: number): void {
    const c = this.conflict.peek();
    if (!c) return;
    const choices = Object.fromEntries(Object.keys(c.choices).map((f) => [f, index]));
    this.conflict.value = { ...c, choices };
  }

  private merged(c: Conflict): CodedEventContent {
    return mergeVersions(
      c.sides.map((s) => s.content),
      c.choices,
    );
  }

  /** Publish the merge as it is, building on the versions it resolves. */
  saveMerge(): Promise<void> {
    const c = this.conflict.peek();
    if (!c) return Promise.resolve();
    const merged = this.merged(c);
    batch(() => {
      this.prev.value = c.current;
      this.fields.fill(contentToForm(merged));
    });
    return this.save(merged);
  }

  /** Open the merge in the form, to correct it before publishing. */
  editMerge(): void {
    const c = this.conflict.peek();
    if (!c) return;
    const merged = this.merged(c);
    batch(() => {
      this.fields.fill(contentToForm(merged));
      this.base = merged;
      this.prev.value = c.current;
      this.conflict.value = null;
      this.phase.value = 'form';
    });
    focusSoon('event-heading');
  }
}
