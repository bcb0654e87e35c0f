import { randomBytes } from 'node:crypto';
import { type CodedEventContent, checkArticle, checkContent } from '../core/content.js';
import { ConflictError, NotFoundError, TilshiError, ValidationError } from '../core/errors.js';
import type { NostrEvent } from '../core/event.js';
import { tagValue, tagValues } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { firstPublishedAt } from '../core/public-tags.js';
import { type ArticleInput, buildArticle, buildCodedEvent } from '../core/records.js';
import { PUBLISHABLE_VERIFICATION } from '../core/taxonomy.js';
import { signEvent } from '../crypto/keys.js';
import type { TilshiNode } from '../node/node.js';
import { writeAudit } from './audit.js';
import { attachReports } from './inbox.js';

/** One stored version of an addressable record, as the desk shows it. */
export interface Version<T> {
  version: string;
  content: T;
  created_at: number;
  prev: string[];
}

function requireDesk(node: TilshiNode) {
  if (!node.deskKey) throw new TilshiError('desk_locked', 'the desk key is not unlocked on this node', 503);
  return node.deskKey;
}

/** The current versions of a record (more than one: a conflict to resolve). */
export function currentVersions(node: TilshiNode, kind: number, id: string): NostrEvent[] {
  if (!node.deskPubkey) return [];
  return node.log.query({ kinds: [kind], authors: [node.deskPubkey], tags: { d: [id] } }, { as: 'node' });
}

const presentCoded = (e: NostrEvent): Version<CodedEventContent> => ({
  version: e.id,
  content: JSON.parse(e.content) as CodedEventContent,
  created_at: e.created_at,
  prev: tagValues(e, 'prev'),
});

/**
 * Store a signed version and turn a stale edit into a 409 that carries the versions it missed,
 * so the editor sees both and decides.
 */
async function storeVersion<T>(
  node: TilshiNode,
  event: NostrEvent,
  present: (e: NostrEvent) => Version<T>,
  audit: Parameters<typeof writeAudit>[1],
): Promise<void> {
  // The log takes a version without `prev` as a NIP-01 replacement (newest wins); the desk's
  // own "new record" must not replace one that exists, so it is refused here as a stale edit.
  const d = tagValue(event, 'd') ?? '';
  if (tagValues(event, 'prev').length === 0) {
    const current = currentVersions(node, event.kind, d);
    if (current.length > 0) {
      throw new ConflictError('stale_edit', 'a record with this id exists; edit it instead', {
        current: current.map(present),
      });
    }
  }
  // The audit row is written in the transaction that stores the version: both or neither.
  const [result] = await node.ingest.submit([event], 'submit', {
    alongside: () => writeAudit(node.db, audit),
  });
  if (result?.ok) return;
  if (result?.code === 'stale_edit') {
    const current = currentVersions(node, event.kind, tagValue(event, 'd') ?? '').map(present);
    throw new ConflictError('stale_edit', 'someone saved this record meanwhile; compare and save again', {
      current,
    });
  }
  throw new TilshiError(
    result?.code ?? 'internal_error',
    result?.message ?? 'not stored',
    result?.ok === false ? result.status : 500,
  );
}

/**
 * Publish a coded event (30620) signed by the desk: new, or an edit naming in `prev` every
 * current version it builds on. Only corroborated or verified events are published unless
 * `publishUnverified`. Links to reports stay private: they become desk records, not part of
 * the public event.
 *
 * @example
 *   await publishEvent(node, { content, prev: [current.version], actor: 'aigul' });
 */
export async function publishEvent(
  node: TilshiNode,
  input: { content: unknown; prev?: readonly string[]; publishUnverified?: boolean; actor: string },
): Promise<Version<CodedEventContent>> {
  const desk = requireDesk(node);
  const checked = checkContent(Kind.CodedEvent, input.content) as CodedEventContent;
  if (!PUBLISHABLE_VERIFICATION.has(checked.verification) && !input.publishUnverified) {
    throw new ValidationError(
      'not_publishable',
      `an event that is ${checked.verification} is not published; corroborate or verify it first`,
    );
  }
  const { report_ids: reportIds, ...content } = checked;
  const publishedAt = firstPublishedAt(currentVersions(node, Kind.CodedEvent, content.id));
  const event = signEvent(
    buildCodedEvent(content, {
      pubkey: desk.publicKey,
      createdAt: Math.floor(Date.now() / 1000),
      prev: input.prev ?? [],
      ...(publishedAt !== undefined ? { publishedAt } : {}),
    }),
    desk,
  );
  await storeVersion(node, event, presentCoded, {
    actor: input.actor,
    action: input.prev?.length ? 'event.edit' : 'event.publish',
    target: content.id,
    details: { version: event.id, verification: content.verification },
  });
  if (reportIds?.length) attachReports(node, reportIds, content.id, input.actor);
  return presentCoded(event);
}

