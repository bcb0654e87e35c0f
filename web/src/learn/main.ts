// The /learn page: education material by topic in the reader's language, one material as a
// printable leaflet with the QR code of its address, readable offline once opened (learn-sw.js
// keeps the page, its assets and every material it fetched). Plain DOM code, like the report
// page: it is opened on phones over poor links.
import { MATERIAL_TOPIC_LABELS, MATERIAL_TOPICS } from '../../../src/core/material-topics.js';
import type { MaterialLink, MaterialPage, MaterialSummary } from '../../../src/situation/materials.js';
import { type Child, h, replace } from '../shared/dom.js';
import { api, errorText } from '../shared/http.js';
import { formatDay, initI18n, lang, langSwitcher, NATIVE_NAMES, onLangChange, t } from '../shared/i18n.js';
import './learn.css';
import { qrSvg } from './qr.js';

const root = document.getElementById('app')!;
const path = location.pathname.replace(/\/+$/, '');
/** The material shown, from `/learn/ID`; null for the list. */
const materialId = path.startsWith('/learn/') ? decodeURIComponent(path.slice('/learn/'.length)) : null;

/** Materials fetched ahead (through the service worker, which keeps them) after the list. */
const PREFETCH_MAX = 40;

let shown: MaterialPage | null = null;

const urlOf = (id: string) => `${location.origin}/learn/${encodeURIComponent(id)}`;

function header(): HTMLElement {
  return h(
    'header',
    { class: 'top' },
    h('p', { class: 'brand' }, h('a', { href: '/learn' }, t('common.brand'))),
    langSwitcher(),
  );
}

function alsoIn(translations: MaterialLink[]): Child {
  if (translations.length === 0) return null;
  const links: Child[] = [];
  translations.forEach((tr, i) => {
    if (i > 0) links.push(', ');
    links.push(
      h(
        'a',
        { href: `/learn/${encodeURIComponent(tr.id)}`, hreflang: tr.lang, lang: tr.lang },
        NATIVE_NAMES[tr.lang],
      ),
    );
  });
  return h('p', { class: 'also-in' }, `${t('learn.also_in')} `, ...links);
}

function topicsLine(m: MaterialSummary): string {
  return m.topics.map((topic) => MATERIAL_TOPIC_LABELS[topic][lang()]).join(' · ');
}

async function showList(): Promise<void> {
  document.title = `${t('learn.heading')} — ${t('common.brand')}`;
  const body = h('div', null, h('p', { class: 'hint', role: 'status' }, t('common.loading')));
  replace(
    root,
    header(),
    h(
      'main',
      { class: 'narrow learn' },
      h('h1', { tabindex: '-1' }, t('learn.heading')),
      h('p', null, t('learn.intro')),
      body,
    ),
  );
  const listUrl = `/api/v1/materials?lang=${lang()}`;
  let materials: MaterialSummary[];
  try {
    materials = (await api<{ materials: MaterialSummary[] }>(listUrl)).materials;
  } catch (err) {
    replace(body, h('p', { class: 'form-error', role: 'alert' }, errorText(err, 'learn')));
    return;
  }
  if (materials.length === 0) {
    replace(body, h('p', { class: 'notice' }, t('learn.empty')));
    return;
  }
  // Material filed under no known topic (an article typed `material` in the News form, or a
  // topic from a newer node) is listed last rather than not at all.
  const sections = [...MATERIAL_TOPICS, null].map((topic) => {
    const here = materials.filter((m) => (topic ? m.topics.includes(topic) : m.topics.length === 0));
    if (here.length === 0) return null;
    const key = topic ?? 'other';
    return h(
      'section',
      { class: 'topic', 'aria-labelledby': `topic-${key}` },
      h('h2', { id: `topic-${key}` }, topic ? MATERIAL_TOPIC_LABELS[topic][lang()] : t('learn.other')),
      h(
        'ul',
        { class: 'materials' },
        here.map((m) =>
          h(
            'li',
            null,
            h('a', { href: `/learn/${encodeURIComponent(m.id)}`, class: 'material-link' }, m.title),
            m.summary ? h('p', { class: 'hint' }, m.summary) : null,
            alsoIn(m.translations),
          ),
        ),
      ),
    );
  });
  replace(body, ...sections, h('p', { class: 'hint offline-note' }, t('learn.offline_note')));
  void keepForOffline([
    listUrl,
    ...materials.slice(0, PREFETCH_MAX).map((m) => `/api/v1/materials/${encodeURIComponent(m.id)}`),
  ]);
}

