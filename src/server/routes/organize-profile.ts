import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ProfileBody } from '../../core/organize-requests.js';
import { RecordIdSchema } from '../../core/record-parts.js';
import { writeAudit } from '../../desk/audit.js';
import type { TilshiNode } from '../../node/node.js';
import { attachOrganize } from '../../organize/context.js';
import { getProfile, previewProfile, publishProfile, withdrawProfile } from '../../organize/profile.js';
import { deskActor, deskAuthorizer, parseBody } from './desk.js';

type WithId = { Params: { id: string } };

/**
 * A collective's public profile (30621), published only by consent (docs/organize.md): what is
 * ticked and published, a preview of what the ticks would publish, publishing and withdrawing.
 * Only an organizer of the collective or an admin reaches it (403 `forbidden_collective`).
 */
export const organizeProfileRoutes: FastifyPluginAsync<{ node: TilshiNode }> = async (app, { node }) => {
  if (node.config.role !== 'desk' || !node.deskKey) return;
  const org = attachOrganize(node, writeAudit);
  const authorize = deskAuthorizer(node.db);
  const actor = deskActor(authorize);
  const idOf = (request: FastifyRequest<WithId>) => parseBody(RecordIdSchema, request.params.id, 'id');
  const path = '/api/v1/desk/collectives/:id/profile';

  app.get<WithId>(path, async (request) => getProfile(org, actor(request), idOf(request)));

  app.post<WithId>(`${path}/preview`, async (request) => {
    const who = actor(request);
    return { profile: previewProfile(org, who, idOf(request), parseBody(ProfileBody, request.body).fields) };
  });

  app.post<WithId>(path, async (request) => {
    const who = actor(request);
    return publishProfile(org, who, idOf(request), parseBody(ProfileBody, request.body).fields);
  });

  app.delete<WithId>(path, async (request) => withdrawProfile(org, actor(request), idOf(request)));
};