/** A coded event with all its current versions (two or more when desks edited it apart). */
export function getEvent(node: TilshiNode, id: string) {
  const versions = currentVersions(node, Kind.CodedEvent, id).map(presentCoded);
  if (versions.length === 0) throw new NotFoundError('not_found', `no event ${id}`);
  return { id, versions, conflict: versions.length > 1 };
}

/** The desk's published events, newest first. */
export function listEvents(node: TilshiNode, options: { limit: number; until?: number }) {
  if (!node.deskPubkey) return { events: [], next: null };
  const events = node.log.query(
    {
      kinds: [Kind.CodedEvent],
      authors: [node.deskPubkey],
      limit: options.limit + 1,
      ...(options.until !== undefined ? { until: options.until } : {}),
    },
    { as: 'node' },
  );
  const page = events.slice(0, options.limit).map((e) => {
    const id = tagValue(e, 'd') ?? '';
    return { id, ...presentCoded(e), conflict: currentVersions(node, Kind.CodedEvent, id).length > 1 };
  });
  const last = page[page.length - 1];
  return { events: page, next: events.length > options.limit && last ? String(last.created_at - 1) : null };
}

const presentArticle = (e: NostrEvent): Version<ReturnType<typeof checkArticle>> => ({
  version: e.id,
  content: checkArticle({
    id: tagValue(e, 'd'),
    title: tagValue(e, 'title'),
    type: tagValues(e, 't').find((t) => t === 'news' || t === 'brief' || t === 'material'),
    lang: tagValue(e, 'lang'),
    topics: tagValues(e, 't').filter((t) => t !== 'news' && t !== 'brief' && t !== 'material'),
    published_at: Number(tagValue(e, 'published_at') ?? e.created_at),
    markdown: e.content,
  }),
  created_at: e.created_at,
  prev: tagValues(e, 'prev'),
});

/**
 * Publish an article (30023: news, a brief, education material) signed by the desk; events it
 * is about are linked with `e`-style references in its topics list.
 */
export async function publishArticle(
  node: TilshiNode,
  input: {
    article: Omit<ArticleInput, 'id'> & { id?: string; events?: string[] };
    prev?: readonly string[];
    actor: string;
  },
) {
  const desk = requireDesk(node);
  const { events = [], ...rest } = input.article;
  const id =
    rest.id ?? `${rest.type}-${new Date().toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`;
  const unsigned = buildArticle(
    { ...rest, id },
    { pubkey: desk.publicKey, createdAt: Math.floor(Date.now() / 1000), prev: input.prev ?? [] },
  );
  for (const eventId of events) unsigned.tags.push(['a', `${Kind.CodedEvent}:${desk.publicKey}:${eventId}`]);
  const event = signEvent(unsigned, desk);
  await storeVersion(node, event, presentArticle, {
    actor: input.actor,
    action: input.prev?.length ? 'article.edit' : 'article.publish',
    target: id,
    details: { version: event.id, type: rest.type, lang: rest.lang },
  });
  return { id, version: event.id };
}

/** The desk's articles, newest first. */
export function listArticles(node: TilshiNode, limit = 100) {
  if (!node.deskPubkey) return { articles: [] };
  return {
    articles: node.log
      .query({ kinds: [Kind.Article], authors: [node.deskPubkey], limit }, { as: 'node' })
      .map((e) => {
        const a = presentArticle(e);
        return {
          id: a.content.id,
          version: a.version,
          title: a.content.title,
          type: a.content.type,
          lang: a.content.lang,
          created_at: a.created_at,
        };
      }),
  };
}
