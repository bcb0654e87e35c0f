import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballotCodeHash, normalizeBallotCode } from '../../src/core/ballot-code.js';
import { Kind } from '../../src/core/kinds.js';
import { generateKeyPair } from '../../src/crypto/keys.js';
import { sealRumor } from '../../src/crypto/seal.js';
import { listAudit } from '../../src/desk/audit.js';
import { publicProgram } from '../../src/program/queries.js';
import { DEFAULT_WEB_ROOT } from '../../src/server/app.js';
import { programOn } from '../../src/server/routes/program.js';
import { writeMirror } from '../../src/situation/mirror.js';
import { launchBrowser, signInToDesk } from '../support/browser.js';
import { startTestNode, type TestNode, tempDir } from '../support/node.js';
import { deskAccount, type Headers, organizeClient } from '../support/organize.js';

/*
 * The desk's screens for votes, in Chromium at 360 px: an editor opens a vote from the Program
 * tab, makes codes for two collectives and reads them off the printable sheet (shown once, in a
 * frame, its style allowed by the node's CSP); a paper ballot is entered, with the node's
 * refusals said in the desk's words; members cast ballots at /vote; while the vote is open the
 * desk shows counts and no choice; the editor closes it (after a confirmation) and the results
 * appear in the desk, on the public /program and on the static mirror's program pages, in
 * Russian and Kazakh, collectives numbered.
 */

type Choice = 'agree' | 'abstain' | 'disagree' | 'block';
const LABEL: Record<Choice, string> = {
  agree: 'Agree',
  abstain: 'Abstain',
  disagree: 'Disagree',
  block: 'Block',
};

let t: TestNode;
let browser: Browser;
let editorHeaders: Headers;
let planks: string[];
const PASSWORD = 'erin password for tests';
const contexts: BrowserContext[] = [];

async function api(headers: Headers | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${t.url}/api/v1${path}`, {
    method,
    headers: { ...(headers ?? {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
}

async function newPage(locale = 'en-US'): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 360, height: 740 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (m) => {
    // 401: the desk asks for a session before signing in; 400/404/409: the paper ballots
    // refused on purpose below.
    if (m.type() === 'error' && !/status of (400|401|404|409)/.test(m.text())) problems.push(m.text());
  });
  return { page, problems };
}

/** A member casts a ballot at /vote from the code's QR link. */
async function cast(code: string, choices: Choice[], reason?: string): Promise<void> {
  const { page, problems } = await newPage();
  await page.goto(`${t.url}/vote#code=${code}`);
  for (const [i, choice] of choices.entries()) {
    await page
      .locator(`fieldset[data-plank="${planks[i]}"]`)
      .getByLabel(LABEL[choice], { exact: true })
      .check();
  }
  if (reason) await page.locator('fieldset').first().getByRole('textbox').fill(reason);
  await page.getByRole('button', { name: 'Cast the ballot' }).click();
  await expect
    .poll(() => page.locator('#v-state').getAttribute('data-state'), { timeout: 30_000 })
    .toBe('delivered');
  expect(problems).toEqual([]);
  await page.context().close();
}

const wide = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

beforeAll(async () => {
  t = await startTestNode();
  browser = await launchBrowser();
  editorHeaders = await deskAccount(t, 'erin', 'editor');
  const org = organizeClient(t, await deskAccount(t, 'dana', 'organizer'));
  expect((await org.post('', { name: 'Depot A', units: [] })).status).toBe(201);
  expect((await org.post('', { name: 'Depot B', units: [] })).status).toBe(201);
  planks = [];
  for (const text of [
    { ru: 'Поднять зарплату на 30%', kk: 'Жалақыны 30% көтеру', en: 'Raise wages by 30%' },
    { ru: 'Признать независимый профсоюз', kk: 'Тәуелсіз кәсіподақты мойындау', en: 'Recognise the union' },
  ]) {
    const made = await api(editorHeaders, 'POST', '/desk/program/planks', { text });
    const moved = await api(editorHeaders, 'POST', `/desk/program/planks/${made.body.id}/status`, {
      prev: [made.body.version],
      status: 'put_to_vote',
    });
    expect(moved.status).toBe(200);
    planks.push(made.body.id);
  }
}, 120_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await t?.close();
});

