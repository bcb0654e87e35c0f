// What the desk tells an editor, in Russian, about how a reply travels: a report sent through a
// node the desk cannot reach (unroutable), an SMS report no gateway here can answer
// (sms_unavailable: the reply cannot be delivered), and an SMS reply the gateway phone did not
// take; the reporter named by the codename their phone shows.
import { createHmac } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codename } from '../../src/core/codename.js';
import { generateKeyPair } from '../../src/crypto/keys.js';
import ru from '../../web/i18n/ru.json' with { type: 'json' };
import { seriousAxeViolations } from '../support/axe.js';
import { launchBrowser } from '../support/browser.js';
import { buildWrap, postJson, startTestNode, TEST_ADMIN_PASSWORD, type TestNode } from '../support/node.js';

const SIGNING_KEY = 'gateway-signing-key-desk';
const M = ru as Record<string, string>;

let desk: TestNode;
let relay: TestNode;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];
const stranger = generateKeyPair().publicKey;
const webReporter = generateKeyPair();

async function sms(node: TestNode, id: string, message: string, phoneNumber: string): Promise<string> {
  const body = JSON.stringify({
    event: 'sms:received',
    id,
    payload: { messageId: id, message, phoneNumber, receivedAt: new Date().toISOString() },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const res = await fetch(`${node.url}/api/v1/intake/sms`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-signature': createHmac('sha256', SIGNING_KEY)
        .update(body + timestamp)
        .digest('hex'),
      'x-timestamp': timestamp,
    },
    body,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

beforeAll(async () => {
  // The desk's gateway phone is switched off: nothing listens where it should answer.
  desk = await startTestNode({
    config: { sms_signing_key: SIGNING_KEY, sms_gateway: { url: 'http://127.0.0.1:9/message' } },
  });
  relay = await startTestNode({
    role: 'relay',
    deskPubkey: desk.node.deskPubkey!,
    config: { sms_signing_key: SIGNING_KEY },
  });
  const web = buildWrap(desk.node.deskPubkey!, {
    reporter: webReporter,
    content: {
      text: 'Забастовка на руднике, сообщение через чужой узел route-web',
      channel: 'web',
      reply_key: generateKeyPair().publicKey,
      via: stranger,
    },
  });
  // An SMS this desk took itself (its gateway can answer, when it is on) and one another node took.
  await sms(desk, 'here-1', 'Водители автобусов в Актау остановили работу route-sms-here', '+77015550101');
  const elsewhere = await sms(relay, 'there-1', 'Митинг у акимата Жанаозена route-sms-there', '+77015550102');
  const res = await postJson(`${desk.url}/api/v1/events`, [web, relay.node.log.get(elsewhere)]);
  expect(res.body.accepted).toHaveLength(2);
  await desk.node.desk!.settled();

  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 360, height: 740 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (m) => {
    // The refused replies answer 409 and 502: the page shows them, the console notes them.
    if (m.type() === 'error' && !/status of (401|409|502)/.test(m.text())) problems.push(m.text());
  });
  await page.goto(`${desk.url}/desk`);
  await page.locator('#username').fill('admin');
  await page.locator('#password').fill(TEST_ADMIN_PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.locator('#open-inbox').waitFor();
}, 90_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await relay?.close();
  await desk?.close();
});

const card = (marker: string) => page.locator('article.report', { hasText: marker });

async function openConversation(marker: string): Promise<void> {
  await page.goto(`${desk.url}/desk#/inbox`);
  await card(marker).first().waitFor();
  await card(marker)
    .getByRole('link', { name: /^Переписка с / })
    .click();
  await page.locator('#reply-text').waitFor();
}

describe('reply routes at the desk', () => {
  it('warns on the inbox cards when replies cannot reach a reporter, and names reporters by codename', async () => {
    await page.goto(`${desk.url}/desk#/inbox`);
    await card('route-web').waitFor();
    expect(await card('route-web').textContent()).toContain(M['desk.inbox.unroutable']);
    expect(await card('route-sms-there').textContent()).toContain(M['desk.inbox.sms_unavailable']);
    // This desk's own SMS can be answered: no warning.
    expect(await card('route-sms-here').locator('.notice').count()).toBe(0);
    expect(
      await card('route-web')
        .getByRole('link', { name: /^Переписка с / })
        .textContent(),
    ).toBe(M['desk.inbox.reporter_link']!.replace('{name}', codename(webReporter.publicKey)));
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('says a reply to an SMS no gateway here can send cannot be delivered, and offers no send', async () => {
    await openConversation('route-sms-there');
    expect(await page.locator('.reply-form .notice').textContent()).toBe(M['desk.reporter.sms_unavailable']);
    expect(await page.locator('#reply-send').isDisabled()).toBe(true);
  });

  it('says, in the editor’s language, that the gateway phone did not take an SMS reply; nothing is added', async () => {
    await openConversation('route-sms-here');
    expect(await page.locator('.reply-form .notice').textContent()).toBe(M['desk.reporter.sms_note']);
    await page.locator('#reply-text').fill('Спасибо, сколько автобусов стоит?');
    await page.locator('#reply-send').click();
    await expect
      .poll(() => page.locator('.reply-form [role="alert"]').textContent())
      .toBe(M['desk.error.sms_gateway_failed']);
    expect(await page.locator('.thread .from-desk').count()).toBe(0);
  });

  it('sends a reply to an unroutable reporter all the same, with the warning above the form', async () => {
    await openConversation('route-web');
    expect(await page.locator('.reply-form .notice').textContent()).toBe(M['desk.inbox.unroutable']);
    await page.locator('#reply-text').fill('Спасибо. Какой это рудник?');
    await page.locator('#reply-send').click();
    await page.locator('.thread .from-desk', { hasText: 'Какой это рудник' }).waitFor();
    expect(problems).toEqual([]);
  });
});
