import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseArticle } from '../../core/content.js';
import { NotFoundError } from '../../core/errors.js';
import { Kind } from '../../core/kinds.js';
import type { TilshiNode } from '../../node/node.js';
import { articleIdOfFile, articlePage } from '../../situation/article-page.js';
import { parseBriefRequest, situationBrief } from '../../situation/brief.js';
import { collectiveCounts } from '../../situation/collectives.js';
import { eventDetail } from '../../situation/events-query.js';
import { exportEventsText } from '../../situation/export.js';
import { atomFeed, feedItems, jsonFeed } from '../../situation/feeds.js';
import { isDay } from '../../situation/period.js';
import {
  parseQuery,
  parseSituationFilters,
  querySituation,
  situationOptions,
} from '../../situation/query.js';

/** Public data: anyone may read it, from any origin, and caches may keep it a little while. */
function publicData(reply: FastifyReply, type: string): FastifyReply {
  return reply
    .header('access-control-allow-origin', '*')
    .header('cache-control', 'public, max-age=30')
    .type(type);
}

const ExportQuery = z.strictObject({
  since: z
    .string()
    .max(10)
    .refine(isDay, { message: 'since must be a date YYYY-MM-DD', params: { code: 'invalid_date' } })
    .optional(),
});

const NoQuery = z.strictObject({});

/** A Host header the node will repeat in a link: a name or an address, and a port. */
const SAFE_HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)*[A-Za-z0-9-]{1,63}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * The base of absolute links in feeds: `public_url` when the operator set it; otherwise the
 * origin the request came to. Fastify takes the scheme and host from `X-Forwarded-Proto` and
 * `X-Forwarded-Host` only when the connection comes from a proxy listed in `trust_proxy`, and a
 * Host that is not a plain name or address is not repeated (links are then relative).
 */
export function publicBaseUrl(publicUrl: string | null, request: FastifyRequest): string {
  if (publicUrl) return publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;
  const host = request.host;
  return SAFE_HOST.test(host) ? `${request.protocol}://${host}/` : '';
}

/**
 * The situation for everyone: dashboard aggregates, the brief, exports of the published events,
 * and feeds of news and briefs.
 */
export const situationRoutes: FastifyPluginAsync<{ node: TilshiNode }> = async (app, { node }) => {
  app.get('/api/v1/situation', async (request, reply) => {
    const filters = parseSituationFilters(request.query);
    publicData(reply, 'application/json; charset=utf-8');
    return querySituation(node.db, filters);
  });

  app.get('/api/v1/situation/options', async (request, reply) => {
    parseQuery(NoQuery, request.query);
    publicData(reply, 'application/json; charset=utf-8');
    return situationOptions(node.db);
  });

  app.get<{ Params: { id: string } }>('/api/v1/situation/events/:id', async (request, reply) => {
    parseQuery(NoQuery, request.query);
    const detail = eventDetail(node.db, request.params.id);
    publicData(reply, 'application/json; charset=utf-8');
    return detail;
  });

  app.get('/api/v1/situation/collectives', async (request, reply) => {
    parseQuery(NoQuery, request.query);
    publicData(reply, 'application/json; charset=utf-8');
    return collectiveCounts(node.db);
  });

  app.get('/api/v1/brief', async (request, reply) => {
    const brief = parseBriefRequest(request.query);
    publicData(reply, 'application/json; charset=utf-8');
    return situationBrief(node.db, brief);
  });

  app.get('/api/v1/export/events.geojson', async (request, reply) => {
    const { since } = parseQuery(ExportQuery, request.query);
    publicData(reply, 'application/geo+json; charset=utf-8');
    return reply.send(exportEventsText(node.db, 'geojson', since));
  });

  app.get('/api/v1/export/events.csv', async (request, reply) => {
    const { since } = parseQuery(ExportQuery, request.query);
    publicData(reply, 'text/csv; charset=utf-8; header=present');
    reply.header('content-disposition', 'attachment; filename="events.csv"');
    return reply.send(exportEventsText(node.db, 'acled-csv', since));
  });

  app.get('/api/v1/export/events.jsonl', async (request, reply) => {
    const { since } = parseQuery(ExportQuery, request.query);
    publicData(reply, 'application/jsonl; charset=utf-8');
    return reply.send(exportEventsText(node.db, 'jsonl', since));
  });

  const feedOptions = (request: FastifyRequest) => ({
    title: node.config.name,
    publisher: node.deskPubkey ?? node.nodeKey.publicKey,
    baseUrl: publicBaseUrl(node.config.public_url, request),
  });

  app.get('/feed.atom', async (request, reply) => {
    parseQuery(NoQuery, request.query);
    publicData(reply, 'application/atom+xml; charset=utf-8');
    // The links depend on the origin asked when no public_url is set.
    if (!node.config.public_url) reply.header('vary', 'host, x-forwarded-host, x-forwarded-proto');
    return reply.send(atomFeed(feedItems(node.log), feedOptions(request)));
  });

  app.get('/feed.json', async (request, reply) => {
    parseQuery(NoQuery, request.query);
    publicData(reply, 'application/feed+json; charset=utf-8');
    if (!node.config.public_url) reply.header('vary', 'host, x-forwarded-host, x-forwarded-proto');
    return reply.send(jsonFeed(feedItems(node.log), feedOptions(request)));
  });

  // The page a feed entry links to: an article of this node's desk, rendered from its markdown.
  app.get<{ Params: { file: string } }>('/articles/:file', async (request, reply) => {
    parseQuery(NoQuery, request.query);
    const id = articleIdOfFile(request.params.file);
    const desk = node.deskPubkey;
    const [event] =
      id && desk
        ? node.log
            .query({ kinds: [Kind.Article], authors: [desk], tags: { d: [id] }, limit: 5 }, { as: 'public' })
            .sort((a, b) => b.created_at - a.created_at)
        : [];
    if (!event) throw new NotFoundError('not_found', 'no such article');
    publicData(reply, 'text/html; charset=utf-8');
    return reply.send(articlePage(parseArticle(event), { siteName: node.config.name }));
  });
};
