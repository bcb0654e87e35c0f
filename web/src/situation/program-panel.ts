// The program's support on the situation page (issue 13): the demands with the most support,
// the share of economic, labour and political demands by month, and how many collectives
// endorsed the published program. Counts below the node's threshold come withheld (null) and
// are said as "fewer than N"; no answer at all is "no data", never 0.
import type { publicProgram } from '../../../src/program/queries.js';
import { h, replace } from '../shared/dom.js';
import { api } from '../shared/http.js';
import { formatNumber, has, t } from '../shared/i18n.js';

type View = ReturnType<typeof publicProgram>;

const TOP = 5;
const CLASSES = ['economic', 'labour', 'political'] as const;

/** The panel's element and a render to call on a change of language; it loads itself once. */
export function createProgramPanel(): { element: HTMLElement; render: () => void } {
  // It scrolls sideways on a phone: a focusable region, so the keyboard can scroll it too.
  const element = h('div', {
    class: 'program-panel',
    tabindex: '0',
    role: 'region',
    'aria-labelledby': 's-program',
  });
  let view: View | null = null;
  let failed = false;
  const render = () => replace(element, ...(failed || !view ? [noData(failed)] : body(view)));
  api<View>('/api/v1/program')
    .then((v) => {
      view = v;
    })
    .catch(() => {
      failed = true;
    })
    .finally(render);
  render();
  return { element, render };
}

function noData(failed: boolean): HTMLElement {
  return h('p', { class: 'muted' }, failed ? t('situation.program.no_data') : t('common.loading'));
}

function body(v: View): Node[] {
  const count = (n: number | null) =>
    n === null ? t('situation.program.withheld', { n: v.threshold }) : formatNumber(n);
  const top = v.demands
    .filter((d) => d.support.events !== null || d.support.collectives !== null)
    .slice(0, TOP);
  const name = (d: View['demands'][number]) =>
    d.code && has(`situation.demand.${d.code}`) ? t(`situation.demand.${d.code}`) : (d.label ?? d.key);
  const published = v.published?.content;
  return [
    h('h3', null, t('situation.program.top')),
    top.length === 0
      ? h('p', { class: 'muted' }, t('situation.program.no_data'))
      : h(
          'ol',
          { class: 'program-top' },
          top.map((d) =>
            h(
              'li',
              { 'data-key': d.key },
              h('strong', null, name(d)),
              ' — ',
              t('situation.program.support', {
                events: count(d.support.events),
                collectives: count(d.support.collectives),
              }),
            ),
          ),
        ),
    h('h3', null, t('situation.program.share')),
    v.by_month.length === 0
      ? h('p', { class: 'muted' }, t('situation.program.no_data'))
      : h(
          'table',
          { class: 'program-share' },
          h(
            'tr',
            null,
            h('th', null, ''),
            CLASSES.map((c) => h('th', { scope: 'col' }, t(`situation.demand_class.${c}`))),
          ),
          v.by_month.map((m) => {
            const total = m.economic + m.labour + m.political;
            return h(
              'tr',
              { 'data-month': m.month },
              h('th', { scope: 'row' }, m.month),
              CLASSES.map((c) =>
                h(
                  'td',
                  { class: 'num' },
                  total ? `${Math.round((m[c] / total) * 100)}% (${formatNumber(m[c])})` : '—',
                ),
              ),
            );
          }),
        ),
    h(
      'p',
      { class: 'program-endorsed' },
      published
        ? [
            t('situation.program.endorsed', { n: published.endorsements?.count ?? 0 }),
            published.endorsements?.named.length
              ? `: ${published.endorsements.named.map((n) => n.name).join(', ')}`
              : '',
          ]
        : t('situation.program.not_published'),
      ' ',
      h('a', { href: '/program' }, t('situation.program.open')),
    ),
  ];
}
