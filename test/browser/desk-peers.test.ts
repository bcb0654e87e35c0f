import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npubOf } from '../../src/crypto/keys.js';
import { createAccount } from '../../src/desk/accounts.js';
import { listAudit } from '../../src/desk/audit.js';
import { loadConfig } from '../../src/node/config.js';
import { trustedRelays } from '../../src/sync/trusted-relays.js';
import { launchBrowser, signInToDesk, TEST_OUTPUT } from '../support/browser.js';
import { buildDeskArticle, startTestNode, type TestNode } from '../support/node.js';

let desk: TestNode;
let relay: TestNode;
let browser: Browser;
const PASSWORD = 'a long password for peers';

beforeAll(async () => {
  desk = await startTestNode();
  relay = await startTestNode({
    role: 'relay',
    deskPubkey: desk.node.deskPubkey!,
    config: { name: 'border' },
  });
  await createAccount(desk.node.db, { username: 'amina', password: PASSWORD, role: 'admin' });
  await createAccount(desk.node.db, { username: 'eddie', password: PASSWORD, role: 'editor' });
  // Something for the sync to carry: an article the desk published.
  await desk.node.ingest.submit([buildDeskArticle(desk.deskKey!)], 'submit');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await relay?.close();
  await desk?.close();
});

async function signIn(username: string, width: number) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (m) => {
    // 401 before sign-in, the editor's 403 and the unreachable peer's 502 are answers, not faults.
    if (m.type() === 'error' && !/status of (401|403|502)/.test(m.text())) problems.push(m.text());
  });
  const chunks: string[] = [];
  page.on('request', (r) => {
    if (/\/assets\/desk-peers-[A-Z0-9]+\.js$/.test(r.url())) chunks.push(r.url());
  });
  await signInToDesk(page, desk.url, username, PASSWORD);
  return { context, page, problems, chunks };
}

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('the Peers screen of the desk', () => {
  it('an admin adds a node by its URL after comparing its key, syncs, trusts it and removes it, on a phone', async () => {
    const { context, page, problems, chunks } = await signIn('amina', 360);
    const relayKey = relay.node.nodeKey.publicKey;
    expect(chunks).toEqual([]);
    await page.getByRole('link', { name: 'Peers', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Peers' }).waitFor();
    await expect.poll(() => chunks.length).toBe(1);
    await page.getByText('No peers yet.').waitFor();
    // This node's own key, to give to the other operator.
    expect(await page.locator('.peer-key code').first().getAttribute('title')).toBe(
      npubOf(desk.node.nodeKey.publicKey),
    );

    // By keyboard: the address, Enter; the key the node announces is shown whole, focus on it.
    await page.getByLabel('Address of the node').fill(`${relay.url}/`);
    await page.getByLabel('Address of the node').press('Enter');
    await page.getByRole('heading', { name: 'Compare the node key' }).waitFor();
    expect(await page.locator('#peer-confirm-key').textContent()).toBe(npubOf(relayKey));
    await page.getByText('It calls itself “border”.').waitFor();
    await expect.poll(() => activeId(page)).toBe('peer-confirm');
    expect(loadConfig(desk.dataDir).peers).toEqual([]);
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('peer-confirm-add');
    await page.keyboard.press('Enter');
    await page.getByText('border added: it may pull the sealed reports this node holds.').waitFor();
    expect(await activeId(page)).toBe('peers-notice');
    await page.getByRole('heading', { level: 3, name: 'border' }).waitFor();
    expect(loadConfig(desk.dataDir).peers).toEqual([{ url: relay.url, pubkey: relayKey, name: 'border' }]);
    expect(desk.node.config.peers).toEqual([{ url: relay.url, pubkey: relayKey, name: 'border' }]);
    await page.locator('#peer-0').getByText('Not trusted by the network').waitFor();
    await page.locator('#peer-0').getByText('never').waitFor();

    await page.getByRole('button', { name: 'Sync now with border' }).click();
    await page.getByText(/^Synced with border: received 0, sent \d+\.$/).waitFor();
    await page.locator('#peer-0-run').waitFor();
    await page.locator('#peer-0').getByText('worked').waitFor();
    expect(relay.node.db.prepare('SELECT count(*) AS n FROM events WHERE kind = 30023').get()).toEqual({
      n: 1,
    });

    // Trust for the whole network: a new kind 10621 list, signed by the desk, after a confirmation.
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Trust border for the whole network' }).click();
    await page.getByText(/^border is on the desk's list of trusted relays/).waitFor();
    await page.locator('#peer-0').getByText('Trusted by the network').waitFor();
    expect(trustedRelays(desk.node)).toEqual([{ pubkey: relayKey, url: relay.url, name: 'border' }]);
    await page.getByRole('heading', { name: 'Relays trusted by the whole network' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(TEST_OUTPUT, 'desk-peers-360.png'), fullPage: true });

    await page.getByRole('button', { name: 'Stop trusting border' }).first().click();
    await page.getByText(/^border is no longer trusted/).waitFor();
    expect(trustedRelays(desk.node)).toEqual([]);

    // Rename, then remove (after a confirmation).
    await page.getByRole('button', { name: 'Rename border' }).click();
    await expect.poll(() => activeId(page)).toBe('peer-rename');
    await page.locator('#peer-rename').fill('border town');
    await page.locator('#peer-rename').press('Enter');
    await page.getByRole('heading', { level: 3, name: 'border town' }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Remove border town' }).click();
    await page.getByText('border town removed.').waitFor();
    await page.getByText('No peers yet.').waitFor();
    expect(loadConfig(desk.dataDir).peers).toEqual([]);

    // An error in the language of the desk: a node that does not answer, in Russian.
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByLabel('Адрес узла').fill('http://127.0.0.1:9');
    await page.getByRole('button', { name: 'Получить его ключ' }).click();
    await page.getByText('Узел по этому адресу недоступен.').waitFor();
    expect(await activeId(page)).toBe('peers-error');

    const actions = listAudit(desk.node.db, 20)
      .filter((a) => a.actor === 'amina')
      .map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'peer.add',
        'peer.sync',
        'relay.trust',
        'relay.untrust',
        'peer.rename',
        'peer.remove',
      ]),
    );
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('an editor has no Peers tab, and the API answers 403', async () => {
    const { context, page, problems } = await signIn('eddie', 1024);
    await page.getByRole('link', { name: 'Inbox', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Peers', exact: true }).count()).toBe(0);
    const status = await page.evaluate(async () => (await fetch('/api/v1/desk/peers')).status);
    expect(status).toBe(403);
    // Typed by hand, the route shows the node's refusal, not the screen.
    await page.goto(`${desk.url}/desk#/peers`);
    await page.getByText('Your role does not allow this.').waitFor();
    expect(await page.getByRole('button', { name: 'Fetch its key' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
