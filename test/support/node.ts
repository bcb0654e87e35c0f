import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { finalizeEvent } from 'nostr-tools/pure';
import type { CodedEventContent } from '../../src/core/content.js';
import type { NostrEvent } from '../../src/core/event.js';
import { Kind } from '../../src/core/kinds.js';
import { type ArticleInput, buildArticle, buildCodedEvent } from '../../src/core/records.js';
import { buildArticleInput, buildCodedEventContent } from '../../src/core/test-factories.js';
import { deskDatabaseKey } from '../../src/crypto/db-key.js';
import {
  decryptSecretKey,
  generateKeyPair,
  type KeyPair,
  plainEvent,
  signEvent,
} from '../../src/crypto/keys.js';
import { sealRumor } from '../../src/crypto/seal.js';
import { type DeskNode, initDeskNode, openDeskNode } from '../../src/desk/desk-node.js';
import type { InboxAnalyzer } from '../../src/desk/inbox-projection.js';
import { dataPaths, loadConfig, type NodeConfig, saveConfig } from '../../src/node/config.js';
import { buildServer } from '../../src/server/app.js';
import { applyKey, openDatabase } from '../../src/store/db.js';

export const TEST_PASSPHRASE = 'correct horse battery';
export const TEST_ADMIN_PASSWORD = 'admin password for tests';

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(prefix = 'tilshi-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestNode {
  node: DeskNode;
  app: FastifyInstance;
  url: string;
  wsUrl: string;
  dataDir: string;
  deskKey: KeyPair | undefined;
  logs: string[];
  close(): Promise<void>;
}

/**
 * A real node on 127.0.0.1 and a free port, in a temporary data folder: a desk by default
 * (its key unlocked), or a relay forwarding to `deskPubkey`.
 */
export async function startTestNode(
  options: {
    role?: 'desk' | 'relay';
    deskPubkey?: string;
    config?: Partial<NodeConfig>;
    webRoot?: string;
    analyzer?: InboxAnalyzer;
    /** Retrain the desk's coding model after this many decisions. */
    retrainEvery?: number;
  } = {},
): Promise<TestNode> {
  const tmp = tempDir();
  const role = options.role ?? 'desk';
  await initDeskNode({
    dataDir: tmp.dir,
    ...(role === 'desk'
      ? { desk: true, passphrase: TEST_PASSPHRASE, adminPassword: TEST_ADMIN_PASSWORD }
      : { deskPubkey: options.deskPubkey ?? generateKeyPair().publicKey }),
  });
  // Tests keep proof of work low so that they run fast; the policy is the same.
  const config = { ...loadConfig(tmp.dir), pow_difficulty: 8, ...options.config };
  saveConfig(tmp.dir, config);
  const node = await openDeskNode({
    dataDir: tmp.dir,
    passphrase: TEST_PASSPHRASE,
    ...(options.analyzer ? { analyzer: options.analyzer } : {}),
    ...(options.retrainEvery ? { retrainEvery: options.retrainEvery } : {}),
  });
  return serve(node, tmp, options.webRoot);
}

/**
 * Serve a data folder made outside startTestNode (by `tilshi init` in a test), a desk unlocked
 * with TEST_PASSPHRASE, as startTestNode serves its own; `close` removes the folder.
 */
export async function serveTestNode(dataDir: string): Promise<TestNode> {
  const node = await openDeskNode({ dataDir, passphrase: TEST_PASSPHRASE });
  return serve(node, { dir: dataDir, remove: () => rmSync(dataDir, { recursive: true, force: true }) });
}

/**
 * A sealed report (4620 → 13 → 1059) to the desk, with the work the node asks for. `content`
 * replaces the report's fields as they are, unchecked (to test what the desk does with bad ones).
 */
export function buildWrap(
  deskPubkey: string,
  options: { text?: string; pow?: number; reporter?: KeyPair; content?: Record<string, unknown> } = {},
): NostrEvent {
  const reporter = options.reporter ?? generateKeyPair();
  return sealRumor(
    {
      kind: Kind.Report,
      content: JSON.stringify(
        options.content ?? { text: options.text ?? 'Workers stopped at the mine', channel: 'web' },
      ),
    },
    reporter.secretKey,
    deskPubkey,
    { powDifficulty: options.pow ?? 8 },
  );
}

/** A signed event of any kind (for the desk's public kinds, sign with the desk key). */
export function buildSigned(
  key: KeyPair,
  template: { kind: number; content?: string; tags?: string[][]; created_at?: number },
): NostrEvent {
  return plainEvent(
    finalizeEvent(
      {
        kind: template.kind,
        content: template.content ?? '',
        tags: template.tags ?? [],
        created_at: template.created_at ?? Math.floor(Date.now() / 1000),
      },
      key.secretKey,
    ),
  );
}

/** POST JSON and return status and parsed body. */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return sendJson('POST', url, body, headers);
}

/** PUT JSON and return status and parsed body. */
export function putJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return sendJson('PUT', url, body, headers);
}

