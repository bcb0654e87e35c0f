// News: the desk's articles (30023: news, briefs, education material) in Russian, Kazakh or
// English, written in markdown and linked to the coded events they are about.
import { h } from '../shared/dom.js';
import { ApiError, errorText } from '../shared/http.js';
import { formatDay, t } from '../shared/i18n.js';
import { ARTICLE_TYPES, codeLabel, LANGS } from './codes.js';
import {
  type ArticleInput,
  type ArticleSummary,
  type EventSummary,
  getArticleVersions,
  listArticles,
  listEvents,
  saveArticle,
  staleVersions,
} from './desk-api.js';
import {
  type DeskContext,
  type DeskView,
  errorLine,
  hashFor,
  input,
  labelled,
  loadingLine,
  select,
  textarea,
  time,
} from './ui.js';

export class NewsListView implements DeskView {
  private articles: ArticleSummary[] = [];
  private loading = true;
  private error: unknown = null;

  constructor(private ctx: DeskContext) {
    listArticles().then(
      (a) => {
        this.articles = a;
        this.loading = false;
        this.ctx.redraw();
      },
      (error: unknown) => {
        if (this.ctx.signedOut(error)) return;
        this.error = error;
        this.loading = false;
        this.ctx.redraw();
      },
    );
  }

  title(): string {
    return t('desk.news.title');
  }

  render(): HTMLElement {
    return h(
      'div',
      { class: 'view news' },
      h(
        'div',
        { class: 'view-head' },
        h('h1', { tabindex: '-1' }, this.title()),
        this.ctx.canEdit
          ? h(
              'a',
              { href: hashFor('news/new'), class: 'button-link primary', id: 'new-article' },
              t('desk.news.new'),
            )
          : null,
      ),
      this.loading ? loadingLine() : null,
      this.error ? errorLine(this.error) : null,
      !this.loading && !this.error && this.articles.length === 0
        ? h('p', { class: 'muted' }, t('desk.news.empty'))
        : null,
      h(
        'ol',
        { class: 'items' },
        this.articles.map((a) =>
          h(
            'li',
            null,
            h(
              'a',
              { href: hashFor(`news/${encodeURIComponent(a.id)}`), lang: a.lang },
              h('strong', null, a.title),
            ),
            h(
              'span',
              { class: 'report-meta' },
              h('span', { class: 'chip' }, codeLabel('article_type', a.type)),
              h('span', { class: 'chip' }, t(`desk.lang.${a.lang}`)),
              time(a.created_at),
            ),
          ),
        ),
      ),
    );
  }
}

export class ArticleView implements DeskView {
  private article: ArticleInput;
  private topics = '';
  private prev: string[] = [];
  private loading: boolean;
  private error: unknown = null;
  private saveError: unknown = null;
  private busy = false;
  private saved = false;
  private events: EventSummary[] = [];
  /** The versions a stale save missed: shown beside the editor's text. */
  private theirs: ArticleInput | null = null;

  constructor(
    private ctx: DeskContext,
    private id: string | null,
  ) {
    this.article = { title: '', type: 'news', lang: 'ru', markdown: '', events: [] };
    this.loading = id !== null;
    void this.load();
  }

  title(): string {
    return this.id ? t('desk.news.edit_title') : t('desk.news.new_title');
  }

  private async load(): Promise<void> {
    const events = listEvents(null, 50).then(
      (p) => p.items,
      () => [] as EventSummary[],
    );
    try {
      if (this.id) {
        const [list, versions] = await Promise.all([listArticles(), getArticleVersions(this.id)]);
        const current = list.filter((a) => a.id === this.id).map((a) => a.version);
        const latest = versions.sort((a, b) => b.created_at - a.created_at)[0];
        if (!latest) throw new ApiError(404, 'not_found', 'no such article');
        this.article = latest.content;
        this.topics = (latest.content.topics ?? []).join(' ');
        this.prev = current.length ? current : [latest.version];
      }
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      this.error = error;
    }
    this.events = await events;
    this.loading = false;
    this.ctx.redraw();
  }

  private async save(): Promise<void> {
    const a = this.article;
    if (!a.title.trim() || !a.markdown.trim()) {
      this.saveError = new ApiError(400, 'article_incomplete', t('desk.news.incomplete'));
      this.ctx.redraw();
      document.getElementById('article-error')?.focus();
      return;
    }
    const topics = [
      ...new Set(
        this.topics
          .toLowerCase()
          .split(/[\s,]+/)
          .filter(Boolean),
      ),
    ];
    const body: ArticleInput = {
      ...(this.id ? { id: this.id } : {}),
      title: a.title.trim(),
      type: a.type,
      lang: a.lang,
      markdown: a.markdown,
      ...(topics.length ? { topics } : {}),
      ...(a.events?.length ? { events: a.events } : {}),
    };
    this.busy = true;
    this.saveError = null;
    this.ctx.redraw();
    try {
      const saved = await saveArticle(this.ctx.session.csrf_token, body, this.prev);
      this.id = saved.id;
      this.prev = [saved.version];
      this.theirs = null;
      this.saved = true;
      history.replaceState(null, '', hashFor(`news/${encodeURIComponent(saved.id)}`));
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      const current = staleVersions<unknown>(error);
      if (current) {
        // Show their text beside ours; saving again builds on their versions.
        const versions = await getArticleVersions(this.id ?? '').catch(() => []);
        const ids = current.map((v) => v.version);
        this.theirs = versions.find((v) => ids.includes(v.version))?.content ?? null;
        this.prev = ids;
      }
      this.saveError = error;
    }
    this.busy = false;
    this.ctx.redraw();
    document.getElementById(this.saveError ? 'article-error' : 'article-saved')?.focus();
  }

