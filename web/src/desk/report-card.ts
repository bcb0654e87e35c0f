// One report as the inbox, a cluster and a conversation show it: when and how it came, its
// text, what the automatic coding suggests, its cluster and its reporter.
import { h } from '../shared/dom.js';
import { formatDay, t } from '../shared/i18n.js';
import { codeLabel } from './codes.js';
import type { InboxReport, ReportSuggestion } from './desk-api.js';
import { hashFor, reporterName, time } from './ui.js';

export interface CardOptions {
  /** Show a checkbox to select the report for a bulk action. */
  selectable?: boolean;
  selected?: boolean;
  /** Links to the cluster and the conversation (off inside those views). */
  clusterLink?: boolean;
  reporterLink?: boolean;
}

function chips(items: string[], cls = 'chip'): HTMLElement[] {
  return items.map((text) => h('span', { class: cls }, text));
}

/** The suggested codes in a few words, labelled in the reader's language. */
export function suggestionSummary(s: ReportSuggestion | null): HTMLElement | null {
  if (!s) return h('p', { class: 'suggestion muted' }, t('desk.inbox.no_suggestion'));
  if (s.noise)
    return h('p', { class: 'suggestion' }, h('span', { class: 'chip noise' }, t('desk.inbox.noise')));
  const parts: HTMLElement[] = [];
  if (s.event_type) {
    const type = codeLabel('event_type', s.event_type);
    const sub = s.sub_event_type ? ` · ${codeLabel('sub_event_type', s.sub_event_type)}` : '';
    parts.push(h('span', { class: 'chip strong' }, type + sub));
  }
  const place = [s.settlement, s.admin1].filter(Boolean).join(', ');
  if (place) parts.push(h('span', { class: 'chip' }, place));
  if (s.date) parts.push(h('span', { class: 'chip' }, formatDay(s.date)));
  if (s.enterprise) parts.push(h('span', { class: 'chip' }, s.enterprise.name));
  if (s.size) {
    const n = s.size.high ? `${s.size.low}–${s.size.high}` : String(s.size.low);
    parts.push(h('span', { class: 'chip' }, t('desk.inbox.size', { n })));
  }
  parts.push(
    ...chips(
      (s.demands ?? []).map((d) => codeLabel('demand', d)),
      'chip demand',
    ),
  );
  parts.push(...chips((s.tactics ?? []).map((d) => codeLabel('tactic', d))));
  parts.push(
    ...chips(
      (s.state_responses ?? []).map((d) => codeLabel('state_response', d)),
      'chip response',
    ),
  );
  if (parts.length === 0) return h('p', { class: 'suggestion muted' }, t('desk.inbox.no_suggestion'));
  return h(
    'p',
    { class: 'suggestion' },
    h('span', { class: 'visually-hidden' }, `${t('desk.inbox.suggested')}: `),
    parts,
  );
}

export function reportCard(r: InboxReport, options: CardOptions = {}): HTMLElement {
  const headId = `report-${r.id}-head`;
  const meta = h(
    'p',
    { class: 'report-meta', id: headId },
    time(r.received_at),
    h('span', { class: 'chip' }, codeLabel('channel', r.channel)),
    r.lang ? h('span', { class: 'chip', lang: r.lang }, r.lang.toUpperCase()) : null,
    h('span', { class: `chip status-${r.status}` }, codeLabel('report_status', r.status)),
    r.event_id
      ? h(
          'a',
          { href: hashFor(`event/${encodeURIComponent(r.event_id)}`) },
          t('desk.inbox.event', { id: r.event_id }),
        )
      : null,
  );
  const links: HTMLElement[] = [];
  if (options.clusterLink !== false && r.cluster) {
    links.push(
      h(
        'a',
        { href: hashFor(`cluster/${encodeURIComponent(r.cluster)}`) },
        t('desk.inbox.cluster_link', { size: r.cluster_size, sources: r.cluster_sources }),
      ),
    );
  }
  if (options.reporterLink !== false) {
    links.push(
      h(
        'a',
        { href: hashFor(`reporter/${r.reporter}`, { report: r.id }) },
        t('desk.inbox.reporter_link', { name: reporterName(r.reporter) }),
      ),
    );
  }
  return h(
    'article',
    { class: `report${options.selected ? ' selected' : ''}`, 'aria-labelledby': headId },
    h(
      'div',
      { class: 'report-head' },
      options.selectable
        ? h(
            'label',
            { class: 'check select-report' },
            h('input', {
              type: 'checkbox',
              name: 'select',
              value: r.id,
              id: `select-${r.id}`,
              checked: options.selected ?? false,
            }),
            h('span', { class: 'visually-hidden' }, t('desk.inbox.select_report')),
          )
        : null,
      meta,
    ),
    h('p', { class: 'report-text', lang: r.lang ?? undefined }, r.text),
    r.problem
      ? h('p', { class: 'report-problem' }, t('desk.inbox.problem', { reason: r.problem }))
      : suggestionSummary(r.suggestion),
    links.length ? h('p', { class: 'report-links' }, links) : null,
  );
}
