// The report page on a slow 2G link: bytes of the first load (every asset, compressed as the
// node serves it) and the time from opening the page to the node's OK for a report, with the
// node's default proof of work. Chromium (Debian's, through test/support/browser.ts) emulates
// the link with CDP Network.emulateNetworkConditions: 300 ms latency, 250 kbit/s each way.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { initDeskNode, openDeskNode } from '../dist/desk/desk-node.js';
import { loadConfig } from '../dist/node/config.js';
import { buildServer } from '../dist/server/app.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_BYTES = 30 * 1024;
const TARGET_MS = 5_000;
const LINK = { latency: 300, kbit: 250 };
const fmt = (n) => n.toLocaleString('en-US');
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** test/support/browser.ts is TypeScript: compile it where it resolves playwright-core. */
export async function loadLaunchBrowser() {
  const out = join(root, 'node_modules/.cache/tilshi-bench/browser.mjs');
  mkdirSync(dirname(out), { recursive: true });
  await build({
    entryPoints: [join(root, 'test/support/browser.ts')],
    outfile: out,
    format: 'esm',
    platform: 'node',
    bundle: true,
    packages: 'external',
    logLevel: 'error',
    // The module finds test-output/ next to itself; keep it pointing at the repository's.
    define: {
      'import.meta.url': JSON.stringify(new URL('../test/support/browser.ts', import.meta.url).href),
    },
  });
  return (await import(out)).launchBrowser;
}

async function startDesk() {
  const dir = mkdtempSync(join(tmpdir(), 'tilshi-bench-report-'));
  await initDeskNode({
    dataDir: dir,
    desk: true,
    passphrase: 'bench passphrase',
    adminPassword: 'bench admin password',
  });
  const node = await openDeskNode({ dataDir: dir, passphrase: 'bench passphrase' });
  const app = await buildServer(node, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    node,
    url: `http://127.0.0.1:${app.server.address().port}`,
    difficulty: loadConfig(dir).pow_difficulty,
    async close() {
      await app.close();
      await node.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One first visit in a fresh profile: open, write, send, wait for "delivered". */
async function visit(browser, url, text) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'ru-RU' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: LINK.latency,
    downloadThroughput: (LINK.kbit * 1000) / 8,
    uploadThroughput: (LINK.kbit * 1000) / 8,
  });
  const requests = new Map();
  let postSent;
  cdp.on('Network.requestWillBeSent', ({ request }) => {
    if (request.method === 'POST' && request.url.endsWith('/api/v1/events')) postSent ??= performance.now();
  });
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    requests.set(requestId, {
      url: new URL(response.url).pathname + new URL(response.url).search,
      encoding: response.headers['content-encoding'] ?? response.headers['Content-Encoding'] ?? '-',
      length: Number(response.headers['content-length'] ?? response.headers['Content-Length'] ?? 0),
      status: response.status,
      at: performance.now(),
    });
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const r = requests.get(requestId);
    if (r) r.wire = encodedDataLength;
  });

  const t0 = performance.now();
  await page.goto(`${url}/report`);
  const textarea = page.locator('#r-text');
  await textarea.waitFor();
  const ready = performance.now() - t0;
  await textarea.fill(text);
  await page.locator('form button[type=submit]').click();
  const clicked = performance.now() - t0;
  await page.locator('li[data-state="delivered"]').waitFor({ timeout: 60_000 });
  const delivered = performance.now() - t0;
  const post = [...requests.values()].find((r) => r.url === '/api/v1/events');
  // Let the service worker fetch its copies (outside this page's emulated link) before closing.
  await page.evaluate(() => navigator.serviceWorker?.ready.then(() => true)).catch(() => false);
  await context.close();
  return {
    ready,
    clicked,
    sealed: (postSent ?? performance.now()) - t0,
    ok: post ? post.at - t0 : delivered,
    delivered,
    requests: [...requests.values()],
  };
}

