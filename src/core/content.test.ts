import { describe, expect, it } from 'vitest';
import {
  DEMAND_CLASS_NAMESPACE,
  parseArticle,
  parseRecordContent,
  type RecordLike,
  RUMOR_CONTENT_MAX_BYTES,
  validateRecordContent,
} from './content.js';
import { ValidationError } from './errors.js';
import { Kind } from './kinds.js';
import { buildArticle, buildCodedEvent, buildCollective } from './records.js';
import {
  buildArticleInput,
  buildCodedEventContent,
  buildCollectiveContent,
  buildOptions,
  buildReportContent,
  TEST_REPORTER_PUBKEY,
} from './test-factories.js';

/** Assert that validation fails with `invalid_content` and names the field. */
function expectInvalid(event: RecordLike, field: string): ValidationError {
  let caught: unknown;
  try {
    validateRecordContent(event);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ValidationError);
  const error = caught as ValidationError;
  expect(error.code).toBe('invalid_content');
  expect(error.details?.field).toBe(field);
  expect(error.message).toContain(field);
  return error;
}

function record(kind: number, content: unknown, tags: string[][] = []): RecordLike {
  return { kind, tags, content: typeof content === 'string' ? content : JSON.stringify(content) };
}

/** A valid signed-to-be coded event with its content replaced (tags kept). */
function codedWithContent(content: unknown): RecordLike {
  return { ...buildCodedEvent(buildCodedEventContent(), buildOptions()), content: JSON.stringify(content) };
}

describe('coded event (30620)', () => {
  it('accepts a well-coded event', () => {
    const event = buildCodedEvent(buildCodedEventContent(), buildOptions());
    expect(() => validateRecordContent(event)).not.toThrow();
    expect(parseRecordContent(Kind.CodedEvent, event).sub_event_type).toBe('strike');
  });

  it('rejects a sub_event_type that does not belong to the event_type', () => {
    const error = expectInvalid(
      codedWithContent(buildCodedEventContent({ event_type: 'protest', sub_event_type: 'strike' })),
      'sub_event_type',
    );
    expect(error.message).toContain('labour_action');
  });

  it('rejects codes outside the taxonomy, naming the field', () => {
    expectInvalid(codedWithContent({ ...buildCodedEventContent(), demands: ['lower_taxes'] }), 'demands.0');
    expectInvalid(
      codedWithContent({ ...buildCodedEventContent(), organization: 'grassroots' }),
      'organization',
    );
    expectInvalid(codedWithContent({ ...buildCodedEventContent(), time_precision: 4 }), 'time_precision');
  });

  it('rejects impossible dates and unknown fields', () => {
    expectInvalid(codedWithContent(buildCodedEventContent({ date: '2022-02-30' })), 'date');
    expectInvalid(codedWithContent(buildCodedEventContent({ date: '02.01.2022' })), 'date');
    expectInvalid(codedWithContent({ ...buildCodedEventContent(), casualties: 3 }), 'casualties');
  });

  it('rejects inconsistent values', () => {
    const base = buildCodedEventContent();
    expectInvalid(codedWithContent({ ...base, location: { ...base.location, lon: null } }), 'location.lat');
    expectInvalid(codedWithContent({ ...base, size: { low: 500, high: 100, text: '' } }), 'size.high');
    expectInvalid(codedWithContent({ ...base, demands: ['wages', 'wages'] }), 'demands');
    expectInvalid(codedWithContent({ ...base, fatalities: -1 }), 'fatalities');
  });

  it('requires the filter tags to agree with the content', () => {
    const event = buildCodedEvent(buildCodedEventContent(), buildOptions());
    const without = (name: string) => ({ ...event, tags: event.tags.filter((t) => t[0] !== name) });
    const replaced = (name: string, value: string) => ({
      ...event,
      tags: event.tags.map((t) => (t[0] === name ? [name, value, ...t.slice(2)] : t)),
    });
    expectInvalid(without('d'), 'tags.d');
    expectInvalid(replaced('d', 'another-event'), 'tags.d');
    expectInvalid(replaced('t', 'protest'), 'tags.t');
    expectInvalid(without('date'), 'tags.date');
    expectInvalid(replaced('g', 'u4pruy'), 'tags.g');
    expectInvalid(replaced('g', ''), 'tags.g');
    expectInvalid(replaced('g', 'tptwdf0000000'), 'tags.g');
    expectInvalid(replaced('l', 'political'), 'tags.l');
    expectInvalid(without('L'), 'tags.L');
  });

  it('rejects content that is not JSON', () => {
    const event = buildCodedEvent(buildCodedEventContent(), buildOptions());
    const error = expectInvalid({ ...event, content: '{"id":' }, 'content');
    expect(error.message).toContain('not valid JSON');
  });
});

