import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AuthError, ValidationError } from '../../core/errors.js';
import { npubOf } from '../../crypto/keys.js';
import {
  type Account,
  changePassword,
  checkCsrf,
  createAccount,
  generatePassword,
  getSession,
  ROLES,
  type Role,
  SESSION_IDLE_SECONDS,
  type Session,
  signIn,
  signOut,
  UsernameSchema,
} from '../../desk/accounts.js';
import { listAudit } from '../../desk/audit.js';
import type { TilshiNode } from '../../node/node.js';
import type { Db } from '../../store/db.js';
import { readKindCounts } from '../../store/projections/kind-counts.js';
import { RateLimiter } from '../rate-limit.js';

export const SESSION_COOKIE = 'tilshi_session';

const SignInBody = z
  .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1_024) })
  .strict();
const PasswordBody = z
  .object({ current_password: z.string().min(1).max(1_024), new_password: z.string().min(1).max(1_024) })
  .strict();
const NewAccountBody = z.object({ username: UsernameSchema, role: z.enum(ROLES) }).strict();
const AuditQuery = z
  .object({
    limit: z
      .string()
      .regex(/^\d{1,4}$/)
      .transform(Number)
      .optional(),
    before: z
      .string()
      .regex(/^\d{1,15}$/)
      .transform(Number)
      .optional(),
  })
  .strict();

/**
 * The signed-in account of a request, after the CSRF and Origin checks for state-changing
 * methods and the role check; every desk route starts with it.
 */
export function deskAuthorizer(db: Db) {
  return (request: FastifyRequest, roles?: readonly Role[]): Session & { token: string } => {
    const token = readCookie(request, SESSION_COOKIE);
    const session = getSession(db, token);
    if (!session || !token) throw new AuthError('not_signed_in', 'sign in to the desk first');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const origin = request.headers.origin;
      if (origin && origin !== 'null' && new URL(origin).host !== request.headers.host) {
        throw new AuthError('csrf_failed', 'the request comes from another origin', 403);
      }
      checkCsrf(session, request.headers['x-csrf-token'] as string | undefined);
    }
    if (roles && !roles.includes(session.account.role)) {
      throw new AuthError('forbidden', `this needs the role ${roles.join(' or ')}`, 403);
    }
    if (
      session.account.must_change_password &&
      !request.url.startsWith('/api/v1/desk/password') &&
      !request.url.startsWith('/api/v1/desk/session')
    ) {
      throw new AuthError('password_change_required', 'set a new password first', 403);
    }
    return { ...session, token };
  };
}

/** Parse a body or query with a schema; a failure is `invalid_request` naming the field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(
      'invalid_request',
      `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAge: number): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAge}${secure}`,
  );
}

const presentSession = (s: Session) => ({
  account: {
    username: s.account.username,
    role: s.account.role,
    must_change_password: s.account.must_change_password,
  },
  csrf_token: s.csrfToken,
});

/**
 * Desk sign-in and the desk's own routes. Sessions are HttpOnly, SameSite=Strict cookies;
 * every state-changing route also wants the session's CSRF token in `x-csrf-token` and, when
 * the browser sends one, an Origin of this host.
 */
export const deskRoutes: FastifyPluginAsync<{ node: TilshiNode }> = async (app, { node }) => {
  if (node.config.role !== 'desk') return;
  const db = node.db;
  const bySource = new RateLimiter(30, 30);
  const byUser = new RateLimiter(10, 10);
  app.addHook('onClose', async () => {
    bySource.stop();
    byUser.stop();
  });

  const authorize = deskAuthorizer(db);

  app.get('/api/v1/desk/session', async (request) => presentSession(authorize(request)));

  app.post('/api/v1/desk/session', async (request, reply) => {
    const body = parseBody(SignInBody, request.body);
    const source = bySource.keyOf(request.socket.remoteAddress ?? '');
    if (!bySource.take(source) || !byUser.take(byUser.keyOf(body.username.toLowerCase()))) {
      return reply
        .code(429)
        .send({ error: { code: 'rate_limited', message: 'too many sign-in attempts; wait a minute' } });
    }
    const session = await signIn(db, body.username, body.password);
    setSessionCookie(request, reply, session.token, SESSION_IDLE_SECONDS);
    return presentSession(session);
  });

  app.delete('/api/v1/desk/session', async (request, reply) => {
    const session = authorize(request);
    signOut(db, session.token, session.account.username);
    setSessionCookie(request, reply, '', 0);
    return reply.code(204).send();
  });

  app.post('/api/v1/desk/password', async (request, reply) => {
    const session = authorize(request);
    const body = parseBody(PasswordBody, request.body);
    await changePassword(db, session.account, {
      currentPassword: body.current_password,
      newPassword: body.new_password,
      keepToken: session.token,
    });
    return reply.code(204).send();
  });

  app.post('/api/v1/desk/accounts', async (request, reply) => {
    const session = authorize(request, ['admin']);
    const body = parseBody(NewAccountBody, request.body);
    const password = generatePassword();
    const account: Account = await createAccount(db, {
      username: body.username,
      password,
      role: body.role,
      mustChangePassword: true,
      actor: session.account.username,
    });
    return reply
      .code(201)
      .send({ account: { username: account.username, role: account.role }, one_time_password: password });
  });

  app.get('/api/v1/desk/status', async (request) => {
    authorize(request);
    const byKind = readKindCounts(db);
    return {
      role: node.config.role,
      name: node.config.name,
      node_pubkey: node.nodeKey.publicKey,
      node_npub: npubOf(node.nodeKey.publicKey),
      desk_npub: node.deskPubkey ? npubOf(node.deskPubkey) : null,
      desk_unlocked: node.deskKey !== undefined,
      events_total: Object.values(byKind).reduce((a, b) => a + b, 0),
      by_kind: byKind,
      last_seq: node.log.maxSeq(),
      /** How far the desk queue is in opening reports (null while the desk key is locked). */
      inbox: node.desk?.progress() ?? null,
    };
  });

  app.get('/api/v1/desk/audit', async (request) => {
    authorize(request, ['admin', 'editor']);
    const query = parseBody(AuditQuery, request.query);
    return { entries: listAudit(db, Math.min(query.limit ?? 50, 500), query.before) };
  });
};
