import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AddAssessmentBody,
  AddPersonBody,
  AddStructureTestBody,
  AddTaskBody,
  AssignCollectiveBody,
  CreateCollectiveBody,
  EditCollectiveBody,
  EditPersonBody,
  EditTaskBody,
  EventSearchQuery,
  LogConversationBody,
} from '../../core/organize-requests.js';
import { RecordIdSchema } from '../../core/record-parts.js';
import { writeAudit } from '../../desk/audit.js';
import type { TilshiNode } from '../../node/node.js';
import {
  addAssessment,
  addPerson,
  addStructureTest,
  addTask,
  assignCollective,
  createCollective,
  editCollective,
  editPerson,
  editTask,
  logConversation,
} from '../../organize/commands.js';
import { attachOrganize } from '../../organize/context.js';
import { expireNotes } from '../../organize/expiry.js';
import {
  exportCollective,
  getCollective,
  getCollectiveChart,
  getPerson,
  listCollectives,
  organizeStats,
  searchEvents,
} from '../../organize/queries.js';
import { deskActor, deskAuthorizer, parseBody } from './desk.js';

const ExportQuery = z.strictObject({ contacts: z.enum(['true', 'false']).optional() });
const CollectiveQuery = z.strictObject({ view: z.enum(['chart']).optional() });

type WithId = { Params: { id: string } };
type WithPerson = { Params: { id: string; person: string } };
type WithTask = { Params: { id: string; task: string } };

const EXPIRY_INTERVAL_MS = 60 * 60 * 1000;

/**
 * The organizer's workspace (docs/organize.md): collectives, people, assessments, one-on-ones,
 * structure tests and tasks. Compartments are enforced by the commands: an organizer reaches
 * only the collectives they created or were assigned (403 `forbidden_collective`), an editor
 * only counts, an admin everything and alone exports.
 */
export const organizeRoutes: FastifyPluginAsync<{ node: TilshiNode }> = async (app, { node }) => {
  if (node.config.role !== 'desk' || !node.deskKey) return;
  const org = attachOrganize(node, writeAudit);
  const authorize = deskAuthorizer(node.db);
  // Notes past their time are deleted at start and then every hour.
  const expire = () => {
    try {
      const { deleted } = expireNotes(org);
      if (deleted > 0) app.log.info({ deleted }, 'expired one-on-one notes deleted');
    } catch (err) {
      app.log.error(
        { err: { type: (err as Error).name, message: (err as Error).message } },
        'note expiry failed',
      );
    }
  };
  expire();
  const timer = setInterval(expire, EXPIRY_INTERVAL_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
  const actor = deskActor(authorize);
  const idOf = (request: FastifyRequest<WithId>) => parseBody(RecordIdSchema, request.params.id, 'id');
  const base = '/api/v1/desk/collectives';

  app.get(base, async (request) => listCollectives(org, actor(request)));

  app.get(`${base}/stats`, async (request) => organizeStats(org, actor(request)));

  // Published coded events to link to a collective (a static path: it wins over `/:id`).
  app.get(`${base}/event-search`, async (request) => {
    const who = actor(request);
    const query = parseBody(EventSearchQuery, request.query);
    return searchEvents(org, who, query.q ?? '', query.limit);
  });

  app.post(base, async (request, reply) => {
    const who = actor(request);
    return reply.code(201).send(createCollective(org, who, parseBody(CreateCollectiveBody, request.body)));
  });

  app.get<WithId>(`${base}/:id`, async (request) => {
    const who = actor(request);
    // The desk page asks `?view=chart`: people with only what the page shows (queries.ts).
    const { view } = parseBody(CollectiveQuery, request.query);
    return view === 'chart'
      ? getCollectiveChart(org, who, idOf(request))
      : getCollective(org, who, idOf(request));
  });

  app.patch<WithId>(`${base}/:id`, async (request) => {
    const who = actor(request);
    return editCollective(org, who, idOf(request), parseBody(EditCollectiveBody, request.body));
  });

  app.post<WithId>(`${base}/:id/people`, async (request, reply) => {
    const who = actor(request);
    return reply.code(201).send(addPerson(org, who, idOf(request), parseBody(AddPersonBody, request.body)));
  });

  app.get<WithPerson>(`${base}/:id/people/:person`, async (request) => {
    const who = actor(request);
    return getPerson(org, who, idOf(request), parseBody(RecordIdSchema, request.params.person, 'person'));
  });

  app.patch<WithPerson>(`${base}/:id/people/:person`, async (request) => {
    const who = actor(request);
    const person = parseBody(RecordIdSchema, request.params.person, 'person');
    return editPerson(org, who, idOf(request), person, parseBody(EditPersonBody, request.body));
  });

  app.post<WithId>(`${base}/:id/assessments`, async (request, reply) => {
    const who = actor(request);
    return reply
      .code(201)
      .send(addAssessment(org, who, idOf(request), parseBody(AddAssessmentBody, request.body)));
  });

  app.post<WithId>(`${base}/:id/conversations`, async (request, reply) => {
    const who = actor(request);
    return reply
      .code(201)
      .send(logConversation(org, who, idOf(request), parseBody(LogConversationBody, request.body)));
  });

  app.post<WithId>(`${base}/:id/tests`, async (request, reply) => {
    const who = actor(request);
    return reply
      .code(201)
      .send(addStructureTest(org, who, idOf(request), parseBody(AddStructureTestBody, request.body)));
  });

  app.post<WithId>(`${base}/:id/tasks`, async (request, reply) => {
    const who = actor(request);
    return reply.code(201).send(addTask(org, who, idOf(request), parseBody(AddTaskBody, request.body)));
  });

  app.patch<WithTask>(`${base}/:id/tasks/:task`, async (request) => {
    const who = actor(request);
    const task = parseBody(RecordIdSchema, request.params.task, 'task');
    return editTask(org, who, idOf(request), task, parseBody(EditTaskBody, request.body));
  });

  app.put<WithId>(`${base}/:id/organizers`, async (request) => {
    const who = actor(request);
    return assignCollective(org, who, idOf(request), parseBody(AssignCollectiveBody, request.body));
  });

  app.get<WithId>(`${base}/:id/export`, async (request) => {
    const who = actor(request);
    const query = parseBody(ExportQuery, request.query);
    return exportCollective(org, who, idOf(request), { contacts: query.contacts === 'true' });
  });
};
