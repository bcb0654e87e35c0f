import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';
import { qrSvgMarkup } from '../situation/learn-site.js';

/*
 * The printed sheet of one-time ballot codes (`tilshi program ballots`): eight ballots to an A4
 * page, each with a QR code that opens /vote with the code in the address's fragment (never
 * sent to a server) and the code to type, in four groups of four. Nothing on a ballot names a
 * person. The HTML sheet carries the words in Russian, Kazakh and English; the PDF carries the
 * QR code, the code and the address only (the PDF standard fonts have no Cyrillic letters).
 */

export interface BallotSheet {
  /** The vote's title, as the desk wrote it. */
  title: string;
  /** The node's address the QR codes open (`https://example.org`). */
  baseUrl: string;
  /** The codes, formatted (`K3V9-Q0ZD-7M1X-RTB4`). */
  codes: string[];
}

export const ballotUrl = (baseUrl: string, code: string) =>
  `${baseUrl.replace(/\/+$/, '')}/vote#code=${encodeURIComponent(code)}`;

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const WORDS = {
  ballot: 'Бюллетень · Бюллетень · Ballot',
  how: [
    'Отсканируйте QR-код или откройте адрес и введите код. Код не связан с вами: сохраните его, чтобы проверить, что ваш бюллетень засчитан.',
    'QR-кодты сканерлеңіз немесе мекенжайды ашып, кодты енгізіңіз. Код сізбен байланыспайды: бюллетеніңіз есептелгенін тексеру үшін оны сақтаңыз.',
    'Scan the QR code, or open the address and type the code. The code is not linked to you: keep it to check that your ballot was counted.',
  ],
};

/** The sheet as one self-contained HTML file, to print (its style is inside it). */
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
<style>
@page { size: A4; margin: 10mm; }
body { font-family: sans-serif; margin: 0; }
main { display: grid; grid-template-columns: 1fr 1fr; }
.ballot { border: 1px dashed #888; padding: 4mm; height: 64mm; overflow: hidden; break-inside: avoid; font-size: 7pt; }
.ballot:nth-child(8n) { break-after: page; }
.head, .title { margin: 0 0 1mm; font-weight: bold; }
.n { float: right; font-weight: normal; }
.qr { width: 28mm; height: 28mm; float: left; margin-right: 3mm; }
.code { font: bold 13pt monospace; margin: 2mm 0; letter-spacing: 0.05em; }
.url { font-family: monospace; margin: 0 0 1mm; word-break: break-all; }
.how { margin: 0 0 1mm; }
</style>
</head>
<body>
<main>
${cards}
</main>
</body>
</html>
`;
}

const MM = 72 / 25.4;

/** The sheet as a PDF: A4, two columns of four ballots, each a QR code, the code and the address. */
export async function ballotSheetPdf(sheet: BallotSheet): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('Ballots');
  doc.setCreator('tilshi');
  const mono = await doc.embedFont(StandardFonts.CourierBold);
  const plain = await doc.embedFont(StandardFonts.Helvetica);
  const [pageW, pageH] = [210 * MM, 297 * MM];
  const margin = 10 * MM;
  const cardW = (pageW - 2 * margin) / 2;
  const cardH = (pageH - 2 * margin) / 4;
  const address = `${sheet.baseUrl.replace(/\/+$/, '')}/vote`;
  let page = doc.addPage([pageW, pageH]);
  for (const [i, code] of sheet.codes.entries()) {
    const slot = i % 8;
    if (i > 0 && slot === 0) page = doc.addPage([pageW, pageH]);
    const x = margin + (slot % 2) * cardW;
    const top = pageH - margin - Math.floor(slot / 2) * cardH;
    page.drawRectangle({
      x,
      y: top - cardH,
      width: cardW,
      height: cardH,
      borderColor: rgb(0.55, 0.55, 0.55),
      borderWidth: 0.5,
      borderDashArray: [3, 3],
    });
    const { modules } = QRCode.create(ballotUrl(sheet.baseUrl, code), { errorCorrectionLevel: 'M' });
    const qrSize = 36 * MM;
    const cell = qrSize / modules.size;
    const qx = x + 5 * MM;
    const qy = top - 6 * MM - qrSize;
    for (let r = 0; r < modules.size; r++) {
      for (let c = 0; c < modules.size; c++) {
        if (!modules.get(c, r)) continue;
        // A hair wider than the cell, so that no white seam shows between dark modules.
        page.drawRectangle({
          x: qx + c * cell,
          y: qy + (modules.size - 1 - r) * cell,
          width: cell + 0.05,
          height: cell + 0.05,
          color: rgb(0, 0, 0),
        });
      }
    }
    const tx = qx + qrSize + 4 * MM;
    page.drawText(`${i + 1}/${sheet.codes.length}`, { x: tx, y: top - 10 * MM, size: 8, font: plain });
    const [left, right] = [code.slice(0, 9), code.slice(10)];
    page.drawText(left, { x: tx, y: top - 20 * MM, size: 14, font: mono });
    page.drawText(right, { x: tx, y: top - 27 * MM, size: 14, font: mono });
    page.drawText(address, {
      x: x + 5 * MM,
      y: top - cardH + 6 * MM,
      size: 8,
      font: plain,
      maxWidth: cardW - 10 * MM,
    });
  }
  return doc.save();
}
