// The brief screen's state: the days and language asked for, the brief the node computes from
// the published events (GET /api/v1/brief), and publishing it as an article of the desk.
import { batch, signal } from '@preact/signals';
import { api } from '../../shared/http.js';
import type { DeskContext } from '../desk-context.js';
import { lang, t } from '../i18n.js';

export interface ComputedBrief {
  text: string;
  markdown: string;
  summary: string;
}

export interface PublishedBrief {
  id: string;
  version: string;
  title: string;
}

type Lang = 'ru' | 'kk' | 'en';

/** A day as YYYY-MM-DD, `back` days before today (local time: the editor's own days). */
export function dayBefore(back: number, now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - back);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export class BriefState {
  /** The last seven days, today included, by default. */
  readonly from = signal(dayBefore(6));
  readonly to = signal(dayBefore(0));
  readonly lang = signal<Lang>(lang());
  readonly brief = signal<ComputedBrief | null>(null);
  /** The days and language the brief shown was computed for: what "publish" publishes. */
  private shownFor: { from: string; to: string; lang: Lang } | null = null;
  readonly loading = signal(false);
  readonly busy = signal(false);
  readonly error = signal<unknown>(null);
  readonly published = signal<PublishedBrief | null>(null);

  constructor(private readonly ctx: DeskContext) {}

  async compute(): Promise<void> {
    const asked = { from: this.from.value, to: this.to.value, lang: this.lang.value };
    batch(() => {
      this.loading.value = true;
      this.error.value = null;
      this.published.value = null;
    });
    try {
      const query = new URLSearchParams(asked).toString();
      const brief = await api<ComputedBrief>(`/api/v1/brief?${query}`);
      this.shownFor = asked;
      this.brief.value = brief;
    } catch (error) {
      if (!this.ctx.signedOut(error)) this.error.value = error;
    }
    this.loading.value = false;
  }

  async publish(): Promise<boolean> {
    const body = this.shownFor;
    if (!body) return false;
    batch(() => {
      this.busy.value = true;
      this.error.value = null;
    });
    try {
      const done = await api<PublishedBrief>('/api/v1/desk/briefs', {
        method: 'POST',
        csrf: this.ctx.session.csrf_token,
        body,
      });
      this.published.value = done;
      this.ctx.announce(t('desk.brief.published', { title: done.title }));
      return true;
    } catch (error) {
      if (!this.ctx.signedOut(error)) this.error.value = error;
      return false;
    } finally {
      this.busy.value = false;
    }
  }
}
