import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodedEventContent } from '../../src/core/content.js';
import { buildCodedEvent } from '../../src/core/records.js';
import { DEMAND_CLASS } from '../../src/core/taxonomy.js';
import { buildCodedEventContent } from '../../src/core/test-factories.js';
import { signEvent } from '../../src/crypto/keys.js';
import { writeMirror } from '../../src/situation/mirror.js';
import { launchBrowser, TEST_OUTPUT } from '../support/browser.js';
import {
  buildDeskArticle,
  buildDeskCodedEvent,
  postJson,
  startTestNode,
  type TestNode,
  tempDir,
} from '../support/node.js';

/*
 * The public page in Chromium against a real node with published coded events: the map draws
 * with markers while every request but the node's is refused, a filter changes the counts with
 * one request, a language switch changes the labels. Screenshots at phone and desktop widths go
 * to test-output/.
 */

type Place = [settlement: string, admin1: string, lat: number, lon: number];
const ZHANAOZEN: Place = ['Zhanaozen', 'Mangystau Region', 43.3412, 52.8619];
const AKTAU: Place = ['Aktau', 'Mangystau Region', 43.65, 51.17];
const ZHETYBAY: Place = ['Zhetybay', 'Mangystau Region', 43.59, 52.08];
const ALMATY: Place = ['Almaty', 'Almaty', 43.25, 76.95];
const TALDYKORGAN: Place = ['Taldykorgan', 'Almaty Region', 45.02, 78.37];
const ATYRAU: Place = ['Atyrau', 'Atyrau Region', 47.1, 51.92];
const AKTOBE: Place = ['Aktobe', 'Aktobe Region', 50.28, 57.17];
const TEMIRTAU: Place = ['Temirtau', 'Karaganda Region', 50.05, 72.96];
const SHYMKENT: Place = ['Shymkent', 'Shymkent', 42.32, 69.6];
const ORAL: Place = ['Oral', 'West Kazakhstan Region', 51.23, 51.37];
const OSKEMEN: Place = ['Oskemen', 'East Kazakhstan Region', 49.95, 82.61];

let seq = 0;
function coded(
  place: Place | null,
  date: string,
  overrides: Partial<CodedEventContent> = {},
): Partial<CodedEventContent> {
  seq += 1;
  return {
    id: `evt-${date}-${seq}`,
    date,
    location: place
      ? {
          settlement: place[0],
          admin1: place[1],
          country: 'Kazakhstan',
          lat: place[2],
          lon: place[3],
          geo_precision: 1,
        }
      : { settlement: null, admin1: null, country: 'Kazakhstan', lat: null, lon: null, geo_precision: 3 },
    ...overrides,
  };
}

const protest = (place: Place, date: string, low: number, more: Partial<CodedEventContent> = {}) =>
  coded(place, date, {
    event_type: 'protest',
    sub_event_type: 'peaceful_protest',
    actors: [{ name: 'Residents', role: 'residents' }],
    enterprise: null,
    demands: ['fuel_prices'],
    size: { low, high: null, text: String(low) },
    organization: 'spontaneous',
    ...more,
  });

const EVENTS: Partial<CodedEventContent>[] = [
  coded(ZHANAOZEN, '2022-01-02', { organization: 'organized' }),
  protest(ZHANAOZEN, '2022-01-03', 1000, { demands: ['fuel_prices', 'government_resignation'] }),
  protest(AKTAU, '2022-01-03', 5000),
  protest(ZHETYBAY, '2022-01-03', 200, { tactics: ['road_blockade'] }),
  coded(TEMIRTAU, '2022-01-04', {
    enterprise: { name: 'ArcelorMittal Temirtau', sector: 'metallurgy' },
    demands: ['wages'],
  }),
  coded(ATYRAU, '2022-01-04', {
    enterprise: { name: 'Tengizchevroil', sector: 'oil_gas' },
    demands: ['wages', 'union_rights'],
  }),
  protest(AKTOBE, '2022-01-04', 3000, { demands: ['fuel_prices', 'release_detainees'] }),
  protest(ORAL, '2022-01-04', 500),
  protest(ALMATY, '2022-01-04', 10000, {
    demands: ['president_resignation'],
    state_responses: ['crowd_dispersal', 'arrests'],
  }),
  coded(ALMATY, '2022-01-05', {
    event_type: 'riot',
    sub_event_type: 'violent_demonstration',
    actors: [{ name: 'Rioters', role: 'rioters' }],
    enterprise: null,
    demands: [],
    size: { low: 5000, high: null, text: 'thousands' },
    fatalities: 8,
    detained: 300,
    organization: 'spontaneous',
  }),
  protest(TALDYKORGAN, '2022-01-05', 2000),
  protest(SHYMKENT, '2022-01-05', 1500),
  protest(OSKEMEN, '2022-01-05', 300),
  coded(null, '2022-01-05', {
    event_type: 'state_measure',
    sub_event_type: 'internet_shutdown',
    actors: [{ name: 'Government', role: 'government' }],
    enterprise: null,
    tactics: [],
    demands: [],
    size: null,
    organization: 'unknown',
  }),
  coded(ZHANAOZEN, '2022-01-06', { organization: 'organized', demands: ['wages', 'collective_agreement'] }),
];
const MANGYSTAU_EVENTS = EVENTS.filter((e) => e.location?.admin1 === 'Mangystau Region').length;
const PROTESTS = EVENTS.filter((e) => (e.event_type ?? 'labour_action') === 'protest').length;

