// biome-ignore-all assist/source/organizeImports: module order in the script (see app.ts)
// The report page: write, seal on the phone, send now or when a connection returns, read the
// desk's replies. The controls are made once, so what is typed survives a change of language;
// `build` lays the page out in the current language, `update` draws what the state changes.
import { type Child, h, replace } from '../shared/dom.js';
import { formatDateTime, initI18n, lang, langSwitcher, onLangChange, t } from '../shared/i18n.js';
import * as app from './app.js';
import { codename } from '../../../src/core/codename.js';
import { composeReport, LIMITS } from './compose.js';
import { NetError } from '../shared/net.js';
import { prepareWorker } from '../shared/pow-client.js';
import type { OutboxItem } from '../shared/queue.js';
import { kit, loadMore, more } from './later.js';

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
const sendNow = h('button', { type: 'button' });
const check = h('button', { type: 'button' });
const checkNote = h('p', { class: 'hint', 'aria-live': 'polite' });
// Writing gzip needs CompressionStream (Chrome 80, Safari 16.4, Firefox 113).
const save = typeof CompressionStream !== 'undefined' ? h('button', { type: 'button' }) : null;
const saveNote = h('p', { class: 'notice', role: 'status', id: 'r-saved' });
const sms = h('details', { id: 'r-sms' });
const smsBody = h('div');
const wipe = h('button', { type: 'button', class: 'danger' });

let savedNote: { name: string; count: number } | undefined;

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
        // The words are the later chunk's, fetched before the wipe (see below).
        h('h1', { tabindex: '-1' }, t('report.more.wiped')),
        h('a', { href: '/report' }, t('report.more.wiped_again')),
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
  sendNow.textContent = t('report.send_now');
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
      // No secure context (plain HTTP off localhost): no service worker, so no offline copy. The
      // page is online when this is true (it cannot open offline), so the later chunk comes.
      !isSecureContext && more && h('p', { class: 'notice', id: 'r-insecure' }, t('report.more.insecure')),
      status,
      sendNow,
      form,
      work,
      sms,
      h('section', null, h('h2', null, t('report.conversation')), who, items, check, checkNote),
      h(
        'section',
        null,
        h('h2', null, t('report.device')),
        // Words of the later chunk, drawn once it is here (it comes right after the page).
        save && more && h('p', { class: 'hint' }, t('report.more.save_hint')),
        saveNote,
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
      // ✓ the node has it; ✓✓ the desk has opened it (its receipt, or a reply, came back).
      return app.state.receipts.has(item.id)
        ? t('report.state.desk_has')
        : t('report.state.delivered', { time: formatDateTime(Math.floor(item.delivered_at / 1000)) });
    case 'refused':
      return more ? t('report.more.refused', { code: item.error }) : item.error;
  }
}

function entry(cls: string, who: string, at: number, said: Child[], state?: OutboxItem): HTMLElement {
  return h(
    'li',
    {
      class: cls,
      'data-state': state?.state,
      'data-desk': state && app.state.receipts.has(state.id) ? 'has' : null,
    },
    h('span', { class: 'item-label' }, who, ' · ', formatDateTime(at)),
    said,
    state && h('p', { class: 'hint' }, stateLine(state)),
  );
}

/** The reporter's own report: the text, and the place and enterprise they gave. */
function ownLines(item: OutboxItem): Child[] {
  const c = app.ownContent(item);
  const hints = c?.hints;
  const place = hints?.place && `${t('report.field.place')}: ${hints.place}`;
  const enterprise = hints?.enterprise && `${t('report.field.enterprise')}: ${hints.enterprise}`;
  return [
    h('p', { class: 'said' }, c?.text ?? '…'),
    (place || enterprise) && h('p', { class: 'hint' }, [place, enterprise].filter(Boolean).join(' · ')),
  ];
}

/** Draw what changes: status, progress, codename, the conversation. */
function update(): void {
  const { state } = app;
  const waiting = state.items.filter((i) => i.state === 'mining' || i.state === 'queued').length;
  const queued = state.items.some((i) => i.state === 'queued');
  const line =
    state.ready && !state.node
      ? t('report.status.no_node')
      : state.node?.mirror
        ? more
          ? t('report.more.mirror')
          : '…'
        : navigator.onLine === false
          ? t('report.status.offline', { count: waiting })
          : waiting
            ? t('report.status.sending', { count: waiting })
            : '';
  // On a static mirror (never on a node) the later chunk comes at once: it says what to do here.
  if (state.node?.mirror && !more) void loadMore().then(update);
  status.textContent = line;
  status.hidden = !line;
  // While the node does not answer, the reporter can try again at once rather than wait.
  sendNow.hidden = !queued || !!state.node?.mirror || navigator.onLine === false;

  const number = state.node?.sms_number;
  sms.hidden = !number;
  if (number && sms.firstChild === null) {
    sms.append(h('summary', null, t('report.sms')), smsBody);
  }
  if (number && more) replace(smsBody, ...more.smsHelp(kit, number));
  replace(saveNote, ...(savedNote && more ? more.saved(kit, savedNote.name, savedNote.count) : []));
  saveNote.hidden = !savedNote;

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
        more && h('span', { class: 'hint' }, t('report.more.codename_hint')),
      ),
  );

  const rows: Array<[number, Child]> = [
    ...state.items.map((i): [number, Child] => [
      i.created_at,
      entry('own', t('report.you'), i.created_at, ownLines(i), i),
    ]),
    ...state.replies.map((r): [number, Child] => {
      const fresh = state.fresh.has(r.wrapId);
      return [
        r.createdAt,
        entry(
          fresh ? 'reply new' : 'reply',
          fresh ? `${t('report.new')} · ${t('report.desk')}` : t('report.desk'),
          r.createdAt,
          [h('p', { class: 'said' }, r.text)],
        ),
      ];
    }),
  ];
  replace(items, ...rows.sort((a, b) => a[0] - b[0]).map((r) => r[1]));

  check.disabled = state.checking || !state.pubkey;
  check.hidden = !!state.node?.mirror;
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
sendNow.addEventListener('click', () => app.flush(true));
sms.addEventListener('toggle', () => {
  if (sms.open) void loadMore().then(update);
});
save?.addEventListener('click', async () => {
  const wraps = app.queuedWraps();
  if (!wraps.length) return;
  const m = await loadMore();
  savedNote = { name: await m.saveToFile(kit, wraps), count: wraps.length };
  update();
});
wipe.addEventListener('click', async () => {
  // The question is the later chunk's; should it not be here (never fetched, now offline), the
  // button's own words ask it, so that wiping never depends on the network.
  const words = await loadMore().then(
    () => t('report.more.wipe_confirm'),
    () => `${t('report.wipe')}?`,
  );
  if (!confirm(words)) return;
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
  // The later chunk while the connection is here (the service worker keeps it too).
  void loadMore().then(build, () => {});
  // After the first load, not in its way: the service worker fetches its own copies then.
  navigator.serviceWorker
    ?.register(`/sw.js?page=${encodeURIComponent(location.pathname)}`, { scope: '/report' })
    .catch(() => {
      // No offline copy (an old browser, or a plain-HTTP address that is not localhost).
    });
});
