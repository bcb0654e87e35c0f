// For the desk's component tests (happy-dom): draw a component into the page, answer the
// node's routes from a table, and wait until what was started has been drawn.
import { type ComponentChildren, render } from 'preact';
import { act } from 'preact/test-utils';
import { vi } from 'vitest';
import type { Session } from './api.js';
import type { InboxReport } from './desk-api.js';
import { type DeskContext, DeskCtx } from './desk-context.js';
import { setLang } from './i18n.js';

export interface Call {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

export type Answer = { status?: number; body?: unknown; headers?: Record<string, string> };
export type Handler = (call: Call) => Answer | Promise<Answer> | undefined;

/**
 * Answer `fetch` from `handler` (404 when it gives nothing); every call is recorded.
 * @example const calls = stubFetch(({ path }) => path === '/api/v1/desk/session' ? { body: session } : undefined)
 */
export function stubFetch(handler: Handler): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    const raw = init.body;
    const body = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : (raw ?? undefined);
    const call = { method: init.method ?? 'GET', path: String(input), body, headers };
    calls.push(call);
    const answer = (await handler(call)) ?? {
      status: 404,
      body: { error: { code: 'not_found', message: 'no' } },
    };
    const status = answer.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(answer.body ?? {}), {
      status,
      headers: { 'content-type': 'application/json', ...answer.headers },
    });
  });
  return calls;
}

/** Let pending answers, renders and effects run. */
export async function settle(rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
}

export const SESSION: Session = {
  account: { username: 'aigul', role: 'editor', must_change_password: false },
  csrf_token: 'csrf-1',
};

/** A desk context that records what the view asked for. */
export function testContext(overrides: Partial<DeskContext> = {}) {
  const asked = { go: [] as string[], announced: [] as string[] };
  const kept = new Map<string, unknown>();
  const ctx: DeskContext = {
    session: SESSION,
    canEdit: true,
    go: (hash) => asked.go.push(hash),
    announce: (text) => asked.announced.push(text),
    signedOut: () => false,
    keep: (name, make) => {
      if (!kept.has(name)) kept.set(name, make());
      return kept.get(name) as never;
    },
    ...overrides,
  };
  return { ctx, asked };
}

/** Draw `children` into a fresh element of the page (in English), inside a desk context. */
export async function mount(children: ComponentChildren, ctx?: DeskContext): Promise<HTMLElement> {
  setLang('en');
  document.body.innerHTML = '';
  const root = document.createElement('div');
  root.id = 'app';
  document.body.append(root);
  await act(() => {
    render(ctx ? <DeskCtx.Provider value={ctx}>{children}</DeskCtx.Provider> : children, root);
  });
  await settle();
  return root;
}

/** Type into a control as a user does: the value, then an input event. */
export async function type(el: Element | null, value: string): Promise<void> {
  if (
    !(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)
  )
    throw new Error(`not a control: ${el?.outerHTML}`);
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

export async function click(el: Element | null): Promise<void> {
  if (!(el instanceof HTMLElement)) throw new Error('nothing to click');
  await act(() => {
    el.click();
  });
  await settle();
}

/** The element with `id`, or a failure that says which is missing. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`no #${id} in ${document.body.innerHTML.slice(0, 500)}`);
  return el as T;
}

/** The button whose text is `text`. */
export function button(root: ParentNode, text: string): HTMLButtonElement {
  const found = Array.from(root.querySelectorAll('button')).find((b) => b.textContent?.trim() === text);
  if (!found) throw new Error(`no button "${text}"`);
  return found;
}

/** A report as the inbox answers it. */
export function inboxReport(id: string, overrides: Partial<InboxReport> = {}): InboxReport {
  return {
    id: id.padEnd(64, '0'),
    received_at: 1_700_000_000,
    channel: 'web',
    lang: 'ru',
    text: `Report ${id}`,
    hints: null,
    suggestion: null,
    cluster: 'c1',
    cluster_size: 2,
    cluster_sources: 1,
    status: 'new',
    event_id: null,
    problem: null,
    reporter: 'ab'.repeat(32),
    codename: 'K7QM-3XWD',
    ...overrides,
  };
}

/** Record what changes under `root` while `run` runs: the elements whose subtree changed. */
export async function changesDuring(root: Node, run: () => Promise<void>): Promise<Node[]> {
  const changed: Node[] = [];
  const observer = new MutationObserver((records) => {
    for (const r of records) changed.push(r.target);
  });
  observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  await run();
  await settle();
  for (const r of observer.takeRecords()) changed.push(r.target);
  observer.disconnect();
  return changed;
}
