// The join page: a pseudonym, where the person works or lives, what they want, how to reach
// them; sealed on the phone, sent now or when a connection returns; the desk's replies below.
// The controls are made once, so what is typed survives a change of language.
import { h, replace } from '../shared/dom.js';
import { formatDateTime, initI18n, lang, langSwitcher, onLangChange, t } from '../shared/i18n.js';
import { NetError } from '../shared/net.js';
import { prepareWorker } from '../shared/pow-client.js';
import type { OutboxItem } from '../shared/queue.js';
import * as app from './app.js';
import { composeJoin, LIMITS } from './compose.js';

const root = document.getElementById('app')!;
const WANTS = ['join', 'start', 'help'] as const;

const input = (id: string, max: number) => h('input', { id, maxlength: max, autocomplete: 'off' });
const pseudonym = input('j-pseudonym', LIMITS.pseudonym);
const enterprise = input('j-enterprise', LIMITS.place);
const settlement = input('j-settlement', LIMITS.place);
const contact = input('j-contact', LIMITS.contact);
const message = h('textarea', { id: 'j-message', rows: 4, maxlength: LIMITS.message });
const wants = WANTS.map((w) =>
  h('input', { type: 'radio', name: 'want', id: `j-want-${w}`, value: w, checked: w === 'join' }),
);
const error = h('p', { class: 'form-error', id: 'j-error', 'aria-live': 'assertive' });
const send = h('button', { type: 'submit', class: 'primary' });
const form = h('form', { class: 'stack', novalidate: true });
const status = h('p', { class: 'notice', role: 'status' });
const items = h('ol', { class: 'items', id: 'j-items' });
const wipe = h('button', { type: 'button', class: 'danger' });

const field = (el: HTMLElement, key: string, hint?: string) =>
  h(
    'div',
    { class: 'field' },
    h('label', { for: el.id }, t(key)),
    hint && h('p', { class: 'hint' }, t(hint)),
    el,
  );

function build(): void {
  document.title = `${t('common.brand')} — ${t('join.heading')}`;
  const header = h('header', { class: 'top' }, h('p', { class: 'brand' }, t('common.brand')), langSwitcher());
  if (app.state.wiped) {
    replace(root, header, h('main', { class: 'narrow' }, h('h1', null, t('join.wiped'))));
    return;
  }
  send.textContent = t('join.send');
  wipe.textContent = t('join.wipe');
  replace(
    form,
    field(pseudonym, 'join.field.pseudonym', 'join.field.pseudonym_hint'),
    field(enterprise, 'join.field.enterprise'),
    field(settlement, 'join.field.settlement'),
    h(
      'fieldset',
      { class: 'field' },
      h('legend', null, t('join.field.want')),
      wants.map((radio, i) =>
        h('div', null, radio, ' ', h('label', { for: radio.id }, t(`join.want.${WANTS[i]}`))),
      ),
    ),
    field(contact, 'join.field.contact', 'join.field.contact_hint'),
    field(message, 'join.field.message'),
    error,
    send,
  );
  replace(
    root,
    header,
    h(
      'main',
      { class: 'narrow report' },
      h('h1', null, t('join.heading')),
      h('p', null, t('join.intro')),
      status,
      form,
      h('section', null, h('h2', null, t('join.conversation')), items),
      h(
        'section',
        null,
        h('div', { class: 'actions' }, wipe),
        h('p', null, h('a', { href: '/report' }, t('join.report'))),
      ),
    ),
  );
  update();
}

function stateLine(item: OutboxItem): string {
  switch (item.state) {
    case 'mining':
      return t('join.state.mining');
    case 'queued':
      return t(
        navigator.onLine === false || item.error === 'network' ? 'join.state.offline' : 'join.state.queued',
      );
    case 'delivered':
      return t('join.state.delivered', { time: formatDateTime(Math.floor(item.delivered_at / 1000)) });
    case 'refused':
      return t('join.state.refused', { code: item.error });
  }
}

function update(): void {
  const { state } = app;
  const waiting = state.items.filter((i) => i.state === 'mining' || i.state === 'queued').length;
  const line =
    state.ready && !state.node
      ? t('join.status.no_node')
      : navigator.onLine === false && waiting
        ? t('join.status.offline', { count: waiting })
        : '';
  status.textContent = line;
  status.hidden = !line;
  const rows: Array<[number, HTMLElement]> = [
    ...state.items.map((i): [number, HTMLElement] => [
      i.created_at,
      h(
        'li',
        { class: 'own', 'data-state': i.state },
        h('span', { class: 'item-label' }, t('join.you'), ' · ', formatDateTime(i.created_at)),
        h('p', { class: 'said' }, t('join.request')),
        h('p', { class: 'hint' }, stateLine(i)),
      ),
    ]),
    ...state.replies.map((r): [number, HTMLElement] => [
      r.createdAt,
      h(
        'li',
        { class: 'reply' },
        h('span', { class: 'item-label' }, t('join.desk'), ' · ', formatDateTime(r.createdAt)),
        h('p', { class: 'said' }, r.text),
      ),
    ]),
  ];
  replace(items, ...rows.sort((a, b) => a[0] - b[0]).map((r) => r[1]));
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const want = wants.find((w) => w.checked)?.value ?? '';
  const { content, problem } = composeJoin(
    {
      pseudonym: pseudonym.value,
      enterprise: enterprise.value,
      settlement: settlement.value,
      want,
      contact: contact.value,
      message: message.value,
    },
    lang(),
  );
  error.textContent = problem ? t(`join.error.${problem}`) : '';
  if (!content) return (problem === 'place' ? enterprise : pseudonym).focus();
  try {
    await app.sendJoin(content);
    form.reset();
  } catch (err) {
    error.textContent = t(
      err instanceof NetError && err.code === 'no_node' ? 'join.status.no_node' : 'common.error.unknown',
    );
  }
});
pseudonym.addEventListener('focus', prepareWorker, { once: true });
wipe.addEventListener('click', async () => {
  if (!confirm(t('join.wipe_confirm'))) return;
  await app.wipe();
  build();
});

initI18n();
onLangChange(build);
app.onChange(update);
build();
app.boot().then(() => {
  if (app.state.wiped) return;
  navigator.serviceWorker?.register('/join-sw.js', { scope: '/join' }).catch(() => {
    // No offline copy (an old browser, or a plain-HTTP address that is not localhost).
  });
});
