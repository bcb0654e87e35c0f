// One report as the inbox, a cluster and a conversation show it: when and how it came, its
// text, what the automatic coding suggests, its cluster and its reporter.
import type { JSX } from 'preact';
import { codeLabel } from './codes.js';
import { Time } from './controls.js';
import type { InboxReport, ReportSuggestion } from './desk-api.js';
import { formatDay, t } from './i18n.js';
import { hashFor } from './route.js';

export interface CardOptions {
  /** Show a checkbox to select the report for a bulk action. */
  selectable?: boolean | undefined;
  selected?: boolean | undefined;
  onSelect?: ((id: string, selected: boolean) => void) | undefined;
  /** Links to the cluster and the conversation (off inside those views). */
  clusterLink?: boolean | undefined;
  reporterLink?: boolean | undefined;
  /**
   * The list's keyboard position: the current card is marked and is the list's one Tab stop
   * (the others are reached with j/k); undefined: the card is no stop of its own.
   */
  current?: boolean | undefined;
}

/** A chip of the suggestion: its words and its class; `unsure` when the coding is unsure of that field. */
export interface Chip {
  text: string;
  class: string;
  unsure?: boolean;
}

/** The suggested codes in a few words, labelled in the reader's language; empty: nothing to say. */
export function suggestionChips(s: ReportSuggestion): Chip[] {
  const chips: Chip[] = [];
  // Each field carries its own confidence: a field below LOW_CONFIDENCE is marked on its chip.
  const field = (text: string, cls: string, ...fields: string[]): Chip => {
    const unsure = fields.some((f) => (s.confidence?.[f] ?? 1) < LOW_CONFIDENCE);
    return unsure ? { text, class: `${cls} unsure-field`, unsure } : { text, class: cls };
  };
  if (s.event_type) {
    const sub = s.sub_event_type ? ` · ${codeLabel('sub_event_type', s.sub_event_type)}` : '';
    chips.push(
      field(codeLabel('event_type', s.event_type) + sub, 'chip strong', 'event_type', 'sub_event_type'),
    );
  }
  const place = [s.settlement, s.admin1].filter(Boolean).join(', ');
  if (place) chips.push(field(place, 'chip', 'settlement'));
  if (s.date) chips.push(field(formatDay(s.date), 'chip', 'date'));
  if (s.enterprise) chips.push(field(s.enterprise.name, 'chip', 'enterprise'));
  if (s.size) {
    const n = s.size.high ? `${s.size.low}–${s.size.high}` : String(s.size.low);
    chips.push(field(t('desk.inbox.size', { n }), 'chip', 'size'));
  }
  for (const d of s.demands ?? []) chips.push(field(codeLabel('demand', d), 'chip demand', 'demands'));
  for (const d of s.tactics ?? []) chips.push(field(codeLabel('tactic', d), 'chip', 'tactics'));
  for (const d of s.state_responses ?? [])
    chips.push(field(codeLabel('state_response', d), 'chip response', 'state_responses'));
  return chips;
}

/**
 * Below this overall confidence a suggestion is marked unsure: on leave-one-town-out over the
 * shared corpora, fewer than half of such suggestions had the right sub-type and place, against
 * more than nine in ten from 0.5 up (docs/analysis.md).
 */
export const LOW_CONFIDENCE = 0.5;

/** How sure the coding is of the suggestion as a whole, as a chip; null when it does not say. */
export function confidenceChip(s: ReportSuggestion): Chip | null {
  const overall = s.confidence?.overall;
  if (overall === undefined) return null;
  const low = overall < LOW_CONFIDENCE;
  const n = Math.round(overall * 100);
  return {
    text: t(low ? 'desk.inbox.confidence_low' : 'desk.inbox.confidence', { n }),
    class: low ? 'chip confidence low' : 'chip confidence',
  };
}

export function SuggestionSummary({ suggestion: s }: { suggestion: ReportSuggestion | null }): JSX.Element {
  const sure = s ? confidenceChip(s) : null;
  const chips = s?.noise
    ? [{ text: t('desk.inbox.noise'), class: 'chip noise' }]
    : s
      ? suggestionChips(s)
      : [];
  if (chips.length === 0) return <p class="suggestion muted">{t('desk.inbox.no_suggestion')}</p>;
  if (sure) chips.push(sure);
  return (
    <p class={`suggestion${sure?.class.endsWith('low') ? ' unsure' : ''}`}>
      <span class="visually-hidden">{`${t('desk.inbox.suggested')}: `}</span>
      {chips.map((c, i) => (
        <span class={c.class} key={i}>
          {c.text}
          {c.unsure ? (
            <>
              <span aria-hidden="true"> ?</span>
              <span class="visually-hidden">{` (${t('desk.inbox.field_unsure')})`}</span>
            </>
          ) : null}
        </span>
      ))}
    </p>
  );
}

export function ReportCard({ report: r, ...options }: { report: InboxReport } & CardOptions): JSX.Element {
  const headId = `report-${r.id}-head`;
  const showCluster = options.clusterLink !== false && r.cluster;
  const showReporter = options.reporterLink !== false;
  return (
    <article
      class={`report${options.selected ? ' selected' : ''}${options.current ? ' current' : ''}`}
      aria-labelledby={headId}
      id={`report-${r.id}`}
      tabIndex={options.current === undefined ? undefined : options.current ? 0 : -1}
    >
      <div class="report-head">
        {options.selectable ? (
          <label class="check select-report">
            <input
              type="checkbox"
              name="select"
              value={r.id}
              id={`select-${r.id}`}
              checked={options.selected ?? false}
              onChange={(e) => options.onSelect?.(r.id, e.currentTarget.checked)}
            />
            <span class="visually-hidden">{t('desk.inbox.select_report')}</span>
          </label>
        ) : null}
        <p class="report-meta" id={headId}>
          <Time at={r.received_at} />
          <span class="chip">{codeLabel('channel', r.channel)}</span>
          {r.lang ? (
            <span class="chip" lang={r.lang}>
              {r.lang.toUpperCase()}
            </span>
          ) : null}
          <span class={`chip status-${r.status}`}>{codeLabel('report_status', r.status)}</span>
          {r.event_id ? (
            <a href={hashFor(`event/${encodeURIComponent(r.event_id)}`)}>
              {t('desk.inbox.event', { id: r.event_id })}
            </a>
          ) : null}
        </p>
      </div>
      <p class="report-text" lang={r.lang ?? undefined}>
        {r.text}
      </p>
      {r.reply_route === 'unroutable' || r.reply_route === 'sms_unavailable' ? (
        <p class="notice" role="note">
          {t(`desk.inbox.${r.reply_route}`)}
        </p>
      ) : null}
      {r.problem ? (
        <p class="report-problem">{t('desk.inbox.problem', { reason: r.problem })}</p>
      ) : (
        <SuggestionSummary suggestion={r.suggestion} />
      )}
      {showCluster || showReporter ? (
        <p class="report-links">
          {showCluster ? (
            <a href={hashFor(`cluster/${encodeURIComponent(r.cluster!)}`)}>
              {t('desk.inbox.cluster_link', { size: r.cluster_size, sources: r.cluster_sources })}
            </a>
          ) : null}
          {showReporter ? (
            <a href={hashFor(`reporter/${r.reporter}`, { report: r.id })}>
              {t('desk.inbox.reporter_link', { name: r.codename })}
            </a>
          ) : null}
        </p>
      ) : null}
    </article>
  );
}
