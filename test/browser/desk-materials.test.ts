import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/desk/accounts.js';
import { listAudit } from '../../src/desk/audit.js';
import { launchBrowser, signInToDesk } from '../support/browser.js';
import { startTestNode, type TestNode } from '../support/node.js';

let t: TestNode;
let browser: Browser;
const PASSWORD = 'a long password for materials';

beforeAll(async () => {
  t = await startTestNode();
  await createAccount(t.node.db, { username: 'dana', password: PASSWORD, role: 'organizer' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('Materials in the desk', () => {
  it('an organizer writes a material with a live preview, publishes it, adds a translation; /learn shows both', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of (401|403)/.test(m.text())) problems.push(m.text());
    });
    const chunks: string[] = [];
    page.on('request', (r) => {
      if (/\/assets\/desk-materials-[A-Z0-9]+\.js$/.test(r.url())) chunks.push(r.url());
    });
    await signInToDesk(page, t.url, 'dana', PASSWORD);
    expect(chunks).toEqual([]);

    await page.getByRole('link', { name: 'Materials', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Materials' }).waitFor();
    // The views came in a chunk of their own, fetched when the tab opened (the request event
    // reaches the test a moment after the tab's heading shows).
    await expect.poll(() => chunks.length).toBe(1);
    await page.getByRole('link', { name: 'New material' }).click();
    await page.getByRole('heading', { name: 'New material' }).waitFor();
    await page.getByLabel('Title').fill('Meeting safely');
    await page.getByLabel('Safety').check();
    await page.getByLabel('Text').fill('## Where to meet\n\nAway from **work**. <b>raw</b>');
    const preview = page.locator('.markdown-preview');
    await expect.poll(() => preview.locator('h2').textContent()).toBe('Where to meet');
    expect(await preview.locator('strong').textContent()).toBe('work');
    expect(await preview.locator('b').count()).toBe(0);
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published.').waitFor();
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
    expect(id).toMatch(/^material-/);

    // A translation from the list: same topics, linked to the original.
    await page.getByRole('link', { name: 'All materials' }).click();
    await page.getByRole('link', { name: 'Қазақша' }).click();
    await page.getByRole('heading', { name: 'New material' }).waitFor();
    expect(await page.getByLabel('Safety').isChecked()).toBe(true);
    expect(await page.locator('#material-lang').inputValue()).toBe('kk');
    expect(await page.getByLabel('Translation of').inputValue()).toBe(id);
    await page.getByLabel('Title').fill('Қауіпсіз кездесу');
    await page.getByLabel('Text').fill('Жұмыстан тыс жерде.');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published.').waitFor();

    const learn = await context.newPage();
    await learn.goto(`${t.url}/learn`);
    await learn.getByRole('heading', { level: 2, name: 'Safety' }).waitFor();
    await learn.getByRole('link', { name: 'Meeting safely' }).click();
    await learn.getByRole('heading', { level: 1, name: 'Meeting safely' }).waitFor();
    await learn.getByRole('link', { name: 'Қазақша' }).click();
    await learn.getByRole('heading', { level: 1, name: 'Қауіпсіз кездесу' }).waitFor();

    // Withdrawn from the desk: gone from /learn, audited under the organizer's name.
    const kk = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Withdraw' }).click();
    await page.getByText('Withdrawn: every node removes it.').waitFor();
    expect((await fetch(`${t.url}/api/v1/materials/${kk}`)).status).toBe(404);
    expect((await fetch(`${t.url}/api/v1/materials/${id}`)).status).toBe(200);
    expect(problems).toEqual([]);
    const actions = listAudit(t.node.db, 20)
      .filter((a) => a.actor === 'dana')
      .map((a) => `${a.action} ${a.target}`);
    expect(actions).toEqual(
      expect.arrayContaining([`material.publish ${id}`, `material.publish ${kk}`, `material.withdraw ${kk}`]),
    );
    await context.close();
  }, 120_000);
});
