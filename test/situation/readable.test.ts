import MarkdownIt from 'markdown-it';
import type { Filter } from 'nostr-tools/filter';
import { decode, naddrEncode } from 'nostr-tools/nip19';
import type { NostrEvent } from 'nostr-tools/pure';
import { verifyEvent } from 'nostr-tools/pure';
import { Relay, useWebSocketImplementation } from 'nostr-tools/relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeGeohash } from '../../src/core/geohash.js';
import { renderMarkdown } from '../../src/core/markdown.js';
import { briefFactsOf } from '../../src/core/public-tags.js';
import { buildArticle } from '../../src/core/records.js';
import { buildCodedEventContent } from '../../src/core/test-factories.js';
import { signEvent } from '../../src/crypto/keys.js';
import { publishEvent } from '../../src/desk/events.js';
import { publishBrief } from '../../src/desk/publish-brief.js';
import { createPlank, setPlankStatus, setProgramTitle } from '../../src/program/commands.js';
import { publishProgram } from '../../src/program/publish.js';
import { programOn } from '../../src/server/routes/program.js';
import { situationBrief } from '../../src/situation/brief.js';
import { buildDeskCodedEvent, startTestNode, type TestNode } from '../support/node.js';
import { randomCodedEvent, rng } from './factories.js';

// Issue 14, item 4: a brief and a coded event as a generic NIP-23 client gets them from the
// relay, checked with nostr-tools and drawn with the project's markdown renderer; issue 13: the
// published program (30622 and its 30023s) as such a client gets it, drawn by markdown-it with
// its defaults, as a reader that knows nothing of this project would.

useWebSocketImplementation(WebSocket);

type Event = NostrEvent;

const tag = (e: Event, name: string) => e.tags.find((t) => t[0] === name)?.[1];
const tags = (e: Event, name: string) => e.tags.filter((t) => t[0] === name).map((t) => t[1]);

/** Text of an HTML fragment, as a reader shows it. */
const textOf = (htmlText: string) =>
  htmlText
    .replace(/<[^>]+>/g, '')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&')
    .trim();

let t: TestNode;
let relay: Relay;
let published: ReturnType<typeof situationBrief>;

async function fetchOne(filter: Filter): Promise<Event> {
  const got: Event[] = [];
  await new Promise<void>((resolve) => {
    const sub = relay.subscribe([filter], {
      onevent: (e) => got.push(e as Event),
      oneose: () => {
        sub.close();
        resolve();
      },
    });
  });
  expect(got.length, JSON.stringify(filter)).toBe(1);
  return got[0] as Event;
}

beforeAll(async () => {
  t = await startTestNode();
  const r = rng(14);
  const coded = Array.from({ length: 30 }, (_, i) => randomCodedEvent(r, `r-${i}`));
  const answers = await t.node.ingest.submit(coded.map((c) => buildDeskCodedEvent(t.deskKey!, c)));
  expect(answers.every((a) => a.ok)).toBe(true);
  published = situationBrief(t.node.db, { lang: 'ru', from: '2022-01-01', to: '2022-01-31' });
  await publishBrief(t.node, { lang: 'ru', actor: 'test', topics: ['demo', 'mangystau'] }, published);
  await publishEvent(t.node, {
    content: buildCodedEventContent({
      id: 'evt-readable',
      state_responses: ['arrests'],
      detained: 40,
      notes: 'Oil workers stopped work over the gas price.',
    }),
    actor: 'test',
  });
  // The program: one adopted plank on wages, published.
  const wages = [1, 2, 3].map((i) =>
    buildDeskCodedEvent(t.deskKey!, { id: `evt-prog-${i}`, date: `2022-01-0${i}`, demands: ['wages'] }),
  );
  expect((await t.node.ingest.submit(wages)).every((a) => a.ok)).toBe(true);
  const program = programOn(t.node);
  const admin = { username: 'admin', role: 'admin' } as const;
  setProgramTitle(program, admin, { ru: 'Программа нефтяников', kk: '', en: 'Programme of the oil workers' });
  const plank = createPlank(program, admin, {
    text: { ru: 'Поднять зарплату на 30%', kk: 'Жалақыны 30% көтеру', en: 'Raise wages by 30%' },
    demands: ['wages'],
  });
  let version = plank.version;
  for (const status of ['put_to_vote', 'adopted'] as const)
    version = setPlankStatus(program, admin, plank.id, { prev: [version], status }).version;
  await publishProgram(program, admin);
  relay = await Relay.connect(t.url.replace(/^http/, 'ws'));
});
afterAll(async () => {
  relay?.close();
  await t?.close();
});