let t: TestNode;
let browser: Browser;
/** Until the node serves /api/v1/situation, the page is tested against a stub with the same contract. */
let stubbed = false;

beforeAll(async () => {
  t = await startTestNode();
  const desk = t.deskKey!;
  const events = EVENTS.map((e) => buildDeskCodedEvent(desk, e));
  events.push(
    buildDeskArticle(desk, {
      id: 'news-1',
      title: 'Workers of Zhanaozen stop work',
      type: 'news',
      markdown: 'Oil workers **stopped work** on 2 January.',
    }),
  );
  const res = await postJson(`${t.url}/api/v1/events`, events);
  expect(res.status).toBe(200);
  expect(res.body.rejected).toEqual([]);
  stubbed = (await fetch(`${t.url}/api/v1/situation`)).status === 404;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A context where only the node answers: anything else is refused and remembered. */
async function offlineContext(options: Parameters<Browser['newContext']>[0]) {
  const context = await browser.newContext(options);
  const outside: string[] = [];
  const situationRequests: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (!url.startsWith(`${t.url}/`)) {
      outside.push(url);
      return route.abort('internetdisconnected');
    }
    const path = new URL(url).pathname;
    if (path === '/api/v1/situation') situationRequests.push(url);
    if (stubbed && (path.startsWith('/api/v1/situation') || path === '/api/v1/brief')) {
      return route.fulfill({ json: stub(new URL(url)) });
    }
    return route.continue();
  });
  return { context, outside, situationRequests };
}

