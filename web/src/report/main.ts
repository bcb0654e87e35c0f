// biome-ignore-all assist/source/organizeImports: module order in the script (see app.ts)
// The report page: write, seal on the phone, send now or when a connection returns, read the
// desk's replies. The controls are made once, so what is typed survives a change of language;
// `build` lays the page out in the current language, `update` draws what the state changes.
import { type Child, h, replace } from '../shared/dom.js';
import { formatDateTime, initI18n, lang, langSwitcher, onLangChange, t } from '../shared/i18n.js';
import * as app from './app.js';
import { canSaveFile } from './bundle-file.js';
import { codename } from '../../../src/core/codename.js';
import { composeReport, LIMITS } from './compose.js';
import { NetError } from '../shared/net.js';
import { prepareWorker } from '../shared/pow-client.js';
import type { OutboxItem } from '../shared/queue.js';

const root = document.getElementById('app')!;
const HINTS = ['place', 'enterprise', 'what', 'people'] as const;

const text = h('textarea', {
  id: 'r-text',
  rows: 6,
  maxlength: LIMITS.body,
  'aria-describedby': 'r-text-hint r-error',
});
const hints = HINTS.map((name) =>
  h('input', {
    id: `r-${name}`,
    maxlength: LIMITS.hint,
    autocomplete: 'off',
    inputmode: name === 'people' ? 'numeric' : null,
  }),
);
const details = h('details');
const error = h('p', { class: 'form-error', id: 'r-error', 'aria-live': 'assertive' });
const send = h('button', { type: 'submit', class: 'primary' });
const form = h('form', { class: 'stack', novalidate: true });
const status = h('p', { class: 'notice', role: 'status' });
const work = h('div');
const who = h('div');
const items = h('ol', { class: 'items', id: 'r-items' });
const check = h('button', { type: 'button' });
const checkNote = h('p', { class: 'hint', 'aria-live': 'polite' });
const save = canSaveFile() ? h('button', { type: 'button' }) : null;
const wipe = h('button', { type: 'button', class: 'danger' });

const label = (input: HTMLElement, key: string) =>
  h('div', { class: 'field' }, h('label', { for: input.id }, t(key)), input);

/** Lay the page out in the current language (on start and after a change of language). */
function build(): void {
  document.title = `${t('common.brand')} — ${t('report.heading')}`;
  const focused = document.activeElement?.id;
  const header = h('header', { class: 'top' }, h('p', { class: 'brand' }, t('common.brand')), langSwitcher());
  if (app.state.wiped) {
    replace(
      root,
      header,
      h(
        'main',
        { class: 'narrow' },
        h('h1', { tabindex: '-1' }, t('report.wiped.heading')),
        h('a', { href: '/report' }, t('report.wiped.again')),
      ),
    );
    root.querySelector('h1')?.focus();
    return;
  }
  replace(
    details,
    h('summary', null, t('report.hints')),
    h(
      'div',
      { class: 'stack' },
      hints.map((input, i) => label(input, `report.field.${HINTS[i]}`)),
    ),
  );
  send.textContent = t('report.send');
  check.textContent = t('report.check');
  wipe.textContent = t('report.wipe');
  if (save) save.textContent = t('report.save');
  replace(
    form,
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'r-text' }, t('report.field.text')),
      h('p', { class: 'hint', id: 'r-text-hint' }, t('report.field.text_hint')),
      text,
    ),
    details,
    error,
    send,
  );
  replace(
    root,
    header,
    h(
      'main',
      { class: 'narrow report' },
      h('h1', null, t('report.heading')),
      h('p', null, t('report.intro')),
      status,
      form,
      work,
      h('section', null, h('h2', null, t('report.conversation')), who, items, check, checkNote),
      h(
        'section',
        null,
        h('h2', null, t('report.device')),
        save && h('p', { class: 'hint' }, t('report.save_hint')),
        h('div', { class: 'actions' }, save, wipe),
      ),
    ),
  );
  if (focused) document.getElementById(focused)?.focus();
  update();
}

