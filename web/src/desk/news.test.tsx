// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildCodedEventContent } from '../../../src/core/test-factories.js';
import { articleBody, topicsOf } from './article-editor.js';
import { ArticleView, NewsListView } from './news.js';
import { byId, click, mount, settle, stubFetch, testContext, type } from './test-support.js';

afterEach(() => {
  vi.unstubAllGlobals();
  history.replaceState(null, '', '#/');
});

const EVENT = {
  id: 'evt-1',
  version: 'e1',
  content: buildCodedEventContent({ id: 'evt-1' }),
  created_at: 1,
  conflict: false,
};

/** The public event of an article version, as `/api/v1/events` gives it. */
function articleEvent(version: string, title: string, markdown: string, createdAt: number) {
  return {
    id: version,
    created_at: createdAt,
    content: markdown,
    tags: [
      ['d', 'art-1'],
      ['title', title],
      ['t', 'brief'],
      ['t', 'gas'],
      ['lang', 'kk'],
      ['a', '30620:abcd:evt-old'],
    ],
  };
}

function node(options: { stale?: boolean } = {}) {
  return stubFetch(({ path, method, body }) => {
    if (path.startsWith('/api/v1/desk/events')) return { body: { events: [EVENT], next: null } };
    if (path === '/api/v1/desk/articles' && method === 'GET')
      return {
        body: {
          articles: [{ id: 'art-1', version: 'v1', title: 'Газ', type: 'brief', lang: 'kk', created_at: 5 }],
        },
      };
    if (path.startsWith('/api/v1/events?'))
      return {
        body: {
          events: [articleEvent('v1', 'Газ', 'Мәтін', 5), articleEvent('v2', 'Газ (жаңа)', 'Жаңа мәтін', 9)],
        },
      };
    if (path === '/api/v1/desk/articles' && method === 'POST') {
      const { prev } = body as { prev: string[] };
      if (options.stale && !prev.includes('v2'))
        return {
          status: 409,
          body: {
            error: { code: 'stale_edit', message: 'stale', details: { current: [{ version: 'v2' }] } },
          },
        };
      return { status: 201, body: { id: 'art-1', version: 'v3' } };
    }
    return undefined;
  });
}

describe('news', () => {
  it('turns typed topics into a list, each once', () => {
    expect(topicsOf(' Gas, zhanaozen  GAS,,')).toEqual(['gas', 'zhanaozen']);
    expect(
      articleBody(null, { title: ' T ', type: 'news', lang: 'ru', markdown: 'x', events: [] }, ' '),
    ).toEqual({ title: 'T', type: 'news', lang: 'ru', markdown: 'x' });
  });

  it('lists the articles with their type and language', async () => {
    node();
    const { ctx } = testContext();
    const root = await mount(<NewsListView />, ctx);
    expect(root.querySelector('.items a')?.getAttribute('href')).toBe('#/news/art-1');
    expect(Array.from(root.querySelectorAll('.items .chip')).map((c) => c.textContent)).toEqual([
      'Situation brief',
      'Kazakh',
    ]);
    expect(byId('new-article')).toBeTruthy();
  });

  it('asks for a title and a text, then publishes the article linked to the events ticked', async () => {
    const calls = node();
    const { ctx } = testContext();
    await mount(<ArticleView id={null} />, ctx);
    await click(byId('article-publish'));
    await settle();
    expect(byId('article-error').textContent).toBe('Give the article a title and a text.');
    expect(document.activeElement).toBe(byId('article-error'));

    await type(byId('article-title'), ' Забастовка ');
    await type(byId('article-markdown'), 'Рабочие **вышли**.');
    // A topic the node would refuse is named before anything is sent; Cyrillic ones are fine.
    await type(byId('article-topics'), 'Zhanaozen газ/нефть');
    await click(byId('article-publish'));
    await settle();
    expect(byId('article-error').textContent).toContain('“газ/нефть”');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await type(byId('article-topics'), 'Zhanaozen Забастовка');
    await click(byId('article-event-evt-1'));
    await click(byId('article-publish'));
    await settle();
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({
      input: {
        title: 'Забастовка',
        type: 'news',
        lang: 'ru',
        markdown: 'Рабочие **вышли**.',
        topics: ['zhanaozen', 'забастовка'],
        events: ['evt-1'],
      },
      prev: [],
    });
    expect(document.activeElement).toBe(byId('article-saved'));
    expect(location.hash).toBe('#/news/art-1');
    expect(document.querySelector('h1')?.textContent).toBe('Edit the article');
  });

  it('opens the latest version, and shows the version saved meanwhile beside the editor’s', async () => {
    const calls = node({ stale: true });
    const { ctx } = testContext();
    const root = await mount(<ArticleView id="art-1" />, ctx);
    expect(byId<HTMLInputElement>('article-title').value).toBe('Газ (жаңа)');
    expect(byId<HTMLSelectElement>('article-lang').value).toBe('kk');
    expect(byId<HTMLInputElement>('article-topics').value).toBe('gas');
    // An event linked before, not among the recent ones, is still offered, ticked.
    expect(byId<HTMLInputElement>('article-event-evt-old').checked).toBe(true);

    // The list named only v1 as current: the save is stale and v2 is shown.
    calls.length = 0;
    await type(byId('article-markdown'), 'Менің мәтінім');
    await click(byId('article-publish'));
    await settle();
    expect(root.querySelector('.theirs pre')?.textContent).toBe('Жаңа мәтін');
    expect(byId<HTMLTextAreaElement>('article-markdown').value).toBe('Менің мәтінім');
    await click(byId('article-publish'));
    await settle();
    const posts = calls.filter((c) => c.method === 'POST').map((c) => (c.body as { prev: string[] }).prev);
    expect(posts).toEqual([['v1'], ['v2']]);
    expect(root.querySelector('.theirs')).toBeNull();
  });
});
