import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/desk/accounts.js';
import { launchBrowser, signInToDesk, TEST_OUTPUT } from '../support/browser.js';
import { deskHeaders, startTestNode, type TestNode } from '../support/node.js';
import { organizeClient } from '../support/organize.js';

// The public profile in the Organize tab, on a phone: an organizer ticks what may be shown,
// sees the node's preview, publishes, and the situation page counts the collective; after a
// withdrawal it no longer does.

let t: TestNode;
let browser: Browser;
const PASSWORD = 'a long password for organizers';

beforeAll(async () => {
  t = await startTestNode();
  await createAccount(t.node.db, { username: 'asel', password: PASSWORD, role: 'organizer' });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('public profile by consent, in the desk and on the situation page', () => {
  it('ticks fields, previews, publishes, is counted, withdraws', async () => {
    const created = await organizeClient(t, await deskHeaders(t, 'asel', PASSWORD)).post('', {
      name: 'Hidden Depot Name',
      units: [{ name: 'Drivers', size: 8 }],
      settlement: 'Aktau',
      admin1: 'Mangystau Region',
      stage: 'initiative_group',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await signInToDesk(page, t.url, 'asel', PASSWORD);
    await page.goto(`${t.url}/desk#/organize/${encodeURIComponent(id)}`);
    await page.getByRole('heading', { name: 'Public profile' }).waitFor();
    await expect.poll(() => page.locator('#profile-status').textContent()).toBe('Not published.');

    // Nothing ticked: the preview shows no name, no place, no stage.
    await expect.poll(() => page.locator('#profile-preview').textContent()).toContain('"form": "collective"');
    await page.locator('#profile-field-stage').check();
    await page.locator('#profile-field-admin1').check();
    // Each tick asks the node for a preview: wait for the answer to the last one.
    await expect
      .poll(() => page.locator('#profile-preview').textContent())
      .toContain('"admin1": "Mangystau Region"');
    const preview = (await page.locator('#profile-preview').textContent()) ?? '';
    expect(preview).toContain('"stage": "initiative_group"');
    expect(preview).not.toContain('Hidden Depot Name');
    expect(preview).not.toContain('Aktau');

    await page.getByRole('button', { name: 'Publish the profile' }).click();
    await expect
      .poll(() => page.locator('#profile-status').textContent())
      .toBe('Published: the situation page counts it.');
    await page.screenshot({ path: join(TEST_OUTPUT, 'organize-profile.png'), fullPage: true });

    // The situation page counts it, by stage, in its region.
    const situation = await context.newPage();
    await situation.goto(`${t.url}/`);
    const table = situation.locator('#collectives-table');
    await table.waitFor();
    const row = table.locator('tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.locator('th').textContent()).toMatch(/Mangystau/);
    expect(await table.locator('thead th').allTextContents()).toEqual([
      'Region',
      'Initiative group',
      'Total',
    ]);
    expect(await row.locator('td').allTextContents()).toEqual(['1', '1']);

    // Withdrawn: the situation page no longer counts it.
    await page.getByRole('button', { name: 'Withdraw the profile' }).click();
    await expect.poll(() => page.locator('#profile-status').textContent()).toBe('Not published.');
    // A new visitor (the answer is public and caches may keep it 30 seconds).
    const fresh = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 740 } });
    const later = await fresh.newPage();
    await later.goto(`${t.url}/`);
    await later.getByText('No collective has published a profile yet.').waitFor();
    expect(await later.locator('#collectives-table').count()).toBe(0);
    await fresh.close();
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);
});
