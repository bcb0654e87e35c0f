import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NostrEvent } from '../../src/core/event.js';
import { Kind } from '../../src/core/kinds.js';
import { openWrap } from '../../src/crypto/seal.js';
import { launchBrowser, signInToDesk } from '../support/browser.js';
import { deskHeaders, postJson, startTestNode, TEST_ADMIN_PASSWORD, type TestNode } from '../support/node.js';
import { deskAccount, organizeClient } from '../support/organize.js';

// Issue 12's check: a join request sent from a phone viewport (360×740) while offline is
// delivered when the phone is back online, triaged by the desk and turned into a person; the
// desk's reply reaches the page.

let t: TestNode;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const faults: string[] = [];

beforeAll(async () => {
  t = await startTestNode();
  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 740 } });
  page = await context.newPage();
  page.on('pageerror', (err) => faults.push(err.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(m.text()))
      faults.push(m.text());
  });
}, 60_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

/** Wraps to the desk that the desk did not sign itself (what applicants sent). */
function storedRequests(): NostrEvent[] {
  const desk = t.deskKey!.publicKey;
  return t.node.log
    .query({ kinds: [Kind.GiftWrap], tags: { p: [desk] } }, { as: 'node' })
    .filter((e) => e.pubkey !== desk);
}

const HEADING = "Join the workers' movement";
const state = (s: string) => page.locator(`li[data-state="${s}"]`).count();

describe('the join page in a browser', () => {
  it('queues a request offline, delivers it once back online, and the desk triages it into a person', async () => {
    await page.goto(`${t.url}/join`);
    await page.getByRole('heading', { name: HEADING }).waitFor();
    // The service worker keeps the page: wait until it controls it, then lose the connection.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: HEADING }).waitFor();

    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('#j-error').textContent()).toBe('Write what we should call you.');
    await page.getByLabel('What should we call you?').fill('Crane operator K — phrase-j41');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(() => page.locator('#j-error').textContent())
      .toBe('Name your enterprise or your town.');
    await page.getByLabel('Enterprise').fill('Temirtau steel plant');
    await page.getByLabel('Start a collective where there is none').check();
    await page.getByLabel('How can an organizer reach you?').fill('@crane_k');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => state('queued'), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/No connection/);
    expect(storedRequests()).toHaveLength(0);

    await context.setOffline(false);
    await expect.poll(() => state('delivered'), { timeout: 30_000 }).toBe(1);
    const [wrap] = storedRequests();
    expect(storedRequests()).toHaveLength(1);
    expect(wrap!.content).not.toContain('phrase-j41');
    const rumor = openWrap(wrap!, t.deskKey!.secretKey).rumor;
    expect(rumor.kind).toBe(Kind.JoinRequest);
    expect(JSON.parse(rumor.content)).toMatchObject({
      pseudonym: 'Crane operator K — phrase-j41',
      enterprise: 'Temirtau steel plant',
      want: 'start',
      contact: '@crane_k',
      lang: 'en',
    });
    expect(t.logs.join('')).not.toContain('phrase-j41');

    // The desk: list it, vouch, assign to an organizer, who turns it into a person.
    await t.node.desk!.settled();
    const admin = await deskHeaders(t);
    const dana = await deskAccount(t, 'dana', 'organizer');
    const collective = (
      await organizeClient(t, dana).post('', {
        name: 'Steel plant',
        units: [{ name: 'Crane shop', size: 25 }],
      })
    ).body.id as string;
    const list = await fetch(`${t.url}/api/v1/desk/joins?status=new`, { headers: admin });
    const [join] = ((await list.json()) as { joins: { id: string; want: string }[] }).joins;
    expect(join).toMatchObject({ id: rumor.id, want: 'start' });
    const base = `${t.url}/api/v1/desk/joins/${rumor.id}`;
    expect((await postJson(`${base}/status`, { status: 'vouched' }, admin)).status).toBe(200);
    const assigned = await postJson(
      `${base}/status`,
      { status: 'assigned', organizer: 'dana', collective },
      admin,
    );
    expect(assigned.body).toMatchObject({ status: 'assigned', organizer: 'dana' });
    const made = await postJson(`${base}/to-person`, { unit: 'Crane shop', copy_contact: true }, dana);
    expect(made.status).toBe(201);
    expect(made.body.join.status).toBe('joined');
    const people = (await organizeClient(t, dana).get(`/${collective}`)).body.people;
    expect(people).toEqual([
      expect.objectContaining({ pseudonym: 'Crane operator K — phrase-j41', contact: '@crane_k' }),
    ]);

    // The desk's reply reaches the page (fetched when the page starts).
    expect((await postJson(`${base}/reply`, { text: 'Welcome — reply-j7' }, admin)).status).toBe(201);
    await page.reload();
    await page.locator('li.reply', { hasText: 'reply-j7' }).waitFor({ timeout: 20_000 });
    expect(storedRequests()).toHaveLength(1);
    expect(faults).toEqual([]);
  });

  it('speaks Russian and Kazakh', async () => {
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { name: 'Вступить в рабочее движение' }).waitFor();
    await page.getByRole('button', { name: 'Қазақша' }).click();
    await page.getByRole('heading', { name: 'Жұмысшы қозғалысына қосылу' }).waitFor();
  });

  it('shows the request in the desk’s Join requests view on a phone, no wider than the screen', async () => {
    const desk = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 740 } });
    try {
      const p = await desk.newPage();
      const problems: string[] = [];
      p.on('pageerror', (err) => problems.push(err.message));
      await signInToDesk(p, t.url, 'admin', TEST_ADMIN_PASSWORD);
      await p.goto(`${t.url}/desk#/organize/joins`);
      await p.getByRole('heading', { name: 'Join requests' }).waitFor({ timeout: 20_000 });
      await p.getByLabel('Show').selectOption('joined');
      const item = p.locator('li[data-status="joined"]', { hasText: 'Crane operator K' });
      await item.waitFor();
      expect(await item.textContent()).toContain('Wants to start a collective');
      // Keyboard: the reply box is reachable and its button sends with Enter.
      await item.getByLabel('Reply to the person').focus();
      await p.keyboard.type('See you at the gate — reply-j8');
      await p.keyboard.press('Tab');
      await p.keyboard.press('Enter');
      await expect.poll(() => p.locator('#desk-announce').textContent()).toContain('Reply sent');
      expect(
        await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      ).toBeLessThanOrEqual(0);
      expect(problems).toEqual([]);
    } finally {
      await desk.close();
    }
  });
});
