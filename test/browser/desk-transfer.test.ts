// The desk's Transfer panel in a browser: a bundle taken from the connected desk node (A) is
// brought to an air-gapped machine of the same desk (B) as a file, and to another (C) as a loop
// of QR codes read from A's screen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NostrEvent } from '../../src/core/event.js';
import { readBundle } from '../../src/sync/bundle.js';
import { launchBrowser, TEST_OUTPUT } from '../support/browser.js';
import {
  buildDeskCodedEvent,
  buildWrap,
  startDeskTwin,
  startTestNode,
  TEST_ADMIN_PASSWORD,
  type TestNode,
} from '../support/node.js';

let field: TestNode;
// Two more machines of the same desk: the air-gapped desks a courier brings bundles to.
let desk: TestNode;
let other: TestNode;
let browser: Browser;
let events: NostrEvent[];

beforeAll(async () => {
  field = await startTestNode();
  desk = await startDeskTwin(field);
  other = await startDeskTwin(field);
  const deskPubkey = field.node.deskPubkey!;
  // Reports long enough that the QR loop has many frames (sealed content does not compress).
  events = [
    ...Array.from({ length: 4 }, (_, i) =>
      buildWrap(deskPubkey, { text: `Рабочие шахты ${i} остановили работу. ${'Подробности. '.repeat(40)}` }),
    ),
    buildDeskCodedEvent(field.deskKey!),
  ];
  const stored = await field.node.ingest.submit(events);
  expect(stored.filter((r) => !r.ok)).toEqual([]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([desk?.close(), field?.close(), other?.close()]);
});

async function openTransfer(node: { url: string }, username = 'admin', password = TEST_ADMIN_PASSWORD) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 900, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('status of 401')) problems.push(m.text());
  });
  await page.goto(`${node.url}/desk`);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#nav-transfer').click({ timeout: 20_000 });
  await page.getByRole('heading', { name: 'Transfer: files and QR codes' }).waitFor();
  return { context, page, problems };
}

/** Prepare a bundle in the panel and save it: the file's bytes. */
async function exportFile(page: Page): Promise<Buffer> {
  await page.locator('#transfer-export').click();
  await page.locator('#transfer-save').waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#transfer-save').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^tilshi-\d{4}-\d{2}-\d{2}\.tilshi$/);
  return readFileSync((await download.path())!);
}