function watchErrors(page: Page): string[] {
  // Fail at the step that waits in vain, well before the test's own time runs out.
  page.setDefaultTimeout(8_000);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

async function total(page: Page, key: string): Promise<string> {
  return (await page.locator(`[data-total="${key}"] dd`).textContent()) ?? '';
}

describe('the situation page in a browser', () => {
  let context: BrowserContext;
  afterAll(async () => context?.close());

  it('draws the map with markers offline, filters with one request each, switches language', async () => {
    const offline = await offlineContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    context = offline.context;
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${t.url}/`);

    await expect.poll(() => page.locator('.map-markers .marker').count()).toBeGreaterThan(3);
    expect(await page.locator('.map-country').count()).toBeGreaterThan(5);
    // The 14 oblasts of January 2022 and the cities of Almaty and Astana, each in its own shape.
    const regions = await page
      .locator('.map-region')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-region')));
    expect(new Set(regions).size).toBe(16);
    await expect.poll(() => total(page, 'events')).toBe(String(EVENTS.length));
    // Places a few pixels apart at the country's scale share a marker (Zhanaozen and Zhetybay).
    const markers = page.locator('.map-markers .marker');
    const settlements = new Set(
      EVENTS.flatMap((e) => (e.location?.settlement ? [e.location.settlement] : [])),
    ).size;
    expect(await markers.count()).toBeLessThan(settlements);
    expect(
      await page.locator('.marker-cluster[aria-label*="Zhanaozen"]').getAttribute('aria-label'),
    ).toContain('Zhetybay');
    await page.getByRole('heading', { name: 'By region' }).waitFor();
    await page.getByText('Workers of Zhanaozen stop work').waitFor();
    await page.screenshot({ path: join(TEST_OUTPUT, 'situation.png'), fullPage: true });
    await page.locator('.map-frame').screenshot({ path: join(TEST_OUTPUT, 'situation-map.png') });

    // A click on a cluster zooms in on it and splits it; the buttons zoom too.
    await page.locator('.marker-cluster[aria-label*="Zhanaozen"]').click();
    await expect
      .poll(() => page.locator('.marker[aria-label^="Zhanaozen"]').getAttribute('aria-label'))
      .not.toContain('Zhetybay');
    await page.getByRole('button', { name: 'Show the whole country' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => page.locator('.map-svg.zoomed').count()).toBe(1);
    await page.getByRole('button', { name: 'Show the whole country' }).click();

    // One request per change of a filter, and the counts follow.
    const asked = offline.situationRequests.length;
    await page.getByLabel('Region', { exact: true }).selectOption('Mangystau Region');
    await expect.poll(() => total(page, 'events')).toBe(String(MANGYSTAU_EVENTS));
    expect(offline.situationRequests.length).toBe(asked + 1);
    expect(offline.situationRequests.at(-1)).toContain('admin1=Mangystau+Region');
    await page.getByLabel('Region', { exact: true }).selectOption('');
    await page.getByLabel('Event type', { exact: true }).selectOption('protest');
    await expect.poll(() => total(page, 'events')).toBe(String(PROTESTS));
    await page.getByLabel('From', { exact: true }).fill('2022-01-05');
    await expect.poll(() => offline.situationRequests.at(-1) ?? '').toContain('from=2022-01-05');
    await expect
      .poll(() => total(page, 'events'))
      .toBe(
        String(EVENTS.filter((e) => e.event_type === 'protest' && (e.date ?? '') >= '2022-01-05').length),
      );
    expect(offline.situationRequests.length).toBe(asked + 4);

    // Labels follow the language, taxonomy codes included.
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { name: 'Обстановка' }).waitFor();
    expect(await page.locator('#f-event_type option:checked').textContent()).toBe('Протест');
    await page.getByRole('button', { name: 'Сбросить фильтры' }).click();
    await expect.poll(() => total(page, 'events')).toBe(String(EVENTS.length));
    await page.getByRole('heading', { name: 'По регионам' }).waitFor();
    await page
      .getByRole('button', { name: /Мангистауская область/ })
      .first()
      .waitFor();
    await page.getByRole('button', { name: /Трудовая акция/ }).waitFor();
    await page.getByRole('button', { name: 'Қазақша' }).click();
    await page
      .getByRole('button', { name: /Маңғыстау облысы/ })
      .first()
      .waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('kk');

    expect(offline.outside).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('fits a phone screen', async () => {
    const offline = await offlineContext({
      locale: 'ru-RU',
      viewport: { width: 360, height: 740 },
      hasTouch: true,
    });
    const page = await offline.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${t.url}/`);
    await expect.poll(() => page.locator('.map-markers .marker').count()).toBeGreaterThan(3);
    await expect.poll(() => total(page, 'events')).toBe(String(EVENTS.length));
    // Nothing wider than the screen: no sideways scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(TEST_OUTPUT, 'situation-phone.png') });
    await page.locator('.panel-map').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(TEST_OUTPUT, 'situation-phone-map.png') });
    expect(await page.locator('.demo-notice').count()).toBe(0);

    // Demo data (a `t`=`demo` tag) stays apart once real events exist: not counted, no banner.
    const demo = buildCodedEvent(buildCodedEventContent(coded(OSKEMEN, '2022-01-07')), {
      pubkey: t.deskKey!.publicKey,
      createdAt: Math.floor(Date.now() / 1000),
    });
    demo.tags.push(['t', 'demo']);
    expect((await postJson(`${t.url}/api/v1/events`, signEvent(demo, t.deskKey!))).status).toBe(200);
    await page.reload();
    await expect.poll(() => total(page, 'events')).toBe(String(EVENTS.length));
    expect(await page.locator('.demo-notice').count()).toBe(0);

    expect(offline.outside).toEqual([]);
    expect(errors).toEqual([]);
    await offline.context.close();
  });
});

describe('the situation page from a static mirror', () => {
  it('reads the mirror’s files: map, counts and a region, with no node behind it', async () => {
    const out = tempDir('tilshi-mirror-');
    writeMirror(t.node, out.dir, { webRoot: fileURLToPath(new URL('../../web/dist/', import.meta.url)) });
    const server = await serveStatic(out.dir);
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1024, height: 800 } });
    const outside: string[] = [];
    await context.route('**/*', (route) => {
      if (route.request().url().startsWith(`${base}/`)) return route.continue();
      outside.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(8_000);
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      await page.goto(`${base}/`);
      await page.getByText(/A static copy/).waitFor();
      await expect.poll(() => page.locator('.map-markers .marker').count()).toBeGreaterThan(3);
      const all = Number(await total(page, 'events'));
      expect(all).toBeGreaterThanOrEqual(EVENTS.length);
      expect(await page.getByLabel('From', { exact: true }).isDisabled()).toBe(true);
      await page.getByLabel('Region', { exact: true }).selectOption('Mangystau Region');
      await expect.poll(() => total(page, 'events')).toBe(String(MANGYSTAU_EVENTS));
      await page.getByText('Workers of Zhanaozen stop work').waitFor();
      expect(outside).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await new Promise((done) => server.close(done));
      out.remove();
    }
  });
});

