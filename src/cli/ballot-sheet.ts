import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';
import { type BallotSheet, ballotUrl } from '../core/ballot-sheet.js';

/*
 * The printed sheet of one-time ballot codes as a PDF (`tilshi program ballots --pdf`): eight
 * ballots to an A4 page, each with a QR code that opens /vote with the code in the address's
 * fragment and the code to type. The PDF carries the QR code, the code and the address only
 * (the PDF standard fonts have no Cyrillic letters); the HTML sheet with the words in Russian,
 * Kazakh and English is src/core/ballot-sheet.ts, shared with the desk.
 */

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
