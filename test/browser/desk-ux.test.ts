// What editors and admins see at the desk, in a browser: accounts made and disabled from their
// screen, merging by picking a cluster, attaching by search, publishing the computed brief, the
// settlement filter in Cyrillic, keyboard triage with focus that never falls to the page's body,
// the audit log in Russian, and no serious accessibility violation in the inbox.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NostrEvent } from '../../src/core/event.js';
import { buildCodedEventContent } from '../../src/core/test-factories.js';
import { generateKeyPair } from '../../src/crypto/keys.js';
import { listAccounts } from '../../src/desk/accounts.js';
import { publishEvent } from '../../src/desk/events.js';
import { seriousAxeViolations } from '../support/axe.js';
import { launchBrowser, TEST_OUTPUT } from '../support/browser.js';
import { buildWrap, postJson, startTestNode, TEST_ADMIN_PASSWORD, type TestNode } from '../support/node.js';

let t: TestNode;
let browser: Browser;

const ZHANAOZEN = [
  'Жанаозен, 3 января: около 500 рабочих Озенмунайгаз вышли на площадь, требуют снизить цену на газ',
  'Жаңаөзенде Өзенмұнайгаз жұмысшылары алаңға шықты, газ бағасын түсіруді талап етеді',
];
const AKTAU = 'Актау: водители автобусов остановили работу, требуют выплатить зарплату';
const GREETING = 'Здравствуйте! Как отправить фото?';

/** Today as YYYY-MM-DD (the brief's default days end today). */
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startTestNode();
  const desk = t.node.deskPubkey!;
  const res = await postJson(`${t.url}/api/v1/events`, [
    buildWrap(desk, { text: ZHANAOZEN[0], reporter: generateKeyPair() }),
    buildWrap(desk, { text: ZHANAOZEN[1], reporter: generateKeyPair() }),
    buildWrap(desk, { text: AKTAU }),
    buildWrap(desk, { text: GREETING }),
  ]);
  expect(res.body.rejected).toEqual([]);
  await t.node.desk!.settled();
  // A published event of today: what the brief sums up and what reports are attached to.
  await publishEvent(t.node, {
    content: buildCodedEventContent({ id: `evt-${today()}-zhanaozen`, date: today() }),
    actor: 'admin',
  });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

type Viewport = { width: number; height: number };

async function openDesk(locale: 'en-US' | 'ru-RU', viewport: Viewport, bypassCSP = false) {
  const context = await browser.newContext({ locale, viewport, bypassCSP });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(m.text());
  });
  await page.goto(`${t.url}/desk`);
  await page.locator('#username').fill('admin');
  await page.locator('#password').fill(TEST_ADMIN_PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.locator('#open-inbox').waitFor();
  return { context, page, problems };
}

