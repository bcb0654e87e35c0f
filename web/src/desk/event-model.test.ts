// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { CodedEventContentSchema } from '../../../src/core/content.js';
import { buildCodedEventContent } from '../../../src/core/test-factories.js';
import type { CodedEventContent } from './desk-api.js';
import { blankContent, contentToForm, formToContent, localActors, withEventType } from './event-model.js';
import { fieldOfServerMessage } from './event-server-field.js';
import { setLang } from './i18n.js';

const REPORT = 'a'.repeat(64);

function full() {
  return buildCodedEventContent({
    event_type: 'protest',
    sub_event_type: 'protest_with_intervention',
    location: {
      settlement: 'Zhanaozen',
      admin1: 'Mangystau',
      country: 'Kazakhstan',
      lat: 43.3412,
      lon: 52.8619,
      geonames_id: 609404,
      geo_precision: 1,
    },
    actors: [
      { name: 'Workers of Ozenmunaigas', role: 'workers', enterprise: 'Ozenmunaigas' },
      { name: 'Police', role: 'state_forces' },
    ],
    tactics: ['rally', 'camp'],
    demands: ['fuel_prices', 'release_detainees'],
    state_responses: ['arrests', 'negotiations'],
    size: { low: 300, high: 500, text: 'несколько сотен' },
    detained: 12,
    sources: [{ name: 'Radio Azattyq', url: 'https://rus.azattyq.org/a/1', date: '2022-01-03' }],
    notes: 'Two SMS and one web report',
    report_ids: [REPORT],
    related_events: ['evt-2022-01-01-aktau'],
  });
}

describe('the event form', () => {
  it('gives back the content it was filled from, field for field', () => {
    const content = full();
    const result = formToContent(contentToForm(content), content);
    expect(result).toEqual({ ok: true, content });
    if (result.ok) expect(CodedEventContentSchema.safeParse(result.content).success).toBe(true);
  });

  it('turns what the editor typed into content the schema accepts', () => {
    const form = contentToForm(blankContent('2022-01-04', 'x1'));
    form.settlement = ' Aktau ';
    form.admin1 = 'Mangystau';
    form.lat = '43,65';
    form.lon = '51.17';
    form.size_low = '1000';
    form.size_text = 'about a thousand';
    form.demands = ['wages', 'fuel_prices'];
    form.actors = [{ name: 'Residents', role: 'residents', enterprise: ' ' }];
    form.verification = 'corroborated';
    form.related_events = 'evt-a, evt-b evt-a';
    const result = formToContent(form);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const c = result.content;
    expect(CodedEventContentSchema.safeParse(c).success).toBe(true);
    expect(c.location).toMatchObject({ settlement: 'Aktau', lat: 43.65, lon: 51.17 });
    // Codes come out in the taxonomy's order, whatever order they were ticked in.
    expect(c.demands).toEqual(['fuel_prices', 'wages']);
    expect(c.size).toEqual({ low: 1000, high: null, text: 'about a thousand' });
    expect(c.actors).toEqual([{ name: 'Residents', role: 'residents' }]);
    expect(c.related_events).toEqual(['evt-a', 'evt-b']);
    expect(c).not.toHaveProperty('sources');
    expect(c).not.toHaveProperty('notes');
  });

  it('maps empty fields to null: a national event, no size, no enterprise', () => {
    const form = contentToForm(full());
    form.settlement = '';
    form.admin1 = '';
    form.lat = '';
    form.lon = '';
    form.size_low = '';
    form.size_high = '';
    form.size_text = '';
    form.enterprise_name = '';
    form.detained = '';
    const result = formToContent(form, full());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.content.location).toEqual({
      settlement: null,
      admin1: null,
      country: 'Kazakhstan',
      lat: null,
      lon: null,
      geo_precision: 1,
    });
    expect(result.content.size).toBeNull();
    expect(result.content.enterprise).toBeNull();
    expect(result.content.detained).toBeNull();
  });

  it('names every wrong field instead of sending it', () => {
    const form = contentToForm(full());
    form.event_type = 'labour_action';
    form.date = '2022-13-45';
    form.lat = '95';
    form.lon = '';
    form.size_low = '';
    form.size_high = '100';
    form.fatalities = '1.5';
    form.enterprise_sector = '';
    form.actors[1]!.name = '';
    form.sources[0]!.url = 'ftp://example.org';
    form.id = 'no spaces allowed';
    const result = formToContent(form);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field).sort()).toEqual(
      [
        'actor-1-name',
        'date',
        'enterprise_sector',
        'fatalities',
        'id',
        'lat',
        'lon',
        'size_low',
        'source-0-url',
        'sub_event_type',
      ].sort(),
    );
  });

  it('refuses a range whose top is below its bottom', () => {
    const form = contentToForm(full());
    form.size_low = '500';
    form.size_high = '300';
    const result = formToContent(form);
    expect(result.ok ? [] : result.errors).toEqual([
      { field: 'size_high', key: 'desk.form.error.size_high' },
    ]);
  });

  it('keeps the sub-type when the event type still fits, else takes the type’s first', () => {
    const form = contentToForm(full());
    expect(withEventType(form, 'protest').sub_event_type).toBe('protest_with_intervention');
    expect(withEventType(form, 'labour_action').sub_event_type).toBe('strike');
    expect(withEventType(form, 'nonsense')).toBe(form);
  });

  it('drops the GeoNames id when the editor renames the settlement', () => {
    const content = full();
    const form = contentToForm(content);
    form.settlement = 'Aktau';
    const result = formToContent(form, content);
    expect(result.ok && result.content.location).not.toHaveProperty('geonames_id');
  });

  it('finds the form field a server error names', () => {
    expect(fieldOfServerMessage('coded event (kind 30620) location.settlement: too long')).toBe('settlement');
    expect(fieldOfServerMessage('coded event (kind 30620) size.high: must not be below low')).toBe(
      'size_high',
    );
    expect(fieldOfServerMessage('coded event (kind 30620) actors.2.role: invalid option')).toBe(
      'actor-2-role',
    );
    expect(fieldOfServerMessage('coded event (kind 30620) sub_event_type: belongs to riot')).toBe(
      'sub_event_type',
    );
    expect(fieldOfServerMessage('something else')).toBeNull();
  });
});

describe('localActors', () => {
  it('names a draft’s actors in the editor’s language, keeping names an editor typed', () => {
    const draft = {
      ...blankContent('2022-01-03', 'x1'),
      enterprise: { name: 'Ozenmunaigas', sector: 'oil_gas' },
      actors: [
        { name: 'Workers of Ozenmunaigas', role: 'workers' },
        { name: 'residents', role: 'residents' },
        { name: 'Комитет Жанаозена', role: 'union' },
      ],
    } as CodedEventContent;
    setLang('ru');
    try {
      expect(localActors(draft).actors.map((a) => a.name)).toEqual([
        'Рабочие «Ozenmunaigas»',
        'Жители',
        'Комитет Жанаозена',
      ]);
    } finally {
      setLang('en');
    }
  });
});