describe('votes in the desk', () => {
  let desk: Page;
  let deskProblems: string[];
  let voteId: string;
  let codesA: string[];
  let codesB: string[];

  it('opens a vote from the Program tab', async () => {
    ({ page: desk, problems: deskProblems } = await newPage());
    await signInToDesk(desk, t.url, 'erin', PASSWORD);
    await desk.getByRole('link', { name: 'Program', exact: true }).click();
    await desk.getByRole('heading', { level: 2, name: 'Votes' }).waitFor();
    expect(await desk.locator('#program-votes').textContent()).toContain('No votes yet.');

    await desk.getByText('Open a vote', { exact: true }).click();
    // Refused before asking the node: nothing chosen.
    await desk.getByRole('button', { name: 'Open the vote' }).click();
    await desk.getByText('Choose at least one plank.').waitFor();
    // By keyboard: the first plank's box, then Space.
    await desk.locator(`#vote-open-plank-${planks[0]}`).focus();
    await desk.keyboard.press('Space');
    await desk.locator(`#vote-open-plank-${planks[1]}`).check();
    await desk.getByLabel('Depot A').check();
    await desk.getByLabel('Depot B').check();
    await desk.getByLabel('Quorum, %').fill('50');
    await desk.locator('#vote-open-title-ru').fill('Весеннее собрание');
    await desk.locator('#vote-open-title-kk').fill('Көктемгі жиналыс');
    await desk.locator('#vote-open-title-en').fill('Spring meeting');
    await desk.getByRole('button', { name: 'Open the vote' }).click();
    await desk.locator('#program-notice', { hasText: 'Vote opened.' }).waitFor();
    const list = (await api(editorHeaders, 'GET', '/desk/program/votes')).body;
    expect(list.votes).toHaveLength(1);
    voteId = list.votes[0].id;
    expect(list.votes[0]).toMatchObject({ quorum: 0.5, status: 'open', title: { en: 'Spring meeting' } });
    const item = desk.locator(`#vote-${voteId}`);
    expect(await item.locator('h3').textContent()).toContain('Spring meeting');
    // The new vote's panel is open: its planks, and no plank is offered for a second vote.
    await item.getByRole('heading', { name: 'Planks on the ballot' }).waitFor();
    expect(await item.textContent()).toContain('Raise wages by 30%');
    expect(await desk.locator(`#vote-open-plank-${planks[0]}`).count()).toBe(0);
  }, 60_000);

  it('makes codes and shows them once, on the printable sheet', async () => {
    const item = desk.locator(`#vote-${voteId}`);
    const readSheet = async (collective: string, count: string) => {
      await item.getByLabel('Collective', { exact: true }).selectOption({ label: collective });
      await item.getByLabel('How many codes (1–1000)').fill(count);
      await item.getByRole('button', { name: 'Make codes and the sheet' }).click();
      await desk.locator('#ballot-sheet-heading', { hasText: `${collective}, ${count} codes` }).waitFor();
      const sheet = desk.frameLocator('#ballot-sheet-frame');
      await sheet.locator('p.code').first().waitFor();
      return sheet;
    };
    // A count out of range is refused in the desk's words.
    await item.getByLabel('How many codes (1–1000)').fill('0');
    await item.getByRole('button', { name: 'Make codes and the sheet' }).click();
    await item.getByText('Give a number of codes from 1 to 1000.').waitFor();

    let sheet = await readSheet('Depot A', '4');
    codesA = await sheet.locator('p.code').allTextContents();
    expect(codesA).toHaveLength(4);
    expect(await sheet.locator('svg.qr').count()).toBe(4);
    expect(await sheet.locator('p.title').first().textContent()).toBe(
      'Весеннее собрание · Көктемгі жиналыс · Spring meeting',
    );
    // The sheet's own style applies: the node's CSP allows it by its hash.
    expect(
      await sheet
        .locator('section.ballot')
        .first()
        .evaluate((el) => getComputedStyle(el).borderTopStyle),
    ).toBe('dashed');
    expect(await desk.locator('#ballot-sheet').textContent()).toContain('These codes are shown only now');
    expect(await desk.locator('#ballot-sheet-save').getAttribute('download')).toMatch(/^ballots-vote-/);
    // The node keeps the hashes only: no code in anything it answers.
    const seen = JSON.stringify((await api(editorHeaders, 'GET', `/desk/program/votes/${voteId}`)).body);
    for (const code of codesA) expect(seen).not.toContain(code);

    sheet = await readSheet('Depot B', '3');
    codesB = await sheet.locator('p.code').allTextContents();
    expect(codesB).toHaveLength(3);
    expect(codesB.some((c) => codesA.includes(c))).toBe(false);
    expect(await desk.locator(`#vote-${voteId} li[data-collective]`).allTextContents()).toEqual([
      'Depot A: codes issued 4, ballots counted 0',
      'Depot B: codes issued 3, ballots counted 0',
    ]);
    // Closed, the sheet is gone for good; focus returns to the form that made it.
    await desk.getByRole('button', { name: /Close the sheet/ }).click();
    expect(await desk.locator('#ballot-sheet').count()).toBe(0);
    await expect
      .poll(() => desk.evaluate(() => document.activeElement?.id))
      .toBe(`vote-${voteId}-codes-save`);
    expect(await wide(desk)).toBeLessThanOrEqual(360);
  }, 60_000);

  it("enters a paper ballot, the node's refusals said in the desk's words", async () => {
    const form = desk.locator(`#vote-${voteId}-paper-heading`).locator('xpath=..');
    const code = form.getByLabel('Ballot code', { exact: true });
    const send = () => form.getByRole('button', { name: 'Count this paper ballot' }).click();
    const refusal = (text: string) => form.locator('.error', { hasText: text }).waitFor();

    // Said before asking the node, in the node's words: no code, then no answer at all.
    await code.fill('nonsense');
    await send();
    await refusal('This is not a ballot code');
    await code.fill(codesA[0]!);
    await send();
    await refusal('Choose an answer for every plank of the vote.');
    await form.locator(`fieldset[data-plank="${planks[0]}"]`).getByLabel('Agree', { exact: true }).check();
    await code.fill('AAAA-BBBB-CCCC-DDDD');
    await send();
    await refusal('This vote issued no such code');
    // One plank left unanswered: the node says the choices do not match.
    await code.fill(codesA[0]!.toLowerCase());
    await send();
    await refusal('Choose an answer for every plank of the vote.');
    await form.locator(`fieldset[data-plank="${planks[1]}"]`).getByLabel('Agree', { exact: true }).check();
    await form
      .locator(`fieldset[data-plank="${planks[0]}"]`)
      .getByLabel('Reason written on the paper (optional)')
      .fill('written on paper — reason-p1');
    await send();
    await form.locator('[role="status"]', { hasText: 'Paper ballot counted.' }).waitFor();
    // Ready for the next paper: the form is empty and the code field has the focus.
    expect(await code.inputValue()).toBe('');
    await expect
      .poll(() => desk.evaluate(() => document.activeElement?.id))
      .toBe(`vote-${voteId}-paper-code`);
    // The same paper again: already counted.
    await code.fill(codesA[0]!);
    for (const p of planks)
      await form.locator(`fieldset[data-plank="${p}"]`).getByLabel('Disagree', { exact: true }).check();
    await send();
    await refusal('A ballot with this code was already counted');
  }, 60_000);

  it('counts the ballots cast at /vote and shows no choice while the vote is open', async () => {
    await cast(codesA[1]!, ['agree', 'disagree'], 'five years without a raise — reason-w1');
    await cast(codesA[2]!, ['agree', 'abstain']);
    await cast(codesB[0]!, ['disagree', 'agree']);
    await cast(codesB[1]!, ['agree', 'agree']);
    // A second phone that had opened the same code casts it later: stored, refused, shown so.
    const again = sealRumor(
      {
        kind: Kind.Ballot,
        content: JSON.stringify({
          vote: voteId,
          code: normalizeBallotCode(codesA[1]!),
          choices: planks.map((plank) => ({ plank, choice: 'block' })),
          channel: 'web',
        }),
      },
      generateKeyPair().secretKey,
      t.deskKey!.publicKey,
      { powDifficulty: 8 },
    );
    expect((await api(null, 'POST', '/vote', again)).body.duplicate).toBe(false);
    await t.node.desk!.settled();
    const item = desk.locator(`#vote-${voteId}`);
    await item.getByRole('button', { name: 'Hide the vote' }).click();
    await item.getByRole('button', { name: 'Show the vote' }).click();
    await item.getByText('Ballots received: 6, counted: 5, refused: 1.').waitFor();
    expect(await item.locator('.refused li').allTextContents()).toEqual([
      expect.stringMatching(/from \/vote · a ballot with its code was already counted$/),
    ]);
    // Choices, tallies and reasons stay hidden until the close.
    const text = (await item.textContent()) ?? '';
    expect(text).not.toMatch(/Agree: |Disagree: |reason-w1|reason-p1/);
    expect(await item.locator('li[data-collective]').allTextContents()).toEqual([
      'Depot A: codes issued 4, ballots counted 3',
      'Depot B: codes issued 3, ballots counted 2',
    ]);
    expect((await api(null, 'GET', `/votes/${voteId}`)).status).toBe(404);
  }, 180_000);

  it('closes the vote after a confirmation and shows the results in the desk', async () => {
    const item = desk.locator(`#vote-${voteId}`);
    await item.getByRole('button', { name: 'Close the vote…' }).click();
    await item.getByText('Close the vote now?').waitFor();
    // Focus moved to the question; "Cancel" takes it back to the button without closing.
    await expect.poll(() => desk.evaluate(() => document.activeElement?.id)).toBe(`vote-${voteId}-close-ask`);
    await item.getByRole('button', { name: 'Cancel' }).click();
    await expect
      .poll(() => desk.evaluate(() => document.activeElement?.id))
      .toBe(`vote-${voteId}-close-button`);
    expect((await api(editorHeaders, 'GET', `/desk/program/votes/${voteId}`)).body.status).toBe('open');
    await item.getByRole('button', { name: 'Close the vote…' }).click();
    await item.getByRole('button', { name: 'Close and publish the result' }).click();
    await desk.locator('#program-notice', { hasText: 'Vote closed: the result is published.' }).waitFor();
    const results = desk.locator(`#vote-${voteId}-results`);
    await results.waitFor();
    expect(await results.locator('p').first().textContent()).toBe(
      'Codes issued: 7, ballots counted: 5; quorum 50%: quorum met.',
    );
    const wages = results.locator(`li[data-plank="${planks[0]}"]`);
    expect(await wages.getAttribute('data-outcome')).toBe('passed');
    expect(await wages.locator('.vote-overall').textContent()).toBe(
      'All collectives: Agree: 4 · Abstain: 0 · Disagree: 1 · Block: 0 — passed',
    );
    expect(await wages.locator('li[data-collective]').allTextContents()).toEqual([
      'Depot A: Agree: 3 · Abstain: 0 · Disagree: 0 · Block: 0 — passed',
      'Depot B: Agree: 1 · Abstain: 0 · Disagree: 1 · Block: 0 — rejected',
    ]);
    // Depot B's two ballots are below the public threshold: the desk says the public won't see them.
    expect(await results.locator('> ul > li').nth(1).textContent()).toContain('fewer than 3 ballots');
    await wages.getByText("Members' reasons (2)").click();
    expect(await wages.locator('.reasons li').allTextContents()).toEqual([
      'Agree five years without a raise — reason-w1',
      'Agree written on paper — reason-p1',
    ]);
    expect(await wide(desk)).toBeLessThanOrEqual(360);

    // The same in Russian and Kazakh.
    await desk.getByRole('button', { name: 'Русский' }).click();
    await expect
      .poll(() => wages.locator('.vote-overall').textContent())
      .toBe('Все коллективы: За: 4 · Воздерживаюсь: 0 · Против: 1 · Блокирую: 0 — принято');
    await desk.getByRole('button', { name: 'Қазақша' }).click();
    await expect
      .poll(() => wages.locator('.vote-overall').textContent())
      .toBe('Барлық ұжымдар: Келісемін: 4 · Қалыс қаламын: 0 · Қарсымын: 1 · Бұғаттаймын: 0 — қабылданды');
    expect(await results.locator('> ul > li').nth(1).textContent()).toContain('бюллетеньдер 3 санынан аз');
    await desk.getByRole('button', { name: 'English' }).click();

    const actions = listAudit(t.node.db, 50).map((a) => `${a.actor} ${a.action}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'erin program.vote.open',
        'erin program.vote.codes',
        'erin program.vote.paper',
        'erin program.vote.close',
      ]),
    );
    expect(deskProblems).toEqual([]);
  }, 60_000);

  for (const [locale, expected] of [
    [
      'ru-RU',
      {
        heading: 'Итоги голосований',
        wages: 'За: 4 · Воздерживаюсь: 0 · Против: 1 · Блокирую: 0 — Принято',
        collective: 'Коллектив № 2: кодов — 3, бюллетеней — 2, кворум есть',
        withheld: 'итог скрыт: бюллетеней меньше 3',
        yes: 'Ваш код засчитан: голосование «Весеннее собрание», коллектив № 1.',
      },
    ],
    [
      'kk-KZ',
      {
        heading: 'Дауыс беру қорытындылары',
        wages: 'Келісемін: 4 · Қалыс қаламын: 0 · Қарсымын: 1 · Бұғаттаймын: 0 — Қабылданды',
        collective: '№ 2 ұжым: кодтар – 3, бюллетеньдер – 2, кворум бар',
        withheld: 'қорытынды жасырылды: бюллетеньдер 3 санынан аз',
        yes: 'Кодыңыз есептелді: «Көктемгі жиналыс» дауыс беруі, № 1 ұжым.',
      },
    ],
  ] as const) {
    it(`shows the results on /program, collectives numbered (${locale})`, async () => {
      const { page, problems } = await newPage(locale);
      await page.goto(`${t.url}/program`);
      const results = page.locator('.vote-results');
      await results.waitFor();
      expect(await results.locator('h2').textContent()).toBe(expected.heading);
      const vote = results.locator(`article[data-vote="${voteId}"]`);
      expect(await vote.locator(`.vote-planks li[data-plank="${planks[0]}"] .tally`).textContent()).toBe(
        expected.wages,
      );
      const second = vote.locator('.vote-collectives > li[data-n="2"]');
      expect(await second.textContent()).toContain(expected.collective);
      expect(await second.locator('.tally li').first().textContent()).toBe(expected.withheld);
      // Collectives are numbered, never named.
      expect(await page.locator('body').textContent()).not.toMatch(/Depot/);
      // A member checks their code: hashed on the page, found among those counted.
      await page.locator('#vote-check-code').fill(codesA[2]!);
      await page.locator('#vote-check-code').press('Enter');
      await expect.poll(() => page.locator('#vote-check-answer').textContent()).toBe(expected.yes);
      expect(await wide(page)).toBeLessThanOrEqual(360);
      expect(problems).toEqual([]);
    });
  }

  it("prints the program on its page and the results after it; the member's hash is in the list", async () => {
    const { page } = await newPage();
    await page.goto(`${t.url}/program`);
    await page.locator('.vote-results').waitFor();
    await page.locator('#vote-check-code').fill(codesB[2]!);
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await expect
      .poll(() => page.locator('#vote-check-answer').textContent())
      .toBe('Your code is not among the codes counted in the published results.');
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).toHaveLength(2);
    const published = (await api(null, 'GET', `/votes/${voteId}`)).body;
    expect(published.collectives.flatMap((c: { used: string[] }) => c.used)).toContain(
      ballotCodeHash(normalizeBallotCode(codesA[0]!)!),
    );
  });

  it("shows the results on the static mirror's program pages, printed after the program", async () => {
    const out = tempDir('tilshi-mirror-votes-');
    try {
      writeMirror(t.node, out.dir, { webRoot: DEFAULT_WEB_ROOT, program: publicProgram(programOn(t.node)) });
      for (const [lang, wages, withheld] of [
        [
          'ru',
          'За: 4 · Воздерживаюсь: 0 · Против: 1 · Блокирую: 0 — Принято',
          'итог скрыт: бюллетеней меньше 3',
        ],
        [
          'kk',
          'Келісемін: 4 · Қалыс қаламын: 0 · Қарсымын: 1 · Бұғаттаймын: 0 — Қабылданды',
          'қорытынды жасырылды: бюллетеньдер 3 санынан аз',
        ],
      ] as const) {
        const { page } = await newPage();
        await page.goto(pathToFileURL(join(out.dir, 'program', `${lang}.html`)).href);
        const vote = page.locator(`.vote-results article[data-vote="${voteId}"]`);
        expect(await vote.locator(`.vote-planks li[data-plank="${planks[0]}"] .tally`).textContent()).toBe(
          wages,
        );
        expect(await vote.locator('.vote-collectives > li[data-n="2"] .tally li').first().textContent()).toBe(
          withheld,
        );
        expect(await page.locator('body').textContent()).not.toMatch(/Depot/);
        // The list of codes counted is the mirror's own file.
        const list = await page.locator('.vote-check a').getAttribute('href');
        const data = JSON.parse(readFileSync(join(out.dir, 'program', list!), 'utf8'));
        expect(data.votes[0].collectives[0].used).toContain(ballotCodeHash(normalizeBallotCode(codesA[0]!)!));
        expect(await wide(page)).toBeLessThanOrEqual(360);
        const pdf = await page.pdf({ format: 'A4' });
        expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).toHaveLength(2);
      }
    } finally {
      out.remove();
    }
  });
});