describe('report (4620) and other private rumors', () => {
  it('accepts a report from each channel', () => {
    for (const channel of ['web', 'sms', 'bundle', 'cli', 'import'] as const) {
      expect(() => validateRecordContent(record(Kind.Report, buildReportContent({ channel })))).not.toThrow();
    }
  });

  it('rejects bad fields, naming them', () => {
    expectInvalid(record(Kind.Report, { ...buildReportContent(), channel: 'fax' }), 'channel');
    expectInvalid(record(Kind.Report, buildReportContent({ text: '' })), 'text');
    expectInvalid(record(Kind.Report, buildReportContent({ text: 'x'.repeat(5_001) })), 'text');
    expectInvalid(record(Kind.Report, { ...buildReportContent(), lang: 'de' }), 'lang');
  });

  it('has no room for a phone number in the hints', () => {
    expectInvalid(
      record(Kind.Report, { ...buildReportContent(), hints: { phone: '+77011234567' } }),
      'hints.phone',
    );
  });

  it('refuses a rumor too big to seal', () => {
    const attachment = { mime: 'image/jpeg', data: 'A'.repeat(24_000) };
    const content = buildReportContent({ attachments: [attachment, attachment] });
    expect(JSON.stringify(content).length).toBeGreaterThan(RUMOR_CONTENT_MAX_BYTES);
    expectInvalid(record(Kind.Report, content), 'content');
  });

  it('needs the reporter in the p tag of a reply', () => {
    expectInvalid(record(Kind.Reply, { text: 'Thank you' }), 'tags.p');
    expect(() =>
      validateRecordContent(record(Kind.Reply, { text: 'Thank you' }, [['p', TEST_REPORTER_PUBKEY]])),
    ).not.toThrow();
  });

  it('checks join requests', () => {
    expect(() =>
      validateRecordContent(
        record(Kind.JoinRequest, { pseudonym: 'Driver', enterprise: 'Bus depot 3', want: 'join' }),
      ),
    ).not.toThrow();
    const ok = { pseudonym: 'Driver', settlement: 'Almaty', want: 'start' };
    expectInvalid(record(Kind.JoinRequest, { ...ok, phone: '+7701' }), 'phone');
    expectInvalid(record(Kind.JoinRequest, { ...ok, want: 'spy' }), 'want');
    expectInvalid(record(Kind.JoinRequest, { pseudonym: 'Driver', want: 'help' }), 'enterprise');
    expectInvalid(record(Kind.JoinRequest, { ...ok, contact: 'x'.repeat(301) }), 'contact');
  });

  it('checks the known desk record types and keeps other types open', () => {
    const link = { type: 'report_link', id: 'link-1', report_id: 'e'.repeat(64), event_id: 'evt-1' };
    expect(() =>
      validateRecordContent(record(Kind.DeskRecord, { ...link, reviewed_by: 'editor-2' })),
    ).not.toThrow();
    expectInvalid(record(Kind.DeskRecord, { ...link, report_id: 'not-an-id' }), 'report_id');
    expectInvalid(record(Kind.DeskRecord, { type: 'report_link', report_id: 'e'.repeat(64) }), 'id');
    expect(() =>
      validateRecordContent(record(Kind.DeskRecord, { type: 'meeting_plan', id: 'm-1', agenda: ['wages'] })),
    ).not.toThrow();
    expectInvalid(record(Kind.DeskRecord, { id: 'm-1' }), 'type');
  });
});

