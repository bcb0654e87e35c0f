import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kind } from '../../src/core/kinds.js';
import { generateKeyPair } from '../../src/crypto/keys.js';
import { sealRumor } from '../../src/crypto/seal.js';
import { createAccount } from '../../src/desk/accounts.js';
import { launchBrowser, signInToDesk, TEST_OUTPUT } from '../support/browser.js';
import {
  buildDeskCodedEvent,
  deskHeaders,
  startTestNode,
  TEST_ADMIN_PASSWORD,
  type TestNode,
} from '../support/node.js';
import { type Headers, organizeClient } from '../support/organize.js';

// The organizer's edits in the desk page, on a phone (Chromium, 360×740, a real node): a task
// marked done from the follow-ups, a person's responsible organizer and contact, a collective's
// needs, demands and a linked event picked by search (with the keyboard), and an admin who
// assigns a join request through the collective picker. Each is checked in what the node stored.

let t: TestNode;
let browser: Browser;
let asel: Headers;
let collective = '';
const PASSWORD = 'a long password for organizers';
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startTestNode();
  await createAccount(t.node.db, { username: 'asel', password: PASSWORD, role: 'organizer' });
  asel = await deskHeaders(t, 'asel', PASSWORD);
  const answers = await t.node.ingest.submit([
    buildDeskCodedEvent(t.deskKey!, {
      id: 'ev-zhanaozen-walkout',
      date: '2026-11-20',
      sub_event_type: 'walkout',
    }),
    buildDeskCodedEvent(t.deskKey!, {
      id: 'ev-aktau-rally',
      date: '2026-11-25',
      event_type: 'protest',
      sub_event_type: 'peaceful_protest',
      enterprise: null,
      location: {
        settlement: 'Aktau',
        admin1: 'Mangystau',
        country: 'Kazakhstan',
        lat: 43.65,
        lon: 51.17,
        geo_precision: 1,
      },
    }),
  ]);
  expect(answers.every((a) => a.ok)).toBe(true);
  const a = organizeClient(t, asel);
  collective = (
    await a.post('', {
      name: 'Bus depot No 5',
      units: [
        { name: 'Drivers', size: 10 },
        { name: 'Repair shop', size: 6 },
      ],
    })
  ).body.id;
  for (const [pseudonym, unit] of [
    ['Lead driver', 'Drivers'],
    ['Night driver', 'Drivers'],
    ['Fitter', 'Repair shop'],
  ]) {
    expect((await a.post(`/${collective}/people`, { pseudonym, unit })).status).toBe(201);
  }
  await a.post(`/${collective}/tasks`, { title: 'Print the leaflet', assignee: 'asel', due: today });
  await a.post(`/${collective}/tasks`, { title: 'Book a room', due: '2099-01-01' });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signIn(username: string, password: string) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (401|403)/.test(m.text())) problems.push(m.text());
  });
  page.on('response', (r) => {
    const expected = r.status() === 401 || (r.status() === 403 && r.url().includes('/api/v1/desk/audit'));
    if (r.status() >= 400 && !expected) problems.push(`${r.status()} ${r.url()}`);
  });
  await signInToDesk(page, t.url, username, password);
  return { context, page, problems };
}

const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

const stored = async () => (await organizeClient(t, asel).get(`/${collective}`)).body;

