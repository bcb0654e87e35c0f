import {
  type Article,
  type CodedEventContent,
  type CollectiveContent,
  checkArticle,
  checkContent,
  DEMAND_CLASS_NAMESPACE,
  type DemandsProgramContent,
  type DeskRecordContent,
  type JoinRequestContent,
  type JsonContentKind,
  type NodeAnnouncementContent,
  type ReceiptContent,
  type ReplyContent,
  type ReportContent,
  type TrustedRelaysContent,
  validateRecordContent,
} from './content.js';
import { ValidationError } from './errors.js';
import type { UnsignedEvent } from './event.js';
import { Kind } from './kinds.js';
import {
  CODED_EVENT_TEXT_LANG,
  codedEventSummary,
  codedEventTitle,
  geohashTags,
  languageLabelTags,
} from './public-tags.js';
import { demandClasses } from './taxonomy.js';
import type { BallotContent, VoteResultContent } from './vote-records.js';

/*
 * Pure builders: content in, an unsigned event out, validated on the way. Signing and storing
 * happen elsewhere (crypto/, store/), so these need neither keys nor a database.
 */

/** Who signs the record and when (unix seconds). */
export type BuildOptions = { pubkey: string; createdAt: number };

/**
 * For addressable records: `prev` is the id of the version this one edits, or several when the
 * edit resolves a conflict between versions that met.
 */
export type EditOptions = BuildOptions & { prev?: string | readonly string[] };

/** Precision of the first `g` tag: a cell of about 1.2 km × 0.6 km, enough to map a settlement. */
export const GEOHASH_TAG_PRECISION = 6;

/** A coded event's build options: an edit passes the first version's `published_at`. */
export type CodedEventOptions = EditOptions & { publishedAt?: number };

/**
 * A coded event (kind 30620), tagged for relay filters and for clients that know only NIPs:
 * `d` id, `t` event_type, `g` geohashes (finest first), `date`, NIP-32 demand-class and
 * language labels, `title`, `summary`, `published_at`, `alt`, `prev` when editing.
 *
 * @example const unsigned = buildCodedEvent(content, { pubkey: desk, createdAt: now, prev: current.id });
 */
export function buildCodedEvent(content: CodedEventContent, options: CodedEventOptions): UnsignedEvent {
  const c = checkContent(Kind.CodedEvent, content);
  const tags: string[][] = [
    ['d', c.id],
    ['t', c.event_type],
  ];
  const { lat, lon } = c.location;
  if (lat !== null && lon !== null) tags.push(...geohashTags(lat, lon));
  tags.push(['date', c.date]);
  const classes = demandClasses(c.demands);
  if (classes.length > 0) {
    tags.push(['L', DEMAND_CLASS_NAMESPACE]);
    for (const cls of classes) tags.push(['l', cls, DEMAND_CLASS_NAMESPACE]);
  }
  tags.push(...languageLabelTags(CODED_EVENT_TEXT_LANG));
  tags.push(['title', codedEventTitle(c)], ['summary', codedEventSummary(c)]);
  tags.push(['published_at', String(options.publishedAt ?? options.createdAt)]);
  tags.push([
    'alt',
    `Coded event: ${c.sub_event_type.replaceAll('_', ' ')}, ${c.location.settlement ?? c.location.admin1 ?? c.location.country}, ${c.date}`,
  ]);
  return finish(Kind.CodedEvent, c, tags, options);
}

/** An article as `buildArticle` takes it; an edit passes the first version's `published_at`. */
export type ArticleInput = Omit<Article, 'published_at' | 'topics'> & {
  published_at?: number;
  topics?: string[];
};

/**
 * A NIP-23 long-form article (kind 30023): news, a situation brief or education material.
 * The markdown is the content; the rest goes into tags.
 *
 * @example buildArticle({ id: 'brief-2022-01-05', title: 'Situation on 5 January', type: 'brief', lang: 'en', markdown }, { pubkey: desk, createdAt: now })
 */
