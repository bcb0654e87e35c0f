import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderMarkdownInline } from './markdown.js';

describe('renderMarkdown', () => {
  it('renders headings, lists and emphasis', () => {
    const html = renderMarkdown('# Требования\n\n- **зарплата** +30%\n- *газ* 50 ₸');
    expect(html).toContain('<h1>Требования</h1>');
    expect(html).toContain('<li><strong>зарплата</strong> +30%</li>');
    expect(html).toContain('<em>газ</em>');
  });

  it('escapes raw HTML instead of passing it through', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>');
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;');
  });

  it('drops javascript: links and marks outside links noopener', () => {
    expect(renderMarkdown('[x](javascript:alert(1))')).not.toContain('href="javascript:');
    expect(renderMarkdown('[x](https://example.org/a)')).toContain(
      '<a href="https://example.org/a" rel="noopener noreferrer nofollow">x</a>',
    );
  });

  it('renders inline markdown without a paragraph', () => {
    expect(renderMarkdownInline('a *b*')).toBe('a <em>b</em>');
  });
});
