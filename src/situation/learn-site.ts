import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LANGS, type Lang } from '../core/content.js';
import { MATERIAL_TOPIC_LABELS, MATERIAL_TOPICS } from '../core/material-topics.js';
import { escHtml as esc, qrSvgMarkup } from '../core/qr-svg.js';
import type { MaterialPage } from './materials.js';

/*
 * /learn in the static mirror: the list and each material as plain HTML pages that need no
 * script and no node (a mirror is any web server), styled by the pages' own style sheets and
 * printable as the node's page is. The few words they need are here, in the three languages.
 */

const WORDS: Record<
  Lang,
  { heading: string; also: string; back: string; empty: string; qr: string; other: string }
> = {
  ru: {
    heading: 'Материалы',
    also: 'Также на:',
    back: 'Все материалы',
    empty: 'На этом языке материалов пока нет.',
    qr: 'QR-код адреса этого материала',
    other: 'Другое',
  },
  kk: {
    heading: 'Материалдар',
    also: 'Басқа тілде:',
    back: 'Барлық материалдар',
    empty: 'Бұл тілде әзірге материал жоқ.',
    qr: 'Осы материал мекенжайының QR-коды',
    other: 'Басқа',
  },
  en: {
    heading: 'Materials',
    also: 'Also in:',
    back: 'All materials',
    empty: 'No materials in this language yet.',
    qr: "QR code of this material's address",
    other: 'Other',
  },
};
const NATIVE: Record<Lang, string> = { ru: 'Русский', kk: 'Қазақша', en: 'English' };

export { esc };

/** The built style sheets the pages link to (content-hashed names in web/dist/assets). */
function styleSheets(webRoot: string): string[] {
  const dir = join(webRoot, 'assets');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^(style|learn)-[A-Z0-9]+\.css$/.test(f))
    .sort((a, b) => (a.startsWith('style') ? -1 : b.startsWith('style') ? 1 : 0));
}

export function page(lang: Lang, title: string, css: string[], up: string, body: string): string {
  const links = css.map((f) => `<link rel="stylesheet" href="${up}assets/${f}">`).join('\n');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<title>${esc(title)}</title>
<link rel="icon" href="data:,">
${links}
</head>
<body>
${body}
</body>
</html>
`;
}

const materialHref = (up: string, id: string) => `${up}learn/${encodeURIComponent(id)}/`;

function alsoIn(m: MaterialPage, up: string, lang: Lang): string {
  if (m.translations.length === 0) return '';
  const links = m.translations
    .map(
      (t) =>
        `<a href="${materialHref(up, t.id)}" hreflang="${t.lang}" lang="${t.lang}">${NATIVE[t.lang]}</a>`,
    )
    .join(', ');
  return `<p class="also-in">${WORDS[lang].also} ${links}</p>`;
}

/**
 * The mirror's /learn pages: `learn/index.html` (every language, by topic) and
 * `learn/ID/index.html` for each material, with the QR code of its address when the mirror's
 * address is known.
 *
 * @example for (const [path, html] of learnSite(allMaterialPages(node), { webRoot, baseUrl })) write(path, html)
 */
export function learnSite(
  materials: MaterialPage[],
  options: { webRoot: string; baseUrl?: string | undefined },
): Array<[string, string]> {
  const css = styleSheets(options.webRoot);
  const files: Array<[string, string]> = [];
  const sections = LANGS.map((lang) => {
    const mine = materials.filter((m) => m.lang === lang);
    const topics = [...MATERIAL_TOPICS, null]
      .map((topic) => {
        const here = mine.filter((m) => (topic ? m.topics.includes(topic) : m.topics.length === 0));
        if (here.length === 0) return '';
        const items = here
          .map(
            (m) =>
              `<li><a class="material-link" href="${materialHref('../', m.id)}">${esc(m.title)}</a>${
                m.summary ? `<p class="hint">${esc(m.summary)}</p>` : ''
              }${alsoIn(m, '../', lang)}</li>`,
          )
          .join('\n');
        const name = topic ? MATERIAL_TOPIC_LABELS[topic][lang] : WORDS[lang].other;
        return `<section class="topic"><h3>${name}</h3><ul class="materials">${items}</ul></section>`;
      })
      .join('\n');
    return `<section lang="${lang}" id="${lang}"><h2>${WORDS[lang].heading} · ${NATIVE[lang]}</h2>${
      topics || `<p class="notice">${WORDS[lang].empty}</p>`
    }</section>`;
  });
  const nav = LANGS.map((l) => `<a href="#${l}" lang="${l}">${NATIVE[l]}</a>`).join(' · ');
  files.push([
    'learn/index.html',
    page(
      'ru',
      `${LANGS.map((l) => WORDS[l].heading).join(' · ')} — Tilshi`,
      css,
      '../',
      `<header class="top"><p class="brand">Tilshi</p><p>${nav}</p></header>
<main class="narrow learn">
<h1>${LANGS.map((l) => WORDS[l].heading).join(' · ')}</h1>
${sections.join('\n')}
</main>`,
    ),
  ]);
  const base = options.baseUrl
    ? options.baseUrl.endsWith('/')
      ? options.baseUrl
      : `${options.baseUrl}/`
    : null;
  for (const m of materials) {
    const words = WORDS[m.lang];
    const url = base ? `${base}learn/${encodeURIComponent(m.id)}/` : null;
    const qr = url
      ? `<aside class="print-qr" aria-hidden="true">${qrSvgMarkup(url, words.qr)}<span class="url">${esc(url)}</span></aside>`
      : '';
    const topics = m.topics.map((t) => MATERIAL_TOPIC_LABELS[t][m.lang]).join(' · ');
    const day = new Date(m.published_at * 1000).toISOString().slice(0, 10);
    files.push([
      `learn/${m.id}/index.html`,
      page(
        m.lang,
        `${m.title} — Tilshi`,
        css,
        '../../',
        `<header class="top"><p class="brand"><a href="../">Tilshi</a></p></header>
<main class="narrow learn">
<p class="back"><a href="../#${m.lang}">${words.back}</a></p>
<article class="material">
${qr}<h1>${esc(m.title)}</h1>
<p class="hint meta">${topics} · <time datetime="${day}">${day}</time></p>
${m.summary ? `<p class="summary">${esc(m.summary)}</p>` : ''}
<div class="material-body">
${m.html}</div>
</article>
${alsoIn(m, '../../', m.lang)}
</main>`,
      ),
    ]);
  }
  return files;
}
