import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/desk/accounts.js';
import { listAudit, writeAudit } from '../../src/desk/audit.js';
import { createCollective } from '../../src/organize/commands.js';
import { attachOrganize } from '../../src/organize/context.js';
import { launchBrowser, signInToDesk } from '../support/browser.js';
import { buildDeskCodedEvent, startTestNode, type TestNode } from '../support/node.js';

/*
 * The desk's Program tab in Chromium at 360 px: an editor makes a plank of two duplicate
 * demands, an organizer proposes an amendment (shown as a word diff), the editor accepts it,
 * moves the plank to adopted, sets the program's title, records the endorsements of two
 * collectives (one named in public, one only counted) and publishes; the public /program shows
 * the amended words, the title and the endorsements, naming only the collective that agreed.
 */

let t: TestNode;
let browser: Browser;
const PASSWORD = 'a long password for the program';

beforeAll(async () => {
  t = await startTestNode();
  const events = [];
  for (let i = 1; i <= 4; i++)
    events.push(
      buildDeskCodedEvent(t.deskKey!, { id: `evt-w-${i}`, date: `2022-01-0${i}`, demands: ['wages'] }),
    );
  // Two of them also name arrears: merged into one plank, they count once.
  for (let i = 1; i <= 2; i++)
    events.push(
      buildDeskCodedEvent(t.deskKey!, {
        id: `evt-a-${i}`,
        date: `2022-01-1${i}`,
        demands: ['wage_arrears'],
      }),
    );
  expect((await t.node.ingest.submit(events)).every((a) => a.ok)).toBe(true);
  const org = attachOrganize(t.node, writeAudit);
  const admin = { username: 'admin', role: 'admin' } as const;
  for (const name of ['Smelter collective', 'Quiet depot'])
    createCollective(org, admin, { name, units: [], demands: [{ code: 'wages' }] });
  await createAccount(t.node.db, { username: 'erin', password: PASSWORD, role: 'editor' });
  await createAccount(t.node.db, { username: 'oleg', password: PASSWORD, role: 'organizer' });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signIn(
  username: string,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (m) => {
    // 400: the publishing refused on purpose below (nothing adopted yet).
    if (m.type() === 'error' && !/status of (400|401|403)/.test(m.text())) problems.push(m.text());
  });
  await signInToDesk(page, t.url, username, PASSWORD);
  return { context, page, problems };
}

describe('the Program tab', () => {
  it('drafts a plank, amends it, adopts and publishes it; /program shows it', async () => {
    const editor = await signIn('erin');
    const page = editor.page;
    const chunks: string[] = [];
    page.on('request', (r) => {
      if (/\/assets\/desk-program-[A-Z0-9]+\.js$/.test(r.url())) chunks.push(r.url());
    });
    expect(chunks).toEqual([]);
    await page.getByRole('link', { name: 'Program', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Common program' }).waitFor();
    await expect.poll(() => chunks.length).toBe(1);

    // The inventory: every count shown to the desk, the arrears' 2 marked as withheld in public.
    const arrears = page.locator('li[data-key="wage_arrears"]');
    await arrears.waitFor();
    expect(await arrears.textContent()).toContain('events: 2');
    expect(await arrears.locator('.unsure-field').first().textContent()).toContain('events: 2');

    // Two duplicate demands, by keyboard, become one plank.
    await page.locator('#demand-wages').focus();
    await page.keyboard.press('Space');
    await page.locator('#demand-wage_arrears').check();
    expect(await page.locator('#plank-create-chosen').textContent()).toBe('Chosen: Wages, Wage arrears');
    await page.getByLabel('Text: Русский').fill('Поднять зарплату');
    await page.getByLabel('Text: Қазақша').fill('Жалақыны көтеру');
    await page.getByLabel('Text: English').fill('Raise wages');
    await page.getByRole('button', { name: 'Create plank' }).click();
    await page.locator('#program-notice', { hasText: 'Plank created as a draft.' }).waitFor();
    const plank = page.locator('#program-planks li.report').first();
    expect(await plank.locator('h3').textContent()).toContain('Raise wages');
    // The union of the two: 6 events, not 4 + 2 counted twice over shared ones.
    expect(await plank.textContent()).toContain('events: 6');
    await plank.getByLabel('Move the status to').selectOption('put_to_vote');
    await plank.getByRole('button', { name: 'Change status' }).click();
    await page.locator('#program-notice', { hasText: 'Status is now: put to the vote' }).waitFor();

    // The organizer proposes new words; the diff shows while typing and in the list.
    const organizer = await signIn('oleg');
    const o = organizer.page;
    await o.goto(`${t.url}/desk#/program`);
    await o.getByRole('heading', { level: 1, name: 'Common program' }).waitFor();
    expect(await o.getByRole('button', { name: 'Create plank' }).count()).toBe(0);
    expect(await o.getByRole('button', { name: 'Publish the program' }).count()).toBe(0);
    const oPlank = o.locator('#program-planks li.report').first();
    await oPlank.getByText('Propose an amendment').click();
    await oPlank.getByLabel('Language').selectOption('en');
    await oPlank.getByLabel('New wording').fill('Raise wages by 30%');
    expect(await oPlank.locator('.diff ins').textContent()).toContain('by 30%');
    await oPlank.getByLabel('Why (optional)').fill('A figure people can hold us to');
    await oPlank.getByRole('button', { name: 'Propose', exact: true }).click();
    await o.locator('#program-notice', { hasText: 'Amendment proposed.' }).waitFor();
    expect(await o.getByRole('button', { name: 'Accept' }).count()).toBe(0);
    // An organizer reads the title but neither changes it nor records endorsements.
    expect(await o.locator('#program-title-current').textContent()).toBe('Common program');
    expect(await o.getByRole('button', { name: 'Record the endorsement' }).count()).toBe(0);

    // The editor sees it, accepts with a reason: the plank is reworded.
    await page.reload();
    const amendment = page.locator('#program-amendments li.report').first();
    await amendment.waitFor();
    expect(await amendment.locator('ins').textContent()).toContain('by 30%');
    await amendment.getByRole('button', { name: 'Accept' }).click();
    await amendment.getByText('Give a reason for the decision.').waitFor();
    await amendment.getByLabel('Reason for the decision').fill('Agreed at the meeting');
    await amendment.getByRole('button', { name: 'Accept' }).click();
    await page.locator('#program-notice', { hasText: 'Amendment accepted' }).waitFor();
    expect(await page.locator('#program-amendments li[data-status="accepted"]').count()).toBe(1);
    expect(await page.locator('#program-planks li.report h3').first().textContent()).toContain(
      'Raise wages by 30%',
    );

    // Publishing before adoption is refused in the desk's words; after it, it goes out.
    await page.getByRole('button', { name: 'Publish the program' }).click();
    await page.getByText('No plank is adopted yet: nothing to publish.').waitFor();
    const p2 = page.locator('#program-planks li.report').first();
    await p2.getByLabel('Move the status to').selectOption('adopted');
    await p2.getByRole('button', { name: 'Change status' }).click();
    await page.locator('#program-notice', { hasText: 'Status is now: adopted' }).waitFor();

    // The title in three languages; an empty title is refused in the desk's words.
    expect(await page.getByLabel('Program title: English').inputValue()).toBe('Common program');
    for (const l of ['Русский', 'Қазақша', 'English']) await page.getByLabel(`Program title: ${l}`).fill('');
    await page.getByRole('button', { name: 'Save the title' }).click();
    await page.getByText('Write the title in at least one language.').waitFor();
    await page.getByLabel('Program title: Русский').fill('Программа рабочих Жанаозена');
    await page.getByLabel('Program title: Қазақша').fill('Жаңаөзен жұмысшыларының бағдарламасы');
    await page.getByLabel('Program title: English').fill('Programme of the Zhanaozen workers');
    await page.getByRole('button', { name: 'Save the title' }).click();
    await page.locator('#program-notice', { hasText: 'Title saved.' }).waitFor();
    expect(await page.getByLabel('Program title: English').inputValue()).toBe(
      'Programme of the Zhanaozen workers',
    );

    // Two endorsements: the smelter agreed to be named, the depot is only counted.
    expect(await page.locator('#program-endorsements-none').textContent()).toContain('No collective');
    await page.getByLabel('Collective', { exact: true }).selectOption({ label: 'Smelter collective' });
    await page.getByLabel('The collective agreed to be named in public').check();
    await page.getByRole('button', { name: 'Record the endorsement' }).click();
    await page
      .locator('#program-notice', { hasText: 'Endorsement of “Smelter collective” recorded.' })
      .waitFor();
    // The one left is offered next, unticked.
    expect(await page.getByLabel('Collective', { exact: true }).locator('option').allTextContents()).toEqual([
      'Quiet depot',
    ]);
    expect(await page.getByLabel('The collective agreed to be named in public').isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Record the endorsement' }).click();
    await page.locator('#program-notice', { hasText: 'Endorsement of “Quiet depot” recorded.' }).waitFor();
    const endorsed = page.locator('#program-endorsements li');
    expect(await endorsed.count()).toBe(2);
    expect(await endorsed.nth(0).textContent()).toContain('named in public');
    expect(await endorsed.nth(1).textContent()).toContain('counted but not named');
    expect(
      await page.locator('#program-meta-heading ~ p.hint', { hasText: 'Every collective' }).count(),
    ).toBe(1);

    await page.getByRole('button', { name: 'Publish the program' }).click();
    await page.locator('#program-notice', { hasText: 'Program published.' }).waitFor();
    expect(await page.locator('#program-published').textContent()).toContain('Last published');

    // Nothing on the page is wider than the phone.
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(wide).toBeLessThanOrEqual(360);

    const pub = await editor.context.newPage();
    await pub.goto(`${t.url}/program`);
    await pub.locator('.planks li').first().waitFor();
    expect(await pub.locator('.planks li strong').first().textContent()).toBe('Raise wages by 30%');
    // The page's language picks the title's.
    expect(await pub.locator('p.lead').textContent()).toBe('Programme of the Zhanaozen workers');
    expect(await pub.locator('p.endorsed').textContent()).toBe(
      // Two, under the threshold of 3, and only one agreed to be named: the count is withheld.
      'Collectives that endorsed the program: fewer than 3, among them: Smelter collective',
    );
    expect(await pub.content()).not.toContain('Quiet depot');

    // The organizer's view counts the endorsements without naming the collectives.
    await o.reload();
    await o.locator('#program-endorsements li').first().waitFor();
    expect(await o.locator('#program-endorsements').textContent()).not.toMatch(/Smelter|Quiet/);
    expect(await o.locator('#program-title-current').textContent()).toBe(
      'Programme of the Zhanaozen workers',
    );

    const actions = listAudit(t.node.db, 50).map((a) => `${a.actor} ${a.action}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'erin program.plank.create',
        'oleg program.amendment.propose',
        'erin program.amendment.accept',
        'erin program.title',
        'erin program.endorse',
        'erin program.publish',
      ]),
    );
    expect(editor.problems).toEqual([]);
    expect(organizer.problems).toEqual([]);
    await organizer.context.close();
    await editor.context.close();
  }, 120_000);
});
