// The desk page's first load: every file the browser fetches to show the desk, compressed as
// the node serves it (brotli and gzip), measured as report-page.mjs measures /report. The
// visit signs in and opens the inbox, the event form and the Transfer panel, so that any
// file a view would fetch later is counted; the QR libraries (fetched only when a QR code is
// shown or read) are listed apart. Chromium through test/support/browser.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initDeskNode, openDeskNode } from '../dist/desk/desk-node.js';
import { buildServer } from '../dist/server/app.js';
import { loadLaunchBrowser, servedSizes } from './report-page.mjs';

const TARGET_BYTES = 60 * 1024;
const PASSWORD = 'bench admin password';
const fmt = (n) => n.toLocaleString('en-US');

async function startDesk() {
  const dir = mkdtempSync(join(tmpdir(), 'tilshi-bench-desk-'));
  await initDeskNode({ dataDir: dir, desk: true, passphrase: 'bench passphrase', adminPassword: PASSWORD });
  const node = await openDeskNode({ dataDir: dir, passphrase: 'bench passphrase' });
  const app = await buildServer(node, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: `http://127.0.0.1:${app.server.address().port}`,
    async close() {
      await app.close();
      await node.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function run() {
  const launchBrowser = await loadLaunchBrowser();
  const desk = await startDesk();
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push({ url: new URL(r.url()).pathname }));
    await page.goto(`${desk.url}/desk`);
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill(PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.locator('#nav-inbox').waitFor({ timeout: 30_000 });
    for (const hash of ['#/inbox', '#/event/new', '#/transfer']) {
      await page.goto(`${desk.url}/desk${hash}`);
      await page.locator('h1').first().waitFor();
    }
    await context.close();

    const assets = requests.filter((r) => r.url.startsWith('/assets/'));
    const rows = await servedSizes(desk.url, assets, '/desk');
    console.log(
      `${'first load: file'.padEnd(44)} ${'plain'.padStart(8)} ${'br'.padStart(7)} ${'gzip'.padStart(7)}`,
    );
    const sum = { plain: 0, br: 0, gzip: 0 };
    for (const r of rows) {
      console.log(
        `${r.path.padEnd(44)} ${fmt(r.plain).padStart(8)} ${fmt(r.br).padStart(7)} ${fmt(r.gzip).padStart(7)}`,
      );
      for (const k of Object.keys(sum)) sum[k] += r[k];
    }
    console.log(
      `${'total'.padEnd(44)} ${fmt(sum.plain).padStart(8)} ${fmt(sum.br).padStart(7)} ${fmt(sum.gzip).padStart(7)}`,
    );
    const lazy = rows.filter((r) => /transfer-qr/.test(r.path));
    if (lazy.length > 0) console.log('(a QR chunk was fetched: the visit should not have loaded it)');
    console.log(
      `\nfirst load of /desk, every asset compressed as served: brotli ${fmt(sum.br)} bytes, gzip ${fmt(sum.gzip)} — target ≤ ${fmt(TARGET_BYTES)}: ${sum.br <= TARGET_BYTES && sum.gzip <= TARGET_BYTES ? 'met' : 'MISSED'}`,
    );
  } finally {
    await browser.close();
    await desk.close();
  }
}
