import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import QRCode from 'qrcode';
import { npubOf } from '../../crypto/keys.js';
import { type DeskNode, initDeskNode, openDeskNode } from '../../desk/desk-node.js';
import { dataPaths, loadConfig, readEnv, resolveDataDir } from '../../node/config.js';
import { claimServeLock } from '../../node/serve-lock.js';
import { buildServer } from '../../server/app.js';
import { startPublisher } from '../../sync/publish.js';
import { startPeerScheduler } from '../../sync/scheduler.js';
import { parseVerbArgs, UsageError } from '../args.js';
import { loadDemo } from '../demo.js';
import { progressBar } from '../progress.js';
import { storeSecrets } from '../unlock.js';

export async function serveVerb(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, {
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    demo: { type: 'boolean' },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError('--port must be 0-65535');
  const env = readEnv();
  const dataDir = resolveDataDir(values.data, env);

  if (values.demo && !existsSync(dataPaths(dataDir).config)) {
    const passphrase = randomBytes(18).toString('base64url');
    const created = await initDeskNode({
      dataDir,
      desk: true,
      passphrase,
      demo: true,
      ...(env.adminPassword ? { adminPassword: env.adminPassword } : {}),
    });
    process.stdout.write(
      [
        `Created a demo desk in ${created.dataDir}`,
        `  desk sign-in: user "admin", ${created.admin?.generated ? `one-time password: ${created.admin.password}` : 'password from TILSHI_ADMIN_PASSWORD'}`,
        '  (the one-time password is shown only now; the desk asks for a new one at first sign-in)',
        '',
      ].join('\n'),
    );
  }

  loadConfig(dataDir);
  const release = claimServeLock(dataDir);
  process.once('exit', release);
  const secrets = await storeSecrets(dataDir, env);
  const bar = progressBar('catching up projections');
  const reports = progressBar('opening reports');
  let deskProgress = (_done: number, _total: number) => {};
  // The inbox catches up in the background, after the node listens: see catchUpInbox below.
  const node = await openDeskNode({
    dataDir,
    ...secrets,
    onProgress: bar,
    onNotice: (line) => process.stdout.write(`${line}\n`),
    deskQueue: { onProgress: (done, total) => deskProgress(done, total) },
  });
  bar.done();
  const level = env.logLevel ?? 'info';
  const app = await buildServer(node, { logger: { level } });
  const stop = async (signal: string) => {
    process.stdout.write(`\n${signal}: stopping\n`);
    await scheduler?.stop();
    await publisher?.stop();
    await app.close();
    await node.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  stopWithLauncher(() => void stop('npx ended'));
  let scheduler: ReturnType<typeof startPeerScheduler> | undefined;
  let publisher: ReturnType<typeof startPublisher> | undefined;
  await app.listen({ port, host: values.host });
  // Peers of config.json: synced on their schedule, soon after new events, and when they come back.
  scheduler = startPeerScheduler(node, {
    onResult: (peer, r) =>
      r.ok
        ? app.log[r.result.pull.events + r.result.push.events > 0 ? 'info' : 'debug'](
            { peer: peer.name ?? peer.url, pulled: r.result.pull.events, pushed: r.result.push.events },
            'synced with peer',
          )
        : app.log.warn({ peer: peer.name ?? peer.url, code: r.code }, 'sync with peer failed'),
  });
  // Public records to the Nostr relays of config `relays`, each once; refusals kept with their reason.
  if (node.config.relays.length > 0) {
    publisher = startPublisher(node, {
      onRun: (r) =>
        r.error
          ? app.log.warn(
              { relay: r.url, sent: r.sent, pending: r.pending, error: r.error },
              'publishing paused',
            )
          : app.log[r.sent > 0 ? 'info' : 'debug'](
              { relay: r.url, accepted: r.accepted, refused: r.refused, pending: r.pending },
              'published to relay',
            ),
    });
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${values.host.includes(':') ? `[${values.host}]` : values.host}:${actualPort}`;
  const lines = [
    `Tilshi ${node.config.role} "${node.config.name}" listening on ${url} (process ${process.pid})`,
    `  ${node.desk ? `desk: ${url}/desk   ` : ''}report page: ${url}/report   relay: ${url.replace(/^http/, 'ws')}/`,
    ...(await phoneLines(values.host, actualPort)),
    `  node key: ${npubOf(node.nodeKey.publicKey)}`,
    `  desk key: ${node.deskPubkey ? npubOf(node.deskPubkey) : 'not set'}${node.deskKey ? ' (unlocked)' : ''}`,
  ];
  if (node.config.demo) {
    lines.push(
      '  DEMO: this desk keeps its passphrase in the data folder so that it starts without typing.',
      '        A real desk never does: create one with `tilshi init --desk`.',
    );
    lines.push(...(await demoScenario(node)));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  catchUpInbox(node, reports, (fn) => {
    deskProgress = fn;
  });
  return new Promise<number>(() => {});
}

/**
 * `npx tilshi serve` runs the node as a child of npm, and killing the PID people see (npm's)
 * leaves the node running with the port and the data folder held. Under npm exec only, the node
 * stops when its launcher is gone; started any other way (a service, nohup) it keeps running.
 */
function stopWithLauncher(stop: () => void): void {
  if (process.env.npm_command !== 'exec') return;
  const launcher = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== launcher) {
      clearInterval(timer);
      stop();
    }
  }, 1_000);
  timer.unref();
}

/**
 * How phones on the same network reach the report page: the LAN addresses when the node listens
 * on all of them (with a QR code of the first to scan), or how to make it listen when it does not.
 */
async function phoneLines(host: string, port: number): Promise<string[]> {
  if (host !== '0.0.0.0' && host !== '::') {
    return isLoopback(host)
      ? ['  phones on this network cannot reach it: start with --host 0.0.0.0 to serve them']
      : [];
  }
  const lan = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && (a.family === 'IPv4' || host === '::'))
    .map((a) => (a?.family === 'IPv6' ? `http://[${a.address}]:${port}` : `http://${a?.address}:${port}`));
  if (lan.length === 0) return ['  no network address found for phones: is the machine on a LAN?'];
  const qr = await QRCode.toString(`${lan[0]}/report`, { type: 'utf8', margin: 1 });
  return [
    `  for phones on this network: ${lan.map((u) => `${u}/report`).join('   ')}`,
    '  (plain http: the page sends and queues, but a phone cannot reopen it offline: keep its tab open)',
    ...qr
      .trimEnd()
      .split('\n')
      .map((line) => `    ${line}`),
  ];
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/**
 * Say how many reports wait to be opened (after a restore, a reindex or a relay's backlog), show
 * the queue's progress on a terminal, and say when the inbox is up to date. The node answers
 * meanwhile; the desk shows the same figures (`/api/v1/desk/status`).
 */
function catchUpInbox(
  node: DeskNode,
  bar: ReturnType<typeof progressBar>,
  follow: (fn: (done: number, total: number) => void) => void,
): void {
  const desk = node.desk;
  if (!desk) return;
  const waiting = desk.progress().waiting;
  if (waiting === 0) return;
  const started = performance.now();
  process.stdout.write(
    `  Opening ${waiting} sealed records (reports, desk records) into the inbox in the background…\n`,
  );
  follow(bar);
  desk.settled().then(
    () => {
      follow(() => {});
      bar.done();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(
        `  Inbox up to date: ${desk.progress().done} sealed records opened in ${seconds} s.\n`,
      );
    },
    () => {
      // The node is closing.
    },
  );
}

/** The corpus beside the checkout (`../shared/corpus` from the package root). */
const DEMO_CORPUS = fileURLToPath(new URL('../../../../shared/corpus', import.meta.url));

/** Load the demo scenario once into a demo desk; the lines to print about it. */
async function demoScenario(node: DeskNode): Promise<string[]> {
  if (!node.deskKey) return ['        The demo desk key is locked: the demo scenario was not loaded.'];
  const result = await loadDemo(node, DEMO_CORPUS);
  if (result.status === 'absent') {
    return [`        No demo scenario: ${result.file} is not there; the store starts without it.`];
  }
  if (result.status === 'already_loaded') {
    return ['        Demo scenario: the documented events of January 2022 (marked as demo data).'];
  }
  return [
    `        Loaded the demo scenario: ${result.events} documented events of January 2022, marked as demo data` +
      (result.skipped.length ? ` (${result.skipped.length} skipped)` : '') +
      '.',
    ...(result.briefs === 'skipped_real_data'
      ? ['        No demo brief: the store holds events of its own on those days.']
      : []),
  ];
}
