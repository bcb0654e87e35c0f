// What the Program view knows without drawing: who may do what, where a plank's status may
// move, how a demand and a plank are named, and the view's state (the node's answer and the
// writes made from it). The node checks all of it again; this only spares useless clicks.
import { signal } from '@preact/signals';
import { ApiError } from '../../shared/http.js';
import type { DeskContext } from '../desk-context.js';
import { errorMessage, has, LANGS, type Lang, t } from '../i18n.js';
import {
  type DeskProgram,
  getProgram,
  type InventoryDemand,
  type PlankStatus,
  type PlankText,
  type PlankView,
} from './program-api.js';

/**
 * Where a plank's status may move: src/core/program-records.ts's PLANK_TRANSITIONS, restated
 * because that file brings zod, which the desk page must not carry (program-model.test.ts
 * checks the two agree).
 */
export const TRANSITIONS: Readonly<Record<PlankStatus, readonly PlankStatus[]>> = {
  draft: ['put_to_vote'],
  put_to_vote: ['adopted', 'draft'],
  adopted: ['won', 'partly_won', 'lost'],
  won: ['partly_won', 'lost'],
  partly_won: ['won', 'lost'],
  lost: ['won', 'partly_won'],
};

/** Statuses that ask for evidence: the outcomes, proven by published concessions. */
export const OUTCOMES: readonly PlankStatus[] = ['won', 'partly_won', 'lost'];

/** Admins and editors draft, decide and publish. */
export const drafts = (role: string) => role === 'admin' || role === 'editor';
/** Everyone but a viewer proposes amendments. */
export const proposes = (role: string) => role !== 'viewer';

/**
 * A code's label from the desk's catalogue (codes.ts's codeLabel, restated: importing codes.ts
 * here would split the desk's shared code into one more chunk on its first load).
 */
export function codeLabel(group: 'demand' | 'demand_class', code: string): string {
  const key = `desk.code.${group}.${code}`;
  return has(key) ? t(key) : code;
}

/** A demand as the desk names it: the taxonomy's label, or the group's own words. */
export function demandName(
  d: Pick<InventoryDemand, 'key' | 'code' | 'label' | 'texts'> | undefined,
  key: string,
) {
  if (d?.code) return codeLabel('demand', d.code);
  if (!d && !key.startsWith('text:')) return codeLabel('demand', key);
  return d?.label ?? d?.texts[0] ?? key.slice(5);
}

/** A plank's words in the language, else in the first language it has. */
export function plankWords(text: PlankText, lang: Lang): { text: string; lang: Lang } {
  if (text[lang].trim()) return { text: text[lang], lang };
  const other = LANGS.find((l) => text[l].trim()) ?? lang;
  return { text: text[other], lang: other };
}

/** An error the program's routes answer, in the desk's words. */
export function programError(error: unknown): string {
  if (!(error instanceof ApiError) && error instanceof Error) return error.message;
  const key = error instanceof ApiError ? `desk.program.error.${error.code}` : '';
  return key && has(key) ? t(key) : errorMessage(error);
}

/** The view's state, kept while the route is open. */
export class ProgramState {
  readonly data = signal<DeskProgram | null>(null);
  readonly error = signal<unknown>(null);
  /** What is being written now (a button's id), so the button shows it and is not pressed twice. */
  readonly busy = signal<string | null>(null);
  readonly notice = signal<string | null>(null);

  constructor(private readonly ctx: DeskContext) {}

  get csrf(): string {
    return this.ctx.session.csrf_token;
  }

  get role(): string {
    return this.ctx.session.account.role;
  }

  async load(): Promise<void> {
    try {
      this.data.value = await getProgram();
      this.error.value = null;
    } catch (error) {
      if (!this.ctx.signedOut(error)) this.error.value = error;
    }
  }

  /**
   * Run a write; on success reload, say `done` and answer true. A failure is the answer of the
   * form that asked (`onError`): it stays open with what was typed.
   */
  async write(id: string, run: () => Promise<unknown>, done: string, onError: (e: unknown) => void) {
    if (this.busy.value) return false;
    this.busy.value = id;
    try {
      await run();
      await this.load();
      this.notice.value = done;
      this.ctx.announce(done);
      return true;
    } catch (error) {
      if (!this.ctx.signedOut(error)) onError(error);
      // Someone else saved meanwhile: show what they saved.
      if (error instanceof ApiError && error.code === 'stale_edit') await this.load();
      return false;
    } finally {
      this.busy.value = null;
    }
  }

  demand(key: string): InventoryDemand | undefined {
    return this.data.value?.inventory.demands.find((d) => d.key === key);
  }

  plank(id: string): PlankView | undefined {
    return this.data.value?.planks.find((p) => p.id === id);
  }
}

/** A support figure: the count, and whether the public sees it as "fewer than N". */
export function below(n: number | null, threshold: number): boolean {
  return n !== null && n < threshold;
}
