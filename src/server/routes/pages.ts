import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../errors.js';
import { negotiate, type StaticFile } from '../static-files.js';

/** Send one of the built files, compressed as the client accepts. */
export function sendFile(request: FastifyRequest, reply: FastifyReply, file: StaticFile | undefined) {
  if (!file) return sendError(reply, 503, 'web_not_built', 'the web apps are not built: run `npm run build`');
  const { body, encoding } = negotiate(file, request.headers['accept-encoding']);
  reply.header('content-type', file.type).header('vary', 'accept-encoding');
  reply.header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (encoding) reply.header('content-encoding', encoding);
  return reply.send(body);
}

/** The pages (`/report`, `/join`, `/vote`, `/desk`, `/learn`, `/program`; `/` is shared with the relay) and their hashed assets. */
export const pageRoutes: FastifyPluginAsync<{ files: Map<string, StaticFile> }> = async (app, { files }) => {
  app.get('/report', (request, reply) => sendFile(request, reply, files.get('/report.html')));
  app.get('/join', (request, reply) => sendFile(request, reply, files.get('/join.html')));
  app.get('/vote', (request, reply) => sendFile(request, reply, files.get('/vote.html')));
  app.get('/desk', (request, reply) => sendFile(request, reply, files.get('/desk.html')));
  // One page for the list and for each material (`/learn/ID`): the script reads the path.
  app.get('/learn', (request, reply) => sendFile(request, reply, files.get('/learn.html')));
  app.get('/learn/:id', (request, reply) => sendFile(request, reply, files.get('/learn.html')));
  app.get('/program', (request, reply) => sendFile(request, reply, files.get('/program.html')));
  app.get('/assets/*', (request, reply) => {
    const file = files.get(request.url.split('?')[0] ?? '');
    if (!file) return sendError(reply, 404, 'not_found', 'no such asset');
    return sendFile(request, reply, file);
  });
};
