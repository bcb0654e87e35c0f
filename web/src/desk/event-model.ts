// The event form's state and its mapping to and from a coded event's content (TAXONOMY.md,
// CodedEventContentSchema). Pure: no DOM, so it is tested on its own. The form keeps what the
// editor typed as strings; `formToContent` turns it into content or says which fields are wrong.
import type { ActorRole, EventType, SubEventType } from '../../../src/core/taxonomy-codes.js';
import {
  ACTOR_ROLES,
  codeLabel,
  DEMANDS,
  EVENT_TYPES,
  eventTypeOf,
  GEO_PRECISIONS,
  isCode,
  ORGANIZATIONS,
  SECTORS,
  STATE_RESPONSES,
  SUB_EVENT_TYPES,
  TACTICS,
  TIME_PRECISIONS,
  VERIFICATION_STATUSES,
} from './codes.js';
import type { CodedEventContent } from './desk-api.js';
import { t } from './i18n.js';

export interface ActorRow {
  name: string;
  role: string;
  enterprise: string;
}

export interface SourceRow {
  name: string;
  url: string;
  date: string;
}

export interface EventForm {
  id: string;
  event_type: string;
  sub_event_type: string;
  date: string;
  time_precision: string;
  settlement: string;
  admin1: string;
  country: string;
  lat: string;
  lon: string;
  geo_precision: string;
  actors: ActorRow[];
  enterprise_name: string;
  enterprise_sector: string;
  tactics: string[];
  demands: string[];
  state_responses: string[];
  size_low: string;
  size_high: string;
  size_text: string;
  fatalities: string;
  injured: string;
  detained: string;
  organization: string;
  verification: string;
  sources: SourceRow[];
  notes: string;
  /** Ids separated by spaces or commas. */
  related_events: string;
  collectives: string;
  report_ids: string[];
}

/** A problem with one field: `field` is the form control's name, `key` the catalogue message. */
export interface FieldError {
  field: string;
  key: string;
}

export type FormResult = { ok: true; content: CodedEventContent } | { ok: false; errors: FieldError[] };

const RECORD_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_COUNT = 100_000_000;

const str = (v: string | number | null | undefined): string =>
  v === null || v === undefined ? '' : String(v);

/** The form for a content (a draft from a cluster, or a stored version to edit). */
export function contentToForm(c: CodedEventContent): EventForm {
  return {
    id: c.id,
    event_type: c.event_type,
    sub_event_type: c.sub_event_type,
    date: c.date,
    time_precision: str(c.time_precision),
    settlement: str(c.location?.settlement),
    admin1: str(c.location?.admin1),
    country: str(c.location?.country),
    lat: str(c.location?.lat),
    lon: str(c.location?.lon),
    geo_precision: str(c.location?.geo_precision),
    actors: (c.actors ?? []).map((a) => ({ name: a.name, role: a.role, enterprise: str(a.enterprise) })),
    enterprise_name: str(c.enterprise?.name),
    enterprise_sector: str(c.enterprise?.sector),
    tactics: [...(c.tactics ?? [])],
    demands: [...(c.demands ?? [])],
    state_responses: [...(c.state_responses ?? [])],
    size_low: str(c.size?.low),
    size_high: str(c.size?.high),
    size_text: str(c.size?.text),
    fatalities: str(c.fatalities),
    injured: str(c.injured),
    detained: str(c.detained),
    organization: c.organization,
    verification: c.verification,
    sources: (c.sources ?? []).map((s) => ({ name: s.name, url: str(s.url), date: str(s.date) })),
    notes: str(c.notes),
    related_events: (c.related_events ?? []).join(' '),
    collectives: (c.collectives ?? []).join(' '),
    report_ids: [...(c.report_ids ?? [])],
  };
}

/** A blank event for today: the editor codes it from scratch. */
export function blankContent(today: string, suffix: string): CodedEventContent {
  return {
    id: `evt-${today}-${suffix}`,
    event_type: 'protest',
    sub_event_type: 'peaceful_protest',
    date: today,
    time_precision: 1,
    location: {
      settlement: null,
      admin1: null,
      country: 'Kazakhstan',
      lat: null,
      lon: null,
      geo_precision: 1,
    },
    actors: [],
    enterprise: null,
    tactics: [],
    demands: [],
    state_responses: [],
    size: null,
    fatalities: null,
    injured: null,
    detained: null,
    organization: 'unknown',
    verification: 'unverified',
  };
}

