import { type Article, parseArticle } from '../core/content.js';
import { Kind } from '../core/kinds.js';
import { renderMarkdown } from '../core/markdown.js';
import type { EventLog } from '../store/event-log.js';
import { articlePath } from './article-page.js';

/*
 * News and briefs (kind 30023 articles of type `news` or `brief`) as Atom 1.0 and JSON Feed 1.1.
 * Links are absolute from the public base URL (config `public_url`, the request's origin, or the
 * mirror's `--base-url`); each entry links to the article's own page (article-page.ts), and its
 * content is the markdown rendered to HTML by the project's one renderer (core/markdown.ts).
 * Without any base URL (a mirror whose address is not known) links are relative.
 */

export interface FeedItem {
  /** `urn:tilshi:<desk pubkey>:<d>`: stable across edits and mirrors. */
  id: string;
  article: Article;
  /** Unix seconds of the current version. */
  updated: number;
  eventId: string;
}

export interface FeedOptions {
  title: string;
  /** Who publishes: the desk key (hex), for the feed's id. */
  publisher: string;
  /** Absolute base URL of the node or mirror, ending in `/`, e.g. `https://example.org/`; empty for relative links. */
  baseUrl?: string;
}

export const FEED_LIMIT = 50;

/**
 * The latest news and briefs, newest first.
 *
 * @example feedItems(node.log)
 */
export function feedItems(log: EventLog, limit = FEED_LIMIT): FeedItem[] {
  const events = log.query({ kinds: [Kind.Article], limit: 500 }, { as: 'public' });
  const items: FeedItem[] = [];
  for (const e of events) {
    let article: Article;
    try {
      article = parseArticle(e);
    } catch {
      continue;
    }
    if (article.type !== 'news' && article.type !== 'brief' && article.type !== 'program') continue;
    items.push({ id: `urn:tilshi:${e.pubkey}:${article.id}`, article, updated: e.created_at, eventId: e.id });
  }
  return items
    .sort((a, b) => b.article.published_at - a.article.published_at || b.updated - a.updated)
    .slice(0, limit);
}

const iso = (unix: number) => new Date(unix * 1000).toISOString().replace('.000Z', 'Z');

const xml = (s: string) =>
  s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

/** Where an article can be read: its own page. */
function articleLink(item: FeedItem, base: string): string {
  return `${base}${articlePath(item.article.id)}`;
}

/**
 * An Atom 1.0 document (RFC 4287).
 *
 * @example atomFeed(feedItems(node.log), { title: 'Tilshi desk', publisher: deskPubkey })
 */
export function atomFeed(items: readonly FeedItem[], options: FeedOptions): string {
  const base = options.baseUrl ?? '';
  const updated = items.reduce((max, i) => Math.max(max, i.updated), 0);
  const entries = items.map((item) => {
    const a = item.article;
    return [
      '  <entry>',
      `    <id>${xml(item.id)}</id>`,
      `    <title>${xml(a.title)}</title>`,
      `    <updated>${iso(item.updated)}</updated>`,
      `    <published>${iso(a.published_at)}</published>`,
      `    <link rel="alternate" type="text/html" href="${xml(articleLink(item, base))}"/>`,
      `    <category term="${a.type}"/>`,
      ...a.topics.map((t) => `    <category term="${xml(t)}"/>`),
      a.summary ? `    <summary>${xml(a.summary)}</summary>` : '',
      `    <content type="html" xml:lang="${a.lang}">${xml(renderMarkdown(a.markdown))}</content>`,
      '  </entry>',
    ]
      .filter(Boolean)
      .join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom"${base ? ` xml:base="${xml(base)}"` : ''}>`,
    `  <id>urn:tilshi:feed:${xml(options.publisher)}</id>`,
    `  <title>${xml(options.title)}</title>`,
    `  <updated>${iso(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(base)}feed.atom"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(base || './')}"/>`,
    `  <author><name>${xml(options.title)}</name></author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/**
 * A JSON Feed 1.1 document.
 *
 * @example jsonFeed(feedItems(node.log), { title: 'Tilshi desk', publisher: deskPubkey, baseUrl: 'https://example.org/' })
 */
export function jsonFeed(items: readonly FeedItem[], options: FeedOptions): string {
  const base = options.baseUrl ?? '';
  return `${JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: options.title,
      // JSON Feed wants absolute URLs here: left out only by a mirror whose address is unknown.
      ...(base ? { home_page_url: base, feed_url: `${base}feed.json` } : {}),
      authors: [{ name: options.title }],
      items: items.map((item) => {
        const a = item.article;
        return {
          id: item.id,
          url: articleLink(item, base),
          title: a.title,
          content_html: renderMarkdown(a.markdown),
          ...(a.summary ? { summary: a.summary } : {}),
          date_published: iso(a.published_at),
          date_modified: iso(item.updated),
          language: a.lang,
          tags: [a.type, ...a.topics],
        };
      }),
    },
    null,
    2,
  )}\n`;
}
