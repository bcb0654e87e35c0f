import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ballotSheetHtml, sheetTitle } from '../../core/ballot-sheet.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import {
  BallotCodesBody,
  OpenVoteBody,
  PaperBallotBody,
  VoteLookupBody,
} from '../../core/program-requests.js';
import { RecordIdSchema } from '../../core/record-parts.js';
import { listBallots } from '../../desk/ballots.js';
import type { DeskNode } from '../../desk/desk-node.js';
import type { TilshiNode } from '../../node/node.js';
import type { Program } from '../../program/context.js';
import {
  closeVote,
  deskVote,
  deskVotes,
  enterPaperBallot,
  issueBallotCodes,
  lookupCode,
  openVote,
  publishedResult,
  publishedVotes,
} from '../../program/votes.js';
import { deskActor, deskAuthorizer, parseBody } from './desk.js';
import { acceptSealed, SEALED_BODY_LIMIT } from './sealed.js';
import { publicBaseUrl } from './situation.js';

type WithId = { Params: { id: string } };

/**
 * Votes on the program (docs/program.md, "Votes").
 * - `POST /api/v1/vote`: a ballot sealed on the phone (4623 in a gift wrap to the desk, with the
 *   node's proof of work): any node takes it, as it takes a report, and never sees inside.
 * - `POST /api/v1/vote/lookup`: on the desk node, the holder of a code (sent as its hash) learns
 *   the planks of its vote and whether it has been counted.
 * - `GET /api/v1/votes`, `GET /api/v1/votes/:id`: the published results (30623), on any node.
 * - `/api/v1/desk/program/votes…`: open, codes, paper ballots, close, and the desk's view.
 */
export const voteRoutes: FastifyPluginAsync<{
  node: TilshiNode & Partial<Pick<DeskNode, 'desk'>>;
  program: Program;
  /** Told when a result is published (the public program's answer is cached). */
  published: () => void;
}> = async (app, { node, program, published }) => {
  app.post('/api/v1/vote', { bodyLimit: SEALED_BODY_LIMIT }, async (request, reply) => {
    const { status, id, duplicate } = await acceptSealed(node, request, 'ballot');
    return reply.code(status).send({ id, duplicate });
  });

  app.get('/api/v1/votes', async (_request, reply) => {
    reply.header('cache-control', 'no-cache');
    return { votes: publishedVotes(program) };
  });

  app.get<WithId>('/api/v1/votes/:id', async (request, reply) => {
    const id = parseBody(RecordIdSchema, request.params.id, 'id');
    const result = publishedResult(program, id);
    if (!result) throw new NotFoundError('not_found', `no published result of vote ${id}`);
    reply.header('cache-control', 'no-cache');
    return result;
  });

  app.post('/api/v1/vote/lookup', async (request, reply) => {
    const { code_hash } = parseBody(VoteLookupBody, request.body);
    reply.header('cache-control', 'no-store');
    return lookupCode(program, code_hash);
  });

  if (!program.records) return;
  const authorize = deskAuthorizer(node.db);
  const actor = deskActor(authorize);
  const idOf = (request: FastifyRequest<WithId>) => parseBody(RecordIdSchema, request.params.id, 'id');
  const base = '/api/v1/desk/program/votes';

  app.get(base, async (request) => deskVotes(program, actor(request)));

  app.post(base, async (request, reply) => {
    const who = actor(request);
    return reply.code(201).send(openVote(program, who, parseBody(OpenVoteBody, request.body)));
  });

  app.get<WithId>(`${base}/:id`, async (request) => {
    const who = actor(request);
    return deskVote(program, who, idOf(request));
  });

  // With `sheet: true` the answer carries the printable sheet too: the desk shows and prints it,
  // and keeps it nowhere (the node stores the codes' hashes only).
  app.post<WithId>(`${base}/:id/codes`, async (request, reply) => {
    const who = actor(request);
    const { sheet, ...body } = parseBody(BallotCodesBody, request.body);
    const origin = sheet ? sheetOrigin(node.config.public_url, request) : '';
    const made = issueBallotCodes(program, who, idOf(request), body);
    if (!sheet) return reply.code(201).send(made);
    const html = ballotSheetHtml({
      title: sheetTitle(made.title, made.vote),
      baseUrl: origin,
      codes: made.codes,
    });
    reply.header('cache-control', 'no-store');
    return reply.code(201).send({ ...made, sheet: html });
  });

  app.post<WithId>(`${base}/:id/paper`, async (request, reply) => {
    const who = actor(request);
    const body = parseBody(PaperBallotBody, request.body);
    return reply.code(201).send(await enterPaperBallot(program, who, idOf(request), body));
  });

  app.post<WithId>(`${base}/:id/close`, async (request) => {
    const who = actor(request);
    const closed = await closeVote(program, who, idOf(request));
    published();
    return closed;
  });
};

/** The origin the sheet's QR codes open: `public_url`, else the address the desk was reached at. */
function sheetOrigin(publicUrl: string | null, request: FastifyRequest): string {
  try {
    return new URL(publicBaseUrl(publicUrl, request)).origin;
  } catch {
    throw new ValidationError(
      'no_public_url',
      "the ballots' QR codes need the node's address: set public_url in the config",
    );
  }
}

/** The ballots the desk queue opened, as the program reads them (null without a desk queue). */
export function ballotsPort(node: TilshiNode & Partial<Pick<DeskNode, 'desk'>>) {
  const queue = node.desk;
  if (!queue) return undefined;
  return { list: (vote?: string) => listBallots(node.db, vote), settled: () => queue.settled() };
}
