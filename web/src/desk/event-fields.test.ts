import { describe, expect, it } from 'vitest';
import { buildCodedEventContent } from '../../../src/core/test-factories.js';
import { EventFields } from './event-fields.js';
import { contentToForm } from './event-model.js';

function filled() {
  const fields = new EventFields();
  const form = contentToForm(
    buildCodedEventContent({
      event_type: 'protest',
      sub_event_type: 'peaceful_protest',
      actors: [{ name: 'Police', role: 'state_forces' }],
      tactics: ['rally'],
      sources: [{ name: 'Azattyq' }],
    }),
  );
  fields.fill(form);
  return { fields, form };
}

describe('the event form’s fields', () => {
  it('give back the form they were filled with, as a copy', () => {
    const { fields, form } = filled();
    expect(fields.snapshot()).toEqual(form);
    fields.snapshot().actors[0]!.name = 'changed';
    expect(fields.actors.value[0]!.name).toBe('Police');
  });

  it('keep a sub-type that belongs to the new event type, else take the type’s first', () => {
    const { fields } = filled();
    fields.setEventType('labour_action');
    expect(fields.text.sub_event_type.value).toBe('strike');
    fields.text.sub_event_type.value = 'hunger_strike';
    fields.setEventType('labour_action');
    expect(fields.text.sub_event_type.value).toBe('hunger_strike');
    fields.setEventType('no_such_type');
    expect(fields.text.event_type.value).toBe('labour_action');
  });

  it('tick and untick codes without doubling them', () => {
    const { fields } = filled();
    fields.toggle('tactics', 'rally', true);
    fields.toggle('tactics', 'camp', true);
    expect(fields.lists.tactics.value).toEqual(['rally', 'camp']);
    fields.toggle('tactics', 'rally', false);
    expect(fields.lists.tactics.value).toEqual(['camp']);
  });

  it('add an actor for a role ticked and remove every actor of a role unticked', () => {
    const { fields } = filled();
    fields.toggleRole('workers', true);
    expect(fields.actors.value.map((a) => a.role)).toEqual(['state_forces', 'workers']);
    expect(fields.actors.value[1]!.name).not.toBe('');
    fields.addActor();
    fields.setActor(2, 'role', 'state_forces');
    fields.toggleRole('state_forces', false);
    expect(fields.actors.value.map((a) => a.role)).toEqual(['workers']);
  });

  it('edit, add and remove rows by position, each change a new list', () => {
    const { fields } = filled();
    const before = fields.sources.value;
    expect(fields.addSource()).toBe(1);
    fields.setSource(1, 'url', 'https://example.org/a');
    expect(fields.sources.value).not.toBe(before);
    expect(before).toHaveLength(1);
    fields.removeSource(0);
    expect(fields.sources.value).toEqual([{ name: '', url: 'https://example.org/a', date: '' }]);
    fields.removeActor(0);
    expect(fields.actors.value).toEqual([]);
  });
});
