import type { Article } from '../core/content.js';
import { renderMarkdown } from '../core/markdown.js';

/*
 * An article (news, a brief, material) as a page of its own: where a feed's entry links, in a
 * static mirror (a file at exactly that path) and on a node (GET /articles/<file>). The markdown
 * goes through the project's one renderer, which escapes raw HTML and refuses unsafe links.
 */

/** The folder of article pages, relative to the site's root. */
export const ARTICLES_DIR = 'articles';

/**
 * The page's path from the site's root. A record id may hold `:`, which some file systems
 * refuse; `~` never occurs in an id, so the mapping is one to one.
 *
 * @example articlePath('brief-2022-01-02-2022-01-08-ru') // 'articles/brief-2022-01-02-2022-01-08-ru.html'
 */
export function articlePath(id: string): string {
  return `${ARTICLES_DIR}/${id.replaceAll(':', '~')}.html`;
}

/** The record id of a page's file name, or null when the name is not one `articlePath` makes. */
export function articleIdOfFile(file: string): string | null {
  const m = /^([A-Za-z0-9][A-Za-z0-9._~-]{0,127})\.html$/.exec(file);
  return m?.[1] ? m[1].replaceAll('~', ':') : null;
}

const html = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/**
 * The article as an HTML document. Links back to the site are relative (`../`), so the same page
 * works on a node and in a mirror wherever they are hosted.
 *
 * @example articlePage(parseArticle(event), { siteName: 'Tilshi desk' })
 */
export function articlePage(article: Article, options: { siteName: string }): string {
  const published = new Date(article.published_at * 1000).toISOString();
  return [
    '<!doctype html>',
    `<html lang="${article.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${html(article.title)}</title>`,
    ...(article.summary ? [`<meta name="description" content="${html(article.summary)}">`] : []),
    '<link rel="alternate" type="application/atom+xml" href="../feed.atom">',
    '<link rel="alternate" type="application/feed+json" href="../feed.json">',
    '</head>',
    '<body>',
    `<nav><a href="../">${html(options.siteName)}</a></nav>`,
    '<article>',
    `<h1>${html(article.title)}</h1>`,
    `<p><time datetime="${published}">${published.slice(0, 10)}</time></p>`,
    renderMarkdown(article.markdown),
    '</article>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