async function sendJson(method: string, url: string, body: unknown, headers: Record<string, string>) {
  const send = () =>
    fetch(url, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  let res: Response;
  try {
    res = await send();
  } catch (err) {
    // The test and the node share one process: on a loaded machine the node's keep-alive timer
    // (5 s) can close an idle connection just as fetch takes it from its pool again, before the
    // request was read. That connection carried nothing: send once more on a new one.
    const code = ((err as Error).cause as { code?: string } | undefined)?.code;
    if (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET') throw err;
    res = await send();
  }
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

const now = () => Math.floor(Date.now() / 1000);

/** A signed coded event (30620) by the desk; `prev` makes it an edit. */
export function buildDeskCodedEvent(
  desk: KeyPair,
  overrides: Partial<CodedEventContent> = {},
  options: { prev?: string; createdAt?: number } = {},
): NostrEvent {
  return signEvent(
    buildCodedEvent(buildCodedEventContent(overrides), {
      pubkey: desk.publicKey,
      createdAt: options.createdAt ?? now(),
      ...(options.prev ? { prev: options.prev } : {}),
    }),
    desk,
  );
}

/** A signed article (30023) by the desk. */
export function buildDeskArticle(
  desk: KeyPair,
  overrides: Partial<ArticleInput> = {},
  options: { prev?: string } = {},
) {
  return signEvent(
    buildArticle(buildArticleInput(overrides), {
      pubkey: desk.publicKey,
      createdAt: now(),
      ...(options.prev ? { prev: options.prev } : {}),
    }),
    desk,
  );
}

/** Make two test nodes peers of each other (in memory and in config.json): each may pull sealed records from the other. */
export function linkPeers(a: TestNode, b: TestNode): void {
  for (const [self, other] of [
    [a, b],
    [b, a],
  ] as const) {
    const peer = { url: other.url, pubkey: other.node.nodeKey.publicKey };
    if (!self.node.config.peers.some((p) => p.url === peer.url)) self.node.config.peers.push(peer);
    saveConfig(self.dataDir, { ...loadConfig(self.dataDir), peers: self.node.config.peers });
  }
}

/**
 * Sign in to a test desk (as the admin by default): the headers a desk client sends, the
 * session cookie and the CSRF token.
 */
export async function deskHeaders(
  t: Pick<TestNode, 'url'>,
  username = 'admin',
  password = TEST_ADMIN_PASSWORD,
): Promise<{ cookie: string; 'x-csrf-token': string }> {
  const res = await postJson(`${t.url}/api/v1/desk/session`, { username, password });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!,
    'x-csrf-token': res.body.csrf_token,
  };
}

const sessions = new Map<string, Promise<{ cookie: string; 'x-csrf-token': string }>>();

/**
 * The admin's desk headers for a test node, signed in once per node and kept (sign-ins are rate
 * limited per source, as for people, so a test that asks often reuses one session).
 */
export function deskSession(t: Pick<TestNode, 'url'>): Promise<{ cookie: string; 'x-csrf-token': string }> {
  let headers = sessions.get(t.url);
  if (!headers) {
    headers = deskHeaders(t);
    sessions.set(t.url, headers);
  }
  return headers;
}

/**
 * Another machine of the same desk as `from` (its own node key, data folder and accounts, with
 * the admin password of tests; the desk key copied from `from`), serving on a free port.
 */
export async function startDeskTwin(from: TestNode): Promise<TestNode> {
  const tmp = tempDir();
  await initDeskNode({
    dataDir: tmp.dir,
    desk: true,
    passphrase: TEST_PASSPHRASE,
    adminPassword: TEST_ADMIN_PASSWORD,
  });
  // initNode keyed the store from the desk key it made; this machine holds `from`'s instead.
  const paths = dataPaths(tmp.dir);
  const own = decryptSecretKey(readFileSync(paths.deskKey, 'utf8'), TEST_PASSPHRASE);
  const store = openDatabase(paths.database, { key: { raw: deskDatabaseKey(own) } });
  store.pragma('journal_mode = DELETE');
  applyKey(store, { raw: deskDatabaseKey(from.deskKey!) }, 'rekey');
  store.close();
  copyFileSync(dataPaths(from.dataDir).deskKey, paths.deskKey);
  saveConfig(tmp.dir, { ...loadConfig(tmp.dir), desk_pubkey: from.node.deskPubkey, pow_difficulty: 8 });
  const node = await openDeskNode({ dataDir: tmp.dir, passphrase: TEST_PASSPHRASE });
  return serve(node, tmp);
}

/** Serve a test node on a free port, its log lines kept in `logs`; `close` removes its folder. */
async function serve(node: DeskNode, tmp: ReturnType<typeof tempDir>, webRoot?: string): Promise<TestNode> {
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const app = await buildServer(node, {
    logger: { level: 'debug', stream },
    ...(webRoot ? { webRoot } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    node,
    app,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/`,
    dataDir: tmp.dir,
    deskKey: node.deskKey,
    logs,
    async close() {
      await app.close();
      await node.close();
      tmp.remove();
    },
  };
}
