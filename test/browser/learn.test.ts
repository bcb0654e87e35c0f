import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoMaterials } from '../../src/cli/demo-materials.js';
import { launchBrowser } from '../support/browser.js';
import { deskHeaders, postJson, startTestNode, type TestNode } from '../support/node.js';

let t: TestNode;
let browser: Browser;

beforeAll(async () => {
  t = await startTestNode();
  await seedDemoMaterials(t.node);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function pageIn(locale: string) {
  const context = await browser.newContext({ locale, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const faults: string[] = [];
  page.on('pageerror', (err) => faults.push(err.message));
  page.on('console', (m) => {
    if (
      m.type() === 'error' &&
      !/ERR_INTERNET_DISCONNECTED|ERR_FAILED|Failed to fetch|status of 404/.test(m.text())
    )
      faults.push(m.text());
  });
  return { context, page, faults };
}

describe('/learn in a browser', () => {
  it('shows the materials by topic in the page language: ru, kk, en', async () => {
    const expected = {
      'ru-RU': {
        heading: 'Материалы',
        topic: 'Безопасность',
        title: 'Демо: Как безопасно отправить сообщение',
        also: 'Қазақша',
      },
      'kk-KZ': {
        heading: 'Материалдар',
        topic: 'Ұйымдастыру',
        title: 'Демо: Бастамашыл топты қалай құруға болады',
        also: 'English',
      },
      'en-US': {
        heading: 'Materials',
        topic: 'Safety',
        title: 'Demo: How to send a report safely',
        also: 'Русский',
      },
    };
    for (const [locale, words] of Object.entries(expected)) {
      const { context, page, faults } = await pageIn(locale);
      await page.goto(`${t.url}/learn`);
      await page.getByRole('heading', { level: 1, name: words.heading }).waitFor();
      await page.getByRole('heading', { level: 2, name: words.topic }).waitFor();
      await page.getByRole('link', { name: words.title }).waitFor();
      // Only this language's materials are listed; the others are offered as "also in".
      expect(await page.locator('.material-link').count()).toBe(2);
      expect(await page.getByRole('link', { name: words.also }).count()).toBe(2);
      expect(faults).toEqual([]);
      await context.close();
    }
  }, 90_000);

  it('shows a material published from the desk, with its QR code and a print layout without navigation', async () => {
    const admin = await deskHeaders(t);
    const res = await postJson(
      `${t.url}/api/v1/desk/materials`,
      {
        material: {
          id: 'strike-rights-en',
          title: 'Your right to strike',
          lang: 'en',
          topics: ['rights'],
          markdown: '## Before a strike\n\nTalk to **everyone** on the shift.',
        },
      },
      admin,
    );
    expect(res.status).toBe(201);
    const { context, page, faults } = await pageIn('en-US');
    await page.goto(`${t.url}/learn`);
    await page.getByRole('heading', { level: 2, name: 'Rights' }).waitFor();
    await page.getByRole('link', { name: 'Your right to strike' }).click();
    await page.waitForURL(/\/learn\/strike-rights-en$/);
    await page.getByRole('heading', { level: 1, name: 'Your right to strike' }).waitFor();
    expect(await page.locator('.material-body strong').textContent()).toBe('everyone');

    const share = page.getByRole('button', { name: 'Share as a QR code' });
    await share.click();
    await expect.poll(() => page.locator('#learn-share').isVisible()).toBe(true);
    expect(await page.locator('#learn-share .url').textContent()).toBe(`${t.url}/learn/strike-rights-en`);
    expect(await page.locator('#learn-share svg path').getAttribute('d')).toMatch(/^M\d/);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.locator('.actions').isVisible()).toBe(false);
    expect(await page.locator('.print-qr svg').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    // One short material: one A4 page.
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
    expect(faults).toEqual([]);
    await context.close();
  }, 60_000);

  it('keeps /learn and its materials readable offline after one visit', async () => {
    const { context, page, faults } = await pageIn('en-US');
    await page.goto(`${t.url}/learn`);
    await page.getByRole('link', { name: 'Demo: How to start an initiative group' }).waitFor();
    await expect
      .poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 15_000 })
      .toBe(true);
    // The page fetched the list and each listed material through the worker, which keeps them.
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            const cache = await caches.open('tilshi-learn-data');
            return (await cache.keys()).map((r) => new URL(r.url).pathname + new URL(r.url).search);
          }),
        { timeout: 15_000 },
      )
      .toEqual(
        expect.arrayContaining([
          '/api/v1/materials?lang=en',
          '/api/v1/materials/demo-material-initiative-group-en',
          '/api/v1/materials/demo-material-safe-report-en',
        ]),
      );

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Materials' }).waitFor();
    await page.getByRole('link', { name: 'Demo: How to start an initiative group' }).click();
    await page.getByRole('heading', { level: 1, name: 'Demo: How to start an initiative group' }).waitFor();
    expect(await page.locator('.material-body').textContent()).toContain('Start with one-on-one talks');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Demo: How to start an initiative group' }).waitFor();
    // A material never opened nor listed here says so, instead of a blank page.
    await page.goto(`${t.url}/learn/strike-rights-ru`).catch(() => undefined);
    await page.getByText('No connection, and this material was not saved on this device').waitFor();
    await context.setOffline(false);
    expect(faults).toEqual([]);
    await context.close();
  }, 60_000);
});
