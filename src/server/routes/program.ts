import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  CreatePlankBody,
  DecideAmendmentBody,
  EditPlankBody,
  EndorseBody,
  PlankStatusBody,
  ProgramTitleBody,
  ProposeAmendmentBody,
} from '../../core/program-requests.js';
import { RecordIdSchema } from '../../core/record-parts.js';
import { writeAudit } from '../../desk/audit.js';
import type { DeskNode } from '../../desk/desk-node.js';
import type { TilshiNode } from '../../node/node.js';
import { attachOrganize } from '../../organize/context.js';
import { collectiveAccess, collectiveDemands, programRecordStore } from '../../organize/program-port.js';
import {
  createPlank,
  decideAmendment,
  editPlank,
  endorseProgram,
  proposeAmendment,
  setPlankStatus,
  setProgramTitle,
} from '../../program/commands.js';
import { attachProgram, type Program } from '../../program/context.js';
import { publishProgram } from '../../program/publish.js';
import { deskProgram, publicProgram } from '../../program/queries.js';
import { deskActor, deskAuthorizer, parseBody } from './desk.js';
import { ballotsPort, voteRoutes } from './votes.js';

type WithId = { Params: { id: string } };

/** The public answer is computed at most this often (it reads every coded event). */
const PUBLIC_CACHE_MS = 15_000;

/**
 * The program (docs/program.md). `GET /api/v1/program` is public, with support counts below the
 * threshold withheld; `/api/v1/desk/program…` drafts planks and amendments and publishes.
 * Compartments are the commands': admins and editors draft and publish, organizers propose
 * amendments, everyone at the desk reads.
 */
export const programRoutes: FastifyPluginAsync<{
  node: TilshiNode & Partial<Pick<DeskNode, 'desk'>>;
}> = async (app, { node }) => {
  const program = programOn(node);
  let cached: { at: number; body: ReturnType<typeof publicProgram> } | null = null;
  // A vote that closes publishes its result, which the public answer carries.
  await app.register(voteRoutes, { node, program, published: () => (cached = null) });
  app.get('/api/v1/program', async (_request, reply) => {
    if (!cached || Date.now() - cached.at > PUBLIC_CACHE_MS)
      cached = { at: Date.now(), body: publicProgram(program) };
    reply.header('cache-control', 'no-cache');
    return cached.body;
  });
  if (!program.records) return;
  const authorize = deskAuthorizer(node.db);
  const actor = deskActor(authorize);
  const idOf = (request: FastifyRequest<WithId>) => parseBody(RecordIdSchema, request.params.id, 'id');
  const changed = <T>(value: T) => {
    cached = null;
    return value;
  };
  const base = '/api/v1/desk/program';

  app.get(base, async (request) => deskProgram(program, actor(request)));

  app.put(`${base}/title`, async (request) => {
    const who = actor(request);
    return changed(setProgramTitle(program, who, parseBody(ProgramTitleBody, request.body).title));
  });

  app.post(`${base}/planks`, async (request, reply) => {
    const who = actor(request);
    return reply.code(201).send(changed(createPlank(program, who, parseBody(CreatePlankBody, request.body))));
  });

  app.patch<WithId>(`${base}/planks/:id`, async (request) => {
    const who = actor(request);
    return changed(editPlank(program, who, idOf(request), parseBody(EditPlankBody, request.body)));
  });

  app.post<WithId>(`${base}/planks/:id/status`, async (request) => {
    const who = actor(request);
    return changed(setPlankStatus(program, who, idOf(request), parseBody(PlankStatusBody, request.body)));
  });

  app.post<WithId>(`${base}/planks/:id/amendments`, async (request, reply) => {
    const who = actor(request);
    const body = parseBody(ProposeAmendmentBody, request.body);
    return reply.code(201).send(proposeAmendment(program, who, idOf(request), body));
  });

  app.post<WithId>(`${base}/amendments/:id/decision`, async (request) => {
    const who = actor(request);
    return changed(
      decideAmendment(program, who, idOf(request), parseBody(DecideAmendmentBody, request.body)),
    );
  });

  app.post(`${base}/endorsements`, async (request) => {
    const who = actor(request);
    return changed(endorseProgram(program, who, parseBody(EndorseBody, request.body)));
  });

  app.post(`${base}/publish`, async (request, reply) => {
    const who = actor(request);
    const { program: record, articles } = await publishProgram(program, who);
    cached = null;
    return reply.code(201).send({ id: record.id, kind: record.kind, articles: articles.map((a) => a.id) });
  });
};

/** The program on this node: a desk lends it organizing's store; a relay reads what was published. */
export function programOn(node: TilshiNode & Partial<Pick<DeskNode, 'desk'>>): Program {
  if (node.config.role !== 'desk' || !node.deskKey) return attachProgram(node);
  const org = attachOrganize(node, writeAudit);
  const ballots = ballotsPort(node);
  return attachProgram(node, {
    records: programRecordStore(org),
    collectives: () => collectiveDemands(org),
    audit: writeAudit,
    mayWork: collectiveAccess(org),
    ...(ballots ? { ballots } : {}),
  });
}