export function buildArticle(input: ArticleInput, options: EditOptions): UnsignedEvent {
  const a = checkArticle({
    ...input,
    published_at: input.published_at ?? options.createdAt,
    topics: input.topics ?? [],
  });
  const tags: string[][] = [
    ['d', a.id],
    ['title', a.title],
  ];
  if (a.summary !== undefined) tags.push(['summary', a.summary]);
  tags.push(['published_at', String(a.published_at)], ['t', a.type]);
  for (const topic of a.topics) tags.push(['t', topic]);
  // `lang` is the project's own tag (read by older nodes); the NIP-32 label is what clients know.
  tags.push(['lang', a.lang], ...languageLabelTags(a.lang));
  return finish(Kind.Article, a.markdown, tags, options);
}

/**
 * The public profile of a labour collective (kind 30621).
 *
 * @example buildCollective({ id: 'ozenmunaigas-initiative', name: 'Initiative group', form: 'initiative_group', … }, { pubkey: desk, createdAt: now })
 */
export function buildCollective(content: CollectiveContent, options: EditOptions): UnsignedEvent {
  const c = checkContent(Kind.Collective, content);
  return finish(
    Kind.Collective,
    c,
    [
      ['d', c.id],
      ['alt', c.name ? `Labour collective: ${c.name}` : 'Labour collective'],
    ],
    options,
  );
}

/**
 * A demands program (kind 30622): the collectives' demands with their class and support.
 *
 * @example buildDemandsProgram({ id: 'program-mangystau', title: 'Mangystau program', demands }, { pubkey: desk, createdAt: now })
 */
export function buildDemandsProgram(content: DemandsProgramContent, options: EditOptions): UnsignedEvent {
  const c = checkContent(Kind.DemandsProgram, content);
  return finish(
    Kind.DemandsProgram,
    c,
    [
      ['d', c.id],
      ['alt', `Demands program: ${c.title}`],
    ],
    options,
  );
}

/**
 * The published result of a closed vote (kind 30623, `d` = vote id).
 *
 * @example buildVoteResult(result, { pubkey: desk, createdAt: now })
 */
export function buildVoteResult(content: VoteResultContent, options: EditOptions): UnsignedEvent {
  const c = checkContent(Kind.VoteResult, content);
  const title = c.title.ru || c.title.en || c.title.kk || c.id;
  return finish(
    Kind.VoteResult,
    c,
    [
      ['d', c.id],
      ['alt', `Vote result: ${title}`],
    ],
    options,
  );
}

/**
 * A node announcement (kind 10620, replaceable), signed by the node key. The `p` tag names the
 * desk, so a desk can find the relays that forward to it.
 *
 * @example buildNodeAnnouncement({ name: 'Aktau relay', urls: ['http://10.0.0.5:8080'], role: 'relay', desk_pubkey }, { pubkey: node, createdAt: now })
 */
export function buildNodeAnnouncement(
  content: NodeAnnouncementContent,
  options: BuildOptions,
): UnsignedEvent {
  const c = checkContent(Kind.NodeAnnouncement, content);
  return finish(Kind.NodeAnnouncement, c, [['p', c.desk_pubkey]], options);
}

/**
 * The desk's list of trusted relays (kind 10621, replaceable), signed by the desk key: a `p`
 * tag per relay key so that generic clients and filters see whom it names.
 *
 * @example buildTrustedRelays({ relays: [{ pubkey: relayNode, url: 'https://relay.example.org' }] }, { pubkey: desk, createdAt: now })
 */
export function buildTrustedRelays(content: TrustedRelaysContent, options: EditOptions): UnsignedEvent {
  const c = checkContent(Kind.TrustedRelays, content);
  const tags = c.relays.map((r) => ['p', r.pubkey, ...(r.url ? [r.url] : [])]);
  tags.push(['alt', `Trusted relays of a Tilshi desk (${c.relays.length})`]);
  return finish(Kind.TrustedRelays, c, tags, options);
}

/**
 * A report (kind 4620) as the rumor to seal to the desk; it is never published bare.
 *
 * @example sealToDesk(buildReportRumor({ text, channel: 'web', lang: 'ru' }, { pubkey: device, createdAt: now }))
 */