describe('the organizer edits on a phone', () => {
  it('marks a task done, links a responsible organizer and a contact, edits needs, demands and events', async () => {
    const { context, page, problems } = await signIn('asel', PASSWORD);
    await page.getByRole('link', { name: 'Organize' }).click();
    await page.getByRole('link', { name: 'Bus depot No 5' }).click();
    await page.getByRole('heading', { name: 'Bus depot No 5' }).waitFor();

    // The task due today is among the follow-ups; "Done" there stores a new version.
    const due = page.locator('#tasks-due');
    await due.getByRole('button', { name: 'Done: Print the leaflet' }).click();
    await expect
      .poll(
        async () =>
          (await stored()).tasks.find((x: { title: string }) => x.title === 'Print the leaflet')?.status,
      )
      .toBe('done');
    await expect.poll(() => page.locator('#tasks-due').count()).toBe(0);
    await expect
      .poll(() => page.locator('#tasks li', { hasText: 'Print the leaflet' }).textContent())
      .toContain('done');

    // A person's record: the organizer responsible picked by pseudonym, a contact.
    await page.locator('#wall-chart .org-card', { hasText: 'Night driver' }).click();
    await page.getByRole('heading', { name: 'Night driver', exact: true }).waitFor();
    await expect
      .poll(() => page.locator('#person-responsible').textContent())
      .toBe('Organizer responsible: nobody yet');
    await page.getByLabel('Find by pseudonym').fill('lead');
    await page.getByRole('button', { name: 'Choose: Lead driver, Drivers' }).click();
    await page.getByText('Contact (sensitive)').click();
    await page.getByLabel('Contact', { exact: true }).fill('@night_driver');
    await page.getByRole('button', { name: 'Save the record' }).click();
    await expect
      .poll(() => page.locator('#person-responsible').textContent())
      .toBe('Organizer responsible: Lead driver');
    const people = (await stored()).people as {
      id: string;
      pseudonym: string;
      responsible: string;
      contact: string;
    }[];
    const night = people.find((p) => p.pseudonym === 'Night driver')!;
    expect(night).toMatchObject({
      responsible: people.find((p) => p.pseudonym === 'Lead driver')!.id,
      contact: '@night_driver',
    });
    // The contact is not in the page's own answer for the chart, only in the person's.
    expect(
      JSON.stringify((await organizeClient(t, asel).get(`/${collective}?view=chart`)).body),
    ).not.toContain('@night_driver');

    // Needs, demands from the code lists and a published event found by a word, by keyboard.
    await page.getByLabel('What the collective needs').fill('A room for meetings');
    await page.getByLabel('Wage arrears', { exact: true }).check();
    await page.getByLabel('Their wording of “Wage arrears” (optional)').fill('three months owed');
    await page.getByLabel('Other demands, in plain words').fill('A canteen');
    const search = page.getByLabel('Find a published event');
    await search.focus();
    await page.keyboard.type('aktau');
    await page.locator('#event-search-results li').first().waitFor();
    expect(await page.locator('#event-search-results li').count()).toBe(1);
    // Enter takes the only match.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#linked-events-list').textContent()).toContain('Aktau');
    await page.getByRole('button', { name: 'Save needs, demands and events' }).click();
    await expect.poll(async () => (await stored()).collective.needs).toBe('A room for meetings');
    const c = (await stored()).collective;
    expect(c.demands).toEqual([
      { code: 'wage_arrears', text: 'three months owed' },
      { code: null, text: 'A canteen' },
    ]);
    expect(c.events).toEqual(['ev-aktau-rally']);
    await expect
      .poll(() => page.locator('#linked-events-list [data-event="ev-aktau-rally"]').textContent())
      .toContain('Peaceful protest');

    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(TEST_OUTPUT, 'organize-edit.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);

  it('an admin assigns a join request to the organizer’s collective through the picker', async () => {
    const wrap = sealRumor(
      {
        kind: Kind.JoinRequest,
        content: JSON.stringify({
          pseudonym: 'Mechanic from depot 5',
          enterprise: 'Bus depot',
          want: 'join',
        }),
      },
      generateKeyPair().secretKey,
      t.node.deskPubkey!,
      { powDifficulty: 8 },
    );
    expect((await t.node.ingest.submit([wrap]))[0]!.ok).toBe(true);
    await t.node.desk!.settled();

    const { context, page, problems } = await signIn('admin', TEST_ADMIN_PASSWORD);
    await page.goto(`${t.url}/desk#/organize/joins`);
    await page.getByRole('heading', { name: 'Join requests' }).waitFor();
    await expect.poll(() => page.locator('#join-count').textContent()).toBe('Shown: 1 of 1');
    const item = page.locator('[data-join]', { hasText: 'Mechanic from depot 5' });
    await item.getByLabel('Organizer (desk user name)').fill('asel');
    const triage = item.locator('form').first();
    await triage.getByLabel('Find a collective by name').fill('bus depot');
    await triage.getByRole('button', { name: /^Choose: Bus depot No 5/ }).click();
    await expect
      .poll(() => triage.locator('[id$="-collective-chosen"]').textContent())
      .toBe('Bus depot No 5');
    await triage.getByRole('button', { name: 'Assign' }).click();
    await expect.poll(() => page.locator('#join-count').count()).toBe(0);
    const [join] = (await (await fetch(`${t.url}/api/v1/desk/joins`, { headers: asel })).json()).joins;
    expect(join).toMatchObject({ status: 'assigned', organizer: 'asel', collective_id: collective });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
