// The state of the material editor: one signal per field, loading, publishing (a stale save
// builds on the versions it missed once the editor has seen the message) and withdrawing.
import { batch, computed, signal } from '@preact/signals';
import { renderMarkdown } from '../../../../src/core/markdown.js';
import { ApiError } from '../../shared/http.js';
import { focusSoon } from '../controls.js';
import type { DeskContext } from '../desk-context.js';
import { lang, t } from '../i18n.js';
import { hashFor } from '../route.js';
import {
  getMaterial,
  listMaterials,
  type MaterialBody,
  type MaterialRow,
  type MaterialTopic,
  publishMaterial,
  withdrawMaterial,
} from './materials-api.js';

/** The body sent for the form's values: trimmed, optional parts only when given. */
export function materialBody(
  id: string | null,
  f: {
    title: string;
    summary: string;
    lang: MaterialBody['lang'];
    topics: MaterialTopic[];
    markdown: string;
    source: string;
  },
): MaterialBody {
  return {
    ...(id ? { id } : {}),
    title: f.title.trim(),
    ...(f.summary.trim() ? { summary: f.summary.trim() } : {}),
    lang: f.lang,
    topics: f.topics,
    markdown: f.markdown,
    ...(f.source && f.source !== id ? { translation_of: f.source } : {}),
  };
}

export class MaterialEditor {
  readonly id = signal<string | null>(null);
  readonly title = signal('');
  readonly summary = signal('');
  /** A new material starts in the language the desk is shown in. */
  readonly lang = signal<MaterialBody['lang']>(lang());
  readonly topics = signal<MaterialTopic[]>([]);
  readonly markdown = signal('');
  /** The material this one translates ('' for none). */
  readonly source = signal('');
  /** Every material, to choose what this one translates. */
  readonly others = signal<MaterialRow[]>([]);
  readonly loading = signal(true);
  readonly error = signal<unknown>(null);
  readonly saveError = signal<unknown>(null);
  readonly busy = signal(false);
  readonly notice = signal<string | null>(null);
  readonly withdrawn = signal(false);
  /** The preview, drawn by the same renderer as /learn and the mirror. */
  readonly preview = computed(() => renderMarkdown(this.markdown.value));
  private prev: string[] = [];

  constructor(
    private readonly ctx: DeskContext,
    id: string | null,
    start: { translationOf?: string | null; lang?: string | null } = {},
  ) {
    this.id.value = id;
    if (start.translationOf) this.source.value = start.translationOf;
    if (start.lang === 'ru' || start.lang === 'kk' || start.lang === 'en') this.lang.value = start.lang;
  }

  async load(): Promise<void> {
    const id = this.id.peek();
    try {
      const [others, current] = await Promise.all([listMaterials(), id ? getMaterial(id) : null]);
      batch(() => {
        this.others.value = others.filter((m) => m.id !== id);
        const source = others.find((m) => m.id === this.source.peek());
        // A new translation starts filed under the same topics as what it translates.
        if (source && !id) this.topics.value = [...source.topics];
        const latest = current?.versions.sort((a, b) => b.created_at - a.created_at)[0];
        if (current && !latest) throw new ApiError(404, 'not_found', 'no such material');
        if (current && latest) {
          const m = latest.material;
          this.title.value = m.title;
          this.summary.value = m.summary ?? '';
          this.lang.value = m.lang;
          this.topics.value = m.topics;
          this.markdown.value = m.markdown;
          this.source.value = m.translation_of ?? '';
          this.prev = current.versions.map((v) => v.version);
        }
        this.loading.value = false;
      });
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      batch(() => {
        this.error.value = error;
        this.loading.value = false;
      });
    }
  }

  toggleTopic(topic: MaterialTopic, on: boolean): void {
    const next = this.topics.peek().filter((x) => x !== topic);
    if (on) next.push(topic);
    this.topics.value = next;
  }

  async save(): Promise<void> {
    if (!this.title.peek().trim() || !this.markdown.peek().trim() || this.topics.peek().length === 0) {
      this.saveError.value = new ApiError(400, 'material_incomplete', t('desk.materials.incomplete'));
      focusSoon('material-error');
      return;
    }
    batch(() => {
      this.busy.value = true;
      this.saveError.value = null;
      this.notice.value = null;
    });
    try {
      const body = materialBody(this.id.peek(), {
        title: this.title.peek(),
        summary: this.summary.peek(),
        lang: this.lang.peek(),
        topics: this.topics.peek(),
        markdown: this.markdown.peek(),
        source: this.source.peek(),
      });
      const saved = await publishMaterial(this.ctx.session.csrf_token, body, this.prev);
      this.prev = [saved.version];
      batch(() => {
        this.id.value = saved.id;
        this.notice.value = t('desk.materials.published');
      });
      history.replaceState(null, '', hashFor(`materials/${encodeURIComponent(saved.id)}`));
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      const id = this.id.peek();
      if (error instanceof ApiError && error.code === 'stale_edit' && id) {
        // Someone saved meanwhile: once told so, the next save builds on what they saved.
        const current = await getMaterial(id).catch(() => null);
        if (current) this.prev = current.versions.map((v) => v.version);
      }
      this.saveError.value = error;
    }
    this.busy.value = false;
    focusSoon(this.saveError.peek() ? 'material-error' : 'material-notice');
  }

  async withdraw(): Promise<void> {
    const id = this.id.peek();
    if (!id || !window.confirm(t('desk.materials.withdraw_confirm'))) return;
    this.busy.value = true;
    try {
      await withdrawMaterial(this.ctx.session.csrf_token, id);
      batch(() => {
        this.withdrawn.value = true;
        this.notice.value = t('desk.materials.withdrawn');
      });
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      this.saveError.value = error;
    }
    this.busy.value = false;
    focusSoon(this.saveError.peek() ? 'material-error' : 'material-notice');
  }
}
