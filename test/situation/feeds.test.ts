import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { parseAtomFeed } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBrief } from '../../src/desk/publish-brief.js';
import { situationBrief } from '../../src/situation/brief.js';
import { writeMirror } from '../../src/situation/mirror.js';
import {
  buildDeskArticle,
  buildDeskCodedEvent,
  startTestNode,
  type TestNode,
  tempDir,
} from '../support/node.js';
import { randomCodedEvent, rng } from './factories.js';

// Issue 14, item 6: feeds a feed reader can follow. Absolute links, JSON Feed's home_page_url
// and feed_url, HTML content rendered from the markdown (raw HTML escaped), and links that
// resolve with 200 and no redirect, on the node and in a static mirror.

const PUBLIC = 'https://news.example.org/tilshi/';
const HOSTILE =
  'Strike at the depot.\n\n<script>alert(1)</script>\n\n[open](javascript:alert(2)) and **bold** <img src=x onerror=alert(3)>';

async function seed(t: TestNode): Promise<void> {
  const r = rng(6);
  const coded = Array.from({ length: 12 }, (_, i) => randomCodedEvent(r, `f-${i}`));
  await t.node.ingest.submit(coded.map((c) => buildDeskCodedEvent(t.deskKey!, c)));
  const [answer] = await t.node.ingest.submit([
    buildDeskArticle(t.deskKey!, {
      id: 'news:depot',
      type: 'news',
      title: 'Depot <strike>',
      markdown: HOSTILE,
    }),
  ]);
  expect(answer?.ok).toBe(true);
  await publishBrief(
    t.node,
    { lang: 'en', actor: 'test' },
    situationBrief(t.node.db, { lang: 'en', from: '2022-01-01', to: '2022-01-31' }),
  );
}

/** A GET that sends the given Host and extra headers (fetch will not set Host). */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Checks an HTML fragment from a feed: the markup of the source is text, unsafe links are gone. */
function expectSanitized(html: string): void {
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).toContain('<strong>bold</strong>');
  expect(html).not.toMatch(/<script|<img|href="javascript:/i);
}

describe('feeds for readers', () => {
  let configured: TestNode;
  let plain: TestNode;

  beforeAll(async () => {
    [configured, plain] = await Promise.all([
      startTestNode({ config: { public_url: PUBLIC } }),
      startTestNode(),
    ]);
    await Promise.all([seed(configured), seed(plain)]);
  });
  afterAll(async () => {
    await configured?.close();
    await plain?.close();
  });

  it('makes every link absolute from public_url, with HTML content that is sanitized', async () => {
    const atomText = await (await fetch(`${configured.url}/feed.atom`)).text();
    const atom = parseFeed(atomText);
    expect(atom.url).toBe(PUBLIC);
    expect(atom.self).toBe(`${PUBLIC}feed.atom`);
    expect(atom.items.length).toBe(2);
    for (const item of atom.items)
      expect(item.url).toMatch(/^https:\/\/news\.example\.org\/tilshi\/articles\/.+\.html$/);
    const news = atom.items.find((i) => i.title === 'Depot <strike>');
    expect(news?.url).toBe(`${PUBLIC}articles/news~depot.html`);
    // feed-parser decodes entities twice (XML, then html-entities), so the HTML as a reader gets
    // it is read with feedsmith, which decodes once as XML says.
    const entry = parseAtomFeed(atomText).entries?.find((e) => e.title?.value === 'Depot <strike>');
    expect(entry?.content?.type).toBe('html');
    expectSanitized(entry?.content?.value ?? '');
    const brief = atom.items.find((i) => i.title?.startsWith('Situation brief'));
    expect(brief?.content).toMatch(/<h2>Scale<\/h2>/);
    expect(brief?.description).toMatch(/^\d+ events? /);

    const json = await (await fetch(`${configured.url}/feed.json`)).json();
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.home_page_url).toBe(PUBLIC);
    expect(json.feed_url).toBe(`${PUBLIC}feed.json`);
    const item = json.items.find((i: { title: string }) => i.title === 'Depot <strike>');
    expect(item.url).toBe(`${PUBLIC}articles/news~depot.html`);
    expect(item).not.toHaveProperty('content_text');
    expectSanitized(item.content_html);
    expect(json.items.map((i: { url: string }) => i.url).sort()).toEqual(atom.items.map((i) => i.url).sort());
  });

  it('without public_url takes the request origin; forwarded headers only from a trusted proxy', async () => {
    const json = await (await fetch(`${plain.url}/feed.json`)).json();
    expect(json.home_page_url).toBe(`${plain.url}/`);
    expect(json.feed_url).toBe(`${plain.url}/feed.json`);
    // A client that is not a listed proxy cannot move the links elsewhere.
    const spoofed = await get(`${plain.url}/feed.json`, {
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
    });
    expect(JSON.parse(spoofed.body).home_page_url).toBe(`${plain.url}/`);
    // A Host that is not a plain name is not repeated in links.
    const odd = await get(`${plain.url}/feed.json`, { host: 'a"b<c' });
    if (odd.status === 200) expect(JSON.parse(odd.body).home_page_url).toBeUndefined();
    else expect(odd.status).toBe(400);
  });

  it('serves each entry page at its link with 200, no redirect, sanitized', async () => {
    const json = await (await fetch(`${plain.url}/feed.json`)).json();
    for (const entry of json.items as { url: string; title: string }[]) {
      const res = await fetch(entry.url, { redirect: 'manual' });
      expect(res.status, entry.url).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const page = await res.text();
      expect(page).toContain(`<title>${entry.title.replaceAll('<', '&lt;').replaceAll('>', '&gt;')}</title>`);
      if (entry.title === 'Depot <strike>') expectSanitized(page);
      else expect(page).toMatch(/<h2>Scale<\/h2>/);
    }
    const missing = await fetch(`${plain.url}/articles/nothing-here.html`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');
    expect((await fetch(`${plain.url}/articles/..%2Fconfig.json`)).status).toBe(404);
  });

  it('writes a mirror whose feed links all resolve with 200 and no redirect from a static server', async () => {
    const out = tempDir('tilshi-mirror-links-');
    // A static server as hosting does it: files as they are, a folder without its slash redirected.
    const server: Server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const file = normalize(join(out.dir, path));
      if (!file.startsWith(out.dir) || !existsSync(file)) {
        res.writeHead(404).end();
      } else if (statSync(file).isDirectory()) {
        if (!path.endsWith('/')) res.writeHead(301, { location: `${path}/` }).end();
        else if (existsSync(join(file, 'index.html'))) createReadStream(join(file, 'index.html')).pipe(res);
        else res.writeHead(404).end();
      } else createReadStream(file).pipe(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      writeMirror(plain.node, out.dir, { webRoot: join(out.dir, 'no-web'), baseUrl: base });
      const atom = parseFeed(readFileSync(join(out.dir, 'feed.atom'), 'utf8'));
      const json = JSON.parse(readFileSync(join(out.dir, 'feed.json'), 'utf8'));
      expect(json.home_page_url).toBe(base);
      expect(json.feed_url).toBe(`${base}feed.json`);
      const links = [
        ...atom.items.map((i) => i.url),
        ...json.items.map((i: { url: string }) => i.url),
        atom.self,
        json.feed_url,
      ];
      expect(links.length).toBe(6);
      for (const link of links) {
        expect(link?.startsWith(base), String(link)).toBe(true);
        const res = await fetch(link as string, { redirect: 'manual' });
        expect(res.status, String(link)).toBe(200);
        await res.arrayBuffer();
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
      out.remove();
    }
  });
});
