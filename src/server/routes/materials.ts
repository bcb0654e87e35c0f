import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { LangSchema, RecordIdSchema } from '../../core/content.js';
import { MaterialTopicSchema } from '../../core/material.js';
import { Hex64Schema } from '../../core/zod-util.js';
import type { Role } from '../../desk/accounts.js';
import {
  getDeskMaterial,
  listDeskMaterials,
  publishMaterial,
  withdrawMaterial,
} from '../../desk/materials.js';
import type { TilshiNode } from '../../node/node.js';
import { getMaterial, listMaterials } from '../../situation/materials.js';
import { deskAuthorizer, parseBody } from './desk.js';

/**
 * Who writes material: editors and admins, and organizers, whose work the material teaches
 * (every change is signed by the desk and audited under the writer's name).
 */
const WRITERS: readonly Role[] = ['admin', 'editor', 'organizer'];

const ListQuery = z.strictObject({ topic: MaterialTopicSchema.optional(), lang: LangSchema.optional() });

const MaterialBody = z.strictObject({
  material: z.strictObject({
    id: RecordIdSchema.optional(),
    title: z.string().trim().min(1).max(300),
    summary: z.string().max(2_000).optional(),
    lang: LangSchema,
    topics: z.array(MaterialTopicSchema).min(1).max(4),
    markdown: z.string().min(1).max(200_000),
    translation_of: RecordIdSchema.optional(),
  }),
  prev: z.array(Hex64Schema).max(20).default([]),
});

/** Education material: public reading (any node) and, on a desk, writing and withdrawing. */
export const materialRoutes: FastifyPluginAsync<{ node: TilshiNode }> = async (app, { node }) => {
  app.get('/api/v1/materials', async (request, reply) => {
    const q = parseBody(ListQuery, request.query);
    reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=30');
    return listMaterials(node, q);
  });

  app.get<{ Params: { id: string } }>('/api/v1/materials/:id', async (request, reply) => {
    const id = parseBody(RecordIdSchema, request.params.id, 'id');
    reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=30');
    return getMaterial(node, id);
  });

  if (node.config.role !== 'desk') return;
  const authorize = deskAuthorizer(node.db);

  app.get('/api/v1/desk/materials', async (request) => {
    authorize(request);
    return listDeskMaterials(node);
  });

  app.get<{ Params: { id: string } }>('/api/v1/desk/materials/:id', async (request) => {
    authorize(request);
    return getDeskMaterial(node, parseBody(RecordIdSchema, request.params.id, 'id'));
  });

  app.post('/api/v1/desk/materials', async (request, reply) => {
    const { account } = authorize(request, WRITERS);
    const body = parseBody(MaterialBody, request.body);
    const result = await publishMaterial(node, {
      material: body.material,
      prev: body.prev,
      actor: account.username,
    });
    return reply.code(201).send(result);
  });

  app.delete<{ Params: { id: string } }>('/api/v1/desk/materials/:id', async (request) => {
    const { account } = authorize(request, WRITERS);
    return withdrawMaterial(node, {
      id: parseBody(RecordIdSchema, request.params.id, 'id'),
      actor: account.username,
    });
  });
};
