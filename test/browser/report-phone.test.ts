// The report page as a correspondent meets it on a phone (360×740), in Russian and in Kazakh:
// a report with its place and enterprise, ✓ then ✓✓, the codename the desk shows, a new reply
// highlighted, "Send now" once a node that was down answers again, "Save to file" and what to
// do with the file (it imports on another node), the warning on plain HTTP, the static
// mirror's page, and no serious or critical accessibility violation (axe-core).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NostrEvent } from '../../src/core/event.js';
import { loadConfig, saveConfig } from '../../src/node/config.js';
import kkMessages from '../../web/i18n/kk.json' with { type: 'json' };
import ruMessages from '../../web/i18n/ru.json' with { type: 'json' };
import { interpolate } from '../../web/src/shared/i18n.js';
import { backoffMs } from '../../web/src/shared/queue.js';
import { seriousAxeViolations } from '../support/axe.js';
import { launchBrowser, TEST_OUTPUT } from '../support/browser.js';
import { requireBuiltCli, tilshi } from '../support/cli.js';
import {
  deskSession,
  postJson,
  serveTestNode,
  startTestNode,
  TEST_ADMIN_PASSWORD,
  TEST_PASSPHRASE,
  type TestNode,
  tempDir,
} from '../support/node.js';
import { type StaticSite, serveSite } from '../support/static-site.js';

const PHONE = { width: 360, height: 740 };
const CATALOGUES = { ru: ruMessages, kk: kkMessages } as Record<'ru' | 'kk', Record<string, string>>;
const LOCALES = [
  ['ru-RU', 'ru'],
  ['kk-KZ', 'kk'],
] as const;

type Say = (key: string, params?: Record<string, string | number>) => string;

/** The page's words in `lang`, as its catalogue has them. */
function say(lang: 'ru' | 'kk'): Say {
  return (key, params) => {
    const message = CATALOGUES[lang][key];
    if (message === undefined) throw new Error(`no ${lang} message ${key}`);
    return interpolate(message, params);
  };
}

/** A report as the desk's inbox lists it (the fields these tests read). */
interface InboxRow {
  id: string;
  text: string;
  reporter: string;
  codename: string;
  via: string | null;
  reply_route: string;
}

let t: TestNode;
let browser: Browser;

beforeAll(async () => {
  requireBuiltCli();
  t = await startTestNode({ config: { sms_number: '+7 701 555 01 02' } });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A page in a fresh context, its script errors collected (a refused connection is expected). */
async function phone(locale: string, options: { serviceWorkers?: 'allow' | 'block'; b?: Browser } = {}) {
  const context = await (options.b ?? browser).newContext({
    locale,
    viewport: PHONE,
    serviceWorkers: options.serviceWorkers ?? 'block',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const faults: string[] = [];
  page.on('pageerror', (err) => faults.push(err.message));
  page.on('console', (m) => {
    // Expected: a refused connection while the node is down, the 404 of a mirror's missing API,
    // and Chromium's note that plain HTTP ignores the node's Cross-Origin-Opener-Policy.
    if (
      m.type() === 'error' &&
      !/ERR_CONNECTION_REFUSED|Failed to fetch|status of 404|Cross-Origin-Opener-Policy header has been ignored/.test(
        m.text(),
      )
    )
      faults.push(m.text());
  });
  return { context, page, faults };
}

/**
 * Every text the page's status lines ever showed, recorded from before its script runs, so that
 * a message that flashed for a moment is seen too.
 */
async function recordStatuses(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __statuses: string[] }).__statuses = seen;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[role="status"], .form-error')) {
        const text = el.textContent ?? '';
        if (text && !(el as HTMLElement).hidden && seen.at(-1) !== text) seen.push(text);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

const statuses = (page: Page) =>
  page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);

async function write(page: Page, m: Say, text: string, hints: Record<string, string> = {}) {
  await page.getByLabel(m('report.field.text')).fill(text);
  if (Object.keys(hints).length) {
    const details = page.locator('details:not(#r-sms)');
    if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) {
      await page.getByText(m('report.hints')).click();
    }
    for (const [name, value] of Object.entries(hints))
      await page.getByLabel(m(`report.field.${name}`)).fill(value);
  }
  await page.getByRole('button', { name: m('report.send'), exact: true }).click();
}

const own = (page: Page, marker: string) => page.locator('li.own', { hasText: marker });

/** The desk's view of its inbox, as the desk page gets it. */
async function deskInbox(node: TestNode) {
  await node.node.desk!.settled();
  const res = await fetch(`${node.url}/api/v1/desk/inbox?status=all&limit=200`, {
    headers: await deskSession(node),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { reports: InboxRow[] }).reports;
}

/** The bundle's events (the header line dropped). */
function bundleEvents(file: string): NostrEvent[] {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
  return lines.slice(1).map((l) => JSON.parse(l) as NostrEvent);
}

async function saveToFile(page: Page, m: Say) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: m('report.save') }).click(),
  ]);
  const name = download.suggestedFilename();
  expect(name).toMatch(/^tilshi-reports-\d{4}-\d{2}-\d{2}\.tilshi$/);
  return { download, name };
}