describe('the desk Transfer panel', () => {
  it('takes a bundle file from one desk node and stores it on an air-gapped one', async () => {
    const a = await openTransfer(field);
    const file = await exportFile(a.page);
    const { header, events: carried } = readBundle(new Uint8Array(file));
    expect(header.node).toBe(field.node.nodeKey.publicKey);
    expect(carried.map((e) => (e as NostrEvent).id).sort()).toEqual(events.map((e) => e.id).sort());

    const b = await openTransfer(desk);
    await b.page
      .locator('#transfer-file')
      .setInputFiles({ name: 'courier.tilshi', mimeType: 'application/gzip', buffer: file });
    await expect
      .poll(() => b.page.locator('#transfer-result').textContent())
      .toContain(`${events.length} new, 0 already here, of ${events.length}.`);
    expect(await b.page.locator('#transfer-result code').textContent()).toBe(field.node.nodeKey.publicKey);
    for (const e of events) expect(desk.node.log.has(e.id)).toBe(true);
    await b.page.screenshot({ path: join(TEST_OUTPUT, 'desk-transfer-upload.png'), fullPage: true });

    // The same file again stores nothing new.
    await b.page
      .locator('#transfer-file')
      .setInputFiles({ name: 'courier.tilshi', mimeType: 'application/gzip', buffer: file });
    await expect
      .poll(() => b.page.locator('#transfer-result').textContent())
      .toContain(`0 new, ${events.length} already here`);
    // Not a bundle: refused with a readable reason.
    await b.page
      .locator('#transfer-file')
      .setInputFiles({ name: 'x.tilshi', mimeType: 'application/gzip', buffer: Buffer.from('not gzip') });
    await expect
      .poll(() => b.page.locator('#transfer-result').textContent())
      .toBe('This is not a bundle file, or it is cut short.');

    // No camera on this machine: the panel says so rather than waiting.
    await b.page.locator('#transfer-scan-start').click();
    await expect
      .poll(() => b.page.locator('.error').allTextContents())
      .toContainEqual(expect.stringMatching(/camera/i));

    await b.page.getByRole('button', { name: 'Қазақша' }).click();
    await b.page.getByRole('heading', { name: 'Тасымал: файлдар және QR-кодтар' }).waitFor();
    await b.page.getByRole('button', { name: 'Русский' }).click();
    await b.page.getByRole('heading', { name: 'Передача: файлы и QR-коды' }).waitFor();

    expect(a.problems).toEqual([]);
    // The 400 for the broken file is an answer the test provoked.
    expect(b.problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
    await a.context.close();
    await b.context.close();
  }, 90_000);

  it('shows a bundle as a QR loop that another node reads with 30% of the frames missing', async () => {
    const a = await openTransfer(field);
    const file = await exportFile(a.page);
    await a.page.locator('#transfer-qr-show').click();
    const image = a.page.locator('#transfer-qr-image');
    await expect.poll(() => image.getAttribute('data-frames')).toMatch(/^\d+$/);
    const total = Number(await image.getAttribute('data-frames'));
    expect(total).toBeGreaterThan(20);
    // The loop plays by itself.
    const first = await image.getAttribute('data-frame');
    await expect.poll(() => image.getAttribute('data-frame')).not.toBe(first);
    await a.page.screenshot({ path: join(TEST_OUTPUT, 'desk-transfer-qr.png'), fullPage: true });

    // Pause, then take every frame as the page shows it, one after another.
    await a.page.locator('#transfer-qr-play').click();
    await expect.poll(() => a.page.locator('#transfer-qr-next').isEnabled()).toBe(true);
    const frames = new Map<number, Buffer>();
    for (let i = 0; i < total; i++) {
      const shown = Number(await image.getAttribute('data-frame'));
      const src = (await image.getAttribute('src'))!;
      expect(src).toMatch(/^data:image\/png;base64,/);
      frames.set(shown, Buffer.from(src.slice(src.indexOf(',') + 1), 'base64'));
      await a.page.locator('#transfer-qr-next').click();
      await expect.poll(() => image.getAttribute('data-frame')).toBe(String((shown + 1) % total));
    }
    expect(frames.size).toBe(total);

    // Drop 30%, shuffle the rest (a fixed sequence, so that a failure can be replayed).
    let seed = 20261124;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const kept = [...frames.entries()].filter(() => random() >= 0.3);
    for (let i = kept.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [kept[i], kept[j]] = [kept[j]!, kept[i]!];
    }
    expect(kept.length).toBeLessThan(total * 0.8);

    const c = await openTransfer(other);
    const posted = c.page.waitForRequest(
      (r) => r.url().endsWith('/api/v1/sync/bundle') && r.method() === 'POST',
    );
    // The pictures go through the same decoder the camera loop calls for each camera frame.
    await c.page
      .locator('#transfer-images')
      .setInputFiles(
        kept.map(([n, png]) => ({ name: `frame-${n}.png`, mimeType: 'image/png', buffer: png })),
      );
    const body = (await posted).postDataBuffer();
    expect(body?.equals(file)).toBe(true);
    await expect
      .poll(() => c.page.locator('#transfer-result').textContent())
      .toContain(`${events.length} new, 0 already here, of ${events.length}.`);
    for (const e of events) expect(other.node.log.has(e.id)).toBe(true);
    await c.page.screenshot({ path: join(TEST_OUTPUT, 'desk-transfer-qr-read.png'), fullPage: true });

    expect(a.problems).toEqual([]);
    expect(c.problems).toEqual([]);
    await a.context.close();
    await c.context.close();
  }, 90_000);
});
