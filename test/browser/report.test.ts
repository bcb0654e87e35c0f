import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NostrEvent } from '../../src/core/event.js';
import { Kind } from '../../src/core/kinds.js';
import { openWrap } from '../../src/crypto/seal.js';
import { replyToReporter } from '../../src/desk/replies.js';
import { importBundle } from '../../src/sync/bundle.js';
import { launchBrowser, TEST_OUTPUT } from '../support/browser.js';
import { startTestNode, type TestNode } from '../support/node.js';

/** Where `SCREENSHOTS=1` puts the pictures the docs show. */
const DOCS_IMG = fileURLToPath(new URL('../../docs/img/', import.meta.url));

let t: TestNode;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Script errors and CSP violations; a failed request while offline is expected, not a fault. */
const faults: string[] = [];
/** Every wrap id the page got an answer for from POST /api/v1/events. */
const posted: string[] = [];

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
  page.on('requestfinished', (request) => {
    if (request.method() !== 'POST' || !request.url().endsWith('/api/v1/events')) return;
    for (const wrap of JSON.parse(request.postData() ?? '[]') as NostrEvent[]) posted.push(wrap.id);
  });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

/** The reports stored on the node (wraps to the desk that the desk did not sign itself). */
function storedReports(): NostrEvent[] {
  const desk = t.deskKey!.publicKey;
  return t.node.log
    .query({ kinds: [Kind.GiftWrap], tags: { p: [desk] } }, { as: 'node' })
    .filter((e) => e.pubkey !== desk);
}

function textOf(wrap: NostrEvent): string {
  return (JSON.parse(openWrap(wrap, t.deskKey!.secretKey).rumor.content) as { text: string }).text;
}

const delivered = () => page.locator('li[data-state="delivered"]').count();
const queued = () => page.locator('li[data-state="queued"]').count();