/** What the page says once the file is saved: which file, how many reports, what to do next. */
async function expectSavedNote(page: Page, m: Say, name: string, count: number) {
  const note = page.locator('#r-saved');
  await expect.poll(() => note.textContent()).toContain(m('report.more.saved', { file: name, count }));
  const text = await note.textContent();
  expect(text).toContain(m('report.more.saved_next'));
  expect(text).toContain('tilshi bundle import');
  expect(await note.getAttribute('role')).toBe('status');
}

for (const [locale, lang] of LOCALES) {
  const m = say(lang);
  /** The ✓ line without its time. */
  const sentMark = m('report.state.delivered').split('{time}')[0]!.trim();

  describe(`the report page in ${lang} on a phone`, () => {
    let context: BrowserContext;
    let page: Page;
    let faults: string[];

    beforeAll(async () => {
      ({ context, page, faults } = await phone(locale));
    });
    afterAll(async () => {
      expect(faults).toEqual([]);
      await context?.close();
    });

    it('sends a report with its place and enterprise; ✓, then ✓✓ once the desk opens it; the desk’s codename; a new reply highlighted; axe', async () => {
      await page.goto(`${t.url}/report`);
      await page.getByRole('heading', { name: m('report.heading') }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await seriousAxeViolations(page)).toEqual([]);

      const marker = `phone-${lang}-1`;
      const place = lang === 'ru' ? 'Темиртау' : 'Жезқазған';
      const enterprise = lang === 'ru' ? 'АрселорМиттал' : 'Қазақмыс';
      await write(page, m, `Рабочие остановили конвейер ${marker}`, { place, enterprise });
      const item = own(page, marker);
      await expect.poll(() => item.getAttribute('data-state'), { timeout: 20_000 }).toBe('delivered');
      // The sent list names the place and enterprise given, in the reporter's language.
      expect(await item.textContent()).toContain(
        `${m('report.field.place')}: ${place} · ${m('report.field.enterprise')}: ${enterprise}`,
      );
      expect(await item.textContent()).toContain(sentMark);
      expect(await item.getAttribute('data-desk')).toBeNull();

      // The codename on the phone is the one the desk shows beside the report.
      const codename = (await page.locator('#r-codename').textContent()) ?? '';
      expect(codename).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      const report = (await deskInbox(t)).find((r) => String(r.text).includes(marker));
      expect(report?.codename).toBe(codename);
      // Sent to this node, whose wraps reach the page: a reply can be routed.
      expect(report?.via).toBe(t.node.nodeKey.publicKey);
      expect(report?.reply_route).toBe('relay');

      // The desk's receipt: ✓✓ once the page fetches it.
      await t.node.receipts!.idle();
      await page.getByRole('button', { name: m('report.check') }).click();
      await expect.poll(() => item.getAttribute('data-desk')).toBe('has');
      expect(await item.textContent()).toContain(m('report.state.desk_has'));
      expect(await item.textContent()).not.toContain(sentMark);

      // A reply from the desk, fetched while the page is open, is marked new.
      const answered = await postJson(
        `${t.url}/api/v1/desk/replies`,
        { to: report!.reporter, report_id: report!.id, text: `Спасибо! reply-${lang}` },
        await deskSession(t),
      );
      expect(answered).toMatchObject({ status: 201, body: { route: 'relay' } });
      await page.getByRole('button', { name: m('report.check') }).click();
      const reply = page.locator('li.reply', { hasText: `reply-${lang}` });
      await expect.poll(() => reply.getAttribute('class')).toBe('reply new');
      expect(await reply.locator('.item-label').textContent()).toMatch(
        new RegExp(`^${m('report.new')} · ${m('report.desk')}`),
      );
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.screenshot({ path: join(TEST_OUTPUT, `report-phone-${lang}.png`), fullPage: true });

      // Opened again, the reply is kept but no longer new; the report stays ✓✓.
      await page.reload();
      await reply.waitFor();
      expect(await reply.getAttribute('class')).toBe('reply');
      await expect.poll(() => item.getAttribute('data-desk')).toBe('has');
    }, 90_000);

    it('explains the SMS route with what SMS reveals', async () => {
      await page.getByText(m('report.sms')).click();
      const sms = page.locator('#r-sms');
      await expect.poll(() => sms.textContent()).toContain('+7 701 555 01 02');
      expect(await sms.textContent()).toContain(m('report.more.sms_risk'));
      expect(await seriousAxeViolations(page)).toEqual([]);
    });

    it('sends at once on "Send now" when the node that was down answers again; "Save to file" says what it saved and what next; the file imports on another node', async () => {
      // The node is down: every POST of a report is refused at the connection.
      const failures: number[] = [];
      await page.route('**/api/v1/events', (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        failures.push(Date.now());
        return route.abort('connectionrefused');
      });
      const marker = `down-${lang}`;
      await write(page, m, `Водители автобусов бастуют ${marker}`);
      const item = own(page, marker);
      await expect.poll(() => failures.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
      await expect.poll(() => item.getAttribute('data-state')).toBe('queued');
      const sendNow = page.getByRole('button', { name: m('report.send_now') });
      await expect.poll(() => sendNow.isVisible()).toBe(true);

      // Saved while it waits: the page says which file, how many reports, and what to do next.
      const { download, name } = await saveToFile(page, m);
      await expectSavedNote(page, m, name, 1);
      expect(await seriousAxeViolations(page)).toEqual([]);
      const file = join(TEST_OUTPUT, `report-phone-${lang}.tilshi`);
      await download.saveAs(file);

      // Three tries failed: the page would wait backoffMs(3) before the next by itself.
      await expect.poll(() => failures.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
      const lastFailure = failures.at(-1)!;
      await page.unroute('**/api/v1/events');
      const sent = page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/events') && r.ok(),
      );
      await sendNow.click();
      await sent;
      expect(Date.now() - lastFailure).toBeLessThan(backoffMs(3));
      await expect.poll(() => item.getAttribute('data-state')).toBe('delivered');
      expect(await item.textContent()).toContain(sentMark);
      expect(await sendNow.isVisible()).toBe(false);

      // The file is what the desk got, and a node that never saw the page takes it.
      const [wrap] = bundleEvents(file);
      expect(bundleEvents(file)).toHaveLength(1);
      expect(t.node.log.get(wrap!.id)).toBeDefined();
      await importOnRelay(file);
    }, 90_000);
  });
}

describe('the report page when its first question to the node is lost', () => {
  it('asks again before saying anything, and never tells someone online to connect', async () => {
    const m = say('ru');
    const { context, page, faults } = await phone('ru-RU');
    await recordStatuses(context);
    let lost = 0;
    await page.route('**/api/v1/node', (route) =>
      lost++ === 0 ? route.abort('connectionreset') : route.continue(),
    );
    try {
      await page.goto(`${t.url}/report`);
      await write(page, m, 'Первый вопрос к узлу потерялся lost-1');
      await expect
        .poll(() => own(page, 'lost-1').getAttribute('data-state'), { timeout: 20_000 })
        .toBe('delivered');
      expect(lost).toBeGreaterThanOrEqual(2);
      expect(await statuses(page)).not.toContain(m('report.status.no_node'));
      expect(faults.filter((f) => !/ERR_CONNECTION_RESET/.test(f))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});

/** `tilshi bundle import FILE` on a relay of the test desk, made by `tilshi init`. */
async function importOnRelay(file: string): Promise<void> {
  const relay = tempDir('tilshi-relay-');
  try {
    const init = await tilshi(['init', '--desk-pubkey', t.node.deskPubkey!, '--data', relay.dir]);
    expect(init.code).toBe(0);
    // The test node asks for 8 bits of work; the page mined that much.
    saveConfig(relay.dir, { ...loadConfig(relay.dir), pow_difficulty: t.node.config.pow_difficulty });
    const first = await tilshi(['bundle', 'import', file, '--data', relay.dir]);
    expect(first.stdout).toMatch(/1 new of 1 events, 0 already here/);
    expect(first.code).toBe(0);
    const again = await tilshi(['bundle', 'import', file, '--data', relay.dir]);
    expect(again.stdout).toMatch(/0 new of 1 events, 1 already here/);
  } finally {
    relay.remove();
  }
}

describe('the report page on plain HTTP', () => {
  let plain: Browser;
  beforeAll(async () => {
    // A name other than localhost: Chromium then treats the page as not a secure context.
    plain = await launchBrowser(['--host-resolver-rules=MAP report.test 127.0.0.1']);
  });
  afterAll(() => plain?.close());

  for (const [locale, lang] of LOCALES) {
    it(`warns in ${lang} that there is no offline copy: keep the tab open; reports still go`, async () => {
      const m = say(lang);
      const { context, page, faults } = await phone(locale, { b: plain, serviceWorkers: 'allow' });
      try {
        const url = `http://report.test:${new URL(t.url).port}/report`;
        await page.goto(url);
        await page.getByRole('heading', { name: m('report.heading') }).waitFor();
        expect(await page.evaluate(() => [isSecureContext, 'serviceWorker' in navigator])).toEqual([
          false,
          false,
        ]);
        await expect.poll(() => page.locator('#r-insecure').textContent()).toBe(m('report.more.insecure'));
        await page.getByLabel(m('report.field.text')).fill(`Простой HTTP plain-${lang}`);
        await page.getByRole('button', { name: m('report.send'), exact: true }).click();
        await expect
          .poll(() => own(page, `plain-${lang}`).getAttribute('data-state'), { timeout: 30_000 })
          .toBe('delivered');
        expect(await seriousAxeViolations(page)).toEqual([]);
        expect(faults).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});

describe('the static mirror’s report page (tilshi export site)', () => {
  let desk: TestNode;
  let site: StaticSite;
  let out: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    // A desk made and exported by the commands an operator runs, then served as a node.
    const data = tempDir('tilshi-mirror-desk-');
    const env = { TILSHI_DESK_PASSPHRASE: TEST_PASSPHRASE, TILSHI_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD };
    expect((await tilshi(['init', '--desk', '--data', data.dir], env)).code).toBe(0);
    saveConfig(data.dir, { ...loadConfig(data.dir), pow_difficulty: 8 });
    out = tempDir('tilshi-mirror-');
    const exported = await tilshi(['export', 'site', '--out', out.dir, '--data', data.dir], env);
    expect(exported.code).toBe(0);
    desk = await serveTestNode(data.dir);
    site = await serveSite(out.dir);
  }, 60_000);
  afterAll(async () => {
    await site?.close();
    await desk?.close();
    out?.remove();
  });

  for (const [locale, lang] of LOCALES) {
    const m = say(lang);

    it(`${lang}: with no node behind it, keeps sealed reports and saves them to a file, never asking someone online to connect; once a node answers, sends to it`, async () => {
      site.node = null;
      site.requests.length = 0;
      const { context, page, faults } = await phone(locale, { serviceWorkers: 'allow' });
      await recordStatuses(context);
      // How often the page wakes itself (timers) while it has nothing to do.
      await context.addInitScript(() => {
        const w = window as unknown as { __timers: number };
        w.__timers = 0;
        const set = window.setTimeout;
        window.setTimeout = ((...args: Parameters<typeof set>) => {
          w.__timers++;
          return set(...args);
        }) as typeof set;
      });
      try {
        await page.goto(`${site.url}/report.html`);
        await expect.poll(() => page.getByRole('status').first().textContent()).toBe(m('report.more.mirror'));
        expect(await seriousAxeViolations(page)).toEqual([]);

        const marker = `mirror-${lang}-1`;
        await write(page, m, `Шахтёры под землёй третьи сутки ${marker}`);
        const first = own(page, marker);
        await expect.poll(() => first.getAttribute('data-state'), { timeout: 20_000 }).toBe('queued');
        // Nothing to send to: no "Send now", no "Check for replies"; the file is the way out.
        expect(await page.getByRole('button', { name: m('report.send_now') }).isVisible()).toBe(false);
        expect(await page.getByRole('button', { name: m('report.check') }).isVisible()).toBe(false);
        expect(site.requests.filter((r) => r === 'POST /api/v1/events')).toEqual([]);
        // Idle: the page does not spin over its queue while no node answers.
        const timers = () => page.evaluate(() => (window as unknown as { __timers: number }).__timers);
        const before = await timers();
        await page.waitForTimeout(2_000);
        expect((await timers()) - before).toBeLessThan(5);

        const { download, name } = await saveToFile(page, m);
        await expectSavedNote(page, m, name, 1);
        expect(await seriousAxeViolations(page)).toEqual([]);
        await page.screenshot({ path: join(TEST_OUTPUT, `report-mirror-${lang}.png`), fullPage: true });

        // The file goes to the desk through its Transfer panel's upload.
        const upload = await fetch(`${desk.url}/api/v1/sync/bundle`, {
          method: 'POST',
          headers: { ...(await deskSession(desk)), 'content-type': 'application/gzip' },
          body: readFileSync((await download.path())!),
        });
        expect(upload.status).toBe(200);
        expect(await upload.json()).toMatchObject({ new: 1 });
        expect((await deskInbox(desk)).some((r) => String(r.text).includes(marker))).toBe(true);

        // A node answers behind the mirror now: the next report goes to it, and the one that
        // waited goes with it (the node counts the copy the file brought as a duplicate).
        site.node = desk.url;
        const second = `mirror-${lang}-2`;
        await write(page, m, `Ответ на узел ${second}`);
        await expect.poll(() => first.getAttribute('data-state'), { timeout: 20_000 }).toBe('delivered');
        await expect
          .poll(() => own(page, second).getAttribute('data-state'), { timeout: 20_000 })
          .toBe('delivered');
        const report = (await deskInbox(desk)).find((r) => String(r.text).includes(second));
        // Sealed once the node answered: it names the node, so replies can come back.
        expect(report?.via).toBe(desk.node.nodeKey.publicKey);
        expect(await page.getByRole('button', { name: m('report.check') }).isVisible()).toBe(true);

        const shown = await statuses(page);
        expect(shown).toContain(m('report.more.mirror'));
        expect(shown).not.toContain(m('report.status.no_node'));
        expect(faults).toEqual([]);
      } finally {
        await context.close();
      }
    }, 90_000);
  }
});
