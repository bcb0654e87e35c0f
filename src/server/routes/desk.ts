import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AuthError, ValidationError } from '../../core/errors.js';
import { issueText } from '../../core/zod-util.js';
import { npubOf } from '../../crypto/keys.js';
import {
  type Account,
  changePassword,
  checkCsrf,
  createAccount,
  disableAccount,
  generatePassword,
  getSession,
  listAccounts,
  ROLES,
  type Role,
  resetPassword,
  SESSION_IDLE_SECONDS,
  type Session,
  signIn,
  signOut,
  UsernameSchema,
} from '../../desk/accounts.js';
import { listAudit } from '../../desk/audit.js';
import type { DeskNode } from '../../desk/desk-node.js';
import type { Db, TilshiNode } from '../../node/node.js';
import { eventsByKind } from '../../node/stats.js';
import { SourceKeys } from '../rate-limit.js';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE, SignInGuard } from '../sign-in-guard.js';

export const SESSION_COOKIE = 'tilshi_session';

const SignInBody = z
  .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1_024) })
  .strict();
/** `current_password` may be left out only on the first change after a one-time password. */
const PasswordBody = z
  .object({
    current_password: z.string().min(1).max(1_024).optional(),
    new_password: z.string().min(1).max(1_024),
  })
  .strict();
const NewAccountBody = z.object({ username: UsernameSchema, role: z.enum(ROLES) }).strict();
const AccountParams = z.object({ username: UsernameSchema }).strict();
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
    const token = request.cookies[SESSION_COOKIE];
    const session = getSession(db, token);
    if (!session || !token) throw new AuthError('not_signed_in', 'sign in to the desk first');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const origin = request.headers.origin;
      if (origin && origin !== 'null' && originHost(origin) !== request.headers.host) {
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

/**
 * Who a desk request acts as, for the features' commands (their `Actor`): the signed-in
 * account's name and role, after `authorize`'s checks.
 */
export function deskActor(authorize: ReturnType<typeof deskAuthorizer>) {
  return (request: FastifyRequest): { username: string; role: Role } => {
    const { account } = authorize(request);
    return { username: account.username, role: account.role };
  };
}

/**
 * Parse a body, query or path parameter with a schema; a failure is `invalid_request` naming the
 * field (`what` names the value itself when it is no object: a path parameter's name).
 */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, what = 'body'): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ValidationError('invalid_request', issueText(parsed.error, what));
  }
  return parsed.data;
}

/** The host of an Origin header; a malformed one is no host at all (and so another origin). */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * HttpOnly, SameSite=Strict; `Secure` when the request came over TLS: directly, or through a
 * proxy listed in `trust_proxy` that says so in X-Forwarded-Proto (Fastify believes that header
 * only from such a proxy).
 */
function setCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  cookie: { name: string; value: string; maxAge: number; path?: string },
): void {
  reply.setCookie(cookie.name, cookie.value, {
    httpOnly: true,
    sameSite: 'strict',
    path: cookie.path ?? '/',
    maxAge: cookie.maxAge,
    secure: request.protocol === 'https',
  });
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAge: number): void {
  setCookie(request, reply, { name: SESSION_COOKIE, value: token, maxAge });
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
export const deskRoutes: FastifyPluginAsync<{ node: TilshiNode & Partial<Pick<DeskNode, 'desk'>> }> = async (
  app,
  { node },
) => {
  if (node.config.role !== 'desk') return;
  const db = node.db;
  const guard = new SignInGuard(new SourceKeys(), node.nodeKey.secretKey, {
    perSourcePerMinute: node.config.limits.sign_ins_per_minute,
  });
  app.addHook('onClose', async () => guard.stop());

  const authorize = deskAuthorizer(db);

  app.get('/api/v1/desk/session', async (request) => presentSession(authorize(request)));

  app.post('/api/v1/desk/session', async (request, reply) => {
    const body = parseBody(SignInBody, request.body);
    guard.admit(request.source, body.username, request.cookies[DEVICE_COOKIE]);
    const session = await signIn(db, body.username, body.password);
    setSessionCookie(request, reply, session.token, SESSION_IDLE_SECONDS);
    setCookie(request, reply, {
      name: DEVICE_COOKIE,
      value: guard.deviceCookieFor(session.account.username),
      maxAge: DEVICE_COOKIE_MAX_AGE,
      path: '/api/v1/desk/session',
    });
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

  app.get('/api/v1/desk/accounts', async (request) => {
    authorize(request, ['admin']);
    return { accounts: listAccounts(db) };
  });

  app.post('/api/v1/desk/accounts/:username/disable', async (request, reply) => {
    const session = authorize(request, ['admin']);
    const { username } = parseBody(AccountParams, request.params);
    disableAccount(db, username, session.account);
    return reply.code(204).send();
  });

  app.post('/api/v1/desk/accounts/:username/reset', async (request) => {
    const session = authorize(request, ['admin']);
    const { username } = parseBody(AccountParams, request.params);
    const password = await resetPassword(db, username, session.account);
    return { account: { username }, one_time_password: password };
  });

  app.get('/api/v1/desk/status', async (request) => {
    authorize(request);
    const byKind = eventsByKind(db);
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
      /** How far the desk queue is in opening reports (null on a node without the desk key: a relay). */
      inbox: node.desk?.progress() ?? null,
    };
  });

  app.get('/api/v1/desk/audit', async (request) => {
    authorize(request, ['admin', 'editor']);
    const query = parseBody(AuditQuery, request.query);
    return { entries: listAudit(db, Math.min(query.limit ?? 50, 500), query.before) };
  });
};
