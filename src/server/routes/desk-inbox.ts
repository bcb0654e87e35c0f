import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { TilshiError } from '../../core/errors.js';
import { Hex64Schema } from '../../core/zod-util.js';
import {
  assignCluster,
  attachReports,
  findClusters,
  InboxQuerySchema,
  listInbox,
  listReplies,
  setReportStatus,
} from '../../desk/inbox.js';
import { replyToReporter } from '../../desk/replies.js';
import { type RouteFacts, replyRoute, routeOfReply } from '../../desk/reply-route.js';
import { canReplyBySms, sendSmsReply } from '../../intake/sms-reply.js';
import type { TilshiNode } from '../../node/node.js';
import { trustedRelays } from '../../sync/trusted-relays.js';
import { deskAuthorizer, parseBody } from './desk.js';

const hex64 = Hex64Schema;
const Ids = z.array(hex64).min(1).max(500);
const StatusBody = z.object({ ids: Ids, status: z.enum(['noise', 'new']) }).strict();
const AttachBody = z
  .object({ ids: Ids, event_id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,127}$/) })
  .strict();
const ClusterBody = z.object({ ids: Ids, cluster: z.string().min(1).max(100) }).strict();
const ClusterQuery = z
  .object({
    q: z.string().trim().min(1).max(200).optional(),
    settlement: z.string().trim().min(1).max(200).optional(),
    exclude: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();
const ReplyBody = z
  .object({
    to: hex64,
    text: z.string().trim().min(1).max(5_000),
    report_id: hex64.optional(),
    lang: z.enum(['ru', 'kk', 'en']).optional(),
  })
  .strict();

const EDITORS = ['admin', 'editor'] as const;

/** The inbox: decrypted reports with their suggestions and clusters, and the actions on them. */
export const deskInboxRoutes: FastifyPluginAsync<{ node: TilshiNode }> = async (app, { node }) => {
  if (node.config.role !== 'desk') return;
  const authorize = deskAuthorizer(node.db);
  const requireUnlocked = () => {
    if (!node.deskKey) throw new TilshiError('desk_locked', 'the desk key is not unlocked on this node', 503);
  };

  /**
   * Where replies reach, read afresh for each request: this node, the peers of its config and
   * the desk's trusted relays (a list that arrives by sync counts at once).
   */
  const routeFacts = (): RouteFacts => {
    const trusted = new Set(trustedRelays(node).map((r) => r.pubkey));
    return {
      reaches: (key) =>
        key === node.nodeKey.publicKey || trusted.has(key) || node.config.peers.some((p) => p.pubkey === key),
      canSms: (token) => canReplyBySms(node, token),
    };
  };

  app.get('/api/v1/desk/inbox', async (request) => {
    authorize(request);
    requireUnlocked();
    return listInbox(node.db, parseBody(InboxQuerySchema, request.query), routeFacts());
  });

  // Clusters to merge into, found by words of their reports or a place.
  app.get('/api/v1/desk/clusters', async (request) => {
    authorize(request);
    requireUnlocked();
    return { clusters: findClusters(node.db, parseBody(ClusterQuery, request.query)) };
  });

  app.get<{ Params: { pubkey: string } }>('/api/v1/desk/reporters/:pubkey', async (request) => {
    authorize(request);
    requireUnlocked();
    const pubkey = parseBody(hex64, request.params.pubkey, 'pubkey');
    const reports = listInbox(node.db, { status: 'all', limit: 200 }, routeFacts()).reports.filter(
      (r) => r.reporter === pubkey,
    );
    return { reporter: pubkey, reports, replies: listReplies(node.db, pubkey) };
  });

  app.post('/api/v1/desk/reports/status', async (request) => {
    const { account } = authorize(request, EDITORS);
    requireUnlocked();
    const body = parseBody(StatusBody, request.body);
    setReportStatus(node, body.ids, body.status, account.username);
    return { updated: body.ids.length };
  });

  app.post('/api/v1/desk/reports/attach', async (request) => {
    const { account } = authorize(request, EDITORS);
    requireUnlocked();
    const body = parseBody(AttachBody, request.body);
    attachReports(node, body.ids, body.event_id, account.username);
    return { updated: body.ids.length };
  });

  app.post('/api/v1/desk/clusters/assign', async (request) => {
    const { account } = authorize(request, EDITORS);
    requireUnlocked();
    const body = parseBody(ClusterBody, request.body);
    assignCluster(node, body.ids, body.cluster, account.username);
    return { updated: body.ids.length };
  });

  app.post('/api/v1/desk/replies', async (request, reply) => {
    const { account } = authorize(request, EDITORS);
    requireUnlocked();
    const body = parseBody(ReplyBody, request.body);
    const about = routeOfReply(node.db, body.to, body.report_id);
    const route = about ? replyRoute(about, routeFacts()) : 'unknown';
    // An SMS reply goes out first: if the gateway does not take it, nothing is stored and the
    // editor is told (no reply shown in the conversation that the reporter never got).
    if (about?.channel === 'sms') await sendSmsReply(node, about.sms_return, body.text);
    const wrap = await replyToReporter(node, {
      to: body.to,
      text: body.text,
      actor: account.username,
      ...(body.report_id ? { reportId: body.report_id } : {}),
      ...(body.lang ? { lang: body.lang } : {}),
    });
    return reply.code(201).send({ id: wrap.id, route });
  });
};
