import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicProgram } from '../../src/program/queries.js';
import { DEFAULT_WEB_ROOT } from '../../src/server/app.js';
import { programOn } from '../../src/server/routes/program.js';
import { writeMirror } from '../../src/situation/mirror.js';
import { launchBrowser } from '../support/browser.js';
import {
  buildDeskCodedEvent,
  deskHeaders,
  postJson,
  startTestNode,
  type TestNode,
  tempDir,
} from '../support/node.js';

/*
 * The public /program page in Chromium against a real desk node: a published plank with its
 * support in Russian, Kazakh and English, a demand with 2 events shown as "fewer than 3" (the
 * desk's API still says 2), and a print layout that fits one A4 page; the same in a static
 * mirror, opened from its files and linked from the mirror's situation page.
 */

let t: TestNode;
let browser: Browser;

beforeAll(async () => {
  t = await startTestNode();
  const events = [];
  for (let i = 1; i <= 4; i++)
    events.push(
      buildDeskCodedEvent(t.deskKey!, { id: `evt-w-${i}`, date: `2022-01-0${i}`, demands: ['wages'] }),
    );
  for (let i = 1; i <= 2; i++)
    events.push(
      buildDeskCodedEvent(t.deskKey!, { id: `evt-u-${i}`, date: `2022-01-0${i}`, demands: ['union_rights'] }),
    );
  expect((await t.node.ingest.submit(events)).every((a) => a.ok)).toBe(true);
  const admin = await deskHeaders(t);
  const url = `${t.url}/api/v1/desk/program`;
  const made = await postJson(
    `${url}/planks`,
    { text: { ru: 'Поднять зарплату', kk: 'Жалақыны көтеру', en: 'Raise wages' }, demands: ['wages'] },
    admin,
  );
  let version = made.body.version as string;
  for (const status of ['put_to_vote', 'adopted']) {
    const moved = await postJson(`${url}/planks/${made.body.id}/status`, { prev: [version], status }, admin);
    version = moved.body.version;
  }
  expect((await postJson(`${url}/publish`, {}, admin)).status).toBe(201);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('/program', () => {
  for (const [locale, plank, withheld] of [
    ['ru-RU', 'Поднять зарплату', 'меньше 3'],
    ['kk-KZ', 'Жалақыны көтеру', '3 санынан аз'],
    ['en-US', 'Raise wages', 'fewer than 3'],
  ] as const) {
    it(`shows the program and withholds a count of 2 (${locale})`, async () => {
      const context = await browser.newContext({ locale, viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      await page.goto(`${t.url}/program`);
      await page.locator('.planks li').first().waitFor();
      expect(await page.locator('.planks li strong').first().textContent()).toBe(plank);
      const union = page.locator('tr[data-key="union_rights"]');
      expect(await union.locator('td').nth(1).textContent()).toBe(withheld);
      expect(await page.locator('tr[data-key="wages"] td').nth(1).textContent()).toBe('4');
      expect(await page.locator('html').getAttribute('lang')).toBe(locale.slice(0, 2));
      // The inventory scrolls in its own box: the page itself is no wider than the phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await context.close();
    });
  }

  it("shows the program's support on the situation page", async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${t.url}/`);
    const top = page.locator('.program-top li').first();
    await top.waitFor();
    expect(await top.getAttribute('data-key')).toBe('wages');
    expect(await top.textContent()).toContain('4 events');
    expect(await page.locator('.program-share tr[data-month="2022-01"]').count()).toBe(1);
    expect(await page.locator('.program-endorsed').textContent()).toContain('endorsed the program: 0');
    await context.close();
  });

  it('prints on one A4 page', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${t.url}/program`);
    await page.locator('.planks li').first().waitFor();
    const pdf = await page.pdf({ format: 'A4' });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages).toHaveLength(1);
    await context.close();
  });
});

/** A static server as hosting does it, with the types a browser needs to run module scripts. */
async function serveStatic(dir: string): Promise<{ base: string; close: () => Promise<void> }> {
  const TYPES: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.json': 'application/json',
  };
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(dir, path));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('/program in the static mirror', () => {
  const out = tempDir('tilshi-mirror-browser-');
  beforeAll(() => {
    writeMirror(t.node, out.dir, { webRoot: DEFAULT_WEB_ROOT, program: publicProgram(programOn(t.node)) });
  });
  afterAll(() => out.remove());

  for (const [lang, plank, withheld] of [
    ['ru', 'Поднять зарплату', 'меньше 3'],
    ['kk', 'Жалақыны көтеру', '3 санынан аз'],
    ['en', 'Raise wages', 'fewer than 3'],
  ] as const) {
    it(`opens from the files in ${lang} and prints on one A4 page`, async () => {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      await page.goto(pathToFileURL(join(out.dir, 'program', `${lang}.html`)).href);
      expect(await page.locator('.planks li strong').first().textContent()).toBe(plank);
      expect(await page.locator('tr[data-key="union_rights"] td').nth(1).textContent()).toBe(withheld);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).toHaveLength(1);
      await context.close();
    });
  }

  it("is linked from the mirror's situation page, which reads the program from the mirror", async () => {
    const served = await serveStatic(out.dir);
    const context = await browser.newContext({ locale: 'kk-KZ' });
    try {
      const page = await context.newPage();
      await page.goto(served.base);
      const top = page.locator('.program-top li').first();
      await top.waitFor();
      expect(await top.getAttribute('data-key')).toBe('wages');
      const open = page.locator('#program-open');
      expect(await open.getAttribute('href')).toBe('program/kk.html');
      await open.click();
      await page.getByRole('heading', { level: 1, name: 'Ортақ бағдарлама' }).waitFor();
      await page.getByRole('link', { name: 'English' }).click();
      await page.getByRole('heading', { level: 1, name: 'Common program' }).waitFor();
    } finally {
      await context.close();
      await served.close();
    }
  });
});
