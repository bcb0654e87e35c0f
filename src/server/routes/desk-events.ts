import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { ArticleTypeSchema, LangSchema, RecordIdSchema } from '../../core/content.js';
import { TilshiError } from '../../core/errors.js';
import { Hex64Schema } from '../../core/zod-util.js';
import { draftFromCluster, type Locate } from '../../desk/draft.js';
import { searchEvents } from '../../desk/event-search.js';
import { getEvent, listArticles, listEvents, publishArticle, publishEvent } from '../../desk/events.js';
import { publishBrief } from '../../desk/publish-brief.js';
import type { TilshiNode } from '../../node/node.js';
import { parseBriefRequest, situationBrief } from '../../situation/brief.js';
import { deskAuthorizer, parseBody } from './desk.js';

const hex64 = Hex64Schema;
const EDITORS = ['admin', 'editor'] as const;

const EventBody = z
  .object({
    content: z.unknown(),
    prev: z.array(hex64).max(20).default([]),
    publish_unverified: z.boolean().optional(),
  })
  .strict();
const ArticleBody = z
  .object({
    input: z
      .object({
        id: RecordIdSchema.optional(),
        title: z.string().trim().min(1).max(300),
        type: ArticleTypeSchema,
        lang: LangSchema,
        markdown: z.string().min(1).max(200_000),
        topics: z.array(z.string()).max(20).optional(),
        events: z.array(RecordIdSchema).max(50).optional(),
      })
      .strict(),
    prev: z.array(hex64).max(20).default([]),
  })
  .strict();
/** The brief to publish: its language and days, as `GET /api/v1/brief` takes them. */
const BriefBody = z
  .object({
    lang: LangSchema,
    from: z.string().max(10),
    to: z.string().max(10),
  })
  .strict();
const ListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .regex(/^\d{1,12}$/)
      .optional(),
    /** Words that find events: id, date, type code, place in any script, region, enterprise, notes. */
    q: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

/** Coded events and articles: drafts from clusters, publishing, versions and conflicts. */
export const deskEventRoutes: FastifyPluginAsync<{ node: TilshiNode; locate?: Locate }> = async (
  app,
  { node, locate },
) => {
  if (node.config.role !== 'desk') return;
  const authorize = deskAuthorizer(node.db);
  const requireUnlocked = () => {
    if (!node.deskKey) throw new TilshiError('desk_locked', 'the desk key is not unlocked on this node', 503);
  };

  app.get<{ Params: { cluster: string } }>('/api/v1/desk/clusters/:cluster/draft', async (request) => {
    authorize(request);
    requireUnlocked();
    const cluster = parseBody(z.string().min(1).max(100), request.params.cluster, 'cluster');
    const draft = draftFromCluster(node.db, cluster, locate);
    if (draft.reports.length === 0)
      throw new TilshiError('not_found', `no reports in cluster ${cluster}`, 404);
    return { content: draft.content, reports: draft.reports, sources: draft.sources };
  });

  app.get('/api/v1/desk/events', async (request) => {
    authorize(request);
    const q = parseBody(ListQuery, request.query);
    if (q.q) return { events: searchEvents(node, q.q, q.limit), next: null };
    return listEvents(node, { limit: q.limit, ...(q.cursor ? { until: Number(q.cursor) } : {}) });
  });

  app.get<{ Params: { id: string } }>('/api/v1/desk/events/:id', async (request) => {
    authorize(request);
    return getEvent(node, parseBody(RecordIdSchema, request.params.id, 'id'));
  });

  app.post('/api/v1/desk/events', async (request, reply) => {
    const { account } = authorize(request, EDITORS);
    requireUnlocked();
    const body = parseBody(EventBody, request.body);
    const v = await publishEvent(node, {
      content: body.content,
      prev: body.prev,
      publishUnverified: body.publish_unverified ?? false,
      actor: account.username,
    });
    return reply.code(201).send({ id: v.content.id, version: v.version });
  });

  app.get('/api/v1/desk/articles', async (request) => {
    authorize(request);
    return listArticles(node);
  });

  app.post('/api/v1/desk/articles', async (request, reply) => {
    const { account } = authorize(request, EDITORS);
    requireUnlocked();
    const body = parseBody(ArticleBody, request.body);
    const { topics, ...input } = body.input;
    const result = await publishArticle(node, {
      article: { ...input, ...(topics ? { topics } : {}) },
      prev: body.prev,
      actor: account.username,
    });
    return reply.code(201).send(result);
  });

  // The brief computed from the published events (as `GET /api/v1/brief` shows it), published
  // as an article signed by the desk; the same days and language again make an edit of it.
  app.post('/api/v1/desk/briefs', async (request, reply) => {
    const { account } = authorize(request, EDITORS);
    requireUnlocked();
    const body = parseBody(BriefBody, request.body);
    const brief = situationBrief(node.db, parseBriefRequest(body));
    const { event } = await publishBrief(node, { lang: body.lang, actor: account.username }, brief);
    const id = event.tags.find((tag) => tag[0] === 'd')?.[1] ?? '';
    return reply
      .code(201)
      .send({ id, version: event.id, title: event.tags.find((tag) => tag[0] === 'title')?.[1] ?? '' });
  });
};
