import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import { sha256 } from '@noble/hashes/sha2.js';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { locateSettlement } from '../analysis/index.js';
import { BALLOT_SHEET_STYLE } from '../core/ballot-sheet.js';
import { TilshiError } from '../core/errors.js';
import { configurePasswordHashing } from '../crypto/password.js';
import type { TilshiNode } from '../node/node.js';
import { TokenBuckets } from '../node/token-buckets.js';
import { errorHandler, sendError } from './errors.js';
import { RateLimiter, SourceGate, SourceKeys, throttleBody } from './rate-limit.js';
import { deskRoutes } from './routes/desk.js';
import { deskEventRoutes } from './routes/desk-events.js';
import { deskInboxRoutes } from './routes/desk-inbox.js';
import { deskPeerRoutes } from './routes/desk-peers.js';
import { eventRoutes } from './routes/events.js';
import { intakeRoutes } from './routes/intake.js';
import { joinRoutes } from './routes/joins.js';
import { materialRoutes } from './routes/materials.js';
import { nodeRoutes } from './routes/node.js';
import { organizeRoutes } from './routes/organize.js';
import { organizeProfileRoutes } from './routes/organize-profile.js';
import { pageRoutes, sendFile } from './routes/pages.js';
import { programRoutes } from './routes/program.js';
import { relayRoute } from './routes/relay.js';
import { situationRoutes } from './routes/situation.js';
import { syncRoutes } from './routes/sync.js';
import { wrapRoutes } from './routes/wraps.js';
import { loadStaticFiles } from './static-files.js';

export interface ServerOptions {
  /** Pino logger options, or false. Request logs never carry a client address. */
  logger?: FastifyServerOptions['logger'];
  /** Where the built web apps are (default: web/dist of the package). */
  webRoot?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The opaque key of the client's source (its address, or the address a trusted proxy
     * names; an IPv6 /64): what every per-source limit counts by.
     */
    source: string;
  }
}

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Request log lines: method and path only. No address, no query values, no body, no headers. */
const serializers = {
  req(req: { method?: string; url?: string }) {
    return { method: req.method, path: (req.url ?? '').split('?')[0] };
  },
  res(res: { statusCode?: number }) {
    return { statusCode: res.statusCode };
  },
};

/**
 * The one inline style any page may carry: the printed ballot sheet's (src/core/ballot-sheet.ts),
 * which the desk shows in a frame of its page before printing it. Named by its hash, so no other
 * inline style is allowed.
 */
export const BALLOT_SHEET_STYLE_HASH = `'sha256-${Buffer.from(sha256(new TextEncoder().encode(BALLOT_SHEET_STYLE))).toString('base64')}'`;

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' ${BALLOT_SHEET_STYLE_HASH}; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(self), microphone=(), geolocation=(), interest-cohort=()',
};

/**
 * The node's HTTP and WebSocket server: thin routes over the node's commands.
 *
 * @example
 *   const app = await buildServer(node, { logger: false });
 *   await app.listen({ host: '127.0.0.1', port: 0 });
 */