/** Every file the first visit of `page` needs, as the node serves it to Chromium (brotli) and gzip. */
export async function servedSizes(url, pageRequests, page = '/report') {
  const paths = page === '/report' ? ['/report', '/sw.js'] : [page];
  for (const r of pageRequests) if (r.url.startsWith('/assets/')) paths.push(r.url);
  if (page === '/report') {
    // The worker comes with the page's script; the service worker's list names everything.
    const sw = await (await fetch(`${url}/sw.js`)).text();
    for (const m of sw.matchAll(/"(\/assets\/[^"]+)"/g)) paths.push(m[1]);
  }
  const rows = [];
  for (const path of [...new Set(paths)]) {
    const size = async (encoding) => {
      const res = await fetch(`${url}${path}`, { headers: { 'accept-encoding': encoding } });
      return {
        bytes: (await res.arrayBuffer()).byteLength,
        encoding: res.headers.get('content-encoding') ?? '-',
      };
    };
    // fetch() decodes the body: ask for the raw length through content-length instead.
    const head = async (encoding) => {
      const res = await fetch(`${url}${path}`, { headers: { 'accept-encoding': encoding } });
      await res.arrayBuffer();
      return Number(res.headers.get('content-length'));
    };
    const plain = await size('identity');
    rows.push({ path, plain: plain.bytes, br: await head('br'), gzip: await head('gzip') });
  }
  return rows;
}

const REPORT =
  'Сегодня в 7 утра рабочие ремонтно-механического цеха остановили работу и собрались у проходной. ' +
  'Требуют выплатить долги по зарплате за два месяца и вернуть прежние тарифы. Человек 150, ' +
  'подходят ещё со второй смены. Полиция стоит у ворот, никого не задерживали.';

export async function run(argv) {
  const { values } = parseArgs({ args: argv, options: { runs: { type: 'string', default: '5' } } });
  const runs = Number(values.runs);
  const launchBrowser = await loadLaunchBrowser();
  const desk = await startDesk();
  const browser = await launchBrowser();
  try {
    console.log(
      `link: Chromium network emulation, ${LINK.latency} ms latency, ${LINK.kbit} kbit/s down and up; ` +
        `node pow_difficulty ${desk.difficulty}; ${runs} first visits, each in a fresh profile; ` +
        `load average ${loadavg()[0].toFixed(1)} (the work is CPU-bound: other load slows it)\n`,
    );
    const results = [];
    for (let i = 0; i < runs; i++) {
      const r = await visit(browser, desk.url, `${REPORT} (${i + 1})`);
      results.push(r);
      console.log(
        `visit ${i + 1}: page ready ${secs(r.ready)}, Send tapped ${secs(r.clicked)}, sealed and mined ${secs(r.sealed)}, node's OK ${secs(r.ok)}, shown delivered ${secs(r.delivered)}`,
      );
    }

    const first = results[0].requests;
    const served = await servedSizes(desk.url, first);
    console.log(
      `\n${'first load: file'.padEnd(44)} ${'plain'.padStart(7)} ${'br'.padStart(7)} ${'gzip'.padStart(7)}`,
    );
    const sum = { plain: 0, br: 0, gzip: 0 };
    for (const r of served) {
      console.log(
        `${r.path.padEnd(44)} ${fmt(r.plain).padStart(7)} ${fmt(r.br).padStart(7)} ${fmt(r.gzip).padStart(7)}`,
      );
      for (const k of Object.keys(sum)) sum[k] += r[k];
    }
    console.log(
      `${'total'.padEnd(44)} ${fmt(sum.plain).padStart(7)} ${fmt(sum.br).padStart(7)} ${fmt(sum.gzip).padStart(7)}`,
    );
    const wire = first.reduce((n, r) => n + (r.wire ?? 0), 0);
    const encodings = [...new Set(first.filter((r) => r.url.startsWith('/assets/')).map((r) => r.encoding))];
    console.log(
      `\nthe page's own requests in Chromium (CDP, first visit): ${first.length}, ${fmt(wire)} bytes on the wire ` +
        `with headers and API calls (Chromium asked for ${encodings.join(', ')})`,
    );
    const oks = results.map((r) => r.ok);
    console.log(`load average at the end: ${loadavg()[0].toFixed(1)}`);
    console.log(
      `\nfirst load, every asset compressed as served (br): ${fmt(sum.br)} bytes; gzip ${fmt(sum.gzip)} — target ≤ ${fmt(TARGET_BYTES)}: ${sum.br <= TARGET_BYTES && sum.gzip <= TARGET_BYTES ? 'met' : 'MISSED'}`,
    );
    console.log(
      `open the page → node's OK at difficulty ${desk.difficulty}: median ${secs(median(oks))}, worst ${secs(Math.max(...oks))} of ${runs} — target ≤ ${secs(TARGET_MS)}: ${Math.max(...oks) <= TARGET_MS ? 'met' : median(oks) <= TARGET_MS ? 'met by the median, not by the worst' : 'MISSED'}`,
    );
  } finally {
    await browser.close();
    await desk.close();
  }
}
