import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodedEventContent } from '../../src/core/content.js';
import type { NostrEvent } from '../../src/core/event.js';
import { generateKeyPair } from '../../src/crypto/keys.js';
import { createAccount } from '../../src/desk/accounts.js';
import { launchBrowser, signInToDesk, TEST_OUTPUT } from '../support/browser.js';
import { buildWrap, postJson, startTestNode, type TestNode } from '../support/node.js';

let t: TestNode;
let browser: Browser;
const PASSWORD = 'a long password for the desk';

/** Reports about one strike, from three reporters (two of them from one phone), and one greeting. */
const ZHANAOZEN = [
  'Жанаозен, 3 января: около 500 рабочих Озенмунайгаз вышли на площадь, требуют снизить цену на газ',
  'В Жанаозене сотни нефтяников Озенмунайгаза бастуют на площади из-за цены на сжиженный газ',
  'Жаңаөзенде Өзенмұнайгаз жұмысшылары алаңға шықты, газ бағасын түсіруді талап етеді',
];

beforeAll(async () => {
  t = await startTestNode();
  for (const username of ['aigul', 'berik']) {
    await createAccount(t.node.db, { username, password: PASSWORD, role: 'editor' });
  }
  const desk = t.node.deskPubkey!;
  const phone = generateKeyPair();
  const wraps = [
    buildWrap(desk, { text: ZHANAOZEN[0], reporter: phone }),
    buildWrap(desk, { text: ZHANAOZEN[1], reporter: phone }),
    buildWrap(desk, { text: ZHANAOZEN[2] }),
    buildWrap(desk, { text: 'Здравствуйте! Как отправить фото?' }),
  ];
  const res = await postJson(`${t.url}/api/v1/events`, wraps);
  expect(res.body.rejected).toEqual([]);
  await t.node.desk!.settled();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function openDesk(username: string, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ locale: 'en-US', viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (m) => {
    // 401 before sign-in and the 409/400 answers the test provokes are answers, not faults.
    if (m.type() === 'error' && !/status of (401|409|400)/.test(m.text())) problems.push(m.text());
  });
  await signInToDesk(page, t.url, username, PASSWORD);
  return { context, page, problems };
}

async function publicEvents(): Promise<NostrEvent[]> {
  const res = await fetch(`${t.url}/api/v1/events?kinds=30620`);
  return ((await res.json()) as { events: NostrEvent[] }).events;
}

const contentOf = (e: NostrEvent) => JSON.parse(e.content) as CodedEventContent;

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(TEST_OUTPUT, `desk-${name}.png`), fullPage: true });
}