describe('public records in a generic Nostr client', () => {
  it('a brief reads as a NIP-23 article: headings, a real summary, no JSON in the body, facts in a tag', async () => {
    const brief = await fetchOne({ kinds: [30023], '#t': ['brief'] });
    expect(verifyEvent(brief)).toBe(true);
    const d = tag(brief, 'd') as string;
    const naddr = naddrEncode({ kind: 30023, pubkey: brief.pubkey, identifier: d });
    expect(decode(naddr)).toEqual({
      type: 'naddr',
      data: { kind: 30023, pubkey: brief.pubkey, identifier: d, relays: [] },
    });

    const html = renderMarkdown(brief.content);
    const headings = [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(headings).toEqual(expect.arrayContaining(['Масштаб', 'Требования', 'Власти']));
    expect(html).not.toMatch(/<script|<pre|<code class="language-json"/);
    // No JSON in the body: no block, no object, no facts' keys.
    expect(brief.content).not.toMatch(/```|[{}]|"scale"|"period"/);

    const firstParagraph = textOf(/<p>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '');
    const summary = tag(brief, 'summary') ?? '';
    expect(summary.length).toBeGreaterThan(40);
    expect(summary).not.toBe(firstParagraph);
    expect(firstParagraph.startsWith(summary.slice(0, 20))).toBe(false);
    expect(summary).toMatch(/Зафиксировано \d+ событ/);

    expect(tag(brief, 'title')).toMatch(/^Сводка о ситуации, 2022-01-01 — 2022-01-31$/);
    expect(Number(tag(brief, 'published_at'))).toBeGreaterThan(1_600_000_000);
    expect(tags(brief, 'L')).toContain('ISO-639-1');
    expect(brief.tags).toContainEqual(['l', 'ru', 'ISO-639-1']);
    expect(tag(brief, 'lang')).toBe('ru');
    // A brief computed from the desk's data is never marked demo, whatever the caller asked.
    expect(tags(brief, 't')).toEqual(['brief', 'mangystau']);

    const facts = briefFactsOf(brief) as { scale: { events: number }; period: { from: string } };
    const expected = published.facts;
    expect(facts).toEqual(expected);
    expect(summary).toContain(`Зафиксировано ${expected.scale.events} `);
  });

  it('a coded event carries title, summary, alt, geohash cells, published_at and a language label', async () => {
    const event = await fetchOne({ kinds: [30620], '#d': ['evt-readable'] });
    expect(verifyEvent(event)).toBe(true);
    const naddr = naddrEncode({ kind: 30620, pubkey: event.pubkey, identifier: 'evt-readable' });
    expect((decode(naddr).data as { identifier: string }).identifier).toBe('evt-readable');

    expect(tag(event, 'title')).toBe('Strike at Ozenmunaigas, Zhanaozen, Mangystau, 2022-01-02');
    const summary = tag(event, 'summary') ?? '';
    expect(summary).toContain('Detained 40.');
    expect(summary).toContain('Oil workers stopped work over the gas price.');
    expect(tag(event, 'alt')).toBe('Coded event: strike, Zhanaozen, 2022-01-02');
    const cells = tags(event, 'g') as string[];
    expect(cells.length).toBeGreaterThanOrEqual(3);
    for (const g of cells) {
      const cell = decodeGeohash(g);
      expect(Math.abs(cell.lat - 43.3412)).toBeLessThanOrEqual(cell.latError);
      expect(Math.abs(cell.lon - 52.8619)).toBeLessThanOrEqual(cell.lonError);
    }
    const first = Number(tag(event, 'published_at'));
    expect(first).toBeGreaterThan(1_600_000_000);
    expect(event.tags).toContainEqual(['L', 'ISO-639-1']);
    expect(event.tags).toContainEqual(['l', 'en', 'ISO-639-1']);
    // A relay finds it by a coarse cell, as a map client asks.
    expect(
      (await fetchOne({ kinds: [30620], '#g': [cells[cells.length - 1] as string], '#d': ['evt-readable'] }))
        .id,
    ).toBe(event.id);

    // An edit keeps the first publication time.
    await new Promise((r) => setTimeout(r, 1_100));
    await publishEvent(t.node, {
      content: buildCodedEventContent({ id: 'evt-readable', detained: 41 }),
      prev: [event.id],
      actor: 'test',
    });
    const edited = await fetchOne({ kinds: [30620], '#d': ['evt-readable'] });
    expect(edited.id).not.toBe(event.id);
    expect(Number(tag(edited, 'published_at'))).toBe(first);
  });

  it('the published program reads as a 30622 and a NIP-23 article per language', async () => {
    const record = await fetchOne({ kinds: [30622] });
    expect(verifyEvent(record)).toBe(true);
    const content = JSON.parse(record.content);
    expect(content.title).toBe('Программа нефтяников');
    expect(content.planks[0].text.en).toBe('Raise wages by 30%');
    const reader = new MarkdownIt();
    for (const [lang, title, words] of [
      ['en', 'Programme of the oil workers', 'Raise wages by 30%'],
      ['ru', 'Программа нефтяников', 'Поднять зарплату на 30%'],
      ['kk', 'Программа нефтяников', 'Жалақыны 30% көтеру'],
    ] as const) {
      const article = await fetchOne({ kinds: [30023], '#t': ['program'], '#l': [lang] });
      expect(verifyEvent(article)).toBe(true);
      expect(tag(article, 'title')).toBe(title);
      expect((tag(article, 'summary') ?? '').length).toBeGreaterThan(0);
      const d = tag(article, 'd') as string;
      const naddr = naddrEncode({ kind: 30023, pubkey: article.pubkey, identifier: d });
      expect((decode(naddr).data as { identifier: string }).identifier).toBe(d);
      const html = reader.render(article.content);
      expect(textOf(html)).toContain(words);
      expect(html).toMatch(/<h[12]>/);
      expect(article.content).not.toMatch(/```|[{}]/);
    }
  });

  it('still reads the facts of a brief published before the facts tag (a JSON block in the body)', () => {
    const facts = { period: { from: '2022-01-02', to: '2022-01-08' }, scale: { events: 3 } };
    const old = signEvent(
      buildArticle(
        {
          id: 'brief-old',
          title: 'Situation brief',
          type: 'brief',
          lang: 'en',
          markdown: `Period: 2022-01-02 – 2022-01-08.\n\n\`\`\`json\n${JSON.stringify(facts, null, 2)}\n\`\`\`\n`,
        },
        { pubkey: t.deskKey!.publicKey, createdAt: 1_641_600_000 },
      ),
      t.deskKey!,
    );
    expect(briefFactsOf(old)).toEqual(facts);
    expect(briefFactsOf({ tags: [], content: 'No facts here.' })).toBeNull();
    expect(briefFactsOf({ tags: [['facts', 'not json']], content: '' })).toBeNull();
  });
});
