// A collective as the organizer works on it: the node's answer, the person picked on the wall
// chart, and the writes (each reloads the collective, so the chart shows what the node stored).
import { batch, signal } from '@preact/signals';
import type { DeskContext } from '../desk-context.js';
import { t } from '../i18n.js';
import { type CollectiveView, getCollectiveApi } from './organize-api.js';

export class CollectiveState {
  readonly view = signal<CollectiveView | null>(null);
  readonly error = signal<unknown>(null);
  readonly loading = signal(true);
  /** The person picked on the wall chart (their panel: assess, one-on-one, versions). */
  readonly picked = signal<string | null>(null);
  /** What is being saved now (a form's name), and the last failure of a write. */
  readonly busy = signal<string | null>(null);
  readonly writeError = signal<{ form: string; error: unknown } | null>(null);

  constructor(
    private readonly ctx: DeskContext,
    readonly id: string,
  ) {}

  get csrf(): string {
    return this.ctx.session.csrf_token;
  }

  async load(): Promise<void> {
    this.loading.value = true;
    try {
      const view = await getCollectiveApi(this.id);
      batch(() => {
        this.view.value = view;
        this.error.value = null;
      });
    } catch (error) {
      if (!this.ctx.signedOut(error)) this.error.value = error;
    }
    this.loading.value = false;
  }

  /** Run one write of form `form`; on success reload and say `done`. Answers whether it worked. */
  async write(form: string, run: () => Promise<unknown>, done: string): Promise<boolean> {
    batch(() => {
      this.busy.value = form;
      this.writeError.value = null;
    });
    try {
      await run();
      await this.load();
      this.ctx.announce(done);
      return true;
    } catch (error) {
      if (!this.ctx.signedOut(error)) this.writeError.value = { form, error };
      return false;
    } finally {
      this.busy.value = null;
    }
  }

  person(id: string | null) {
    return this.view.value?.people.find((p) => p.id === id) ?? null;
  }

  pseudonymOf(id: string): string {
    return this.person(id)?.pseudonym ?? t('desk.organize.person.unknown');
  }
}
