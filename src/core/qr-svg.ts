import QRCode from 'qrcode';

/*
 * A QR code as SVG markup: pure, no I/O. The printed pages (the mirror's /learn pages, the
 * ballot sheets) draw their QR codes with it, so a page needs no script to show one.
 */

/** Escapes text for HTML content and attribute values (double-quoted). */
export const escHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The QR code of `text` as SVG markup (a path of dark modules, quiet zone of 4), with `label` as
 * its accessible name. Colours are attributes, not a style, so it shows under a strict CSP.
 *
 * @example qrSvgMarkup('https://example.org/vote#code=K3V9-Q0ZD-7M1X-RTB4', 'K3V9-Q0ZD-7M1X-RTB4')
 */
export function qrSvgMarkup(text: string, label: string): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  let d = '';
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) if (modules.get(x, y)) d += `M${x + 4} ${y + 4}h1v1h-1z`;
  }
  const full = size + 8;
  return `<svg class="qr" viewBox="0 0 ${full} ${full}" role="img" aria-label="${escHtml(label)}"><rect width="${full}" height="${full}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}
