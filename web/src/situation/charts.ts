/**
 * The charts: a timeline of events by day, stacked by event type (SVG), and lists of bars for
 * the breakdowns (HTML rows with a small SVG bar each: widths are attributes, not styles, so the
 * strict CSP allows them).
 */
import { h } from '../shared/dom.js';
import { formatNumber, lang, t } from '../shared/i18n.js';
import type { Situation } from './api.js';
import { EVENT_TYPE_ORDER, label, typeClass } from './labels.js';
import { daysBetween, niceTicks, scaleLinear } from './scales.js';
import { r1, s } from './svg.js';

/** A day as it fits under a bar: "2 Jan" in English, "02.01" in Russian and Kazakh. */
function shortDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  const current = lang();
  return new Intl.DateTimeFormat(current === 'en' ? 'en' : 'ru', {
    day: current === 'en' ? 'numeric' : '2-digit',
    month: current === 'en' ? 'short' : '2-digit',
    timeZone: 'UTC',
  }).format(date);
}

/**
 * Events by day, stacked by type, `width` pixels wide. Days with no events are shown as gaps,
 * so that a quiet week looks quiet.
 */
export function timeline(situation: Situation, width: number): Element {
  const rows = situation.by_day;
  const known = rows.map((r) => r.date).sort();
  const from = situation.period.from || known[0];
  const to = situation.period.to || known[known.length - 1];
  const days = from && to ? daysBetween(from, to) : [];
  if (days.length === 0 || rows.length === 0) {
    return h('p', { class: 'muted' }, t('situation.empty'));
  }
  const types = [...EVENT_TYPE_ORDER.filter((type) => rows.some((r) => r.event_type === type))];
  for (const r of rows) if (!types.includes(r.event_type as never)) types.push(r.event_type as never);
  const byDay = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const day = byDay.get(r.date) ?? new Map<string, number>();
    day.set(r.event_type, (day.get(r.event_type) ?? 0) + r.count);
    byDay.set(r.date, day);
  }
  const totals = days.map((d) => [...(byDay.get(d)?.values() ?? [])].reduce((a, b) => a + b, 0));
  const ticks = niceTicks(Math.max(...totals), 4);
  const top = ticks[ticks.length - 1] ?? 1;

  const height = 200;
  const margin = { left: 34, right: 8, top: 10, bottom: 26 };
  const plotW = Math.max(40, width - margin.left - margin.right);
  const plotH = height - margin.top - margin.bottom;
  const y = scaleLinear([0, top], [margin.top + plotH, margin.top]);
  const step = plotW / days.length;
  const barW = Math.max(1, step * (step > 4 ? 0.8 : 1));

  const svg = s('svg', {
    class: 'timeline',
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-label': t('situation.timeline.label', {
      from: days[0]!,
      to: days[days.length - 1]!,
      count: formatNumber(totals.reduce((a, b) => a + b, 0)),
    }),
  });
  for (const tick of ticks) {
    const ty = r1(y(tick));
    svg.appendChild(s('line', { class: 'grid', x1: margin.left, x2: width - margin.right, y1: ty, y2: ty }));
    svg.appendChild(
      s(
        'text',
        { class: 'axis', x: margin.left - 4, y: ty, 'text-anchor': 'end', 'dominant-baseline': 'central' },
        formatNumber(tick),
      ),
    );
  }
  days.forEach((day, i) => {
    const counts = byDay.get(day);
    if (!counts) return;
    let base = 0;
    const x = r1(margin.left + i * step + (step - barW) / 2);
    for (const type of types) {
      const n = counts.get(type) ?? 0;
      if (n === 0) continue;
      const y0 = y(base);
      const y1 = y(base + n);
      base += n;
      svg.appendChild(
        s(
          'rect',
          {
            class: `bar ${typeClass(type)}`,
            x,
            y: r1(y1),
            width: r1(barW),
            height: r1(Math.max(0.5, y0 - y1)),
          },
          s('title', null, `${shortDay(day)} — ${label('event_type', type)}: ${formatNumber(n)}`),
        ),
      );
    }
  });
  // Day labels: as many as fit, evenly spaced, always the first and the last.
  const every = Math.max(1, Math.ceil(days.length / Math.max(1, Math.floor(plotW / 56))));
  days.forEach((day, i) => {
    if (i % every !== 0 && i !== days.length - 1) return;
    if (i === days.length - 1 && i % every !== 0 && i % every < every / 2) return;
    svg.appendChild(
      s(
        'text',
        { class: 'axis', x: r1(margin.left + i * step + step / 2), y: height - 8, 'text-anchor': 'middle' },
        shortDay(day),
      ),
    );
  });
  const legend = h(
    'ul',
    { class: 'legend' },
    types.map((type) =>
      h(
        'li',
        null,
        h('span', { class: `swatch ${typeClass(type)}`, 'aria-hidden': 'true' }),
        label('event_type', type),
      ),
    ),
  );
  return h('div', { class: 'timeline-wrap' }, svg, legend);
}

