// The public program page: the adopted program as the desk published it (30622) and the demand
// inventory behind it, with every count below the node's threshold withheld ("fewer than 3",
// never 0). It prints on one A4 page (program.css); the results of the closed votes follow
// (votes.ts), on a page of their own when printed.
import type { PublishedPlank } from '../../../src/core/content.js';
import type { PublicProgramView } from '../../../src/core/program-view.js';
import { h, replace } from '../shared/dom.js';
import { api, errorText } from '../shared/http.js';
import {
  formatDay,
  formatNumber,
  has,
  initI18n,
  lang,
  langSwitcher,
  onLangChange,
  t,
} from '../shared/i18n.js';
import './program.css';
import { textIn, voteResults } from './votes.js';

type View = PublicProgramView;

let view: View | null = null;
let failure: unknown = null;

const count = (n: number | null | undefined, threshold: number) =>
  n === null || n === undefined ? t('program.withheld', { n: threshold }) : formatNumber(n);

function demandName(d: { code: string | null; label: string | null; key: string }): string {
  if (d.code && has(`situation.demand.${d.code}`)) return t(`situation.demand.${d.code}`);
  return d.label ?? d.code ?? t('program.own_words');
}

function plankText(p: PublishedPlank): { text: string; translated: boolean } {
  const own = p.text[lang()];
  if (own) return { text: own, translated: true };
  return { text: p.text.ru ?? p.text.kk ?? p.text.en ?? '', translated: false };
}

function planks(v: View): HTMLElement {
  const p = v.published?.content;
  if (!p?.planks?.length) return h('p', { class: 'muted', id: 'program-none' }, t('program.none'));
  const th = p.threshold ?? v.threshold;
  return h(
    'section',
    { 'aria-labelledby': 'program-planks' },
    h('h2', { id: 'program-planks' }, t('program.planks')),
    h(
      'ol',
      { class: 'planks' },
      p.planks.map((plank) => {
        const { text, translated } = plankText(plank);
        const s = plank.support;
        return h(
          'li',
          { 'data-status': plank.status },
          h('strong', null, text),
          translated ? null : h('span', { class: 'muted' }, ` ${t('program.untranslated')}`),
          ' ',
          h('span', { class: `status status-${plank.status}` }, t(`program.status.${plank.status}`)),
          h(
            'div',
            { class: 'support' },
            t('program.support_line', {
              events: count(s.events, th),
              collectives: count(s.collectives, th),
              regions: count(s.regions, th),
            }),
          ),
        );
      }),
    ),
    p.endorsements && p.endorsements.count !== 0
      ? h(
          'p',
          { class: 'endorsed' },
          t('program.endorsed', {
            n: p.endorsements.count ?? t('program.withheld', { n: v.threshold }),
          }),
          p.endorsements.named.length > 0
            ? `${p.endorsements.named.length === p.endorsements.count ? ':' : `, ${t('program.among')}:`} ${p.endorsements.named.map((n) => n.name).join(', ')}`
            : '',
        )
      : null,
    v.published
      ? h(
          'p',
          { class: 'muted' },
          t('program.published', {
            date: formatDay(new Date(v.published.created_at * 1000).toISOString().slice(0, 10)),
          }),
        )
      : null,
  );
}

function inventory(v: View): HTMLElement {
  const th = v.threshold;
  return h(
    'section',
    { 'aria-labelledby': 'program-demands', class: 'inventory' },
    h('h2', { id: 'program-demands' }, t('program.demands')),
    // It scrolls sideways on a phone: a focusable region, so the keyboard can scroll it too.
    h(
      'div',
      { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'program-demands' },
      h(
        'table',
        null,
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['demand', 'class', 'events', 'collectives', 'regions', 'seen'].map((c) =>
              h('th', { scope: 'col' }, t(`program.col.${c}`)),
            ),
          ),
        ),
        h(
          'tbody',
          null,
          v.demands.map((d) =>
            h(
              'tr',
              { 'data-key': d.key },
              h('th', { scope: 'row' }, demandName(d)),
              h('td', null, d.class ? t(`situation.demand_class.${d.class}`) : '—'),
              h('td', { class: 'num' }, count(d.support.events, th)),
              h('td', { class: 'num' }, count(d.support.collectives, th)),
              h('td', { class: 'num' }, count(d.support.regions, th)),
              h(
                'td',
                null,
                d.support.first_seen && d.support.last_seen
                  ? `${formatDay(d.support.first_seen)} – ${formatDay(d.support.last_seen)}`
                  : '—',
              ),
            ),
          ),
        ),
      ),
    ),
    v.withheld > 0 ? h('p', { class: 'muted' }, t('program.withheld_words', { n: v.withheld })) : null,
    h('p', { class: 'muted' }, t('program.threshold_note', { n: th })),
    h('p', { class: 'muted' }, t('program.votes_note')),
  );
}

function render(): void {
  const app = document.getElementById('app')!;
  const published = view?.published?.content;
  const title = published && (textIn(published.titles ?? {}) || published.title);
  replace(
    app,
    h('header', { class: 'program-head' }, h('h1', null, t('program.title')), langSwitcher()),
    title ? h('p', { class: 'lead' }, title) : null,
    failure ? h('p', { class: 'notice', role: 'alert' }, errorText(failure, 'program')) : null,
    view ? planks(view) : failure ? null : h('p', { class: 'muted' }, t('common.loading')),
    view ? inventory(view) : null,
    view ? voteResults(view.votes, render) : null,
    h('button', { type: 'button', class: 'print no-print', id: 'program-print' }, t('program.print')),
  );
  document.getElementById('program-print')?.addEventListener('click', () => window.print());
  document.title = `Tilshi — ${t('program.title')}`;
}

initI18n();
onLangChange(render);
render();
api<View>('/api/v1/program')
  .then((v) => {
    view = v;
  })
  .catch((err) => {
    failure = err;
  })
  .finally(render);
