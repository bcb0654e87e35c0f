// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InboxReport } from './desk-api.js';
import { ReporterView } from './reporter.js';
import { byId, click, inboxReport, mount, settle, stubFetch, testContext, type } from './test-support.js';

afterEach(() => vi.unstubAllGlobals());

const KEY = 'cd'.repeat(32);
const FIRST = inboxReport('a1', {
  received_at: 100,
  lang: 'kk',
  channel: 'sms',
  reporter: KEY,
  reply_route: 'sms',
});
const SECOND = inboxReport('b2', {
  received_at: 300,
  lang: 'ru',
  channel: 'sms',
  reporter: KEY,
  reply_route: 'sms',
});

function node(options: { refuse?: boolean; reports?: InboxReport[] } = {}) {
  const replies: { id: string; report_id: string | null; created_at: number; text: string }[] = [
    { id: 'r1', report_id: FIRST.id, created_at: 200, text: 'Спасибо' },
  ];
  return stubFetch(({ path, method, body }) => {
    if (path === `/api/v1/desk/reporters/${KEY}`)
      return { body: { reporter: KEY, reports: options.reports ?? [SECOND, FIRST], replies } };
    if (path === '/api/v1/desk/replies' && method === 'POST') {
      if (options.refuse) return { status: 400, body: { error: { code: 'invalid_body', message: 'bad' } } };
      replies.push({ id: 'r2', report_id: null, created_at: 400, text: (body as { text: string }).text });
      return { body: { id: 'r2' } };
    }
    return undefined;
  });
}

describe('a conversation with a reporter', () => {
  it('puts reports and replies in time order and answers in the language of the report', async () => {
    node();
    const { ctx } = testContext();
    const root = await mount(<ReporterView pubkey={KEY} report={FIRST.id} />, ctx);
    const items = Array.from(root.querySelectorAll('.thread > li'));
    expect(items.map((li) => li.className)).toEqual([
      'message from-reporter current',
      'message from-desk',
      'message from-reporter',
    ]);
    expect(byId<HTMLSelectElement>('reply-lang').value).toBe('kk');
    // The report came by SMS: the editor is told how the reply travels, and that SMS is plain.
    expect(root.querySelector('.reply-form .notice')?.textContent).toMatch(/SMS/);
    // The reporter is named by the codename their phone shows, not by a key.
    expect(root.querySelector('h1')?.textContent).toContain('K7QM-3XWD');
    expect(root.textContent).not.toContain(KEY);
  });

  it('says when a reply cannot reach the reporter, and sends no SMS that cannot go out', async () => {
    node({ reports: [{ ...FIRST, reply_route: 'sms_unavailable' }] });
    const { ctx } = testContext();
    let root = await mount(<ReporterView pubkey={KEY} report={FIRST.id} />, ctx);
    expect(root.querySelector('.reply-form .notice')?.textContent).toMatch(
      /^A reply cannot be delivered: this node cannot send SMS/,
    );
    expect(byId<HTMLButtonElement>('reply-send').disabled).toBe(true);
    // The report's card says it too, as the inbox shows it.
    expect(root.querySelector('.thread .notice')?.textContent).toBe(
      'Replies cannot reach this reporter: this node cannot send SMS.',
    );

    node({ reports: [{ ...FIRST, channel: 'web', reply_route: 'unroutable' }] });
    root = await mount(<ReporterView pubkey={KEY} report={FIRST.id} />, testContext().ctx);
    // On the report's card and above the form.
    expect(root.querySelectorAll('.notice')).toHaveLength(2);
    expect(root.querySelector('.reply-form .notice')?.textContent).toMatch(/cannot reach/);
    expect(byId<HTMLButtonElement>('reply-send').disabled).toBe(false);
  });

  it('refuses an empty reply in place, then sends one about the report the editor came from', async () => {
    const calls = node();
    const { ctx, asked } = testContext();
    const root = await mount(<ReporterView pubkey={KEY} report={FIRST.id} />, ctx);
    await click(byId('reply-send'));
    await settle();
    expect(byId('reply-text-error').textContent).toBe('Write the reply first.');
    expect(byId('reply-text').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(byId('reply-text'));

    await type(byId('reply-text'), '  Будьте осторожны.  ');
    await click(byId('reply-send'));
    await settle();
    const post = calls.find((c) => c.path === '/api/v1/desk/replies');
    expect(post?.body).toEqual({ to: KEY, text: 'Будьте осторожны.', report_id: FIRST.id, lang: 'kk' });
    expect(asked.announced).toHaveLength(1);
    expect(byId<HTMLTextAreaElement>('reply-text').value).toBe('');
    expect(root.querySelectorAll('.message.from-desk')).toHaveLength(2);
  });

  it('shows the node’s refusal as an error line, keeping the text', async () => {
    node({ refuse: true });
    const { ctx } = testContext();
    const root = await mount(<ReporterView pubkey={KEY} report={null} />, ctx);
    await type(byId('reply-text'), 'Привет');
    await click(byId('reply-send'));
    expect(root.querySelector('.reply-form .error[role="alert"]')).not.toBeNull();
    expect(document.getElementById('reply-text-error')).toBeNull();
    expect(byId<HTMLTextAreaElement>('reply-text').value).toBe('Привет');
  });
});