export interface BarItem {
  key: string;
  label: string;
  count: number;
  /** A colour slot (type-0…, class-economic…), when the item has one. */
  cls?: string;
  /** Shown but not pickable. */
  fixed?: boolean;
}

/**
 * Rows of label, count and bar; the longest bar is the largest count. With `onPick`, each row
 * is a button that picks its item (and `selected` marks the one in force).
 */
export function barList(
  items: BarItem[],
  options: { onPick?: (key: string) => void; selected?: string; max?: number } = {},
): Element {
  if (items.length === 0) return h('p', { class: 'muted' }, t('situation.empty'));
  const shown = options.max ? items.slice(0, options.max) : items;
  const top = Math.max(1, ...shown.map((i) => i.count));
  return h(
    'ul',
    { class: 'bars' },
    shown.map((item) => {
      const bar = s(
        'svg',
        { class: 'bar-track', viewBox: '0 0 100 8', preserveAspectRatio: 'none', 'aria-hidden': 'true' },
        s('rect', {
          class: `bar-fill ${item.cls ?? ''}`,
          x: 0,
          y: 0,
          height: 8,
          width: r1((item.count / top) * 100),
        }),
      );
      const text = [
        h('span', { class: 'bar-label' }, item.label),
        h('span', { class: 'bar-count' }, formatNumber(item.count)),
      ];
      if (!options.onPick || item.fixed) return h('li', null, h('div', { class: 'bar-row' }, ...text), bar);
      const selected = options.selected === item.key;
      const button = h(
        'button',
        { type: 'button', class: 'bar-row', 'aria-pressed': selected ? 'true' : 'false' },
        ...text,
      );
      const pick = options.onPick;
      button.addEventListener('click', () => pick(selected ? '' : item.key));
      return h('li', null, button, bar);
    }),
  );
}

/**
 * One bar split into shares (the demand classes, the organization of actions), with a legend
 * that gives each share in percent.
 */
export function shareBar(parts: BarItem[]): Element {
  const total = parts.reduce((a, p) => a + p.count, 0);
  if (total === 0) return h('p', { class: 'muted' }, t('situation.empty'));
  const svg = s('svg', {
    class: 'share-bar',
    viewBox: '0 0 100 10',
    preserveAspectRatio: 'none',
    'aria-hidden': 'true',
  });
  let x = 0;
  for (const p of parts) {
    const w = (p.count / total) * 100;
    if (w > 0)
      svg.appendChild(
        s('rect', { class: `bar-fill ${p.cls ?? ''}`, x: r1(x), y: 0, width: r1(w), height: 10 }),
      );
    x += w;
  }
  return h(
    'div',
    { class: 'share' },
    svg,
    h(
      'ul',
      { class: 'legend' },
      parts.map((p) =>
        h(
          'li',
          null,
          h('span', { class: `swatch ${p.cls ?? ''}`, 'aria-hidden': 'true' }),
          `${p.label}: ${Math.round((p.count / total) * 100)}% (${formatNumber(p.count)})`,
        ),
      ),
    ),
  );
}
