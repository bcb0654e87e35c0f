import MarkdownIt from 'markdown-it';

/**
 * Markdown to HTML for articles, briefs, materials and feeds, in the browser and on the node.
 * Raw HTML in the source is escaped, not passed through (`html: false`), and markdown-it refuses
 * `javascript:`, `vbscript:`, `file:` and non-image `data:` links, so the output is safe to insert
 * into a page or a feed without a separate sanitizer. One instance, configured once: every place
 * that shows an article renders it the same way.
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });

// Links in user-written material open outside the page and tell the target nothing about it.
const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (token && /^https?:/i.test(token.attrGet('href') ?? ''))
    token.attrSet('rel', 'noopener noreferrer nofollow');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Renders markdown as safe HTML (see the module note). */
export function renderMarkdown(source: string): string {
  return md.render(source);
}

/** Renders one line of markdown without a wrapping paragraph (titles, table cells). */
export function renderMarkdownInline(source: string): string {
  return md.renderInline(source);
}
