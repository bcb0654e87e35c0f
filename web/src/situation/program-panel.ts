// The program's support on the situation page (issue 13): the demands with the most support,
// the share of economic, labour and political demands by month, and how many collectives
// endorsed the published program. Counts below the node's threshold come withheld (null) and
// are said as "fewer than N"; no answer at all is "no data", never 0.
import type { publicProgram } from '../../../src/program/queries.js';
import { h, replace } from '../shared/dom.js';
import { ApiError, api } from '../shared/http.js';
import { formatNumber, has, lang, t } from '../shared/i18n.js';

type View = ReturnType<typeof publicProgram>;

const TOP = 5;
const CLASSES = ['economic', 'labour', 'political'] as const;

/** What a static mirror names for the program (src/situation/mirror.ts), when it has it. */
export interface MirrorProgram {
  data: string;
  pages: Record<'ru' | 'kk' | 'en', string>;
}

/** The program from the node, or from the mirror's file when the page runs from a mirror. */
async function fetchProgram(mirror: { program?: MirrorProgram } | null): Promise<View> {
  if (!mirror) return api<View>('/api/v1/program');
  if (!mirror.program) throw new ApiError(404, 'not_in_mirror', 'This copy has no program');
  // Relative to the page: a mirror may be served from any folder.
  const res = await fetch(mirror.program.data, { credentials: 'same-origin' });
  if (!res.ok) throw new ApiError(res.status, `http_${res.status}`, res.statusText);
  return (await res.json()) as View;
}

/**
 * The panel's element, a render to call on a change of language, and `load` to read it again
 * from a mirror once the page finds it runs from one; it loads itself from the node first.
 */
export function createProgramPanel(): {
  element: HTMLElement;
  render: () => void;
  load: (mirror: { program?: MirrorProgram } | null) => Promise<void>;
} {
  // It scrolls sideways on a phone: a focusable region, so the keyboard can scroll it too.
  const element = h('div', {
    class: 'program-panel',
    tabindex: '0',
    role: 'region',
    'aria-labelledby': 's-program',
  });
  let view: View | null = null;
  let failed = false;
  let pages: MirrorProgram['pages'] | null = null;
  const render = () =>
    replace(element, ...(failed || !view ? [noData(failed)] : body(view, pages?.[lang()] ?? '/program')));
  const load = async (mirror: { program?: MirrorProgram } | null) => {
    pages = mirror?.program?.pages ?? null;
    try {
      view = await fetchProgram(mirror);
      failed = false;
    } catch {
      view = null;
      failed = true;
    }
    render();
  };
  void load(null);
  render();
  return { element, render, load };
}

function noData(failed: boolean): HTMLElement {
  return h('p', { class: 'muted' }, failed ? t('situation.program.no_data') : t('common.loading'));
}

function body(v: View, href: string): Node[] {
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
            t('situation.program.endorsed', {
              n: published.endorsements
                ? (published.endorsements.count ?? t('situation.program.withheld', { n: v.threshold }))
                : 0,
            }),
            published.endorsements?.named.length
              ? `${published.endorsements.named.length === published.endorsements.count ? ':' : `, ${t('situation.program.among')}:`} ${published.endorsements.named.map((n) => n.name).join(', ')}`
              : '',
          ]
        : t('situation.program.not_published'),
      ' ',
      h('a', { href, id: 'program-open' }, t('situation.program.open')),
    ),
  ];
}
