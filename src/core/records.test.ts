import { describe, expect, it } from 'vitest';
import { parseArticle, parseRecordContent } from './content.js';
import { computeEventId, tagValue, tagValues } from './event.js';
import { decodeGeohash } from './geohash.js';
import { Kind } from './kinds.js';
import {
  buildArticle,
  buildCodedEvent,
  buildCollective,
  buildDemandsProgram,
  buildDeskRecordRumor,
  buildJoinRequestRumor,
  buildNodeAnnouncement,
  buildReplyRumor,
  buildReportRumor,
} from './records.js';
import {
  buildArticleInput,
  buildCodedEventContent,
  buildCollectiveContent,
  buildDemandsProgramContent,
  buildNodeAnnouncementContent,
  buildOptions,
  buildReportContent,
  TEST_CREATED_AT,
  TEST_DESK_PUBKEY,
  TEST_NODE_PUBKEY,
  TEST_REPORTER_PUBKEY,
} from './test-factories.js';

const PREV = 'c'.repeat(64);

describe('buildCodedEvent', () => {
  it('produces an unsigned 30620 whose content reads back as given', () => {
    const content = buildCodedEventContent();
    const event = buildCodedEvent(content, buildOptions());
    expect(event).toMatchObject({
      kind: Kind.CodedEvent,
      pubkey: TEST_DESK_PUBKEY,
      created_at: TEST_CREATED_AT,
    });
    expect(event).not.toHaveProperty('sig');
    expect(parseRecordContent(Kind.CodedEvent, event)).toEqual(content);
  });

  it('tags the event for relay filters', () => {
    const event = buildCodedEvent(buildCodedEventContent(), buildOptions());
    expect(tagValue(event, 'd')).toBe('evt-2022-01-02-zhanaozen');
    expect(tagValue(event, 't')).toBe('labour_action');
    expect(tagValue(event, 'date')).toBe('2022-01-02');
    const g = tagValue(event, 'g') ?? '';
    expect(g).toMatch(/^[0-9b-hjkmnp-z]{6}$/);
    const cell = decodeGeohash(g);
    expect(Math.abs(cell.lat - 43.3412)).toBeLessThanOrEqual(cell.latError);
    expect(Math.abs(cell.lon - 52.8619)).toBeLessThanOrEqual(cell.lonError);
  });

  it('labels demand classes with NIP-32 L/l tags, once per class', () => {
    const content = buildCodedEventContent({
      demands: ['wages', 'reinstatement', 'pensions', 'release_detainees'],
    });
    const event = buildCodedEvent(content, buildOptions());
    expect(event.tags.filter((t) => t[0] === 'L' || t[0] === 'l')).toEqual([
      ['L', 'tilshi/demand-class'],
      ['l', 'economic', 'tilshi/demand-class'],
      ['l', 'labour', 'tilshi/demand-class'],
      ['l', 'political', 'tilshi/demand-class'],
      ['L', 'ISO-639-1'],
      ['l', 'en', 'ISO-639-1'],
    ]);
  });

  it('carries what a generic client shows: title, summary, published_at, alt, g cells', () => {
    const event = buildCodedEvent(
      buildCodedEventContent({
        state_responses: ['arrests'],
        detained: 12,
        notes: 'Workers left the field.',
      }),
      buildOptions(),
    );
    expect(tagValue(event, 'title')).toBe('Strike at Ozenmunaigas, Zhanaozen, Mangystau, 2022-01-02');
    expect(tagValue(event, 'summary')).toBe(
      'Strike at Ozenmunaigas (oil gas) in Zhanaozen, Mangystau, Kazakhstan on 2022-01-02. ' +
        'Size: about a thousand (1000). Demands: fuel prices. State response: arrests. Detained 12. ' +
        'Organization: spontaneous. Verification: corroborated. Workers left the field.',
    );
    expect(tagValue(event, 'published_at')).toBe(String(TEST_CREATED_AT));
    expect(tagValue(event, 'alt')).toBe('Coded event: strike, Zhanaozen, 2022-01-02');
    const cells = tagValues(event, 'g');
    expect(cells.map((g) => g.length)).toEqual([6, 5, 4, 3]);
    for (const g of cells) expect((cells[0] as string).startsWith(g)).toBe(true);
    // An edit keeps the first publication time.
    const edit = buildCodedEvent(buildCodedEventContent(), {
      ...buildOptions({ createdAt: TEST_CREATED_AT + 60, prev: PREV }),
      publishedAt: TEST_CREATED_AT,
    });
    expect(tagValue(edit, 'published_at')).toBe(String(TEST_CREATED_AT));
  });

  it('has no labels without demands and no geohash without coordinates', () => {
    const base = buildCodedEventContent();
    const national = buildCodedEventContent({
      event_type: 'state_measure',
      sub_event_type: 'internet_shutdown',
      demands: [],
      tactics: [],
      location: {
        settlement: null,
        admin1: null,
        country: 'Kazakhstan',
        lat: null,
        lon: null,
        geo_precision: 3,
      },
      organization: 'unknown',
    });
    const event = buildCodedEvent(national, buildOptions());
    expect(event.tags.map((t) => t[0])).not.toContain('g');
    // Only the language label: no demand-class namespace.
    expect(event.tags.filter((t) => t[0] === 'L' || t[0] === 'l')).toEqual([
      ['L', 'ISO-639-1'],
      ['l', 'en', 'ISO-639-1'],
    ]);
    expect(tagValue(buildCodedEvent(base, buildOptions()), 'g')).toBeDefined();
  });

  it('points an edit at the version it edits', () => {
    const edit = buildCodedEvent(
      buildCodedEventContent({ verification: 'verified' }),
      buildOptions({ prev: PREV }),
    );
    expect(tagValues(edit, 'prev')).toEqual([PREV]);
    expect(tagValue(buildCodedEvent(buildCodedEventContent(), buildOptions()), 'prev')).toBeUndefined();
  });

  it('serializes the same content the same way whatever the key order', () => {
    const content = buildCodedEventContent();
    const reversed = Object.fromEntries(Object.entries(content).reverse()) as typeof content;
    expect(computeEventId(buildCodedEvent(reversed, buildOptions()))).toBe(
      computeEventId(buildCodedEvent(content, buildOptions())),
    );
  });

  it('refuses bad content with invalid_content and bad options with invalid_event', () => {
    const bad = buildCodedEventContent({ event_type: 'riot', sub_event_type: 'peaceful_protest' });
    expect(() => buildCodedEvent(bad, buildOptions())).toThrow(
      expect.objectContaining({
        code: 'invalid_content',
        message: expect.stringContaining('sub_event_type'),
      }),
    );
    const content = buildCodedEventContent();
    expect(() => buildCodedEvent(content, buildOptions({ prev: 'abc' }))).toThrow(
      expect.objectContaining({ code: 'invalid_event' }),
    );
    expect(() => buildCodedEvent(content, buildOptions({ pubkey: 'npub1xyz' }))).toThrow(
      expect.objectContaining({ code: 'invalid_event' }),
    );
    expect(() => buildCodedEvent(content, buildOptions({ createdAt: 1.5 }))).toThrow(
      expect.objectContaining({ code: 'invalid_event' }),
    );
  });
});