describe('the editorial desk in a browser', () => {
  let eventId = '';
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  it('codes a cluster: inbox, cluster with its sources, prefilled form, corrections, publish', async () => {
    const { context, page, problems } = await openDesk('aigul', { width: 1280, height: 900 });
    contexts.push(context);
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await expect.poll(() => page.locator('article.report').count()).toBe(4);

    // The greeting is noise: select it and mark it so.
    const greeting = page.locator('article.report', { hasText: 'Как отправить фото' });
    await greeting.getByRole('checkbox', { name: 'Select this report' }).check();
    await page.getByRole('button', { name: 'Mark as noise' }).click();
    await expect.poll(() => page.locator('article.report').count()).toBe(3);
    await shot(page, 'inbox');

    // Search narrows the list on the node.
    await page.getByLabel('Search the text or a codename').fill('сжиженный');
    await page.getByRole('button', { name: 'Show reports' }).click();
    await expect.poll(() => page.locator('article.report').count()).toBe(1);
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await expect.poll(() => page.locator('article.report').count()).toBe(3);

    // Bring the three reports into one cluster if the analysis did not, through the cluster view.
    const first = page.locator('article.report').first();
    await first.getByRole('link', { name: /^Cluster \(/ }).click();
    await page.getByRole('heading', { name: /^Cluster / }).waitFor();
    const cluster = decodeURIComponent(new URL(page.url()).hash.replace('#/cluster/', ''));
    const rows = t.node.db.prepare("SELECT id, cluster FROM proj_reports WHERE status = 'new'").all() as {
      id: string;
      cluster: string;
    }[];
    for (const other of new Set(rows.map((r) => r.cluster).filter((c) => c !== cluster))) {
      await page.goto(`${t.url}/desk#/cluster/${encodeURIComponent(other)}`);
      // The most recent clusters are offered at once; the one to merge into is picked, then confirmed.
      const target = page.locator(`input[name="merge_target"][value="${cluster}"]`);
      await target.check();
      await page.getByRole('button', { name: 'Merge the whole cluster there…' }).click();
      await page.getByRole('button', { name: 'Yes, merge' }).click();
      await page.locator('main .notice', { hasText: /^Merged: / }).waitFor();
    }
    await page.goto(`${t.url}/desk#/cluster/${encodeURIComponent(cluster)}`);
    await expect.poll(() => page.locator('#cluster-size').textContent()).toBe('3');
    // Two of the three reports came from one phone: two independent sources.
    expect(await page.locator('#cluster-sources').textContent()).toBe('2');
    await shot(page, 'cluster');

    await page.getByRole('link', { name: 'Code this cluster as an event' }).click();
    await page.getByRole('heading', { name: 'New event' }).waitFor();
    // Prefilled from the suggestions.
    await expect.poll(() => page.getByLabel('Settlement', { exact: true }).inputValue()).toBe('Zhanaozen');
    expect(await page.getByLabel('Event type').inputValue()).not.toBe('');
    expect(await page.getByRole('checkbox', { name: 'Fuel prices' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Verification').inputValue()).toBe('corroborated');

    // Corrections: a strike, 500 people, one more demand and a source.
    await page.getByLabel('Event type').selectOption('labour_action');
    expect(await page.getByLabel('Sub-type').inputValue()).toBe('strike');
    await page.getByLabel('Crowd size (the conservative figure)').fill('500');
    await page.getByLabel('Up to (only for a range)').fill('');
    await page.getByLabel("In the source's words").fill('около 500 рабочих');
    await page.getByRole('checkbox', { name: 'Wage arrears' }).check();
    await page.getByRole('checkbox', { name: 'Rally' }).check();
    await page.getByRole('button', { name: 'Add a source' }).click();
    await page.getByLabel('Source', { exact: true }).fill('SMS and web reports');
    // A mistake the form catches before anything is sent.
    await page.getByLabel('Latitude').fill('200');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('heading', { name: 'Check these fields' }).waitFor();
    await page.getByLabel('Latitude').fill('43.34');
    await page.getByLabel('Longitude').fill('52.86');
    await shot(page, 'event-form');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.locator('#event-saved').waitFor();

    const events = await publicEvents();
    expect(events).toHaveLength(1);
    const content = contentOf(events[0]!);
    eventId = content.id;
    expect(content).toMatchObject({
      event_type: 'labour_action',
      sub_event_type: 'strike',
      verification: 'corroborated',
      size: { low: 500, high: null, text: 'около 500 рабочих' },
      location: { settlement: 'Zhanaozen', lat: 43.34, lon: 52.86 },
      sources: [{ name: 'SMS and web reports' }],
    });
    expect(content.demands).toEqual(expect.arrayContaining(['fuel_prices', 'wage_arrears']));
    expect(content.tactics).toContain('rally');
    // The public record does not name the reports; they are attached privately.
    expect(content).not.toHaveProperty('report_ids');
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    await expect.poll(() => page.locator('article.report').count()).toBe(0);
    expect(problems).toEqual([]);
  }, 90_000);

  it('shows a second editor’s stale save as a conflict and publishes the merge', async () => {
    expect(eventId).not.toBe('');
    const a = await openDesk('aigul', { width: 1280, height: 900 });
    const b = await openDesk('berik', { width: 360, height: 740 });
    contexts.push(a.context, b.context);
    for (const { page } of [a, b]) {
      await page.goto(`${t.url}/desk#/event/${encodeURIComponent(eventId)}`);
      await page.getByRole('heading', { name: `Event ${eventId}` }).waitFor();
      await expect.poll(() => page.getByLabel('Settlement', { exact: true }).inputValue()).toBe('Zhanaozen');
    }
    // Aigul saves first.
    await a.page.getByLabel('Notes').fill('Confirmed by the union committee');
    await a.page.getByRole('button', { name: 'Publish the changes' }).click();
    await a.page.locator('#event-saved').waitFor();
    const afterA = await publicEvents();
    const versionA = afterA[0]!.id;

    // Berik still edits the first version: the node answers 409 and the page shows both.
    await b.page.getByLabel('Detained').fill('12');
    await b.page.getByRole('button', { name: 'Publish the changes' }).click();
    await b.page.getByRole('heading', { name: 'Someone else saved this event meanwhile' }).waitFor();
    // Each side changed one field: both are shown, each with its own change preselected.
    await expect.poll(() => b.page.locator('.conflict-field').count()).toBe(2);
    expect(await b.page.locator('#pick-notes-0').isChecked()).toBe(true);
    expect(await b.page.locator('#pick-detained-1').isChecked()).toBe(true);
    await shot(b.page, 'conflict');
    expect(await b.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await b.page.getByRole('button', { name: 'Publish this version' }).click();
    await b.page.locator('#event-saved').waitFor();

    const [merged] = await publicEvents();
    expect(contentOf(merged!)).toMatchObject({ notes: 'Confirmed by the union committee', detained: 12 });
    // The merge builds on Aigul's version: nothing was overwritten.
    expect(merged!.tags.filter((tag) => tag[0] === 'prev').map((tag) => tag[1])).toEqual([versionA]);
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  }, 90_000);

  it('replies to a reporter and publishes a news article linked to the event', async () => {
    const { context, page, problems } = await openDesk('aigul', { width: 360, height: 740 });
    contexts.push(context);
    await page.goto(`${t.url}/desk#/inbox?status=attached`);
    await expect.poll(() => page.locator('article.report').count()).toBe(3);
    await page
      .locator('article.report')
      .first()
      .getByRole('link', { name: /^Conversation with/ })
      .click();
    await page.getByLabel('Your reply').fill('Спасибо! Будьте осторожны.');
    await page.getByRole('button', { name: 'Send the reply' }).click();
    await page.locator('.message.from-desk', { hasText: 'Спасибо! Будьте осторожны.' }).waitFor();
    await shot(page, 'reporter');

    await page.getByRole('link', { name: 'News', exact: true }).click();
    await page.getByRole('link', { name: 'Write an article' }).click();
    await page.getByLabel('Title').fill('Забастовка в Жанаозене');
    await page.getByLabel('Text (markdown)').fill('Рабочие **Озенмунайгаза** вышли на площадь.');
    await page.getByRole('checkbox', { name: new RegExp(eventId) }).check();
    await page.getByRole('button', { name: 'Publish the article' }).click();
    await page.locator('#article-saved').waitFor();
    await shot(page, 'article');
    const res = await fetch(`${t.url}/api/v1/events?kinds=30023`);
    const [article] = ((await res.json()) as { events: NostrEvent[] }).events;
    expect(article!.content).toContain('Озенмунайгаза');
    expect(article!.tags).toContainEqual(['lang', 'ru']);
    expect(article!.tags.some((tag) => tag[0] === 'a' && tag[1]!.endsWith(`:${eventId}`))).toBe(true);

    // The event form in Kazakh on a phone: every code labelled, nothing wider than the screen.
    await page.goto(`${t.url}/desk#/event/${encodeURIComponent(eventId)}`);
    await page.getByRole('button', { name: 'Қазақша' }).click();
    await page.getByRole('heading', { name: `Оқиға ${eventId}` }).waitFor();
    expect(await page.getByLabel('Оқиға түрі').locator('option:checked').textContent()).toBe('Еңбек акциясы');
    expect(await page.getByRole('checkbox', { name: 'Жанармай бағасы' }).isChecked()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(TEST_OUTPUT, 'desk-event-kk.png') });
    await page.locator('#sec-who').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(TEST_OUTPUT, 'desk-event-kk-who.png') });
    expect(problems).toEqual([]);
  }, 90_000);
});
