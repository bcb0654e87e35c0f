/**
 * The parts of the page that show what the node answered: totals, breakdowns, the brief, the
 * news and the latest events. Each returns DOM built with h(); text from the network is only
 * ever text, never markup.
 */
import type { NostrEvent } from '../../../src/core/event.js';
import { h } from '../shared/dom.js';
import { formatDateTime, formatDay, formatNumber, t } from '../shared/i18n.js';
import { type Brief, type Situation, tagOf } from './api.js';
import { barList, shareBar } from './charts.js';
import { label, regionLabel, typeClass } from './labels.js';
import { placeLabel } from './place-names.js';
import { percent } from './scales.js';

/** "No data" as the page shows it: an em dash with the words for screen readers and a tooltip. */
export function noData(): Element {
  return h(
    'span',
    { class: 'no-data', title: t('situation.no_data') },
    '—',
    h('span', { class: 'sr-only' }, t('situation.no_data')),
  );
}

export function totals(situation: Situation): Element {
  const { totals: n } = situation;
  const figures: [string, number | null, number | null][] = [
    ['events', n.events, null],
    ['settlements', n.settlements, null],
    ['regions', n.regions, null],
    // Sums over the events that report them: unknown is "no data", and the reader sees how many report it.
    ['participants', n.participants, n.reported.participants],
    ['detained', n.detained, n.reported.detained],
    ['fatalities', n.fatalities, n.reported.fatalities],
  ];
  return h(
    'dl',
    { class: 'totals' },
    figures.map(([key, value, reported]) =>
      h(
        'div',
        { class: 'total', 'data-total': key, 'data-known': value === null ? 'false' : 'true' },
        h('dt', null, t(`situation.totals.${key}`)),
        h('dd', null, value === null ? noData() : formatNumber(value)),
        reported !== null && n.events > 0
          ? h(
              'dd',
              { class: 'total-reported muted small' },
              t('situation.reported_of', {
                reported: formatNumber(reported),
                events: formatNumber(n.events),
              }),
            )
          : null,
      ),
    ),
  );
}

export interface Pickers {
  onRegion(admin1: string): void;
  onEventType(eventType: string): void;
}

/** A titled card of the breakdown grid. */
function card(key: string, ...body: (Element | null)[]): Element {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': `h-${key}` },
    h('h3', { id: `h-${key}` }, t(`situation.breakdown.${key}`)),
    ...body,
  );
}

export function breakdowns(
  situation: Situation,
  selected: { admin1: string; event_type: string },
  pick: Pickers,
) {
  const organized = count(situation.by_organization, 'organization', 'organized');
  const spontaneous = count(situation.by_organization, 'organization', 'spontaneous');
  return [
    card(
      'regions',
      barList(
        situation.by_region.map((r) =>
          r.admin1
            ? { key: r.admin1, label: regionLabel(r.admin1), count: r.count }
            : // National events have no region to filter by.
              { key: '', label: t('situation.national'), count: r.count, fixed: true },
        ),
        { onPick: pick.onRegion, selected: selected.admin1 },
      ),
    ),
    card(
      'event_types',
      barList(
        situation.by_event_type.map((r) => ({
          key: r.event_type,
          label: label('event_type', r.event_type),
          count: r.count,
          cls: typeClass(r.event_type),
        })),
        { onPick: pick.onEventType, selected: selected.event_type },
      ),
      h('h4', null, t('situation.breakdown.sub_event_types')),
      barList(
        situation.by_sub_event_type.map((r) => ({
          key: r.sub_event_type,
          label: label('sub_event_type', r.sub_event_type),
          count: r.count,
        })),
      ),
    ),
    card(
      'demands',
      shareBar(
        situation.by_demand_class.map((r) => ({
          key: r.class,
          label: label('demand_class', r.class),
          count: r.count,
          cls: `class-${r.class}`,
        })),
      ),
      h('h4', null, t('situation.breakdown.top_demands')),
      barList(
        situation.top_demands.map((r) => ({
          key: r.demand,
          label: label('demand', r.demand),
          count: r.count,
          cls: `class-${r.class}`,
        })),
        { max: 10 },
      ),
    ),
    card(
      'responses',
      barList(
        situation.by_state_response.map((r) => ({
          key: r.response,
          label: label('response', r.response),
          count: r.count,
        })),
      ),
    ),
    card(
      'organization',
      h(
        'p',
        { class: 'headline', 'data-organized-share': String(percent(organized, organized + spontaneous)) },
        organized + spontaneous > 0
          ? t('situation.organized_share', {
              percent: percent(organized, organized + spontaneous),
              organized: formatNumber(organized),
              total: formatNumber(organized + spontaneous),
            })
          : '',
      ),
      shareBar(
        situation.by_organization.map((r) => ({
          key: r.organization,
          label: label('organization', r.organization),
          count: r.count,
          cls: `org-${r.organization}`,
        })),
      ),
    ),
    card(
      'sectors',
      barList(
        situation.by_sector.map((r) => ({ key: r.sector, label: label('sector', r.sector), count: r.count })),
      ),
    ),
  ];
}

function count<K extends string>(
  rows: ({ count: number } & Record<K, string>)[],
  key: K,
  value: string,
): number {
  return rows.filter((r) => r[key] === value).reduce((a, r) => a + r.count, 0);
}

