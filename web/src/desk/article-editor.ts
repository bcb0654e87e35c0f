// An article of the desk (30023: news, briefs, education material) in Russian, Kazakh or
// English, written in markdown and linked to the coded events it is about: loading, checking
// and saving it; a stale save shows the other editor's text beside ours.
import { batch, signal } from '@preact/signals';
import { ARTICLE_TOPIC_PATTERN } from '../../../src/core/material-topics.js';
import { ApiError } from '../shared/http.js';
import { focusSoon } from './controls.js';
import {
  type ArticleInput,
  type EventSummary,
  getArticleVersions,
  listArticles,
  listEvents,
  saveArticle,
  staleVersions,
} from './desk-api.js';
import type { DeskContext } from './desk-context.js';
import { t } from './i18n.js';
import { hashFor } from './route.js';

/**
 * Topics as typed: lower case, split on spaces and commas, each once.
 * @example topicsOf('Zhanaozen, gas  zhanaozen') // ['zhanaozen', 'gas']
 */
export function topicsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .toLowerCase()
        .split(/[\s,]+/)
        .filter(Boolean),
    ),
  ];
}

/** What is sent for an article: trimmed title, topics and events only when there are some. */
export function articleBody(id: string | null, a: ArticleInput, topics: string): ArticleInput {
  const list = topicsOf(topics);
  return {
    ...(id ? { id } : {}),
    title: a.title.trim(),
    type: a.type,
    lang: a.lang,
    markdown: a.markdown,
    ...(list.length ? { topics: list } : {}),
    ...(a.events?.length ? { events: a.events } : {}),
  };
}

export class ArticleEditor {
  readonly title = signal('');
  readonly type = signal<ArticleInput['type']>('news');
  readonly lang = signal<ArticleInput['lang']>('ru');
  readonly markdown = signal('');
  readonly topics = signal('');
  /** The coded events the article is about. */
  readonly chosen = signal<string[]>([]);
  /** Recent events to choose from. */
  readonly events = signal<EventSummary[]>([]);
  readonly id = signal<string | null>(null);
  readonly loading = signal(false);
  readonly error = signal<unknown>(null);
  readonly saveError = signal<unknown>(null);
  readonly busy = signal(false);
  readonly saved = signal(false);
  /** The version a stale save missed: shown beside the editor's text. */
  readonly theirs = signal<ArticleInput | null>(null);
  private prev: string[] = [];

  constructor(
    private readonly ctx: DeskContext,
    id: string | null,
  ) {
    this.id.value = id;
    this.loading.value = id !== null;
  }

  private fill(a: ArticleInput): void {
    batch(() => {
      this.title.value = a.title;
      this.type.value = a.type;
      this.lang.value = a.lang;
      this.markdown.value = a.markdown;
      this.topics.value = (a.topics ?? []).join(' ');
      this.chosen.value = [...(a.events ?? [])];
    });
  }

  async load(): Promise<void> {
    const events = listEvents(null, 50).then(
      (p) => p.items,
      () => [] as EventSummary[],
    );
    const id = this.id.peek();
    try {
      if (id) {
        const [list, versions] = await Promise.all([listArticles(), getArticleVersions(id)]);
        const current = list.filter((a) => a.id === id).map((a) => a.version);
        const latest = versions.sort((a, b) => b.created_at - a.created_at)[0];
        if (!latest) throw new ApiError(404, 'not_found', 'no such article');
        this.fill(latest.content);
        this.prev = current.length ? current : [latest.version];
      }
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      this.error.value = error;
    }
    const recent = await events;
    batch(() => {
      this.events.value = recent;
      this.loading.value = false;
    });
  }

  toggleEvent(id: string, on: boolean): void {
    const next = this.chosen.peek().filter((x) => x !== id);
    if (on) next.push(id);
    this.chosen.value = next;
  }

  async save(): Promise<void> {
    const input: ArticleInput = {
      title: this.title.peek(),
      type: this.type.peek(),
      lang: this.lang.peek(),
      markdown: this.markdown.peek(),
      events: this.chosen.peek(),
    };
    if (!input.title.trim() || !input.markdown.trim()) {
      this.saveError.value = new ApiError(400, 'article_incomplete', t('desk.news.incomplete'));
      focusSoon('article-error');
      return;
    }
    // A topic the node would refuse is named here, in the editor's language.
    const bad = topicsOf(this.topics.peek()).find((topic) => !ARTICLE_TOPIC_PATTERN.test(topic));
    if (bad !== undefined) {
      this.saveError.value = new ApiError(400, 'bad_topic', t('desk.news.bad_topic', { topic: bad }));
      focusSoon('article-error');
      return;
    }
    batch(() => {
      this.busy.value = true;
      this.saveError.value = null;
    });
    try {
      const saved = await saveArticle(
        this.ctx.session.csrf_token,
        articleBody(this.id.peek(), input, this.topics.peek()),
        this.prev,
      );
      this.prev = [saved.version];
      batch(() => {
        this.id.value = saved.id;
        this.theirs.value = null;
        this.saved.value = true;
      });
      history.replaceState(null, '', hashFor(`news/${encodeURIComponent(saved.id)}`));
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      const current = staleVersions<unknown>(error);
      if (current) {
        // Show their text beside ours; saving again builds on their versions.
        const versions = await getArticleVersions(this.id.peek() ?? '').catch(() => []);
        const ids = current.map((v) => v.version);
        this.theirs.value = versions.find((v) => ids.includes(v.version))?.content ?? null;
        this.prev = ids;
      }
      this.saveError.value = error;
    }
    this.busy.value = false;
    focusSoon(this.saveError.peek() ? 'article-error' : 'article-saved');
  }
}