describe('public records', () => {
  it('require the d tag of a collective to equal its id', () => {
    const event = buildCollective(buildCollectiveContent(), buildOptions());
    expect(() => validateRecordContent(event)).not.toThrow();
    expectInvalid({ ...event, tags: [['d', 'someone-else']] }, 'tags.d');
    expectInvalid(
      { ...event, content: JSON.stringify({ ...buildCollectiveContent(), form: 'party' }) },
      'form',
    );
  });

  it('require each program demand to carry its own class', () => {
    const demands = [{ code: 'wages', class: 'political', support: { events: 1, collectives: 1 } }];
    expectInvalid(
      record(Kind.DemandsProgram, { id: 'p-1', title: 'Program', demands }, [['d', 'p-1']]),
      'demands.0.class',
    );
    const own = [{ code: null, class: 'labour', support: { events: 0, collectives: 1 } }];
    expectInvalid(
      record(Kind.DemandsProgram, { id: 'p-1', title: 'Program', demands: own }, [['d', 'p-1']]),
      'demands.0.text',
    );
  });

  it('take article topics in any script, lower case, one word each', () => {
    const topics = ['жанаозен', 'ереуіл', 'fuel-prices', '2022'];
    const event = buildArticle(buildArticleInput({ topics }), buildOptions());
    expect(parseArticle(event).topics).toEqual(topics);
    for (const bad of ['Жанаозен', 'газ нефть', 'газ/нефть', '-x', 'a'.repeat(65)]) {
      const withBad = { ...event, tags: [...event.tags, ['t', bad]] };
      expect(() => parseArticle(withBad), bad).toThrow(ValidationError);
    }
  });

  it('read an article from its tags and check them', () => {
    const event = buildArticle(buildArticleInput({ topics: ['zhanaozen'] }), buildOptions());
    expect(parseArticle(event)).toMatchObject({ type: 'brief', topics: ['zhanaozen'], lang: 'en' });
    const tags = (drop: string) => event.tags.filter((t) => t[0] !== drop);
    expectInvalid({ ...event, tags: tags('title') }, 'tags.title');
    expectInvalid({ ...event, tags: tags('lang') }, 'tags.lang');
    expectInvalid({ ...event, tags: [...event.tags, ['t', 'news']] }, 'tags.t');
    expectInvalid({ ...event, tags: [...tags('lang'), ['lang', 'fr']] }, 'tags.lang');
    expectInvalid({ ...event, content: '' }, 'content');
  });

  it('accept node announcements with web and relay urls only', () => {
    const content = {
      name: 'Aktau relay',
      urls: ['https://a.example', 'wss://a.example'],
      role: 'relay',
      desk_pubkey: 'd'.repeat(64),
    };
    expect(() => validateRecordContent(record(Kind.NodeAnnouncement, content))).not.toThrow();
    expectInvalid(record(Kind.NodeAnnouncement, { ...content, urls: ['ftp://a.example'] }), 'urls.0');
    expectInvalid(record(Kind.NodeAnnouncement, { ...content, role: 'mirror' }), 'role');
  });

  it('leave kinds it does not know alone', () => {
    expect(() => validateRecordContent(record(1, 'hello, not JSON'))).not.toThrow();
    expect(() => validateRecordContent(record(Kind.GiftWrap, 'ciphertext'))).not.toThrow();
  });

  it('use the demand-class namespace of the contract', () => {
    expect(DEMAND_CLASS_NAMESPACE).toBe('tilshi/demand-class');
  });
});
