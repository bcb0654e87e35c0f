import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/desk/accounts.js';
import { launchBrowser, signInToDesk, TEST_OUTPUT } from '../support/browser.js';
import { deskHeaders, startTestNode, type TestNode } from '../support/node.js';

let t: TestNode;
let browser: Browser;
const PASSWORD = 'a long password for organizers';

beforeAll(async () => {
  t = await startTestNode();
  for (const username of ['asel', 'bolat']) {
    await createAccount(t.node.db, { username, password: PASSWORD, role: 'organizer' });
  }
  await createAccount(t.node.db, { username: 'viewer1', password: PASSWORD, role: 'viewer' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Units, sizes and the levels their people are assessed at (20 people). */
const UNITS = [
  { name: 'Drivers', size: 8, levels: [1, 2, 2, 2, 2, 3, 4, 5] },
  { name: 'Repair shop', size: 7, levels: [1, 3, 3, 3, 4, 4, 5] },
  { name: 'Office', size: 10, levels: [2, 2, 3, 3, 3] },
];

async function signIn(username: string) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  // Failed requests are judged by their answers below; the console only repeats them.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (401|403)/.test(m.text())) problems.push(m.text());
  });
  page.on('response', (r) => {
    // 401 before sign-in; the overview's audit log is an admin's (403 for the others).
    const expected = r.status() === 401 || (r.status() === 403 && r.url().includes('/api/v1/desk/audit'));
    if (r.status() >= 400 && !expected) problems.push(`${r.status()} ${r.url()}`);
  });
  await signInToDesk(page, t.url, username, PASSWORD);
  return { context, page, problems };
}

/** The card of the person named `name` on the wall chart. */
const card = (page: Page, name: string) =>
  page.locator('#wall-chart .org-card[data-person]', {
    has: page.locator('.org-name', { hasText: new RegExp(`^${name}$`) }),
  });

/** The page is no wider than the phone: the wall chart scrolls inside itself. */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('Organize in the desk, on a phone', () => {
  let collective = '';

  it('an organizer creates a collective, adds and assesses 20 people, logs a one-on-one, tallies a test', async () => {
    const { context, page, problems } = await signIn('asel');
    const chunks: string[] = [];
    page.on('request', (r) => {
      if (/\/assets\/desk-organize-[A-Z0-9]+\.js$/.test(r.url())) chunks.push(r.url());
    });
    await page.getByRole('link', { name: 'Organize' }).click();
    await page.getByRole('heading', { name: 'Collectives' }).waitFor();
    // The Organize views came in a chunk of their own, fetched when the tab opened.
    expect(chunks.length).toBe(1);

    await page.getByLabel('Name', { exact: true }).fill('Bus depot No 2');
    await page.getByLabel('Enterprise').fill('Aktau bus depot');
    await page.getByLabel('Settlement').fill('Aktau');
    for (const [i, unit] of UNITS.entries()) {
      if (i > 0) await page.getByRole('button', { name: 'Add a unit' }).click();
      await page.getByLabel(`Unit ${i + 1}`, { exact: true }).fill(unit.name);
      await page.getByLabel(`People in unit ${i + 1}`).fill(String(unit.size));
    }
    await page.getByRole('button', { name: 'Create the collective' }).click();
    await page.getByRole('heading', { name: 'Bus depot No 2' }).waitFor();
    collective = decodeURIComponent(new URL(page.url()).hash.replace('#/organize/', ''));
    expect(collective).not.toBe('');

    let n = 0;
    for (const unit of UNITS) {
      for (const _ of unit.levels) {
        n++;
        await page.getByLabel('Pseudonym').fill(`Worker ${n}`);
        await page.locator('#person-unit').selectOption({ label: unit.name });
        await page.getByRole('button', { name: 'Add', exact: true }).click();
        await card(page, `Worker ${n}`).waitFor();
      }
    }
    expect(await page.locator('#wall-chart .org-card[data-person]').count()).toBe(20);

    n = 0;
    for (const unit of UNITS) {
      for (const level of unit.levels) {
        n++;
        const worker = card(page, `Worker ${n}`);
        await worker.click();
        await page.getByRole('heading', { name: `Worker ${n}`, exact: true }).waitFor();
        await page.locator(`#assess-form input[value="${level}"]`).check();
        await page.getByRole('button', { name: 'Save the assessment' }).click();
        await expect.poll(() => worker.getAttribute('class')).toContain(`level-${level}`);
      }
    }

    // Coverage per unit: Drivers all assessed, 5 of 8 at 1–2: a majority; the others not.
    const column = (name: string) =>
      page.locator('.org-column', { has: page.getByRole('heading', { name }) });
    expect(await column('Drivers').locator('[data-share="assessed"]').textContent()).toBe('100%');
    expect(await column('Drivers').locator('[data-share="ones-and-twos"]').textContent()).toBe('63%');
    expect(await column('Drivers').locator('[data-majority]').getAttribute('data-majority')).toBe('true');
    expect(await column('Repair shop').locator('[data-majority]').getAttribute('data-majority')).toBe(
      'false',
    );
    expect(await column('Office').locator('[data-share="assessed"]').textContent()).toBe('50%');
    await page.screenshot({ path: join(TEST_OUTPUT, 'organize-wall-chart.png'), fullPage: true });

    // A one-on-one right after the talk, to follow up today: it shows among the follow-ups due.
    await card(page, 'Worker 6').click();
    await page.getByLabel('Issues raised').fill('Overtime is not paid');
    await page.getByLabel('Commitment').fill('Brings two drivers of the night shift');
    await page.getByRole('button', { name: 'Today', exact: true }).click();
    await page.locator('#talk-form input[value="2"]').check();
    await page.getByRole('button', { name: 'Save the one-on-one' }).click();
    await expect.poll(() => page.locator('#follow-ups').textContent()).toContain('Worker 6');
    expect(await page.locator('#follow-ups-heading').textContent()).toBe('Follow-ups due (1)');
    // The level given in the talk is the person's latest assessment now.
    await expect.poll(() => card(page, 'Worker 6').getAttribute('class')).toContain('level-2');

    // A petition: 6 of 8 drivers signed (75%, over the 50% target), 2 of 7 in repair, 3 of 10 in the office.
    await page.getByLabel('Target share, %').fill('50');
    // Units got the ids u1, u2, u3 in the order given.
    await page.locator('#tally-u1').fill('6');
    await page.locator('#tally-u2').fill('2');
    await page.locator('#tally-u3').fill('3');
    await page.getByRole('button', { name: 'Save the tally' }).click();
    const row = (name: string) =>
      page.locator('.org-test tbody tr', { has: page.getByRole('rowheader', { name }) });
    await row('Drivers').waitFor();
    expect(await row('Drivers').locator('[data-reached]').textContent()).toBe('75% reached');
    expect(await row('Office').locator('[data-reached]').textContent()).toBe('30% short of target');

    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(TEST_OUTPUT, 'organize-collective.png'), fullPage: true });

    // Back to the list: the collective under its stage, with its last activity.
    await page.getByRole('link', { name: 'All collectives' }).click();
    await page.getByRole('heading', { name: 'Contact (1)' }).waitFor();
    expect(await page.locator(`[data-collective="${collective}"] time`).count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  }, 240_000);

  it('organizer B gets 403 for A’s collective through the API, and does not see it listed', async () => {
    const b = await deskHeaders(t, 'bolat', PASSWORD);
    const res = await fetch(`${t.url}/api/v1/desk/collectives/${encodeURIComponent(collective)}`, {
      headers: b,
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden_collective');
    const list = (await (await fetch(`${t.url}/api/v1/desk/collectives`, { headers: b })).json()) as {
      collectives: unknown[];
    };
    expect(list.collectives).toEqual([]);
  });

  it('a viewer gets no Organize tab', async () => {
    const { context, page, problems } = await signIn('viewer1');
    expect(await page.locator('#nav-inbox').count()).toBe(1);
    expect(await page.locator('#nav-organize').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
