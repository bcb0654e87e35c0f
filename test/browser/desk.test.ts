import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/desk/accounts.js';
import { launchBrowser, TEST_OUTPUT } from '../support/browser.js';
import { startTestNode, type TestNode } from '../support/node.js';

let t: TestNode;
let browser: Browser;

beforeAll(async () => {
  t = await startTestNode();
  await createAccount(t.node.db, {
    username: 'aigul',
    password: 'one-time-pass-123',
    role: 'editor',
    mustChangePassword: true,
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the desk in a browser', () => {
  it('signs in with a one-time password, forces a new one, shows the node, switches language, signs out', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    // Script errors and CSP violations; 401s before sign-in are expected answers, not faults.
    const violations: string[] = [];
    page.on('pageerror', (err) => violations.push(err.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('status of 401')) violations.push(m.text());
    });
    await page.goto(`${t.url}/desk`);
    await page.getByRole('button', { name: 'English' }).click();

    await page.getByLabel('User name').fill('aigul');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The password check is slow on purpose (argon2id); give it time on a loaded machine.
    await expect.poll(() => page.locator('#signin-error').textContent(), { timeout: 15_000 }).not.toBe('');

    await page.getByLabel('Password').fill('one-time-pass-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Choose your own password' }).waitFor();
    await page.getByLabel('New password', { exact: true }).fill('steppe wind over karaganda');
    await page.getByLabel('New password again').fill('steppe wind over karaganda');
    await page.getByRole('button', { name: 'Save password' }).click();

    await page.getByRole('heading', { name: 'Node' }).waitFor();
    await expect.poll(() => page.getByText(/npub1/).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: join(TEST_OUTPUT, 'desk.png'), fullPage: true });

    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { name: 'Журнал действий' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');

    await page.getByRole('button', { name: 'Выйти' }).first().click();
    await page.getByRole('heading', { name: /Вход/ }).waitFor();
    expect(violations).toEqual([]);

    // The new password works and the one-time one does not.
    const res = await fetch(`${t.url}/api/v1/desk/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'aigul', password: 'steppe wind over karaganda' }),
    });
    expect(res.status).toBe(200);
    await context.close();
  });

  it('serves the public page and the report page in three languages under the strict CSP', async () => {
    const context = await browser.newContext({ locale: 'kk-KZ' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${t.url}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('kk');
    await page.goto(`${t.url}/report`);
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(errors).toEqual([]);
    await context.close();
  });
});
