import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { TilshiNode } from '../../node/node.js';
import { parseBriefRequest, situationBrief } from '../../situation/brief.js';
import { collectiveCounts } from '../../situation/collectives.js';
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

  const feedOptions = () => ({
    title: node.config.name,
    publisher: node.deskPubkey ?? node.nodeKey.publicKey,
  });

  app.get('/feed.atom', async (request, reply) => {
    parseQuery(NoQuery, request.query);
    publicData(reply, 'application/atom+xml; charset=utf-8');
    return reply.send(atomFeed(feedItems(node.log), feedOptions()));
  });

  app.get('/feed.json', async (request, reply) => {
    parseQuery(NoQuery, request.query);
    publicData(reply, 'application/feed+json; charset=utf-8');
    return reply.send(jsonFeed(feedItems(node.log), feedOptions()));
  });
};