function stateLine(item: OutboxItem): string {
  switch (item.state) {
    case 'mining':
      return t('report.state.mining');
    case 'queued':
      return t(
        navigator.onLine === false || item.error === 'network'
          ? 'report.state.offline'
          : 'report.state.queued',
      );
    case 'delivered':
      return t('report.state.delivered', { time: formatDateTime(Math.floor(item.delivered_at / 1000)) });
    case 'refused':
      return t('report.state.refused', { code: item.error });
  }
}

function entry(cls: string, who: string, at: number, said: string, state?: OutboxItem): HTMLElement {
  return h(
    'li',
    { class: cls, 'data-state': state?.state },
    h('span', { class: 'item-label' }, who, ' · ', formatDateTime(at)),
    h('p', { class: 'said' }, said),
    state && h('p', { class: 'hint' }, stateLine(state)),
  );
}

/** Draw what changes: status, progress, codename, the conversation. */
function update(): void {
  const { state } = app;
  const waiting = state.items.filter((i) => i.state === 'mining' || i.state === 'queued').length;
  const line =
    state.ready && !state.node
      ? t('report.status.no_node')
      : navigator.onLine === false
        ? t('report.status.offline', { count: waiting })
        : waiting
          ? t('report.status.sending', { count: waiting })
          : '';
  status.textContent = line;
  status.hidden = !line;

  const job = state.work;
  // The chance that the work is done by now: it never sits at 100% before it is.
  const percent = job ? Math.floor(100 * (1 - Math.exp(-job.tries / job.expected))) : 0;
  replace(
    work,
    job && h('label', { for: 'r-progress' }, t('report.work', { percent })),
    job && h('progress', { id: 'r-progress', max: 100, value: percent }),
  );

  replace(
    who,
    state.pubkey &&
      h(
        'p',
        null,
        t('report.codename'),
        ' ',
        h('strong', { class: 'key codename', id: 'r-codename' }, codename(state.pubkey)),
        h('br'),
        h('span', { class: 'hint' }, t('report.codename_hint')),
      ),
  );

  const rows: Array<[number, Child]> = [
    ...state.items.map((i): [number, Child] => [
      i.created_at,
      entry('own', t('report.you'), i.created_at, app.ownContent(i)?.text ?? '…', i),
    ]),
    ...state.replies.map((r): [number, Child] => [
      r.createdAt,
      entry('reply', t('report.desk'), r.createdAt, r.text),
    ]),
  ];
  replace(items, ...rows.sort((a, b) => a[0] - b[0]).map((r) => r[1]));

  check.disabled = state.checking || !state.pubkey;
  checkNote.textContent = state.checking
    ? t('report.checking')
    : state.checkError
      ? t(state.checkError === 'network' ? 'common.error.network' : 'common.error.unknown')
      : '';
  if (save) save.disabled = !state.items.some((i) => i.state === 'queued');
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const [place, enterprise, what, people] = hints.map((i) => i.value);
  const content = composeReport({ text: text.value, place, enterprise, what, people }, lang(), {
    what: t('report.field.what'),
    people: t('report.field.people'),
  });
  text.setAttribute('aria-invalid', content ? 'false' : 'true');
  error.textContent = content ? '' : t('report.error.empty');
  if (!content) return text.focus();
  try {
    await app.sendReport(content);
    form.reset();
  } catch (err) {
    error.textContent = t(
      err instanceof NetError && err.code === 'no_node' ? 'report.status.no_node' : 'common.error.unknown',
    );
  }
});
text.addEventListener('focus', prepareWorker, { once: true });
check.addEventListener('click', () => app.checkReplies(true));
save?.addEventListener('click', async () => {
  const file = await app.queueFile();
  if (!file) return;
  const link = h('a', {
    href: URL.createObjectURL(file),
    download: `tilshi-reports-${new Date().toISOString().slice(0, 10)}.tilshi`,
  });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
});
wipe.addEventListener('click', async () => {
  if (!confirm(t('report.wipe_confirm'))) return;
  await app.wipe();
  build();
});

initI18n();
onLangChange(build);
app.onChange(update);
build();
app.boot().then(() => {
  if (app.state.wiped) return;
  prepareWorker();
  // After the first load, not in its way: the service worker fetches its own copies then.
  navigator.serviceWorker?.register('/sw.js', { scope: '/report' }).catch(() => {
    // No offline copy (an old browser, or a plain-HTTP address that is not localhost).
  });
});