  private form(): HTMLElement {
    const a = this.article;
    const chosen = new Set(a.events ?? []);
    const known = new Set(this.events.map((e) => e.id));
    const form = h(
      'form',
      { class: 'stack article-form', novalidate: true },
      this.saveError
        ? h(
            'p',
            { class: 'error', id: 'article-error', tabindex: '-1', role: 'alert' },
            errorText(this.saveError, 'desk'),
          )
        : null,
      this.saved
        ? h(
            'p',
            { class: 'notice', id: 'article-saved', tabindex: '-1', role: 'status' },
            t('desk.news.published'),
          )
        : null,
      labelled(
        'article-title',
        t('desk.news.field_title'),
        input('title', a.title, { required: true, maxlength: 300 }),
      ),
      h(
        'div',
        { class: 'pair' },
        labelled(
          'article-type',
          t('desk.news.type'),
          select(
            'type',
            a.type,
            ARTICLE_TYPES.map((x) => ({ value: x, label: codeLabel('article_type', x) })),
          ),
        ),
        labelled(
          'article-lang',
          t('desk.news.lang'),
          select(
            'lang',
            a.lang,
            LANGS.map((l) => ({ value: l, label: t(`desk.lang.${l}`) })),
          ),
        ),
      ),
      this.theirs
        ? h(
            'section',
            { class: 'theirs', 'aria-labelledby': 'theirs-heading' },
            h('h2', { id: 'theirs-heading' }, t('desk.news.theirs')),
            h('p', { class: 'notice' }, t('desk.news.theirs_intro')),
            h('p', null, h('strong', null, this.theirs.title)),
            h('pre', { class: 'markdown', lang: this.theirs.lang }, this.theirs.markdown),
          )
        : null,
      labelled(
        'article-markdown',
        t('desk.news.markdown'),
        textarea('markdown', a.markdown, { rows: 14, required: true, lang: a.lang }),
        {
          hint: t('desk.news.markdown_hint'),
        },
      ),
      labelled(
        'article-topics',
        t('desk.news.topics'),
        input('topics', this.topics, { spellcheck: 'false' }),
        { hint: t('desk.news.topics_hint') },
      ),
      h(
        'fieldset',
        { class: 'checks' },
        h('legend', null, t('desk.news.events')),
        this.events.length === 0 && chosen.size === 0
          ? h('p', { class: 'muted' }, t('desk.events.empty'))
          : null,
        h(
          'div',
          { class: 'check-list' },
          [
            ...[...chosen].filter((id) => !known.has(id)).map((id) => ({ id, text: id })),
            ...this.events.map((e) => ({
              id: e.id,
              text: `${e.id} · ${codeLabel('sub_event_type', e.content.sub_event_type)} · ${formatDay(e.content.date)}`,
            })),
          ].map((e) =>
            h(
              'label',
              { class: 'check' },
              h('input', {
                type: 'checkbox',
                name: 'events',
                value: e.id,
                id: `article-event-${e.id}`,
                checked: chosen.has(e.id),
              }),
              ' ',
              e.text,
            ),
          ),
        ),
      ),
      this.ctx.canEdit
        ? h(
            'button',
            { type: 'submit', class: 'primary', id: 'article-publish', disabled: this.busy },
            this.busy ? t('desk.event.publishing') : t('desk.news.publish'),
          )
        : h('p', { class: 'muted' }, t('desk.read_only')),
    );
    form.addEventListener('input', (e) => {
      const el = e.target as HTMLInputElement;
      if (el.name === 'title') a.title = el.value;
      else if (el.name === 'markdown') a.markdown = el.value;
      else if (el.name === 'topics') this.topics = el.value;
    });
    form.addEventListener('change', (e) => {
      const el = e.target as HTMLInputElement;
      if (el.name === 'type') a.type = el.value as ArticleInput['type'];
      else if (el.name === 'lang') a.lang = el.value as ArticleInput['lang'];
      else if (el.name === 'events') {
        const list = (a.events ?? []).filter((x) => x !== el.value);
        if (el.checked) list.push(el.value);
        a.events = list;
      }
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.save();
    });
    return form;
  }

  render(): HTMLElement {
    return h(
      'div',
      { class: 'view article' },
      h(
        'div',
        { class: 'view-head' },
        h('h1', { tabindex: '-1' }, this.title()),
        h('a', { href: hashFor('news'), class: 'button-link' }, t('desk.news.all')),
      ),
      this.loading ? loadingLine() : this.error ? errorLine(this.error) : this.form(),
    );
  }
}
