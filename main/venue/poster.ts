// The venue's QR poster as a PDF: bilingual venue name, a large QR of the venue's own LeaveHomeSafe code,
// instructions in both languages, venue type and the date printed. Fonts are embedded (subsets of the shipped
// Noto Sans HK slices) so that the Chinese prints the same on any machine and printer.
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { loadFontIndex, missingGlyphs, type FontIndex } from './fonts.ts';
import {
  DEMO_NOTE, HEADER, INSTRUCTION_EN, INSTRUCTION_ZH, isDemoVenue, PASS_LINE, POSTER_QR_ECC, printedLine, typeLabel, type PosterVenue,
} from './poster-text.ts';

export { POSTER_QR_ECC, type PosterVenue } from './poster-text.ts';

export interface PosterOptions {
  size: 'a4' | 'a5';
  /** the date printed on the poster (local date) */
  date: Date;
  /** font folder (default resources/fonts/noto-sans-hk) */
  fontDir?: string;
}

const PAGE = { a4: [595.28, 841.89], a5: [419.53, 595.28] } as const;

/** Characters of the poster's text that the shipped font cannot print (reported to the operator). */
export function posterMissingGlyphs(venue: PosterVenue, fontDir?: string): string[] {
  return missingGlyphs([venue.nameZh, venue.nameEn, typeLabel(venue)].join(' '), loadFontIndex(fontDir));
}

interface Run {
  slice: number;
  text: string;
}

class Typesetter {
  private registered = new Set<number>();
  constructor(
    private doc: PDFKit.PDFDocument,
    private fonts: FontIndex,
  ) {}

  private runs(text: string): Run[] {
    const out: Run[] = [];
    for (const ch of text) {
      // uncovered characters go to the first (Latin) slice: a box on paper, and posterMissingGlyphs says why
      const slice = Math.max(0, this.fonts.sliceOf(ch.codePointAt(0)!));
      const last = out[out.length - 1];
      if (last && last.slice === slice) last.text += ch;
      else out.push({ slice, text: ch });
    }
    return out;
  }

  private use(slice: number, size: number): void {
    const name = `s${slice}`;
    if (!this.registered.has(slice)) {
      this.doc.registerFont(name, this.fonts.fontData(slice));
      this.registered.add(slice);
    }
    this.doc.font(name).fontSize(size);
  }

  width(text: string, size: number): number {
    let w = 0;
    for (const r of this.runs(text)) {
      this.use(r.slice, size);
      w += this.doc.widthOfString(r.text);
    }
    return w;
  }

  /** Greedy line breaking: CJK characters break anywhere, other words at spaces. */
  private lines(text: string, size: number, maxWidth: number): string[] {
    const units = text.match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u{20000}-\u{3ffff}]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u{20000}-\u{3ffff}]+\s*|\s+/gu) ?? [];
    const lines: string[] = [];
    let line = '';
    for (const u of units) {
      if (line && this.width((line + u).trimEnd(), size) > maxWidth) {
        lines.push(line.trimEnd());
        line = u.trimStart();
      } else line += u;
    }
    if (line.trim()) lines.push(line.trimEnd());
    return lines;
  }

  /**
   * Centred text, shrunk from `size` towards `minSize` until it fits in `maxLines` lines.
   * Returns the y below the block.
   */
  block(
    text: string,
    o: { y: number; size: number; minSize?: number; maxLines?: number; width: number; centre: number; bold?: boolean; colour?: string },
  ): number {
    if (!text.trim()) return o.y;
    const maxLines = o.maxLines ?? 2;
    let size = o.size;
    let lines = this.lines(text, size, o.width);
    while ((lines.length > maxLines || lines.some((l) => this.width(l, size) > o.width)) && size > (o.minSize ?? o.size * 0.5)) {
      size = Math.max(o.minSize ?? o.size * 0.5, size * 0.92);
      lines = this.lines(text, size, o.width);
    }
    let y = o.y;
    const colour = o.colour ?? '#000000';
    this.doc.fillColor(colour).strokeColor(colour).lineWidth(size * 0.025);
    for (const line of lines) {
      let x = o.centre - this.width(line, size) / 2;
      for (const r of this.runs(line)) {
        this.use(r.slice, size);
        // a touch of outline stands in for a bold weight (one weight is shipped, to keep the repository small)
        this.doc.text(r.text, x, y, { lineBreak: false, fill: true, stroke: o.bold ?? false });
        x += this.doc.widthOfString(r.text);
      }
      y += size * 1.35;
    }
    return y;
  }
}

function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, side: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: POSTER_QR_ECC });
  const n = qr.modules.size;
  const quiet = 4; // modules of white border the standard asks for
  const cell = side / (n + 2 * quiet);
  doc.rect(x, y, side, side).fill('#ffffff');
  doc.fillColor('#000000');
  // one rectangle per horizontal run of dark modules: smaller file, no hairline gaps between modules
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      doc.rect(x + (quiet + start) * cell, y + (quiet + r) * cell, (c - start) * cell, cell);
    }
  }
  doc.fill('#000000');
}

export async function renderPosterPdf(venue: PosterVenue, opts: PosterOptions): Promise<Uint8Array> {
  const fonts = loadFontIndex(opts.fontDir);
  const [W, H] = PAGE[opts.size];
  const k = W / PAGE.a4[0];
  const margin = 40 * k;
  const doc = new PDFDocument({
    size: [W, H],
    margin: 0,
    // a shipped font as the default, so pdfkit never reaches for its own Helvetica metrics files
    font: fonts.fontData(0) as unknown as string,
    info: { Title: 'Venue QR poster', Producer: 'venue-kiosk', Creator: 'venue-kiosk', CreationDate: opts.date },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });

  const t = new Typesetter(doc, fonts);
  const centre = W / 2;
  const width = W - 2 * margin;
  const demo = isDemoVenue(venue.code);

  // header band
  doc.rect(0, 0, W, 56 * k).fill('#0b5d3b');
  t.block(HEADER, { y: 14 * k, size: 22 * k, width, centre, colour: '#ffffff', bold: true, maxLines: 1 });

  let y = 80 * k;
  y = t.block(venue.nameZh, { y, size: 36 * k, minSize: 20 * k, width, centre, bold: true });
  y = t.block(venue.nameEn, { y: y + 2 * k, size: 24 * k, minSize: 13 * k, width, centre, bold: true });
  y = t.block(typeLabel(venue), { y: y + 4 * k, size: 12 * k, minSize: 8 * k, width, centre, colour: '#444444', maxLines: 2 });

  // the QR takes what is left above the instructions and footer
  const below = 150 * k;
  const side = Math.min(width, H - y - below - 10 * k);
  drawQr(doc, venue.code, centre - side / 2, y + 6 * k, side);
  y += side + 14 * k;

  y = t.block(INSTRUCTION_ZH, { y, size: 22 * k, width, centre, bold: true, maxLines: 1 });
  y = t.block(INSTRUCTION_EN, { y, size: 16 * k, width, centre, maxLines: 1 });
  y = t.block(PASS_LINE, { y: y + 4 * k, size: 11 * k, minSize: 7 * k, width, centre, colour: '#333333', maxLines: 2 });

  const foot = H - margin - 12 * k;
  if (demo) t.block(DEMO_NOTE, { y: foot - 18 * k, size: 11 * k, width, centre, colour: '#b00020', bold: true, maxLines: 1 });
  t.block(printedLine(opts.date), { y: foot, size: 9 * k, width, centre, colour: '#555555', maxLines: 1 });

  doc.end();
  return done;
}
