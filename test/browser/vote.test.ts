import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballotCodeHash, normalizeBallotCode } from '../../src/core/ballot-code.js';
import { Kind } from '../../src/core/kinds.js';
import { openWrap } from '../../src/crypto/seal.js';
import { launchBrowser } from '../support/browser.js';
import { startTestNode, type TestNode } from '../support/node.js';
import { deskAccount, type Headers, organizeClient } from '../support/organize.js';

// Issue 13's checks for votes, on phone viewports (360×740): ten ballots cast at /vote, three
// of them offline and delivered later; a reused code refused; results invisible before the
// close; the published tally matches and a member's code hash is in the list; a paper ballot
// entered by the organizer counted once; and nothing stored links a ballot to a person, though
// the member also sent a report from the same phone.

type Choice = 'agree' | 'abstain' | 'disagree' | 'block';
const LABEL: Record<Choice, string> = {
  agree: 'Agree',
  abstain: 'Abstain',
  disagree: 'Disagree',
  block: 'Block',
};

let t: TestNode;
let browser: Browser;
let editor: Headers;
let organizer: Headers;
let planks: string[];
let voteId: string;
let codesA: string[];
let codesB: string[];
/** The report page's device key of the member who also reports from the phone they vote on. */
let reporterKey: string;
const faults: string[] = [];
const phones: BrowserContext[] = [];

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

/** A member's phone with the ballot of `code` open (from the QR's link). */
async function phone(code: string, options: { offlineReady?: boolean; form?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 740 } });
  phones.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => faults.push(err.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/ERR_INTERNET_DISCONNECTED|Failed to fetch|status of 404/.test(m.text()))
      faults.push(m.text());
  });
  await page.goto(`${t.url}/vote#code=${code}`);
  await page
    .locator(options.form === false ? '#v-title' : 'fieldset')
    .first()
    .waitFor();
  // The code left the address at once: it is in no history entry.
  expect(page.url()).toBe(`${t.url}/vote`);
  if (options.offlineReady) {
    // The service worker keeps the page: wait until it controls it, then the phone may go offline.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await page.locator('fieldset').first().waitFor();
  }
  return page;
}

async function choose(page: Page, choices: Choice[], reason?: string): Promise<void> {
  for (const [i, choice] of choices.entries()) {
    await page
      .locator(`fieldset[data-plank="${planks[i]}"]`)
      .getByLabel(LABEL[choice], { exact: true })
      .check();
  }
  if (reason) await page.locator('fieldset').first().getByRole('textbox').fill(reason);
  await page.getByRole('button', { name: 'Cast the ballot' }).click();
}

const stateOf = (page: Page) => page.locator('#v-state').getAttribute('data-state');

beforeAll(async () => {
  t = await startTestNode();
  browser = await launchBrowser();
  editor = await deskAccount(t, 'gulnar', 'editor');
  organizer = await deskAccount(t, 'dana', 'organizer');
  const org = organizeClient(t, organizer);
  const colA = (await org.post('', { name: 'Depot A', units: [] })).body.id;
  const colB = (await org.post('', { name: 'Depot B', units: [] })).body.id;
  planks = [];
  for (const en of ['Raise wages by 30%', 'Recognise the independent union']) {
    const made = await api(editor, 'POST', '/desk/program/planks', { text: { ru: '', kk: '', en } });
    await api(editor, 'POST', `/desk/program/planks/${made.body.id}/status`, {
      prev: [made.body.version],
      status: 'put_to_vote',
    });
    planks.push(made.body.id);
  }
  const vote = await api(editor, 'POST', '/desk/program/votes', {
    planks,
    collectives: [colA, colB],
    quorum: 0.5,
    title: { en: 'Spring meeting' },
  });
  voteId = vote.body.id;
  codesA = (
    await api(organizer, 'POST', `/desk/program/votes/${voteId}/codes`, { collective: colA, count: 8 })
  ).body.codes;
  codesB = (
    await api(organizer, 'POST', `/desk/program/votes/${voteId}/codes`, { collective: colB, count: 5 })
  ).body.codes;
}, 120_000);
afterAll(async () => {
  for (const p of phones) await p.close().catch(() => {});
  await browser?.close();
  await t?.close();
});

// Ten web ballots: the first three cast offline. Tally expected: wages 8 agree, 1 disagree,
// 1 abstain; union 6 agree, 2 disagree, 2 abstain. The paper ballot adds agree, agree.
const WEB: Array<[() => string, Choice[]]> = [
  [() => codesA[0]!, ['agree', 'agree']],
  [() => codesA[1]!, ['agree', 'disagree']],
  [() => codesB[0]!, ['agree', 'abstain']],
  [() => codesA[2]!, ['agree', 'agree']],
  [() => codesA[3]!, ['disagree', 'agree']],
  [() => codesA[4]!, ['agree', 'agree']],
  [() => codesA[5]!, ['abstain', 'disagree']],
  [() => codesB[1]!, ['agree', 'agree']],
  [() => codesB[2]!, ['agree', 'abstain']],
  [() => codesA[6]!, ['agree', 'agree']],
];