/** How many of the latest events show before "more". */
const LATEST_SHOWN = 8;

export function latestEvents(situation: Situation, open: (id: string) => void): Element {
  if (situation.latest.length === 0) return h('p', { class: 'muted' }, t('situation.empty'));
  const first = situation.latest.slice(0, LATEST_SHOWN);
  const rest = situation.latest.slice(LATEST_SHOWN);
  return h(
    'div',
    null,
    eventList(first, open),
    rest.length > 0
      ? h(
          'details',
          null,
          h('summary', null, t('situation.more', { count: rest.length })),
          eventList(rest, open),
        )
      : null,
  );
}

function eventList(events: Situation['latest'], open: (id: string) => void): Element {
  return h(
    'ul',
    { class: 'items events' },
    events.map((e) => {
      const place = [e.settlement ? placeLabel(e.settlement) : null, e.admin1 ? regionLabel(e.admin1) : null]
        .filter(Boolean)
        .join(', ');
      const button = h(
        'button',
        { type: 'button', class: 'event-open', 'data-event-id': e.id, 'aria-haspopup': 'dialog' },
        h(
          'span',
          { class: `item-label ${typeClass(e.event_type)}` },
          label('sub_event_type', e.sub_event_type),
        ),
        h('strong', { class: 'item-title' }, place || t('situation.national')),
        h('span', { class: 'muted' }, formatDay(e.date)),
      );
      button.addEventListener('click', () => open(e.id));
      return h(
        'li',
        null,
        button,
        e.demo ? h('span', { class: 'item-label demo-label' }, t('situation.demo_label')) : null,
        // The notes are in the language the editor wrote them in (demo notes: English).
        e.summary ? h('span', { class: 'item-summary', lang: e.demo ? 'en' : null }, e.summary) : null,
      );
    }),
  );
}

/** Plain paragraphs of a text; a brief is built from facts, not markup. */
function paragraphs(text: string): Element[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => h('p', null, p));
}

export function brief(value: Brief): Element {
  if (!value.text.trim()) return h('p', { class: 'muted' }, t('situation.brief.empty'));
  return h('div', { class: 'brief' }, ...paragraphs(value.text));
}

/** Markdown as readable plain text: no markup from the network reaches the page. */
export function plainText(markdown: string): string {
  return (
    markdown
      .replace(/```[\s\S]*?```/g, '')
      // A rule (a brief's closing note sits under one) is no paragraph.
      .replace(/^ {0,3}([-*_])(?:\s*\1){2,}\s*$/gm, '')
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/^#{1,6}\s*/gm, '')
      .replace(/^\s*[-*+]\s+/gm, '• ')
      .replace(/[*_`~]+/g, '')
      .trim()
  );
}

/**
 * The articles of the page's language, and those written in no particular one; a brief of a
 * period with no version in this language shows in the language it has (English first).
 */
export function inLanguage(events: NostrEvent[], language: string): NostrEvent[] {
  const langOf = (e: NostrEvent) => tagOf(e, 'lang');
  const isBrief = (e: NostrEvent) => e.tags.some((tg) => tg[0] === 't' && tg[1] === 'brief');
  const periodOf = (e: NostrEvent) => (tagOf(e, 'd') ?? e.id).replace(/-(en|ru|kk)$/, '');
  const briefsHere = new Set(events.filter((e) => isBrief(e) && langOf(e) === language).map(periodOf));
  const fallbackTaken = new Set<string>();
  const order = ['en', 'ru', 'kk'];
  const fallbacks = events
    .filter((e) => isBrief(e) && !briefsHere.has(periodOf(e)))
    .sort((a, b) => order.indexOf(langOf(a) ?? '') - order.indexOf(langOf(b) ?? ''));
  const keep = new Set<NostrEvent>();
  for (const e of fallbacks) {
    if (fallbackTaken.has(periodOf(e))) continue;
    fallbackTaken.add(periodOf(e));
    keep.add(e);
  }
  return events.filter((e) => {
    const l = langOf(e);
    if (isBrief(e)) return l === language || keep.has(e);
    return !l || l === language;
  });
}

export function news(all: NostrEvent[], language: string): Element {
  const events = inLanguage(all, language);
  if (events.length === 0) return h('p', { class: 'muted' }, t('situation.news.empty'));
  return h(
    'ul',
    { class: 'items news' },
    events.map((event) => {
      const topics = event.tags.filter((tg) => tg[0] === 't').map((tg) => tg[1]);
      const kind = topics.includes('brief') ? 'brief' : topics.includes('material') ? 'material' : 'news';
      const published = Number(tagOf(event, 'published_at'));
      const when = Number.isFinite(published) && published > 0 ? published : event.created_at;
      const language = tagOf(event, 'lang');
      return h(
        'li',
        null,
        h(
          'details',
          null,
          h(
            'summary',
            null,
            h('span', { class: 'item-label' }, t(`situation.kind.${kind}`)),
            h(
              'strong',
              { class: 'item-title', lang: language ?? null },
              tagOf(event, 'title') || t('situation.untitled'),
            ),
            h('span', { class: 'muted' }, formatDateTime(when)),
          ),
          h('div', { class: 'article', lang: language ?? null }, ...paragraphs(plainText(event.content))),
        ),
      );
    }),
  );
}