describe('buildArticle', () => {
  it('puts the markdown in the content and the metadata in NIP-23 tags', () => {
    const input = buildArticleInput({ summary: 'Strikes spread.', topics: ['zhanaozen', 'fuel'] });
    const event = buildArticle(input, buildOptions());
    expect(event.kind).toBe(Kind.Article);
    expect(event.content).toBe(input.markdown);
    expect(tagValue(event, 'd')).toBe('brief-2022-01-03');
    expect(tagValue(event, 'title')).toBe('Situation on 3 January');
    expect(tagValue(event, 'summary')).toBe('Strikes spread.');
    expect(tagValue(event, 'published_at')).toBe(String(TEST_CREATED_AT));
    expect(tagValues(event, 't')).toEqual(['brief', 'zhanaozen', 'fuel']);
    expect(tagValue(event, 'lang')).toBe('en');
    expect(event.tags.filter((t) => t[0] === 'L' || t[0] === 'l')).toEqual([
      ['L', 'ISO-639-1'],
      ['l', 'en', 'ISO-639-1'],
    ]);
    expect(parseArticle(event)).toEqual({ ...input, published_at: TEST_CREATED_AT });
  });

  it('keeps the first publication time on an edit', () => {
    const event = buildArticle(
      buildArticleInput({ published_at: 1_641_000_000 }),
      buildOptions({ createdAt: TEST_CREATED_AT + 3_600, prev: PREV }),
    );
    expect(tagValue(event, 'published_at')).toBe('1641000000');
    expect(tagValue(event, 'prev')).toBe(PREV);
  });

  it('refuses an article type outside brief|material|news', () => {
    const input = { ...buildArticleInput(), type: 'opinion' } as unknown as Parameters<
      typeof buildArticle
    >[0];
    expect(() => buildArticle(input, buildOptions())).toThrow(
      expect.objectContaining({ code: 'invalid_content', message: expect.stringContaining('type') }),
    );
  });
});