async function send(text: string): Promise<void> {
  await page.getByLabel('What is happening?').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

describe('the report page in a browser', () => {
  it('seals a report on the phone and the node stores what only the desk can open', async () => {
    await page.goto(`${t.url}/report`);
    await page.getByRole('heading', { name: 'Send news from the ground' }).waitFor();
    await page.getByText('Details (optional)').click();
    await page.getByLabel('Town or village').fill('Temirtau');
    await send('Steelworkers at the blast furnace stopped work at 7:00 — phrase-7f3a');
    await expect.poll(delivered, { timeout: 20_000 }).toBe(1);

    const [wrap] = storedReports();
    expect(storedReports()).toHaveLength(1);
    expect(wrap!.content).not.toContain('phrase-7f3a');
    expect(textOf(wrap!)).toBe('Steelworkers at the blast furnace stopped work at 7:00 — phrase-7f3a');
    const content = JSON.parse(openWrap(wrap!, t.deskKey!.secretKey).rumor.content);
    expect(content).toMatchObject({ channel: 'web', lang: 'en', hints: { place: 'Temirtau' } });
    expect(t.logs.join('')).not.toContain('phrase-7f3a');

    await expect.poll(() => page.locator('#r-codename').textContent()).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expect.poll(() => page.locator('#r-items').textContent()).toContain('phrase-7f3a');
    expect(await page.getByLabel('What is happening?').inputValue()).toBe('');
    // The place given travels with the report and shows in the sent list.
    await expect
      .poll(() => page.locator('li.own').first().textContent())
      .toContain('Town or village: Temirtau');
    // The report names this node, where the page fetches replies.
    expect(content.via).toBe(t.node.nodeKey.publicKey);
  });

  it('marks a report ✓ when the node has it and ✓✓ once the desk’s receipt comes back', async () => {
    const own = page.locator('li.own').first();
    await expect.poll(() => own.textContent()).toContain('✓ Sent to the node');
    if (process.env.SCREENSHOTS) await page.screenshot({ path: join(DOCS_IMG, 'report-sent.png') });
    await t.node.desk!.settled();
    await t.node.receipts!.idle();
    const [report] = storedReports();
    const receipt = t.node.log
      .query({ kinds: [Kind.GiftWrap] }, { as: 'node' })
      .find((e) => e.pubkey !== t.deskKey!.publicKey && e.tags[0]?.[1] !== t.deskKey!.publicKey);
    // Made as a reply is: a one-time signer, one `p` (the report's reply key), the same work.
    expect(receipt?.tags.map((x) => x[0])).toEqual(['p', 'nonce']);
    expect(receipt?.tags[0]?.[1]).toBe(
      JSON.parse(openWrap(report!, t.deskKey!.secretKey).rumor.content).reply_key,
    );
    await page.getByRole('button', { name: 'Check for replies' }).click();
    await expect.poll(() => own.getAttribute('data-desk')).toBe('has');
    expect(await own.textContent()).toContain('✓✓ The desk has it');
    if (process.env.SCREENSHOTS) await page.screenshot({ path: join(DOCS_IMG, 'report-desk-has-it.png') });
  });

  it('opens with no connection, queues two reports, and delivers each exactly once when back online', async () => {
    // The service worker keeps the page: wait until it controls it.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Send news from the ground' }).waitFor();
    await send('Offline report one: bus drivers strike — phrase-b1');
    await send('Offline report two: 200 at the akimat — phrase-b2');
    await expect.poll(queued, { timeout: 20_000 }).toBe(2);
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/No connection/);
    expect(storedReports()).toHaveLength(1);

    // "Save to file": a bundle another node imports, while this phone is still offline.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save to file' }).click(),
    ]);
    const relay = await startTestNode({ role: 'relay', deskPubkey: t.deskKey!.publicKey });
    try {
      const imported = await importBundle(relay.node, readFileSync((await download.path())!));
      expect(imported).toMatchObject({ total: 2, new: 2, rejected: {} });
      const again = await importBundle(relay.node, readFileSync((await download.path())!));
      expect(again).toMatchObject({ new: 0, duplicates: 2 });
    } finally {
      await relay.close();
    }

    await context.setOffline(false);
    await expect.poll(delivered, { timeout: 30_000 }).toBe(3);
    const texts = storedReports().map(textOf).sort();
    expect(texts).toHaveLength(3);
    expect(texts.filter((x) => /phrase-b[12]/.test(x))).toHaveLength(2);

    // Another way back online and a reload send nothing again.
    await context.setOffline(true);
    await context.setOffline(false);
    await page.reload();
    await page.getByRole('heading', { name: 'Send news from the ground' }).waitFor();
    await page.waitForTimeout(1_000);
    expect(storedReports()).toHaveLength(3);
    expect(posted).toHaveLength(new Set(posted).size);
    expect(await delivered()).toBe(3);
  });

  it('shows the desk’s reply in the conversation', async () => {
    const opened = openWrap(storedReports()[0]!, t.deskKey!.secretKey);
    // The page sent a reply key inside the report; the reply is sealed to it, not to the device.
    const replyKey = (JSON.parse(opened.rumor.content) as { reply_key?: string }).reply_key;
    expect(replyKey).toMatch(/^[0-9a-f]{64}$/);
    await t.node.desk!.settled();
    const wrap = await replyToReporter(t.node, {
      to: opened.author,
      reportId: opened.rumor.id,
      text: 'Thank you. Which shift was it? — reply-91',
      actor: 'test',
    });
    expect(wrap.tags[0]).toEqual(['p', replyKey]);
    expect(wrap.pubkey).not.toBe(t.deskKey!.publicKey);
    await page.getByRole('button', { name: 'Check for replies' }).click();
    // A reply that came while the page is open is marked new.
    await page.locator('li.reply.new', { hasText: 'reply-91' }).waitFor();
    expect(await page.locator('li.reply.new .item-label').textContent()).toMatch(/^New · Editorial desk/);
    await page.screenshot({ path: join(TEST_OUTPUT, 'report.png'), fullPage: true });
  });

  it('switches language and keeps what is typed', async () => {
    await page.getByLabel('What is happening?').fill('half-written');
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { name: 'Сообщить новость с места' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    expect(await page.getByLabel('Что происходит?').inputValue()).toBe('half-written');
    await page.getByRole('button', { name: 'Қазақша' }).click();
    await page.getByRole('heading', { name: 'Оқиға орнынан хабар жіберу' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
  });

  it('wipes keys, queue, cache and service worker after one confirmation', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Wipe everything' }).click();
    await page.getByRole('heading', { name: /Wiped/ }).waitFor();
    const left = await page.evaluate(async () => ({
      databases: (await indexedDB.databases()).map((d) => d.name),
      caches: await caches.keys(),
      workers: (await navigator.serviceWorker.getRegistrations()).length,
    }));
    expect(left).toEqual({ databases: [], caches: [], workers: 0 });
    expect(faults).toEqual([]);
  });
});