/** When the event type changes, keep the sub-type if it still belongs, else take the first. */
export function withEventType(form: EventForm, type: string): EventForm {
  if (!isCode(EVENT_TYPES, type)) return form;
  const sub = isCode(SUB_EVENT_TYPES, form.sub_event_type) ? form.sub_event_type : null;
  const keep = sub !== null && eventTypeOf(sub) === type;
  const first = SUB_EVENT_TYPES.find((s) => eventTypeOf(s) === type)!;
  return { ...form, event_type: type, sub_event_type: keep ? form.sub_event_type : first };
}

function ids(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/**
 * Content from the form, or the fields that are wrong. `base` is the content the form was
 * filled from: fields the form does not show (a GeoNames id) are kept from it.
 */
export function formToContent(form: EventForm, base?: Partial<CodedEventContent>): FormResult {
  const errors: FieldError[] = [];
  const fail = (field: string, key: string) => errors.push({ field, key });

  const id = form.id.trim();
  if (!RECORD_ID.test(id)) fail('id', 'desk.form.error.id');

  if (!isCode(EVENT_TYPES, form.event_type)) fail('event_type', 'desk.form.error.required');
  if (!isCode(SUB_EVENT_TYPES, form.sub_event_type)) fail('sub_event_type', 'desk.form.error.required');
  else if (isCode(EVENT_TYPES, form.event_type) && eventTypeOf(form.sub_event_type) !== form.event_type) {
    fail('sub_event_type', 'desk.form.error.sub_type');
  }

  const date = form.date.trim();
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) fail('date', 'desk.form.error.date');

  const precision = (name: string, value: string, allowed: readonly number[]) => {
    const n = Number(value);
    if (!allowed.includes(n)) fail(name, 'desk.form.error.required');
    return n;
  };
  const timePrecision = precision('time_precision', form.time_precision, TIME_PRECISIONS);
  const geoPrecision = precision('geo_precision', form.geo_precision, GEO_PRECISIONS);

  const number = (name: string, value: string, min: number, max: number): number | null => {
    const text = value.trim().replace(',', '.');
    if (text === '') return null;
    const n = Number(text);
    if (!Number.isFinite(n) || n < min || n > max) {
      fail(name, 'desk.form.error.number');
      return null;
    }
    return n;
  };
  const count = (name: string, value: string): number | null => {
    const n = number(name, value, 0, MAX_COUNT);
    if (n !== null && !Number.isInteger(n)) {
      fail(name, 'desk.form.error.count');
      return null;
    }
    return n;
  };

  const lat = number('lat', form.lat, -90, 90);
  const lon = number('lon', form.lon, -180, 180);
  if ((form.lat.trim() === '') !== (form.lon.trim() === '')) {
    fail(form.lat.trim() === '' ? 'lat' : 'lon', 'desk.form.error.lat_lon');
  }
  const country = form.country.trim();
  if (!country) fail('country', 'desk.form.error.required');

  const actors = form.actors.map((row, i) => {
    if (!row.name.trim()) fail(`actor-${i}-name`, 'desk.form.error.required');
    if (!isCode(ACTOR_ROLES, row.role)) fail(`actor-${i}-role`, 'desk.form.error.required');
    return {
      name: row.name.trim(),
      role: row.role as ActorRole,
      ...(row.enterprise.trim() ? { enterprise: row.enterprise.trim() } : {}),
    };
  });

  const enterpriseName = form.enterprise_name.trim();
  let enterprise: CodedEventContent['enterprise'] = null;
  if (enterpriseName) {
    if (!isCode(SECTORS, form.enterprise_sector)) fail('enterprise_sector', 'desk.form.error.sector');
    else enterprise = { name: enterpriseName, sector: form.enterprise_sector };
  }

  const low = count('size_low', form.size_low);
  const high = count('size_high', form.size_high);
  const sizeText = form.size_text.trim();
  let size: CodedEventContent['size'] = null;
  if (low !== null) {
    if (high !== null && high < low) fail('size_high', 'desk.form.error.size_high');
    size = { low, high, text: sizeText };
  } else if (high !== null || sizeText) {
    fail('size_low', 'desk.form.error.size_low');
  }

  const sources = form.sources.map((row, i) => {
    const url = row.url.trim();
    const sourceDate = row.date.trim();
    if (!row.name.trim()) fail(`source-${i}-name`, 'desk.form.error.required');
    if (url && !/^https?:\/\/\S+$/i.test(url)) fail(`source-${i}-url`, 'desk.form.error.url');
    if (sourceDate && !DATE.test(sourceDate)) fail(`source-${i}-date`, 'desk.form.error.date');
    return { name: row.name.trim(), ...(url ? { url } : {}), ...(sourceDate ? { date: sourceDate } : {}) };
  });

  const related = ids(form.related_events);
  const collectives = ids(form.collectives);
  for (const [name, list] of [
    ['related_events', related],
    ['collectives', collectives],
  ] as const) {
    if (list.some((x) => !RECORD_ID.test(x))) fail(name, 'desk.form.error.id');
  }
  if (!isCode(ORGANIZATIONS, form.organization)) fail('organization', 'desk.form.error.required');
  if (!isCode(VERIFICATION_STATUSES, form.verification)) fail('verification', 'desk.form.error.required');

  const fatalities = count('fatalities', form.fatalities);
  const injured = count('injured', form.injured);
  const detained = count('detained', form.detained);
  if (errors.length > 0) return { ok: false, errors };

  const settlement = form.settlement.trim();
  const admin1 = form.admin1.trim();
  const notes = form.notes.trim();
  const geonamesId = base?.location?.geonames_id;
  const content: CodedEventContent = {
    id,
    event_type: form.event_type as EventType,
    sub_event_type: form.sub_event_type as SubEventType,
    date,
    time_precision: timePrecision as CodedEventContent['time_precision'],
    location: {
      settlement: settlement || null,
      admin1: admin1 || null,
      country,
      lat,
      lon,
      // A GeoNames id names the place it was found for; a renamed settlement drops it.
      ...(geonamesId !== undefined && settlement === (base?.location?.settlement ?? '')
        ? { geonames_id: geonamesId }
        : {}),
      geo_precision: geoPrecision as CodedEventContent['location']['geo_precision'],
    },
    actors,
    enterprise,
    tactics: TACTICS.filter((x) => form.tactics.includes(x)),
    demands: DEMANDS.filter((x) => form.demands.includes(x)),
    state_responses: STATE_RESPONSES.filter((x) => form.state_responses.includes(x)),
    size,
    fatalities,
    injured,
    detained,
    organization: form.organization as CodedEventContent['organization'],
    verification: form.verification as CodedEventContent['verification'],
    ...(sources.length ? { sources } : {}),
    ...(notes ? { notes } : {}),
    ...(form.report_ids.length ? { report_ids: [...new Set(form.report_ids)] } : {}),
    ...(related.length ? { related_events: related } : {}),
    ...(collectives.length ? { collectives } : {}),
  };
  return { ok: true, content };
}

/**
 * A cluster's draft names its actors after their role code ("workers", "Workers of
 * Ozenmunaigas"): in the editor's language instead, so that no English name is published by a
 * desk working in Russian or Kazakh. Names an editor typed are kept.
 * @example localActors(draft).actors[0].name // 'Рабочие «Ozenmunaigas»' in Russian
 */
export function localActors(content: CodedEventContent): CodedEventContent {
  const enterprise = content.enterprise?.name;
  return {
    ...content,
    actors: (content.actors ?? []).map((a) => {
      const role = codeLabel('actor_role', a.role);
      if (enterprise && a.name === `Workers of ${enterprise}`)
        return { ...a, name: t('desk.event.actor_of', { role, enterprise }) };
      return a.name === a.role ? { ...a, name: role } : a;
    }),
  };
}
