// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReporterView } from './reporter.js';
import { byId, click, inboxReport, mount, settle, stubFetch, testContext, type } from './test-support.js';

afterEach(() => vi.unstubAllGlobals());

const KEY = 'cd'.repeat(32);
const FIRST = inboxReport('a1', { received_at: 100, lang: 'kk', channel: 'sms', reporter: KEY });
const SECOND = inboxReport('b2', { received_at: 300, lang: 'ru', channel: 'sms', reporter: KEY });

function node(options: { refuse?: boolean } = {}) {
  const replies: { id: string; report_id: string | null; created_at: number; text: string }[] = [
    { id: 'r1', report_id: FIRST.id, created_at: 200, text: 'Спасибо' },
  ];
  return stubFetch(({ path, method, body }) => {
    if (path === `/api/v1/desk/reporters/${KEY}`)
      return { body: { reporter: KEY, reports: [SECOND, FIRST], replies } };
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
    // Every report came by SMS: the editor is told how the reply travels.
    expect(root.querySelector('.reply-form .notice')).not.toBeNull();
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