describe('the vote page on phones', () => {
  let offline: Page[] = [];
  let first: Page;

  it('casts three ballots offline: they wait on the phones', async () => {
    offline = [];
    for (const [code, choices] of WEB.slice(0, 3)) {
      const page = await phone(code(), { offlineReady: true });
      await page.context().setOffline(true);
      await choose(
        page,
        choices,
        code() === codesA[0] ? 'five years without a raise — reason-v1' : undefined,
      );
      await expect.poll(() => stateOf(page), { timeout: 20_000 }).toBe('queued');
      await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/No connection/);
      offline.push(page);
    }
    first = offline[0]!;
    await t.node.desk!.settled();
    const v = await api(editor, 'GET', `/desk/program/votes/${voteId}`);
    expect(v.body.ballots.received).toBe(0);
  });

  it('casts seven online, and a reused code is refused on the page and at the desk', async () => {
    let late: Page | undefined;
    for (const [i, [code, choices]] of WEB.slice(3).entries()) {
      if (i === 0) {
        // Another phone opens the same code before this one casts it: it will come second.
        late = await phone(code());
      }
      const page = await phone(code());
      await choose(page, choices);
      await expect.poll(() => stateOf(page), { timeout: 20_000 }).toBe('delivered');
      await page.context().close();
    }
    // The phone that opened the code first casts it after the other: delivered, never counted.
    await choose(late!, ['block', 'block']);
    await expect.poll(() => stateOf(late!), { timeout: 20_000 }).toBe('delivered');
    // Opened again, the code is refused on the page at once: no form, the reason said.
    await t.node.desk!.settled();
    const used = await phone(codesA[2]!, { form: false });
    await used.locator('#v-used').waitFor();
    expect(await used.locator('#v-used').textContent()).toContain('already been used');
    expect(await used.locator('fieldset').count()).toBe(0);
    await t.node.desk!.settled();
    const v = await api(editor, 'GET', `/desk/program/votes/${voteId}`);
    expect(v.body.ballots).toMatchObject({ received: 8, counted: 7, refused: { code_used: 1 } });
  }, 120_000);

  it('delivers the offline ballots when the phones are back online', async () => {
    for (const page of offline) await page.context().setOffline(false);
    for (const page of offline) await expect.poll(() => stateOf(page), { timeout: 30_000 }).toBe('delivered');
    await t.node.desk!.settled();
    const v = await api(editor, 'GET', `/desk/program/votes/${voteId}`);
    expect(v.body.ballots).toMatchObject({ received: 11, counted: 10 });
    expect(t.logs.join('')).not.toContain('reason-v1');
  }, 60_000);

  it('counts a paper ballot entered by the organizer once', async () => {
    const path = `/desk/program/votes/${voteId}/paper`;
    const choices = planks.map((plank) => ({ plank, choice: 'agree' }));
    expect((await api(organizer, 'POST', path, { code: codesB[3], choices })).body).toMatchObject({
      status: 'counted',
    });
    expect((await api(organizer, 'POST', path, { code: codesB[3], choices })).body.error.code).toBe(
      'code_used',
    );
    const v = await api(editor, 'GET', `/desk/program/votes/${voteId}`);
    expect(v.body.ballots.counted).toBe(11);
  });

  it('takes the ballot of a member who reports from the same phone', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 740 } });
    phones.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => faults.push(err.message));
    await page.goto(`${t.url}/report`);
    await page.getByLabel('What is happening?').fill('Depot B walked out at noon — marker-reporter-v1');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('li[data-state="delivered"]').count(), { timeout: 30_000 }).toBe(1);
    await t.node.desk!.settled();
    const desk = t.deskKey!;
    const report = t.node.log
      .query({ kinds: [Kind.GiftWrap], tags: { p: [desk.publicKey] } }, { as: 'node' })
      .filter((e) => e.pubkey !== desk.publicKey)
      .map((w) => openWrap(w, desk.secretKey))
      .find((o) => o.rumor.kind === Kind.Report && o.rumor.content.includes('marker-reporter-v1'))!;
    reporterKey = report.author;
    expect(reporterKey).toMatch(/^[0-9a-f]{64}$/);

    await page.goto(`${t.url}/vote#code=${codesB[4]}`);
    await page.locator('fieldset').first().waitFor();
    await choose(page, ['agree', 'agree']);
    await expect.poll(() => stateOf(page), { timeout: 20_000 }).toBe('delivered');
    await t.node.desk!.settled();
    const v = await api(editor, 'GET', `/desk/program/votes/${voteId}`);
    expect(v.body.ballots.counted).toBe(12);
  }, 60_000);

  it('shows no result before the close, anywhere', async () => {
    const v = await api(editor, 'GET', `/desk/program/votes/${voteId}`);
    expect(v.body.result).toBeNull();
    expect(JSON.stringify(v.body)).not.toMatch(/agree|disagree|abstain/);
    expect((await api(null, 'GET', `/votes/${voteId}`)).status).toBe(404);
    await first.getByRole('button', { name: 'Check again' }).click();
    await first.locator('#v-counted').waitFor();
    expect(await first.locator('#v-result').count()).toBe(0);
  });

  it('publishes the tally on closing; the member finds the code hash in the list', async () => {
    const closed = await api(editor, 'POST', `/desk/program/votes/${voteId}/close`);
    expect(closed.status).toBe(200);
    const pub = (await api(null, 'GET', `/votes/${voteId}`)).body;
    expect(pub.planks.map((p: { tally: unknown }) => p.tally)).toEqual([
      { agree: 10, abstain: 1, disagree: 1, block: 0, ballots: 12 },
      { agree: 8, abstain: 2, disagree: 2, block: 0, ballots: 12 },
    ]);
    expect(pub.planks.map((p: { outcome: string }) => p.outcome)).toEqual(['passed', 'passed']);
    const used = pub.collectives.flatMap((c: { used: string[] }) => c.used);
    expect(used).toHaveLength(12);
    expect(used).toContain(ballotCodeHash(normalizeBallotCode(codesA[0]!)!));
    expect(closed.body.reasons[planks[0]!]).toEqual([
      { choice: 'agree', reason: 'five years without a raise — reason-v1' },
    ]);

    // The member's phone: the check against the published list, and the tally as published.
    await first.getByRole('button', { name: 'Check again' }).click();
    await first.locator('#v-check[data-counted="true"]').waitFor();
    const hash = (await first.locator('#v-hash').textContent())!.replace(/\s/g, '');
    expect(hash).toBe(ballotCodeHash(normalizeBallotCode(codesA[0]!)!));
    expect(used).toContain(hash);
    const wages = first.locator(`#v-result li[data-plank="${planks[0]}"]`);
    expect(await wages.textContent()).toContain('Agree: 10 · Abstain: 1 · Disagree: 1 · Block: 0 — Passed');
    expect(
      await first.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(0);
  });

  it('stores nothing that links a ballot to a person: no code, and no reporter key beside a ballot', async () => {
    const db = t.node.db;
    const tables = (
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    const rows = tables.flatMap((name) =>
      (db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]).map((row) => ({
        name,
        text: JSON.stringify(row, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)),
      })),
    );
    expect(rows.length).toBeGreaterThan(50);
    // No code, in any form, in any row of any table.
    for (const code of [...codesA, ...codesB]) {
      const plain = normalizeBallotCode(code)!;
      for (const form of [code, plain, code.toLowerCase(), plain.toLowerCase()])
        expect(rows.find((r) => r.text.includes(form))?.name, form).toBeUndefined();
    }
    // The ballots as the desk opens them: sealed by keys made for each, never the device key.
    const desk = t.deskKey!;
    const ballots = t.node.log
      .query({ kinds: [Kind.GiftWrap], tags: { p: [desk.publicKey] } }, { as: 'node' })
      .filter((e) => e.pubkey !== desk.publicKey)
      .map((wrap) => ({ wrap, opened: openWrap(wrap, desk.secretKey) }))
      .filter((b) => b.opened.rumor.kind === Kind.Ballot);
    // Ten web ballots, the one refused as a reused code, the reporter's (the paper one is the desk's).
    expect(ballots).toHaveLength(12);
    const authors = new Set(ballots.map((b) => b.opened.author));
    expect(authors.size).toBe(ballots.length);
    for (const { wrap, opened } of ballots) {
      expect(opened.author).not.toBe(reporterKey);
      expect(JSON.stringify(opened.rumor)).not.toContain(reporterKey);
      expect(JSON.stringify(wrap)).not.toContain(reporterKey);
    }
    // No row that names the reporter key names a ballot, its code's hash or the vote.
    const ballotMarks = [
      voteId,
      ...ballots.flatMap((b) => [b.wrap.id, b.opened.rumor.id]),
      ...[...codesA, ...codesB].map((c) => ballotCodeHash(normalizeBallotCode(c)!)),
    ];
    const withKey = rows.filter((r) => r.text.includes(reporterKey));
    expect(withKey.length).toBeGreaterThan(0);
    for (const row of withKey)
      expect(
        ballotMarks.find((mark) => row.text.includes(mark)),
        row.name,
      ).toBeUndefined();
  });

  it('speaks Russian and Kazakh, and a typed code opens a ballot', async () => {
    const page = await phone(codesA[7]!, { form: false });
    await page.getByRole('button', { name: 'Vote with another code' }).click();
    await page.getByLabel('Ballot code').fill('nonsense');
    await page.getByRole('button', { name: 'Open the ballot' }).click();
    await expect.poll(() => page.locator('#v-error').textContent()).toContain('not a ballot code');
    await page.getByLabel('Ballot code').fill(codesA[7]!.toLowerCase());
    await page.getByRole('button', { name: 'Open the ballot' }).click();
    await page.getByText('The vote is closed.').waitFor();
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { name: 'Голосование', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Қазақша' }).click();
    await page.getByRole('heading', { name: 'Дауыс беру', exact: true }).waitFor();
    expect(faults).toEqual([]);
  });
});
