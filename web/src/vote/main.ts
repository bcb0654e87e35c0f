// The vote page: a one-time code (from the QR's link or typed), the vote's planks with agree /
// abstain / disagree / block and an optional reason each; the ballot is sealed on the phone and
// sent now or when a connection returns; once the vote is closed, the published tally and
// whether this code is among those counted. Drawn again on every change; what was chosen and
// written lives in `picked` and `reasons`, so a redraw (or a change of language) keeps it.
import { h, replace } from '../shared/dom.js';
import { formatDateTime, initI18n, lang, langSwitcher, onLangChange, t } from '../shared/i18n.js';
import { NetError } from '../shared/net.js';
import { prepareWorker } from '../shared/pow-client.js';
import * as app from './app.js';

const root = document.getElementById('app')!;
const CHOICES: readonly app.Choice[] = ['agree', 'abstain', 'disagree', 'block'];
const REASON_MAX = 1_000;

const picked = new Map<string, app.Choice>();
const reasons = new Map<string, string>();
let problem = '';
let codeTyped = '';

const textIn = (text: app.Text) => text[lang()] || text.ru || text.kk || text.en || '';

function errorLine(): HTMLElement {
  return h('p', { class: 'form-error', id: 'v-error', 'aria-live': 'assertive' }, problem);
}

function codeForm(): HTMLElement {
  const input = h('input', {
    id: 'v-code',
    maxlength: 40,
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: false,
    value: codeTyped,
  });
  input.addEventListener('input', () => {
    codeTyped = input.value;
  });
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'v-code' }, t('vote.field.code')),
      h('p', { class: 'hint' }, t('vote.field.code_hint')),
      input,
    ),
    errorLine(),
    h('button', { type: 'submit', class: 'primary' }, t('vote.open')),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const found = await app.open(input.value);
    problem = found ? t(`vote.error.${found in ERRORS ? found : 'network'}`) : '';
    if (!found) codeTyped = '';
    draw();
    if (found) document.getElementById('v-code')?.focus();
  });
  return form;
}

const ERRORS: Record<string, true> = { bad_code: true, unknown_code: true, network: true, desk_locked: true };

function ballotForm(vote: app.VoteView): HTMLElement {
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    vote.planks.map((p, i) => {
      const name = `v-plank-${i}`;
      const reason = h('textarea', { id: `${name}-reason`, rows: 2, maxlength: REASON_MAX });
      reason.value = reasons.get(p.id) ?? '';
      reason.addEventListener('input', () => reasons.set(p.id, reason.value));
      return h(
        'fieldset',
        { class: 'field', 'data-plank': p.id },
        h('legend', null, `${i + 1}. ${textIn(p.text)}`),
        CHOICES.map((c) => {
          const radio = h('input', {
            type: 'radio',
            name,
            id: `${name}-${c}`,
            value: c,
            checked: picked.get(p.id) === c,
          });
          radio.addEventListener('change', () => picked.set(p.id, c));
          return h('div', null, radio, ' ', h('label', { for: radio.id }, t(`vote.choice.${c}`)));
        }),
        h('label', { for: reason.id }, t('vote.field.reason')),
        reason,
      );
    }),
    errorLine(),
    h('button', { type: 'submit', class: 'primary' }, t('vote.cast')),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const missing = vote.planks.findIndex((p) => !picked.has(p.id));
    if (missing >= 0) {
      problem = t('vote.error.missing');
      draw();
      document.getElementById(`v-plank-${missing}-agree`)?.focus();
      return;
    }
    try {
      await app.cast(
        vote.planks.map((p) => {
          const why = reasons.get(p.id)?.trim().slice(0, REASON_MAX);
          return { plank: p.id, choice: picked.get(p.id)!, ...(why ? { reason: why } : {}) };
        }),
        lang(),
      );
      problem = '';
      picked.clear();
      reasons.clear();
    } catch (err) {
      problem = t(
        err instanceof NetError && err.code === 'no_node' ? 'vote.status.no_node' : 'common.error.unknown',
      );
      draw();
    }
  });
  form.addEventListener('focusin', prepareWorker, { once: true });
  return form;
}

function stateLine(): string {
  const item = app.currentItem();
  if (!item) return '';
  switch (item.state) {
    case 'mining':
      return t('vote.state.mining');
    case 'queued':
      return t(
        navigator.onLine === false || item.error === 'network' ? 'vote.state.offline' : 'vote.state.queued',
      );
    case 'delivered':
      return t('vote.state.delivered', { time: formatDateTime(Math.floor(item.delivered_at / 1000)) });
    case 'refused':
      return t('vote.state.refused', { code: item.error });
  }
}