export async function buildServer(node: TilshiNode, options: ServerOptions = {}): Promise<FastifyInstance> {
  const limits = node.config.limits;
  const loggerOption = options.logger ?? false;
  const requestTimeout = limits.request_timeout_seconds * 1000;
  const headersTimeout = Math.min(limits.headers_timeout_seconds * 1000, requestTimeout);
  const app = Fastify({
    logger: loggerOption === false ? false : { ...(loggerOption === true ? {} : loggerOption), serializers },
    bodyLimit: limits.body_bytes,
    // Only a listed proxy is believed about the client's address and scheme (docs/operations.md).
    trustProxy: node.config.trust_proxy.length > 0 ? [...node.config.trust_proxy] : false,
    routerOptions: { ignoreTrailingSlash: true },
    // Half-sent requests and silent sockets are closed, so that holding connections open costs
    // the sender as much as the node.
    requestTimeout,
    connectionTimeout: limits.idle_timeout_seconds * 1000,
    keepAliveTimeout: limits.keep_alive_seconds * 1000,
    http: {
      headersTimeout,
      requestTimeout,
      // Node checks these timeouts on an interval (30 s by default): check often enough to keep them.
      connectionsCheckingInterval: Math.max(250, Math.min(5_000, headersTimeout / 4)),
    },
  });
  app.setErrorHandler(errorHandler);
  // The API speaks JSON only; anything else is refused (415) rather than half-understood.
  app.removeContentTypeParser('text/plain');
  const files = loadStaticFiles(options.webRoot ?? DEFAULT_WEB_ROOT);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // Top-level built files (the service worker, a manifest) are served by their path.
    const file = request.method === 'GET' && !path.slice(1).includes('/') ? files.get(path) : undefined;
    if (file && !path.endsWith('.html')) return sendFile(request, reply, file);
    return sendError(reply, 404, 'not_found', `no route for ${request.method} ${path}`);
  });

  // Registered first: its hook marks upgrades (`request.ws`) before the limits below look.
  await app.register(websocket, { options: { maxPayload: limits.frame_bytes } });
  const sources = new SourceKeys();
  app.decorateRequest('source', '');
  const apiLimiter = new RateLimiter(limits.http_requests_per_minute);
  app.addHook('onClose', async () => apiLimiter.stop());
  app.addHook('onRequest', async (request) => {
    request.source = sources.keyOf(request.ip);
    // A WebSocket upgrade is a request too: opening sockets in a loop costs as much as any API call.
    if (!request.url.startsWith('/api/') && !request.ws) return;
    if (!apiLimiter.take(request.source)) {
      throw new TilshiError('rate_limited', 'too many requests; try again in a minute', 429, {
        retry_after: apiLimiter.retryAfter(request.source),
      });
    }
  });
  const bodyBytes = new TokenBuckets(limits.body_bytes_per_source_per_second, limits.body_bytes);
  app.addHook('onClose', async () => bodyBytes.stop());
  // Parsing a body costs the node in proportion to its size: each source's bodies are read no
  // faster than its byte budget, whatever the number of requests it sends them in.
  app.addHook('preParsing', async (request, _reply, payload) =>
    throttleBody(payload, bodyBytes, request.source),
  );
  node.ingest.budgetSources({
    perSecond: limits.checks_per_source_per_second,
    burst: Math.max(2 * limits.checks_per_source_per_second, limits.events_per_request),
  });
  configurePasswordHashing({ threads: limits.password_hash_threads, queue: limits.password_hash_queue });
  const gate = new SourceGate({
    connectionsPerSource: limits.ws_connections_per_source,
    connectionsTotal: limits.ws_connections_total,
    subscriptionsPerSource: limits.subscriptions_per_source,
    messagesPerSecond: limits.ws_messages_per_source_per_second,
    queriesPerSecond: limits.ws_queries_per_second,
  });
  app.addHook('onClose', async () => gate.stop());
  app.addHook('onSend', async (request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    // Desk answers hold report texts and names: no browser or proxy cache keeps a copy.
    if (request.url.startsWith('/api/v1/desk/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  // Cookies are parsed once, for the desk's session and device cookies.
  await app.register(cookie);
  await app.register(nodeRoutes, { node });
  await app.register(eventRoutes, { node });
  await app.register(deskRoutes, { node });
  await app.register(deskPeerRoutes, { node });
  await app.register(deskInboxRoutes, { node });
  await app.register(deskEventRoutes, { node, locate: locateSettlement });
  await app.register(organizeRoutes, { node });
  await app.register(organizeProfileRoutes, { node });
  await app.register(programRoutes, { node });
  await app.register(wrapRoutes, { node });
  await app.register(syncRoutes, { node });
  await app.register(intakeRoutes, { node });
  await app.register(joinRoutes, { node });
  await app.register(situationRoutes, { node });
  await app.register(materialRoutes, { node });
  await app.register(pageRoutes, { files });
  await app.register(relayRoute, { node, files, gate });
  return app;
}
