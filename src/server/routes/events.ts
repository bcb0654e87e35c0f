import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { TilshiError, ValidationError } from '../../core/errors.js';
import { FILTER_LIMITS, type Filter } from '../../core/filter.js';
import { HEX64 } from '../../core/zod-util.js';
import type { TilshiNode } from '../../node/node.js';

const hex64 = HEX64;
const csv = (pattern: RegExp, name: string) =>
  z
    .string()
    .max(70_000)
    .transform((s, ctx) => {
      const items = s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      if (items.length > FILTER_LIMITS.maxValues || items.some((x) => !pattern.test(x))) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a comma-separated list` });
        return z.NEVER;
      }
      return items;
    });
const int = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform(Number);

/** Query string of `GET /api/v1/events`: NIP-01 filter fields as comma lists. */
const EventsQuery = z
  .object({
    ids: csv(hex64, 'ids').optional(),
    authors: csv(hex64, 'authors').optional(),
    kinds: csv(/^\d{1,5}$/, 'kinds')
      .transform((k) => k.map(Number))
      .optional(),
    since: int.optional(),
    until: int.optional(),
    limit: int.optional(),
    d: z.string().max(256).optional(),
    t: z.string().max(256).optional(),
  })
  .strict();

export const eventRoutes: FastifyPluginAsync<{ node: TilshiNode }> = async (app, { node }) => {
  /**
   * Submit one event or an array. The answer lists what was accepted and what was rejected,
   * each with its code. For a single event that is rejected, the HTTP status is that of the
   * rejection (400, 403, 409, …); for an array it is 200 and the codes are per event.
   */
  app.post('/api/v1/events', async (request, reply) => {
    const body = request.body;
    if (body === undefined || body === null || typeof body !== 'object') {
      throw new ValidationError('invalid_event', 'send one event (a JSON object) or an array of events');
    }
    const single = !Array.isArray(body);
    const raws = single ? [body] : (body as unknown[]);
    if (raws.length === 0) throw new ValidationError('invalid_event', 'the array holds no events');
    if (raws.length > node.config.limits.events_per_request) {
      throw new TilshiError(
        'too_many_events',
        `at most ${node.config.limits.events_per_request} events per request`,
        413,
      );
    }
    const results = await node.ingest.submit(raws, 'submit', { source: request.source });
    const accepted: string[] = [];
    const rejected: { id: string | null; code: string; message: string }[] = [];
    for (const r of results) {
      if (r.ok) accepted.push(r.id);
      else rejected.push({ id: r.id, code: r.code, message: r.message });
    }
    const first = results[0];
    const status = single && first && !first.ok ? first.status : 200;
    return reply.code(status).send({ accepted, rejected });
  });

  /** Public events, newest first, NIP-01 filter semantics. Wraps are never listed here. */
  app.get('/api/v1/events', async (request, reply) => {
    const parsed = EventsQuery.safeParse(request.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ValidationError(
        'invalid_filter',
        `bad query: ${issue?.path.join('.') || ''} ${issue?.message ?? ''}`.trim(),
      );
    }
    const { d, t, ...rest } = parsed.data;
    const filter: Filter = { ...rest };
    if (d !== undefined || t !== undefined) {
      filter.tags = {};
      if (d !== undefined) filter.tags.d = [d];
      if (t !== undefined) filter.tags.t = [t];
    }
    reply.header('access-control-allow-origin', '*');
    return { events: node.log.query(filter, { as: 'public' }) };
  });
};