/** The published count, a list (no table: it must fit 360 px without a style of its own). */
function resultList(): HTMLElement | null {
  const r = app.state.result;
  if (!r) return null;
  return h(
    'section',
    { id: 'v-result' },
    h('h2', null, t('vote.result.heading')),
    h('p', null, t('vote.result.ballots', { ballots: r.ballots, codes: r.codes })),
    h(
      'ol',
      null,
      r.planks.map((p) =>
        h(
          'li',
          { 'data-plank': p.id },
          h('p', null, textIn(p.text)),
          h(
            'p',
            { class: 'hint' },
            p.tally
              ? `${CHOICES.map((c) => `${t(`vote.choice.${c}`)}: ${p.tally![c]}`).join(' · ')} — ${t(`vote.outcome.${p.outcome}`)}`
              : t('vote.result.withheld'),
          ),
        ),
      ),
    ),
  );
}

function body(): HTMLElement[] {
  const c = app.state.current;
  if (!c) return [h('p', null, t('vote.intro')), codeForm()];
  const parts: HTMLElement[] = [h('h2', { id: 'v-title' }, textIn(c.vote.title))];
  const item = app.currentItem();
  if (item) {
    parts.push(
      h('p', { class: 'notice', id: 'v-state', 'data-state': item.state }, stateLine()),
      h('p', null, t('vote.sealed')),
    );
  }
  if (c.vote.status === 'open' && !item) {
    parts.push(c.used ? h('p', { class: 'form-error', id: 'v-used' }, t('vote.used')) : ballotForm(c.vote));
  }
  if (c.vote.status === 'open' && item && c.used) parts.push(h('p', { id: 'v-counted' }, t('vote.counted')));
  if (c.vote.status === 'closed') {
    const mine = app.counted();
    parts.push(
      h('p', null, t('vote.closed')),
      mine === undefined
        ? h('p', null, t('vote.result.none'))
        : h(
            'p',
            { id: 'v-check', 'data-counted': String(mine) },
            t(mine ? 'vote.check.yes' : 'vote.check.no'),
          ),
      // In groups of 16, so that it wraps on a narrow screen.
      h(
        'p',
        { class: 'hint' },
        t('vote.check.hash'),
        ' ',
        h('code', { id: 'v-hash' }, c.hash.replace(/.{16}(?!$)/g, '$& ')),
      ),
    );
    const list = resultList();
    if (list) parts.push(list);
  }
  const again = h('button', { type: 'button' }, t('vote.check_again'));
  again.addEventListener('click', () => void app.refresh());
  const other = h('button', { type: 'button' }, t('vote.another'));
  other.addEventListener('click', () => {
    problem = '';
    picked.clear();
    reasons.clear();
    void app.forget();
  });
  parts.push(h('div', { class: 'actions' }, item || c.vote.status === 'closed' ? again : null, other));
  return parts;
}

function draw(): void {
  document.title = `${t('common.brand')} — ${t('vote.heading')}`;
  const waiting = app.state.items.filter((i) => i.state === 'mining' || i.state === 'queued').length;
  const line =
    app.state.ready && !app.state.node
      ? t('vote.status.no_node')
      : navigator.onLine === false && waiting
        ? t('vote.status.offline', { count: waiting })
        : '';
  // Redrawing would take focus from what the member is typing: keep it where it was.
  const focused = document.activeElement?.id;
  replace(
    root,
    h('header', { class: 'top' }, h('p', { class: 'brand' }, t('common.brand')), langSwitcher()),
    h(
      'main',
      { class: 'narrow report' },
      h('h1', null, t('vote.heading')),
      line ? h('p', { class: 'notice', role: 'status' }, line) : null,
      ...(app.state.ready ? body() : []),
    ),
  );
  if (focused) document.getElementById(focused)?.focus();
}

initI18n();
onLangChange(draw);
app.onChange(draw);
draw();
// The code is read from the fragment and taken out of the address before anything else.
const fragment = location.hash;
if (fragment) history.replaceState(null, '', location.pathname);
app.boot(fragment).then((found) => {
  if (found) {
    problem = t(`vote.error.${found in ERRORS ? found : 'network'}`);
    draw();
  }
  navigator.serviceWorker?.register('/vote-sw.js', { scope: '/vote' }).catch(() => {
    // No offline copy (an old browser, or a plain-HTTP address that is not localhost).
  });
});
