// The event form's fields as signals, one each: typing in a field draws nothing but what shows
// that field, and a change of event type or of the actors draws only the parts that depend
// on them. `snapshot()` gives the plain form of event-model.ts, which turns it into content.
import { batch, type Signal, signal } from '@preact/signals';
import { codeLabel } from './codes.js';
import { type ActorRow, type EventForm, type SourceRow, withEventType } from './event-model.js';

/** The fields held as one string each. */
export const TEXT_FIELDS = [
  'id',
  'event_type',
  'sub_event_type',
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
] as const satisfies readonly (keyof EventForm)[];
export type TextField = (typeof TEXT_FIELDS)[number];

/** The fields held as a list of codes (groups of checkboxes). */
export const LIST_FIELDS = ['tactics', 'demands', 'state_responses'] as const;
export type ListField = (typeof LIST_FIELDS)[number];

export class EventFields {
  readonly text = Object.fromEntries(TEXT_FIELDS.map((name) => [name, signal('')])) as Record<
    TextField,
    Signal<string>
  >;
  readonly lists = Object.fromEntries(LIST_FIELDS.map((name) => [name, signal<string[]>([])])) as Record<
    ListField,
    Signal<string[]>
  >;
  readonly actors = signal<ActorRow[]>([]);
  readonly sources = signal<SourceRow[]>([]);
  readonly reportIds = signal<string[]>([]);

  fill(form: EventForm): void {
    batch(() => {
      for (const name of TEXT_FIELDS) this.text[name].value = form[name];
      for (const name of LIST_FIELDS) this.lists[name].value = [...form[name]];
      this.actors.value = form.actors.map((a) => ({ ...a }));
      this.sources.value = form.sources.map((s) => ({ ...s }));
      this.reportIds.value = [...form.report_ids];
    });
  }

  snapshot(): EventForm {
    const form = Object.fromEntries(TEXT_FIELDS.map((name) => [name, this.text[name].peek()])) as Record<
      TextField,
      string
    >;
    return {
      ...form,
      tactics: [...this.lists.tactics.peek()],
      demands: [...this.lists.demands.peek()],
      state_responses: [...this.lists.state_responses.peek()],
      actors: this.actors.peek().map((a) => ({ ...a })),
      sources: this.sources.peek().map((s) => ({ ...s })),
      report_ids: [...this.reportIds.peek()],
    };
  }

  /** A new event type keeps the sub-type when it still belongs, else takes the type's first. */
  setEventType(type: string): void {
    const next = withEventType(this.snapshot(), type);
    batch(() => {
      this.text.event_type.value = next.event_type;
      this.text.sub_event_type.value = next.sub_event_type;
    });
  }

  toggle(list: ListField, code: string, on: boolean): void {
    const next = this.lists[list].peek().filter((x) => x !== code);
    if (on) next.push(code);
    this.lists[list].value = next;
  }

  /** A role ticked adds an actor with the role's name (the editor names it better); unticked removes them. */
  toggleRole(role: string, on: boolean): void {
    const actors = this.actors.peek();
    this.actors.value = on
      ? [...actors, { name: codeLabel('actor_role', role), role, enterprise: '' }]
      : actors.filter((a) => a.role !== role);
  }

  setActor(index: number, key: keyof ActorRow, value: string): void {
    this.actors.value = this.actors.peek().map((a, i) => (i === index ? { ...a, [key]: value } : a));
  }

  addActor(): number {
    this.actors.value = [...this.actors.peek(), { name: '', role: 'unknown', enterprise: '' }];
    return this.actors.peek().length - 1;
  }

  removeActor(index: number): void {
    this.actors.value = this.actors.peek().filter((_, i) => i !== index);
  }

  setSource(index: number, key: keyof SourceRow, value: string): void {
    this.sources.value = this.sources.peek().map((s, i) => (i === index ? { ...s, [key]: value } : s));
  }

  addSource(): number {
    this.sources.value = [...this.sources.peek(), { name: '', url: '', date: '' }];
    return this.sources.peek().length - 1;
  }

  removeSource(index: number): void {
    this.sources.value = this.sources.peek().filter((_, i) => i !== index);
  }
}