export function buildReportRumor(content: ReportContent, options: BuildOptions): UnsignedEvent {
  return finish(Kind.Report, checkContent(Kind.Report, content), [], options);
}

/**
 * A desk's reply to a reporter (kind 4621 rumor): `p` names the reporter, `e` the report answered.
 *
 * @example buildReplyRumor({ text: 'Thank you, which day was it?' }, { pubkey: desk, createdAt: now, to: reporter, reportId })
 */
export function buildReplyRumor(
  content: ReplyContent,
  options: BuildOptions & { to: string; reportId?: string },
): UnsignedEvent {
  const c = checkContent(Kind.Reply, content);
  const tags = [['p', hex64(options.to, 'to')]];
  if (options.reportId !== undefined) tags.push(['e', hex64(options.reportId, 'reportId')]);
  return finish(Kind.Reply, c, tags, options);
}

/**
 * The desk's receipt of a report (kind 4624 rumor): its content names the report, its `p` the
 * key it is sealed to (the report's reply key).
 *
 * @example buildReceiptRumor({ report: reportId }, { pubkey: desk, createdAt: now, to: replyKey })
 */
export function buildReceiptRumor(
  content: ReceiptContent,
  options: BuildOptions & { to: string },
): UnsignedEvent {
  return finish(Kind.Receipt, checkContent(Kind.Receipt, content), [['p', hex64(options.to, 'to')]], options);
}

/**
 * A request to join a collective (kind 4622 rumor), sealed to the desk.
 *
 * @example buildJoinRequestRumor({ pseudonym: 'Marat', enterprise: 'Depot 3', want: 'join' }, { pubkey: applicant, createdAt: now })
 */
export function buildJoinRequestRumor(content: JoinRequestContent, options: BuildOptions): UnsignedEvent {
  return finish(Kind.JoinRequest, checkContent(Kind.JoinRequest, content), [], options);
}

/**
 * A ballot (kind 4623 rumor), sealed to the desk by a key made for this ballot alone.
 *
 * @example buildBallotRumor({ vote: 'vote-1', code: 'K3V9Q0ZD7M1XRTB4', choices, channel: 'paper' }, { pubkey: oneTime, createdAt: now })
 */
export function buildBallotRumor(content: BallotContent, options: BuildOptions): UnsignedEvent {
  return finish(Kind.Ballot, checkContent(Kind.Ballot, content), [], options);
}

/**
 * A desk-private record (kind 4630 rumor) such as a report↔event link, sealed to the desk nodes.
 *
 * @example buildDeskRecordRumor({ type: 'report_link', id: 'link-1', report_id, event_id }, { pubkey: desk, createdAt: now })
 */
export function buildDeskRecordRumor(content: DeskRecordContent, options: BuildOptions): UnsignedEvent {
  return finish(Kind.DeskRecord, checkContent(Kind.DeskRecord, content), [], options);
}

// ---------------------------------------------------------------- internals

function finish(
  kind: JsonContentKind | typeof Kind.Article,
  content: string | object,
  tags: string[][],
  options: EditOptions,
): UnsignedEvent {
  for (const prev of [options.prev ?? []].flat()) tags.push(['prev', hex64(prev, 'prev')]);
  const createdAt = options.createdAt;
  if (!Number.isInteger(createdAt) || createdAt < 0 || createdAt > 2 ** 40) {
    throw new ValidationError('invalid_event', 'createdAt must be unix seconds');
  }
  const event: UnsignedEvent = {
    pubkey: hex64(options.pubkey, 'pubkey'),
    created_at: createdAt,
    kind,
    tags,
    // The validated value, not the caller's object: keys in schema order, nothing extra.
    content: typeof content === 'string' ? content : JSON.stringify(content),
  };
  validateRecordContent(event);
  return event;
}

function hex64(value: string, name: string): string {
  if (!/^[0-9a-f]{64}$/.test(value)) {
    throw new ValidationError('invalid_event', `${name} must be 64 lowercase hex characters`);
  }
  return value;
}
