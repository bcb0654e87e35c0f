import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { BALLOT_SHEET_STYLE, ballotSheetHtml, ballotUrl, sheetTitle } from './ballot-sheet.js';
import { qrSvgMarkup } from './qr-svg.js';

// The printed ballot sheet, as both `tilshi program ballots --html` and the desk's codes route
// make it: one ballot per code with its QR code and the code to type, the words in three
// languages, the style fixed (the node's CSP names its hash), and nothing unescaped.

const codes = ['K3V9-Q0ZD-7M1X-RTB4', 'ABCD-0123-EFGH-4567', 'ZZZZ-YYYY-XXXX-WWWW'];

describe('the ballot sheet', () => {
  it('puts each code on its own ballot with a QR code of its /vote link', () => {
    const html = ballotSheetHtml({ title: 'Собрание', baseUrl: 'https://tilshi.example/', codes });
    expect([...html.matchAll(/<p class="code">([^<]+)<\/p>/g)].map((m) => m[1])).toEqual(codes);
    expect(html.match(/<section class="ballot">/g)).toHaveLength(3);
    expect(html).toContain('<span class="n">2/3</span>');
    expect(html).toContain('<p class="url">https://tilshi.example/vote</p>');
    expect(html).toContain(qrSvgMarkup('https://tilshi.example/vote#code=ABCD-0123-EFGH-4567', codes[1]!));
    // Instructions in Russian, Kazakh and English.
    expect(html).toContain('Отсканируйте QR-код');
    expect(html).toContain('QR-кодты сканерлеңіз');
    expect(html).toContain('Scan the QR code');
  });

  it('links the code in the fragment, which the browser never sends', () => {
    expect(ballotUrl('https://tilshi.example//', 'K3V9-Q0ZD-7M1X-RTB4')).toBe(
      'https://tilshi.example/vote#code=K3V9-Q0ZD-7M1X-RTB4',
    );
  });

  it('draws the QR code of exactly the text given', () => {
    const svg = qrSvgMarkup('https://tilshi.example/vote#code=K3V9-Q0ZD-7M1X-RTB4', 'label "x"');
    const { modules } = QRCode.create('https://tilshi.example/vote#code=K3V9-Q0ZD-7M1X-RTB4', {
      errorCorrectionLevel: 'M',
    });
    let dark = 0;
    for (let y = 0; y < modules.size; y++)
      for (let x = 0; x < modules.size; x++) if (modules.get(x, y)) dark++;
    expect(svg.match(/h1v1h-1z/g)).toHaveLength(dark);
    expect(svg).toContain(`viewBox="0 0 ${modules.size + 8} ${modules.size + 8}"`);
    expect(svg).toContain('aria-label="label &quot;x&quot;"');
  });

  it('escapes the title and keeps its style exactly as the CSP names it', () => {
    const html = ballotSheetHtml({ title: '<b>"Meeting"</b> & co', baseUrl: 'https://x.example', codes });
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;b&gt;&quot;Meeting&quot;&lt;/b&gt; &amp; co');
    expect(html).toContain(`<style>${BALLOT_SHEET_STYLE}</style>`);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script|style="/);
  });

  it('titles the sheet in each language written, once', () => {
    expect(sheetTitle({ ru: 'Собрание', kk: ' ', en: 'Meeting' }, 'vote-1')).toBe('Собрание · Meeting');
    expect(sheetTitle({ ru: 'Собрание', kk: 'Собрание' }, 'vote-1')).toBe('Собрание');
    expect(sheetTitle({}, 'vote-1')).toBe('vote-1');
  });
});
