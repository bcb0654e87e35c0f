import { escHtml as esc, qrSvgMarkup } from './qr-svg.js';

/*
 * The printed sheet of one-time ballot codes (docs/program.md, "Votes"): eight ballots to an A4
 * page, each with a QR code that opens /vote with the code in the address's fragment (never
 * sent to a server) and the code to type, in four groups of four. Nothing on a ballot names a
 * person. The words are in Russian, Kazakh and English. Pure (no I/O): `tilshi program ballots
 * --html` writes it to a file, and the desk's route that makes codes answers it for the desk to
 * show and print; either way it is the one place the codes appear.
 */

export interface BallotSheet {
  /** The vote's title as printed (see sheetTitle). */
  title: string;
  /** The node's address the QR codes open (`https://example.org`). */
  baseUrl: string;
  /** The codes, formatted (`K3V9-Q0ZD-7M1X-RTB4`). */
  codes: string[];
}

export const ballotUrl = (baseUrl: string, code: string) =>
  `${baseUrl.replace(/\/+$/, '')}/vote#code=${encodeURIComponent(code)}`;

/**
 * A vote's title on the sheet: each language it was written in, once, Russian first.
 *
 * @example sheetTitle({ ru: 'Собрание', en: 'Meeting' }, 'vote-1') // 'Собрание · Meeting'
 */
export function sheetTitle(title: { ru?: string; kk?: string; en?: string }, fallback: string): string {
  const words = [title.ru, title.kk, title.en].map((w) => w?.trim() ?? '').filter(Boolean);
  return [...new Set(words)].join(' · ') || fallback;
}

const WORDS = {
  ballot: 'Бюллетень · Бюллетень · Ballot',
  how: [
    'Отсканируйте QR-код или откройте адрес и введите код. Код не связан с вами: сохраните его, чтобы проверить, что ваш бюллетень засчитан.',
    'QR-кодты сканерлеңіз немесе мекенжайды ашып, кодты енгізіңіз. Код сізбен байланыспайды: бюллетеніңіз есептелгенін тексеру үшін оны сақтаңыз.',
    'Scan the QR code, or open the address and type the code. The code is not linked to you: keep it to check that your ballot was counted.',
  ],
};

/**
 * The sheet's style, inside the file so that the file prints alone. It never changes with the
 * codes: the node's CSP names its hash (src/server/app.ts), so the desk can show the sheet in a
 * frame of its page without allowing any other inline style.
 */
export const BALLOT_SHEET_STYLE = `
@page { size: A4; margin: 10mm; }
body { font-family: sans-serif; margin: 0; background: #fff; color: #000; }
main { display: grid; grid-template-columns: 1fr 1fr; }
.ballot { border: 1px dashed #888; padding: 4mm; height: 64mm; overflow: hidden; break-inside: avoid; font-size: 7pt; }
.ballot:nth-child(8n) { break-after: page; }
.head, .title { margin: 0 0 1mm; font-weight: bold; }
.n { float: right; font-weight: normal; }
.qr { width: 28mm; height: 28mm; float: left; margin-right: 3mm; }
.code { font: bold 13pt monospace; margin: 2mm 0; letter-spacing: 0.05em; }
.url { font-family: monospace; margin: 0 0 1mm; word-break: break-all; }
.how { margin: 0 0 1mm; }
`;

/**
 * The sheet as one self-contained HTML file, to print (its style is inside it).
 *
 * @example ballotSheetHtml({ title: 'Собрание', baseUrl: 'https://tilshi.example', codes: ['K3V9-Q0ZD-7M1X-RTB4'] })
 */
export function ballotSheetHtml(sheet: BallotSheet): string {
  const address = ballotUrl(sheet.baseUrl, '').replace(/#code=$/, '');
  const cards = sheet.codes
    .map(
      (code, i) => `<section class="ballot">
<p class="head">${esc(WORDS.ballot)} <span class="n">${i + 1}/${sheet.codes.length}</span></p>
<p class="title">${esc(sheet.title)}</p>
${qrSvgMarkup(ballotUrl(sheet.baseUrl, code), code)}
<p class="code">${esc(code)}</p>
<p class="url">${esc(address)}</p>
${WORDS.how.map((w) => `<p class="how">${esc(w)}</p>`).join('\n')}
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>${esc(sheet.title)} — ${esc(WORDS.ballot)}</title>
<style>${BALLOT_SHEET_STYLE}</style>
</head>
<body>
<main>
${cards}
</main>
</body>
</html>
`;
}