/** The element that has the focus: its tag and id (never BODY after a navigation). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName}${el.id ? `#${el.id}` : ''}` : 'none';
  });

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(TEST_OUTPUT, `desk-ux-${name}.png`), fullPage: true });

describe('the desk, as editors and admins use it', () => {
  it('creates an account with a one-time password and disables one after a confirmation', async () => {
    const { context, page, problems } = await openDesk('en-US', { width: 1366, height: 820 });
    await page.getByRole('link', { name: 'Accounts', exact: true }).click();
    await page.getByRole('heading', { name: 'Desk accounts' }).waitFor();
    expect(await focused(page)).toBe('H1#accounts-heading');
    await page.getByLabel('User name').fill('dana');
    await page.getByLabel('Role').selectOption('organizer');
    await page.getByRole('button', { name: 'Create the account' }).click();
    const password = (await page.locator('#account-password').textContent()) ?? '';
    expect(password).toMatch(/^[\w-]{20,}$/);
    expect(await focused(page)).toBe('DIV#account-one-time');
    await page.locator('.account-item', { hasText: 'dana' }).waitFor();
    expect(listAccounts(t.node.db).find((a) => a.username === 'dana')).toMatchObject({
      role: 'organizer',
      must_change_password: true,
    });
    // The one-time password signs in.
    const signIn = await postJson(`${t.url}/api/v1/desk/session`, { username: 'dana', password });
    expect(signIn.status).toBe(200);
    await shot(page, 'accounts');

    await page.getByRole('button', { name: 'Disable dana' }).click();
    await page.getByText('Disable dana? They cannot sign in any more').waitFor();
    expect(listAccounts(t.node.db).find((a) => a.username === 'dana')?.disabled_at).toBeNull();
    await page.getByRole('button', { name: 'Yes, disable' }).click();
    await page.locator('.account-item', { hasText: 'dana' }).getByText('disabled').waitFor();
    expect(listAccounts(t.node.db).find((a) => a.username === 'dana')?.disabled_at).not.toBeNull();
    expect(await focused(page)).not.toBe('BODY');
    // The admin's own account cannot be disabled from here.
    await expect
      .poll(() => page.locator('.account-item', { hasText: 'admin' }).getByRole('button').count())
      .toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('triages from the keyboard: skip link, j/k, ?, n, e; focus never on the body', async () => {
    const { context, page, problems } = await openDesk('en-US', { width: 1366, height: 820 });
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    expect(await focused(page)).not.toBe('BODY');
    await expect.poll(() => page.locator('article.report').count()).toBe(4);

    // The first report in one Tab stop and a press of the skip link, from the heading the
    // route focused and from the top of the page.
    expect(await focused(page)).toBe('H1');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('A#skip-reports');
    await page.keyboard.press('Enter');
    const first = await page.locator('article.report').first().getAttribute('id');
    expect(await focused(page)).toBe(`ARTICLE#${first}`);
    // The page's first Tab stop is the other skip link, to the same report.
    const firstStop = await page.evaluate(
      () => document.querySelector('a[href], button, input, select, textarea, [tabindex="0"]')?.id,
    );
    expect(firstStop).toBe('skip-link');
    await page.locator('#skip-link').focus();
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe(`ARTICLE#${first}`);

    await page.keyboard.press('j');
    const second = await page.locator('article.report').nth(1).getAttribute('id');
    await expect.poll(() => focused(page)).toBe(`ARTICLE#${second}`);
    await page.keyboard.press('k');
    await expect.poll(() => focused(page)).toBe(`ARTICLE#${first}`);

    await page.keyboard.press('?');
    await page.getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
    await shot(page, 'shortcuts');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#shortcuts').count()).toBe(0);
    expect(await focused(page)).toBe('BUTTON#shortcuts-open');

    // n marks the report the keyboard is on as noise; focus stays on the list.
    const greeting = page.locator('article.report', { hasText: GREETING });
    const greetingId = (await greeting.getAttribute('id'))!;
    await greeting.locator('.report-text').click();
    expect(await focused(page)).toBe(`ARTICLE#${greetingId}`);
    await page.keyboard.press('n');
    await expect.poll(() => page.locator('article.report').count()).toBe(3);
    await expect.poll(() => focused(page)).toMatch(/^ARTICLE#report-/);

    // e on a report of Zhanaozen codes its cluster: the event form (a chunk of its own) opens
    // with its heading focused.
    const zh = (await page.locator('article.report', { hasText: 'Озенмунайгаз' }).getAttribute('id'))!;
    await page.locator(`#${zh} .report-text`).click();
    await page.keyboard.press('e');
    await page.getByRole('heading', { name: 'New event' }).waitFor();
    expect(page.url()).toContain('#/event/new?cluster=');
    await expect.poll(() => focused(page)).toBe('H1#event-heading');

    // Every section of the navigation leaves the focus on its heading.
    for (const name of ['News', 'Transfer', 'Accounts', 'Events', 'Overview']) {
      await page.getByRole('link', { name, exact: true }).click();
      await expect.poll(() => focused(page), { message: name }).toMatch(/^H1/);
    }
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('merges a cluster into one picked from a search, after a yes, landing on the merged cluster', async () => {
    const { context, page, problems } = await openDesk('en-US', { width: 1366, height: 820 });
    await page.goto(`${t.url}/desk#/inbox`);
    const aktau = page.locator('article.report', { hasText: 'Актау' });
    await aktau.getByRole('link', { name: /^Cluster \(/ }).click();
    await page.getByRole('heading', { name: /^Cluster / }).waitFor();
    const from = decodeURIComponent(new URL(page.url()).hash.replace('#/cluster/', ''));

    await page.getByLabel('Find a cluster: words of its reports or a place').fill('жанаозен');
    await page.getByRole('button', { name: 'Find clusters' }).click();
    const choice = page.locator('input[name="merge_target"]').first();
    await choice.waitFor();
    const target = (await choice.getAttribute('value'))!;
    expect(target).not.toBe(from);
    expect(await choice.locator('xpath=..').textContent()).toContain('Zhanaozen');
    await choice.check();
    await page.getByRole('button', { name: 'Merge the whole cluster there…' }).click();
    await page.getByText(/^Move all 1 reports of this cluster into the cluster/).waitFor();
    expect(page.url()).toContain(encodeURIComponent(from));
    await shot(page, 'merge-confirm');
    await page.getByRole('button', { name: 'Yes, merge' }).click();

    await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toBe(`#/cluster/${target}`);
    await page.locator('main .notice', { hasText: 'Merged: 1 reports moved into this cluster.' }).waitFor();
    await page.locator('article.report', { hasText: 'Актау' }).waitFor();
    expect(await focused(page)).not.toBe('BODY');
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('attaches a report to an event found by a search, and publishes the computed brief', async () => {
    const { context, page, problems } = await openDesk('en-US', { width: 1366, height: 820 });
    await page.goto(`${t.url}/desk#/inbox`);
    const report = page.locator('article.report', { hasText: 'Жаңаөзенде' });
    await report.getByRole('checkbox', { name: 'Select this report' }).check();
    await page.getByLabel('Find the event: place, date, type or id').fill('жанаозен');
    await page.keyboard.press('Enter');
    const eventId = `evt-${today()}-zhanaozen`;
    await page.getByRole('radio', { name: new RegExp(eventId) }).check();
    await page.getByRole('button', { name: 'Attach the selected to the event' }).click();
    await page.getByRole('link', { name: `Open the event ${eventId}` }).waitFor();
    const attached = t.node.db
      .prepare("SELECT count(*) AS n FROM proj_reports WHERE status = 'attached' AND event_id = ?")
      .get(eventId) as { n: number };
    expect(attached.n).toBe(1);

    await page.getByRole('link', { name: 'News', exact: true }).click();
    await page.getByRole('link', { name: 'Situation brief' }).click();
    await page.locator('#brief-markdown').waitFor();
    expect(await page.locator('#brief-markdown').textContent()).not.toBe('');
    await shot(page, 'brief');
    await page.getByRole('button', { name: 'Publish this brief' }).click();
    await page.locator('#brief-published').waitFor();
    expect(await focused(page)).toBe('P#brief-published');
    const res = await fetch(`${t.url}/api/v1/events?kinds=30023`);
    const articles = ((await res.json()) as { events: NostrEvent[] }).events;
    const brief = articles.find((e) => e.tags.some((tag) => tag[0] === 't' && tag[1] === 'brief'));
    expect(brief?.tags.find((tag) => tag[0] === 'd')?.[1]).toMatch(
      /^brief-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d-en$/,
    );
    await page.getByRole('link', { name: 'Open the article' }).click();
    await page.getByRole('heading', { name: 'Edit the article' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('on a phone in Russian: filters folded, a Cyrillic settlement finds Zhanaozen, the audit in Russian', async () => {
    const { context, page, problems } = await openDesk('ru-RU', { width: 360, height: 740 });
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    await page.locator('#nav-inbox').click();
    await page.locator('article.report').first().waitFor();
    // The filters fold under one line on a phone.
    expect(await page.locator('details.filters-box').getAttribute('open')).toBeNull();
    await page.locator('#filters-summary').click();
    for (const typed of ['жанаозен', 'Жанаозен', 'zhanaozen']) {
      await page.locator('#filter-settlement').fill(typed);
      await page.locator('#filter-status').selectOption('all');
      await page.locator('#filter-apply').click();
      await expect
        .poll(() => page.locator('#filters-summary').textContent(), { message: typed })
        .toContain('2');
      await expect.poll(() => page.locator('article.report').count(), { message: typed }).toBe(2);
      const texts = await page.locator('article.report .report-text').allTextContents();
      expect(
        texts.every((x) => /Жанаозен|Жаңаөзен/.test(x)),
        typed,
      ).toBe(true);
      if (typed === 'жанаозен') await shot(page, 'settlement-ru');
      await page.locator('#filters-summary').click();
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.locator('#nav-overview').click();
    await page.getByRole('heading', { name: 'Журнал действий' }).waitFor();
    const audit = await page.locator('.audit').textContent();
    expect(audit).toContain('вошёл (вошла)');
    expect(audit).toContain('создал(а) учётную запись');
    expect(audit).not.toMatch(/session\.open|account\.create|report\.mark_noise/);
    await shot(page, 'audit-ru');
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('has no serious or critical accessibility violation in the inbox (axe-core)', async () => {
    const { context, page } = await openDesk('en-US', { width: 1366, height: 820 }, true);
    await page.goto(`${t.url}/desk#/inbox`);
    await page.locator('article.report').first().waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  }, 90_000);
});
