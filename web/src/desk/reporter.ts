// A conversation with one reporter: their reports and the desk's replies, oldest first, and a
// reply form. The reply is sealed to the reporter's key by the node (kind 4621).
import { h } from '../shared/dom.js';
import { lang, t } from '../shared/i18n.js';
import { LANGS } from './codes.js';
import { getReporter, type InboxReport, type Reply, sendReply } from './desk-api.js';
import { reportCard } from './report-card.js';
import {
  type DeskContext,
  type DeskView,
  errorLine,
  labelled,
  loadingLine,
  reporterName,
  select,
  textarea,
  time,
} from './ui.js';

export class ReporterView implements DeskView {
  private reports: InboxReport[] = [];
  private replies: Reply[] = [];
  private loading = true;
  private error: unknown = null;
  private sendError: unknown = null;
  private text = '';
  private replyLang = '';
  private busy = false;

  constructor(
    private ctx: DeskContext,
    private pubkey: string,
    private reportId: string | null,
  ) {
    void this.load();
  }

  title(): string {
    return t('desk.reporter.title', { name: reporterName(this.pubkey) });
  }

  private async load(): Promise<void> {
    try {
      const body = await getReporter(this.pubkey);
      this.reports = body.reports ?? [];
      this.replies = body.replies ?? [];
      const about = this.reports.find((r) => r.id === this.reportId) ?? this.reports[this.reports.length - 1];
      if (!this.replyLang) this.replyLang = about?.lang ?? lang();
      this.error = null;
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      this.error = error;
    }
    this.loading = false;
    this.ctx.redraw();
  }

  private async send(): Promise<void> {
    const text = this.text.trim();
    if (!text) {
      this.sendError = new Error(t('desk.reporter.empty'));
      this.ctx.redraw();
      document.getElementById('reply-text')?.focus();
      return;
    }
    this.busy = true;
    this.sendError = null;
    this.ctx.redraw();
    try {
      const reportId = this.reportId ?? this.reports[this.reports.length - 1]?.id;
      await sendReply(this.ctx.session.csrf_token, {
        to: this.pubkey,
        text,
        ...(reportId ? { report_id: reportId } : {}),
        ...(this.replyLang ? { lang: this.replyLang } : {}),
      });
      this.text = '';
      this.busy = false;
      this.ctx.announce(t('desk.reporter.sent'));
      await this.load();
      document.getElementById('reply-text')?.focus();
    } catch (error) {
      this.busy = false;
      if (this.ctx.signedOut(error)) return;
      this.sendError = error;
      this.ctx.redraw();
    }
  }

  private thread(): HTMLElement {
    type Item = { at: number; node: HTMLElement };
    const items: Item[] = [
      ...this.reports.map((r) => ({
        at: r.received_at,
        node: h(
          'li',
          { class: `message from-reporter${r.id === this.reportId ? ' current' : ''}` },
          reportCard(r, { reporterLink: false }),
        ),
      })),
      ...this.replies.map((r) => ({
        at: r.created_at,
        node: h(
          'li',
          { class: 'message from-desk' },
          h(
            'p',
            { class: 'report-meta' },
            h('strong', null, t('desk.reporter.desk_reply')),
            ' ',
            time(r.created_at),
          ),
          h('p', { class: 'report-text' }, r.text),
        ),
      })),
    ].sort((a, b) => a.at - b.at);
    return h(
      'ol',
      { class: 'thread', 'aria-label': t('desk.reporter.thread') },
      items.map((i) => i.node),
    );
  }

  private form(): HTMLElement {
    const area = textarea('reply', this.text, { rows: 4, maxlength: 5000, required: true });
    area.addEventListener('input', () => {
      this.text = area.value;
    });
    const langSelect = select(
      'reply_lang',
      this.replyLang,
      LANGS.map((l) => ({ value: l, label: t(`desk.lang.${l}`) })),
    );
    langSelect.addEventListener('change', () => {
      this.replyLang = langSelect.value;
    });
    const onlySms = this.reports.length > 0 && this.reports.every((r) => r.channel === 'sms');
    const form = h(
      'form',
      { class: 'stack reply-form', novalidate: true },
      h('h2', null, t('desk.reporter.reply_heading')),
      onlySms ? h('p', { class: 'notice', role: 'note' }, t('desk.reporter.sms_note')) : null,
      labelled('reply-text', t('desk.reporter.reply'), area, {
        hint: t('desk.reporter.reply_hint'),
        error: this.sendError
          ? this.sendError instanceof Error && !('code' in this.sendError)
            ? this.sendError.message
            : undefined
          : undefined,
      }),
      this.sendError && 'code' in (this.sendError as object) ? errorLine(this.sendError) : null,
      labelled('reply-lang', t('desk.reporter.lang'), langSelect),
      h(
        'button',
        { type: 'submit', class: 'primary', id: 'reply-send', disabled: this.busy },
        t('desk.reporter.send'),
      ),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.send();
    });
    return form;
  }

  render(): HTMLElement {
    return h(
      'div',
      { class: 'view reporter' },
      h('h1', { tabindex: '-1' }, this.title()),
      h('p', { class: 'muted' }, h('code', { class: 'key' }, this.pubkey)),
      this.loading ? loadingLine() : this.error ? errorLine(this.error) : this.thread(),
      this.ctx.canEdit && !this.loading && !this.error ? this.form() : null,
    );
  }
}
