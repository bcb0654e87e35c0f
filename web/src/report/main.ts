// The report page. It will seal and send reports from a phone, offline first; until then it
// says plainly that it cannot, so nobody types a report that goes nowhere.
import { h, replace } from '../shared/dom.js';
import { initI18n, langSwitcher, onLangChange, t } from '../shared/i18n.js';

const root = document.getElementById('app')!;

function render(): void {
  document.title = t('report.title');
  replace(
    root,
    h('header', { class: 'top' }, h('p', { class: 'brand' }, t('common.brand')), langSwitcher()),
    h(
      'main',
      null,
      h('h1', null, t('report.heading')),
      h('p', { class: 'notice', role: 'note' }, t('report.not_built')),
      h('p', null, t('report.meanwhile')),
      h('p', null, h('a', { href: '/' }, t('report.back'))),
    ),
  );
}

initI18n();
onLangChange(render);
render();
