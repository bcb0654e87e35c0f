import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  JoinListQuery,
  JoinReplyBody,
  JoinStatusBody,
  JoinToPersonBody,
} from '../../core/organize-requests.js';
import { Hex64Schema } from '../../core/zod-util.js';
import { listAccounts } from '../../desk/accounts.js';
import { writeAudit } from '../../desk/audit.js';
import {
  countJoinRequests,
  getJoinRequest,
  joinReplies,
  joinReplyWraps,
  pageJoinRequests,
} from '../../desk/join-requests.js';
import { replyToReporter } from '../../desk/replies.js';
import type { TilshiNode } from '../../node/node.js';
import { attachOrganize } from '../../organize/context.js';
import {
  getJoin,
  type JoinRequestsPort,
  joinToPerson,
  listJoins,
  purgeDeclinedJoins,
  setJoinStatus,
} from '../../organize/joins.js';
import { deskActor, deskAuthorizer, parseBody } from './desk.js';
import { acceptSealed, SEALED_BODY_LIMIT } from './sealed.js';

/** A sealed join request is one gift wrap (see SEALED_BODY_LIMIT). */
export const JOIN_BODY_LIMIT = SEALED_BODY_LIMIT;

type WithId = { Params: { id: string } };

const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * `POST /api/v1/join`: a join request sealed in the browser (a 4622 rumor in a gift wrap to the
 * desk, with the node's proof of work). Any node takes it, as it takes a report: a relay stores
 * the wrap and never sees inside. The desk routes under `/api/v1/desk/joins` triage what the
 * desk opened (docs/organize.md, "Join requests").
 */
export const joinRoutes: FastifyPluginAsync<{ node: TilshiNode }> = async (app, { node }) => {
  app.post('/api/v1/join', { bodyLimit: JOIN_BODY_LIMIT }, async (request, reply) => {
    const { status, id, duplicate } = await acceptSealed(node, request, 'join request');
    return reply.code(status).send({ id, duplicate });
  });

  if (node.config.role !== 'desk' || !node.deskKey) return;
  const org = attachOrganize(node, writeAudit);
  const authorize = deskAuthorizer(node.db);
  const port: JoinRequestsPort = {
    get: (id) => getJoinRequest(node.db, id),
    page: (filter, limit) => pageJoinRequests(node.db, filter, limit),
    count: (filter) => countJoinRequests(node.db, filter),
    replyWraps: (id) => joinReplyWraps(node.db, id),
    isOrganizer: (username) =>
      listAccounts(node.db).some(
        (a) =>
          a.username === username && a.disabled_at === null && (a.role === 'organizer' || a.role === 'admin'),
      ),
  };
  const purge = () => {
    try {
      const { purged } = purgeDeclinedJoins(org, port);
      if (purged > 0) app.log.info({ purged }, 'declined join requests purged');
    } catch (err) {
      app.log.error(
        { err: { type: (err as Error).name, message: (err as Error).message } },
        'join purge failed',
      );
    }
  };
  purge();
  const timer = setInterval(purge, PURGE_INTERVAL_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  const actor = deskActor(authorize);
  const idOf = (request: FastifyRequest<WithId>) => parseBody(Hex64Schema, request.params.id, 'id');
  const base = '/api/v1/desk/joins';

  app.get(base, async (request) => {
    const who = actor(request);
    const query = parseBody(JoinListQuery, request.query);
    return listJoins(org, port, who, {
      limit: query.limit,
      ...(query.status ? { status: query.status } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
  });

  app.get<WithId>(`${base}/:id`, async (request) => {
    const who = actor(request);
    const id = idOf(request);
    return { ...getJoin(org, port, who, id), replies: joinReplies(node.db, id) };
  });

  app.post<WithId>(`${base}/:id/status`, async (request) => {
    const who = actor(request);
    return setJoinStatus(org, port, who, idOf(request), parseBody(JoinStatusBody, request.body));
  });

  app.post<WithId>(`${base}/:id/to-person`, async (request, reply) => {
    const who = actor(request);
    return reply
      .code(201)
      .send(joinToPerson(org, port, who, idOf(request), parseBody(JoinToPersonBody, request.body)));
  });

  app.post<WithId>(`${base}/:id/reply`, async (request, reply) => {
    const who = actor(request);
    const id = idOf(request);
    const join = getJoin(org, port, who, id);
    const body = parseBody(JoinReplyBody, request.body);
    const wrap = await replyToReporter(node, {
      to: join.author,
      reportId: id,
      text: body.text,
      actor: who.username,
      ...(body.lang ? { lang: body.lang } : {}),
    });
    return reply.code(201).send({ id: wrap.id });
  });
};