async function showMaterial(id: string): Promise<void> {
  if (!shown || shown.id !== id) {
    replace(
      root,
      header(),
      h('main', { class: 'narrow learn' }, h('p', { class: 'hint', role: 'status' }, t('common.loading'))),
    );
    try {
      shown = await api<MaterialPage>(`/api/v1/materials/${encodeURIComponent(id)}`);
    } catch (err) {
      document.title = `${t('learn.heading')} — ${t('common.brand')}`;
      replace(
        root,
        header(),
        h(
          'main',
          { class: 'narrow learn' },
          h('p', { class: 'form-error', role: 'alert' }, errorText(err, 'learn')),
          h('p', null, h('a', { href: '/learn' }, t('learn.back'))),
        ),
      );
      return;
    }
  }
  drawMaterial(shown);
  // Opened straight from a link or a QR code: keep this material for the next offline visit.
  void keepForOffline([`/api/v1/materials/${encodeURIComponent(id)}`]);
}

function drawMaterial(m: MaterialPage): void {
  document.title = `${m.title} — ${t('common.brand')}`;
  const url = urlOf(m.id);
  const share = h(
    'figure',
    { class: 'share', id: 'learn-share', hidden: true },
    qrSvg(url, t('learn.qr_label')),
    h('figcaption', null, t('learn.share_hint'), ' ', h('span', { class: 'url' }, url)),
  );
  const shareButton = h(
    'button',
    { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'learn-share' },
    t('learn.share'),
  );
  shareButton.addEventListener('click', () => {
    share.hidden = !share.hidden;
    shareButton.setAttribute('aria-expanded', String(!share.hidden));
  });
  const printButton = h('button', { type: 'button' }, t('learn.print'));
  printButton.addEventListener('click', () => window.print());
  // The node renders markdown to safe HTML (src/core/markdown.ts: raw HTML escaped, unsafe
  // links refused); parsing it as a separate document keeps scripts from ever running.
  const content = h('div', { class: 'material-body' });
  content.append(...Array.from(new DOMParser().parseFromString(m.html, 'text/html').body.childNodes));
  replace(
    root,
    header(),
    h(
      'main',
      { class: 'narrow learn' },
      h('p', { class: 'back' }, h('a', { href: '/learn' }, t('learn.back'))),
      h(
        'article',
        { class: 'material', lang: m.lang },
        h(
          'aside',
          { class: 'print-qr', 'aria-hidden': 'true' },
          qrSvg(url, t('learn.qr_label')),
          h('span', { class: 'url' }, url),
        ),
        h('h1', { tabindex: '-1' }, m.title),
        h(
          'p',
          { class: 'hint meta' },
          topicsLine(m),
          ' · ',
          formatDay(new Date(m.published_at * 1000).toISOString().slice(0, 10)),
        ),
        m.summary ? h('p', { class: 'summary' }, m.summary) : null,
        content,
      ),
      alsoIn(m.translations),
      h('div', { class: 'actions' }, printButton, shareButton),
      share,
    ),
  );
}

/**
 * Once the service worker controls the page, fetch these through it so that it keeps them:
 * the list in this language and each material in it, readable offline from then on.
 */
async function keepForOffline(urls: string[]): Promise<void> {
  const sw = navigator.serviceWorker;
  if (!sw) return;
  try {
    await sw.ready;
    if (!sw.controller) {
      await new Promise<void>((resolve) => {
        sw.addEventListener('controllerchange', () => resolve(), { once: true });
        setTimeout(resolve, 5_000);
      });
    }
    if (!sw.controller) return;
    for (const url of urls) await fetch(url).catch(() => undefined);
  } catch {
    // Offline reading is a bonus; the page works without it.
  }
}

function draw(): void {
  if (materialId === null) void showList();
  else void showMaterial(materialId);
}

initI18n();
onLangChange(draw);
draw();
navigator.serviceWorker?.register('/learn-sw.js', { scope: '/learn' }).catch(() => {
  // No offline copy (private mode, an old browser); everything else works.
});
