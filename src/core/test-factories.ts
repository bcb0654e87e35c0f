import type {
  CodedEventContent,
  CollectiveContent,
  DemandsProgramContent,
  NodeAnnouncementContent,
  ReportContent,
} from './content.js';
import type { ArticleInput, EditOptions } from './records.js';

/*
 * Small factories for tests across the project: a valid record with sensible defaults, changed
 * only where a test cares. Overrides replace top-level fields (pass a whole `location` to move it).
 */

/** A fixed desk key (not a real one) and time, so that ids in tests are stable. */
export const TEST_DESK_PUBKEY = 'd'.repeat(64);
export const TEST_REPORTER_PUBKEY = 'a'.repeat(64);
export const TEST_NODE_PUBKEY = 'b'.repeat(64);
export const TEST_CREATED_AT = 1_641_168_000; // 2022-01-03T00:00:00Z

/** Options for a builder, signed by the test desk key. */
export function buildOptions(overrides: Partial<EditOptions> = {}): EditOptions {
  return { pubkey: TEST_DESK_PUBKEY, createdAt: TEST_CREATED_AT, ...overrides };
}

/** The strike of oil workers in Zhanaozen on 2 January 2022 (a labour action with demands). */
export function buildCodedEventContent(overrides: Partial<CodedEventContent> = {}): CodedEventContent {
  return {
    id: 'evt-2022-01-02-zhanaozen',
    event_type: 'labour_action',
    sub_event_type: 'strike',
    date: '2022-01-02',
    time_precision: 1,
    location: {
      settlement: 'Zhanaozen',
      admin1: 'Mangystau',
      country: 'Kazakhstan',
      lat: 43.3412,
      lon: 52.8619,
      geo_precision: 1,
    },
    actors: [{ name: 'Workers (Kazakhstan)', role: 'workers', enterprise: 'Ozenmunaigas' }],
    enterprise: { name: 'Ozenmunaigas', sector: 'oil_gas' },
    tactics: ['rally'],
    demands: ['fuel_prices'],
    state_responses: [],
    size: { low: 1000, high: null, text: 'about a thousand' },
    fatalities: null,
    injured: null,
    detained: null,
    organization: 'spontaneous',
    verification: 'corroborated',
    ...overrides,
  };
}

export function buildReportContent(overrides: Partial<ReportContent> = {}): ReportContent {
  return {
    text: 'В Жанаозене рабочие вышли на площадь из-за цен на газ',
    channel: 'web',
    lang: 'ru',
    ...overrides,
  };
}

export function buildCollectiveContent(overrides: Partial<CollectiveContent> = {}): CollectiveContent {
  return {
    id: 'ozenmunaigas-initiative',
    name: 'Ozenmunaigas workers initiative group',
    form: 'initiative_group',
    enterprise: { name: 'Ozenmunaigas', sector: 'oil_gas' },
    settlement: 'Zhanaozen',
    admin1: 'Mangystau',
    accepts_join_requests: true,
    ...overrides,
  };
}

export function buildDemandsProgramContent(
  overrides: Partial<DemandsProgramContent> = {},
): DemandsProgramContent {
  return {
    id: 'program-mangystau-2022',
    title: 'Common demands of Mangystau collectives',
    demands: [
      { code: 'fuel_prices', class: 'economic', support: { events: 12, collectives: 3 } },
      { code: 'release_detainees', class: 'political', support: { events: 4, collectives: 2 } },
    ],
    ...overrides,
  };
}

export function buildArticleInput(overrides: Partial<ArticleInput> = {}): ArticleInput {
  return {
    id: 'brief-2022-01-03',
    title: 'Situation on 3 January',
    type: 'brief',
    lang: 'en',
    markdown: '# Situation\n\nStrikes spread from Zhanaozen to Aktau.',
    ...overrides,
  };
}

export function buildNodeAnnouncementContent(
  overrides: Partial<NodeAnnouncementContent> = {},
): NodeAnnouncementContent {
  return {
    name: 'Aktau relay',
    urls: ['http://10.0.0.5:8080', 'ws://10.0.0.5:8080'],
    role: 'relay',
    desk_pubkey: TEST_DESK_PUBKEY,
    ...overrides,
  };
}
