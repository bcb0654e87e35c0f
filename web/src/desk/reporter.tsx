// A conversation with one reporter: their reports and the desk's replies, oldest first, and a
// reply form. The reply is sealed to the reporter's key by the node (kind 4621).
import { batch, signal } from '@preact/signals';
import type { JSX } from 'preact';
import { ApiError } from '../shared/http.js';
import { LANGS } from './codes.js';
import { ErrorLine, Field, focusSoon, LoadingLine, Options, Time, useTitle } from './controls.js';
import { getReporter, type InboxReport, type Reply, sendReply } from './desk-api.js';
import { type DeskContext, useDesk, useRouteState } from './desk-context.js';
import { lang, t } from './i18n.js';
import { ReportCard } from './report-card.js';

/** The conversation and the reply being written. */
export class ConversationState {
  readonly reports = signal<InboxReport[]>([]);
  readonly replies = signal<Reply[]>([]);
  readonly loading = signal(true);
  readonly error = signal<unknown>(null);
  /** A reply refused before sending (empty) is a plain message; the node's refusal an ApiError. */
  readonly sendError = signal<unknown>(null);
  readonly text = signal('');
  readonly replyLang = signal('');
  readonly busy = signal(false);

  constructor(
    private readonly ctx: DeskContext,
    readonly pubkey: string,
    readonly reportId: string | null,
  ) {}

  /** The report the reply answers: the one the editor came from, else the latest. */
  about(): InboxReport | undefined {
    const reports = this.reports.value;
    return reports.find((r) => r.id === this.reportId) ?? reports[reports.length - 1];
  }

  async load(): Promise<void> {
    try {
      const body = await getReporter(this.pubkey);
      batch(() => {
        this.reports.value = body.reports ?? [];
        this.replies.value = body.replies ?? [];
        if (!this.replyLang.value) this.replyLang.value = this.about()?.lang ?? lang();
        this.error.value = null;
      });
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      this.error.value = error;
    }
    this.loading.value = false;
  }

  async send(): Promise<void> {
    const text = this.text.value.trim();
    if (!text) {
      this.sendError.value = new Error(t('desk.reporter.empty'));
      focusSoon('reply-text');
      return;
    }
    batch(() => {
      this.busy.value = true;
      this.sendError.value = null;
    });
    try {
      const reportId = this.reportId ?? this.about()?.id;
      await sendReply(this.ctx.session.csrf_token, {
        to: this.pubkey,
        text,
        ...(reportId ? { report_id: reportId } : {}),
        ...(this.replyLang.value ? { lang: this.replyLang.value } : {}),
      });
      batch(() => {
        this.text.value = '';
        this.busy.value = false;
      });
      this.ctx.announce(t('desk.reporter.sent'));
      await this.load();
      focusSoon('reply-text');
    } catch (error) {
      this.busy.value = false;
      if (this.ctx.signedOut(error)) return;
      this.sendError.value = error;
    }
  }
}

function Thread({ state }: { state: ConversationState }): JSX.Element {
  const items = [
    ...state.reports.value.map((r) => ({
      at: r.received_at,
      node: (
        <li key={r.id} class={`message from-reporter${r.id === state.reportId ? ' current' : ''}`}>
          <ReportCard report={r} reporterLink={false} />
        </li>
      ),
    })),
    ...state.replies.value.map((r) => ({
      at: r.created_at,
      node: (
        <li key={r.id} class="message from-desk">
          <p class="report-meta">
            <strong>{t('desk.reporter.desk_reply')}</strong> <Time at={r.created_at} />
          </p>
          <p class="report-text">{r.text}</p>
        </li>
      ),
    })),
  ].sort((a, b) => a.at - b.at);
  return (
    <ol class="thread" aria-label={t('desk.reporter.thread')}>
      {items.map((i) => i.node)}
    </ol>
  );
}

function ReplyForm({ state }: { state: ConversationState }): JSX.Element {
  const route = state.about()?.reply_route;
  const note =
    route === 'sms'
      ? 'desk.reporter.sms_note'
      : route === 'sms_unavailable'
        ? 'desk.reporter.sms_unavailable'
        : route === 'unroutable'
          ? 'desk.inbox.unroutable'
          : null;
  const error = state.sendError.value;
  const fromNode = error instanceof ApiError;
  return (
    <form
      class="stack reply-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void state.send();
      }}
    >
      <h2>{t('desk.reporter.reply_heading')}</h2>
      {note ? (
        <p class="notice" role="note">
          {t(note)}
        </p>
      ) : null}
      <Field
        id="reply-text"
        label={t('desk.reporter.reply')}
        hint={t('desk.reporter.reply_hint')}
        error={error instanceof Error && !fromNode ? error.message : undefined}
      >
        <textarea
          name="reply"
          rows={4}
          maxLength={5000}
          required
          value={state.text}
          onInput={(e) => {
            state.text.value = e.currentTarget.value;
          }}
        />
      </Field>
      {fromNode ? <ErrorLine error={error} /> : null}
      <Field id="reply-lang" label={t('desk.reporter.lang')}>
        <select
          name="reply_lang"
          value={state.replyLang}
          onChange={(e) => {
            state.replyLang.value = e.currentTarget.value;
          }}
        >
          <Options options={LANGS.map((l) => ({ value: l, label: t(`desk.lang.${l}`) }))} />
        </select>
      </Field>
      <button
        type="submit"
        class="primary"
        id="reply-send"
        disabled={state.busy.value || route === 'sms_unavailable'}
      >
        {t('desk.reporter.send')}
      </button>
    </form>
  );
}

export function ReporterView({ pubkey, report }: { pubkey: string; report: string | null }): JSX.Element {
  const ctx = useDesk();
  const state = useRouteState('state', () => {
    const s = new ConversationState(ctx, pubkey, report);
    void s.load();
    return s;
  });
  const title = t('desk.reporter.title', { name: state.reports.value[0]?.codename ?? '…' });
  useTitle(title);
  const ready = !state.loading.value && !state.error.value;
  return (
    <div class="view reporter">
      <h1 tabIndex={-1}>{title}</h1>
      {state.loading.value ? (
        <LoadingLine />
      ) : state.error.value ? (
        <ErrorLine error={state.error.value} />
      ) : (
        <Thread state={state} />
      )}
      {ctx.canEdit && ready ? <ReplyForm state={state} /> : null}
    </div>
  );
}