/** Any static web server: files as they are, 404 for the rest. */
function serveStatic(dir: string): Promise<Server> {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.json': 'application/json',
  };
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    try {
      const body = await readFile(join(dir, path.endsWith('/') ? `${path}index.html` : path));
      res
        .writeHead(200, { 'content-type': types[extname(path) || '.html'] ?? 'application/octet-stream' })
        .end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((ready) => server.listen(0, '127.0.0.1', () => ready(server)));
}

// ---------------------------------------------------------------- the stub (until the node has the route)

function stub(url: URL): unknown {
  const contents = EVENTS.map((e) => buildCodedEventContent(e));
  if (url.pathname === '/api/v1/brief') return { text: 'Stub brief.', facts: {} };
  const dates = contents.map((e) => e.date).sort();
  if (url.pathname === '/api/v1/situation/options') {
    return {
      regions: [...new Set(contents.map((e) => e.location.admin1).filter(Boolean))].sort(),
      event_types: ['protest', 'riot', 'labour_action', 'state_measure'],
      date_min: dates[0],
      date_max: dates.at(-1),
    };
  }
  const q = url.searchParams;
  const from = q.get('from') || dates[0]!;
  const to = q.get('to') || dates.at(-1)!;
  const rows = contents.filter(
    (e) =>
      e.date >= from &&
      e.date <= to &&
      (!q.get('admin1') || e.location.admin1 === q.get('admin1')) &&
      (!q.get('event_type') || e.event_type === q.get('event_type')),
  );
  const tally = <K extends string>(name: K, values: string[]) => {
    const m = new Map<string, number>();
    for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1]).map(([v, count]) => ({ [name]: v, count }));
  };
  const places = new Map<
    string,
    {
      settlement: string;
      admin1: string | null;
      lat: number;
      lon: number;
      count: number;
      participants: number;
    }
  >();
  for (const e of rows) {
    if (e.location.lat === null || e.location.lon === null || !e.location.settlement) continue;
    const p = places.get(e.location.settlement) ?? {
      settlement: e.location.settlement,
      admin1: e.location.admin1,
      lat: e.location.lat,
      lon: e.location.lon,
      count: 0,
      participants: 0,
    };
    p.count += 1;
    p.participants += e.size?.low ?? 0;
    places.set(p.settlement, p);
  }
  const sum = (f: (e: CodedEventContent) => number | null | undefined) =>
    rows.reduce((a, e) => a + (f(e) ?? 0), 0);
  return {
    period: { from, to },
    filters: { admin1: q.get('admin1') || null, event_type: q.get('event_type') || null },
    totals: {
      events: rows.length,
      settlements: places.size,
      regions: new Set(rows.map((e) => e.location.admin1).filter(Boolean)).size,
      participants: sum((e) => e.size?.low),
      detained: sum((e) => e.detained),
      fatalities: sum((e) => e.fatalities),
    },
    by_day: rows.map((e) => ({ date: e.date, event_type: e.event_type, count: 1 })),
    by_region: tally(
      'admin1',
      rows.flatMap((e) => (e.location.admin1 ? [e.location.admin1] : [])),
    ),
    by_event_type: tally(
      'event_type',
      rows.map((e) => e.event_type),
    ),
    by_sub_event_type: tally(
      'sub_event_type',
      rows.map((e) => e.sub_event_type),
    ),
    by_sector: tally(
      'sector',
      rows.flatMap((e) => (e.enterprise ? [e.enterprise.sector] : [])),
    ),
    by_demand_class: tally(
      'class',
      rows.flatMap((e) => [...new Set(e.demands.map((d) => DEMAND_CLASS[d]))]),
    ),
    top_demands: tally(
      'demand',
      rows.flatMap((e) => e.demands),
    ).map((d) => ({
      ...d,
      class: DEMAND_CLASS[d.demand as keyof typeof DEMAND_CLASS],
    })),
    by_state_response: tally(
      'response',
      rows.flatMap((e) => e.state_responses),
    ),
    by_organization: tally(
      'organization',
      rows.map((e) => e.organization),
    ),
    map: [...places.values()],
    latest: rows
      .slice()
      .sort((a, b) => b.date.localeCompare(a.date))
      .slice(0, 10)
      .map((e) => ({
        id: e.id,
        date: e.date,
        event_type: e.event_type,
        sub_event_type: e.sub_event_type,
        settlement: e.location.settlement,
        admin1: e.location.admin1,
        summary: '',
      })),
  };
}