describe('other public builders', () => {
  it('builds a collective profile addressed by its id', () => {
    const event = buildCollective(buildCollectiveContent(), buildOptions());
    expect(event.kind).toBe(Kind.Collective);
    expect(tagValue(event, 'd')).toBe('ozenmunaigas-initiative');
    expect(parseRecordContent(Kind.Collective, event)).toEqual(buildCollectiveContent());
  });

  it('builds a demands program and refuses a demand filed under the wrong class', () => {
    const event = buildDemandsProgram(buildDemandsProgramContent(), buildOptions({ prev: PREV }));
    expect(tagValue(event, 'd')).toBe('program-mangystau-2022');
    expect(tagValue(event, 'prev')).toBe(PREV);
    const wrong = buildDemandsProgramContent({
      demands: [{ code: 'fuel_prices', class: 'labour', support: { events: 1, collectives: 1 } }],
    });
    expect(() => buildDemandsProgram(wrong, buildOptions())).toThrow(
      expect.objectContaining({
        code: 'invalid_content',
        message: expect.stringContaining('demands.0.class'),
      }),
    );
  });

  it('builds a node announcement that names its desk', () => {
    const event = buildNodeAnnouncement(buildNodeAnnouncementContent(), {
      pubkey: TEST_NODE_PUBKEY,
      createdAt: TEST_CREATED_AT,
    });
    expect(event.kind).toBe(Kind.NodeAnnouncement);
    expect(event.pubkey).toBe(TEST_NODE_PUBKEY);
    expect(tagValue(event, 'p')).toBe(TEST_DESK_PUBKEY);
    expect(JSON.parse(event.content)).toEqual(buildNodeAnnouncementContent());
  });
});

describe('rumor builders', () => {
  const reporter = { pubkey: TEST_REPORTER_PUBKEY, createdAt: TEST_CREATED_AT };

  it('builds a report rumor with no tags that could identify anything', () => {
    const event = buildReportRumor(buildReportContent({ channel: 'sms' }), reporter);
    expect(event).toMatchObject({ kind: Kind.Report, pubkey: TEST_REPORTER_PUBKEY, tags: [] });
    expect(parseRecordContent(Kind.Report, event)).toEqual(buildReportContent({ channel: 'sms' }));
  });

  it('refuses a report from an unknown channel', () => {
    const content = { ...buildReportContent(), channel: 'fax' } as unknown as Parameters<
      typeof buildReportRumor
    >[0];
    expect(() => buildReportRumor(content, reporter)).toThrow(
      expect.objectContaining({ code: 'invalid_content', message: expect.stringContaining('channel') }),
    );
  });

  it('addresses a reply to the reporter and the report', () => {
    const reportId = 'e'.repeat(64);
    const event = buildReplyRumor(
      { text: 'Which day was it?' },
      { ...buildOptions(), to: TEST_REPORTER_PUBKEY, reportId },
    );
    expect(event.tags).toEqual([
      ['p', TEST_REPORTER_PUBKEY],
      ['e', reportId],
    ]);
    expect(() => buildReplyRumor({ text: 'x' }, { ...buildOptions(), to: 'nobody' })).toThrow(
      expect.objectContaining({ code: 'invalid_event' }),
    );
  });

  it('builds join requests and desk records, keeping extra desk-record fields', () => {
    expect(
      buildJoinRequestRumor(
        { pseudonym: 'Marat', enterprise: 'Depot', want: 'join', message: 'I work at the depot' },
        reporter,
      ).kind,
    ).toBe(Kind.JoinRequest);
    const link = {
      type: 'report_link',
      id: 'link-1',
      report_id: 'e'.repeat(64),
      event_id: 'evt-1',
      by: 'editor',
    };
    const event = buildDeskRecordRumor(link, buildOptions());
    expect(event.kind).toBe(Kind.DeskRecord);
    expect(JSON.parse(event.content)).toEqual(link);
  });
});
