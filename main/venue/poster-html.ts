// The same poster as one self-contained HTML page, for Electron's silent printing (webContents.print prints web
// content, not PDF bytes): load it in a hidden window, e.g. loadURL('data:text/html;base64,' + base64(html)), then
// print({ silent: true, deviceName, pageSize: 'A4' | 'A5' }). The QR is inline SVG; the font slices the text
// needs are embedded as data: URLs with their unicode-range, so nothing is fetched and nothing depends on the
// system's fonts.
import { readFileSync } from 'node:fs';
import QRCode from 'qrcode';
import { loadFontIndex } from './fonts.ts';
import {
  DEMO_NOTE, HEADER, INSTRUCTION_EN, INSTRUCTION_ZH, isDemoVenue, PASS_LINE, POSTER_QR_ECC, printedLine, typeLabel, type PosterVenue,
} from './poster-text.ts';

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export async function renderPosterHtml(
  venue: PosterVenue,
  opts: { size: 'a4' | 'a5'; date: Date; fontDir?: string },
): Promise<string> {
  const fonts = loadFontIndex(opts.fontDir);
  const demo = isDemoVenue(venue.code);
  const texts = [HEADER, venue.nameZh, venue.nameEn, typeLabel(venue), INSTRUCTION_ZH, INSTRUCTION_EN, PASS_LINE, printedLine(opts.date), demo ? DEMO_NOTE : ''];
  const slices = new Set<number>();
  for (const ch of texts.join('')) {
    const i = fonts.sliceOf(ch.codePointAt(0)!);
    if (i >= 0) slices.add(i);
  }
  const faces = [...slices]
    .map(
      (i) =>
        `@font-face{font-family:'Poster';src:url(data:font/woff;base64,${readFileSync(fonts.files[i]!).toString('base64')}) format('woff');unicode-range:${fonts.cssRange(i)};}`,
    )
    .join('\n');
  const svg = await QRCode.toString(venue.code, { type: 'svg', errorCorrectionLevel: POSTER_QR_ECC, margin: 4, color: { dark: '#000000', light: '#ffffff' } });
  const k = opts.size === 'a4' ? 1 : 0.705; // A5 is A4 scaled by 1/sqrt(2)
  const mm = (n: number): string => `${(n * k).toFixed(2)}mm`;
  return `<!doctype html>
<html lang="zh-HK"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:">
<title>Venue QR poster</title>
<style>
${faces}
@page { size: ${opts.size.toUpperCase()}; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; }
body { font-family: 'Poster', sans-serif; color: #000; width: ${mm(210)}; height: ${mm(297)}; overflow: hidden;
  display: flex; flex-direction: column; align-items: center; text-align: center; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
header { width: 100%; background: #0b5d3b; color: #fff; font-weight: 700; font-size: ${mm(7.5)}; padding: ${mm(4)} 0; }
h1 { margin: ${mm(6)} ${mm(14)} 0; font-size: ${mm(12.5)}; line-height: 1.3; font-weight: 700; overflow-wrap: anywhere; }
h2 { margin: ${mm(1)} ${mm(14)} 0; font-size: ${mm(8.5)}; line-height: 1.3; font-weight: 600; overflow-wrap: anywhere; }
.type { margin-top: ${mm(1.5)}; font-size: ${mm(4.2)}; color: #444; }
.qr { width: ${mm(135)}; height: ${mm(135)}; margin-top: ${mm(4)}; flex: none; }
.qr svg { width: 100%; height: 100%; display: block; shape-rendering: crispEdges; }
.zh { margin-top: ${mm(4)}; font-size: ${mm(7.8)}; font-weight: 700; }
.en { font-size: ${mm(5.6)}; }
.pass { margin-top: ${mm(1.5)}; font-size: ${mm(3.9)}; color: #333; }
.demo { margin-top: auto; font-size: ${mm(3.9)}; color: #b00020; font-weight: 700; }
.date { margin-top: ${demo ? mm(1) : 'auto'}; margin-bottom: ${mm(10)}; font-size: ${mm(3.2)}; color: #555; }
</style></head>
<body>
<header>${escapeHtml(HEADER)}</header>
<h1 lang="zh-HK">${escapeHtml(venue.nameZh)}</h1>
<h2 lang="en">${escapeHtml(venue.nameEn)}</h2>
<div class="type">${escapeHtml(typeLabel(venue))}</div>
<div class="qr">${svg}</div>
<div class="zh">${escapeHtml(INSTRUCTION_ZH)}</div>
<div class="en">${escapeHtml(INSTRUCTION_EN)}</div>
<div class="pass">${escapeHtml(PASS_LINE)}</div>
${demo ? `<div class="demo">${escapeHtml(DEMO_NOTE)}</div>` : ''}
<div class="date">${escapeHtml(printedLine(opts.date))}</div>
</body></html>
`;
}
