// The HTML poster (for Electron's webContents.print) printed by a real Chromium to PDF, rasterised, and its QR
// read back. Skipped, with a message, where no Chromium is installed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeVenueCode, encodeVenueCode } from '../../main/venue/hken.ts';
import { renderPosterHtml } from '../../main/venue/poster-html.ts';

const dir = mkdtempSync(join(tmpdir(), 'poster-html-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

function printToPdf(html: string, name: string): string {
  const page = join(dir, `${name}.html`);
  const pdf = join(dir, `${name}.pdf`);
  writeFileSync(page, html);
  execFileSync(
    chromium!,
    ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--user-data-dir=${join(dir, 'profile')}`, `--print-to-pdf=${pdf}`, `file://${page}`],
    { timeout: 60_000, stdio: 'ignore' },
  );
  return pdf;
}

function qrOf(pdf: string): string | null {
  const pgm = execFileSync('pdftoppm', ['-r', '100', '-gray', '-singlefile', pdf]);
  const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
  const [w, h] = [Number(m[1]), Number(m[2])];
  const grey = pgm.subarray(m[0].length);
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) rgba.set([grey[i]!, grey[i]!, grey[i]!, 255], i * 4);
  return jsQR(rgba, w, h)?.data ?? null;
}

describe('HTML poster for Electron printing', () => {
  it.skipIf(!chromium)('prints from Chromium on one A4 page with the Chinese font embedded and the QR readable', async () => {
    const code = encodeVenueCode({ venueId: 'TEST0101', nameZh: '測試體育館', nameEn: 'Test Sports Hall', type: 'SPORTSCULTURALRECREATIONAL' });
    const html = await renderPosterHtml({ nameZh: '測試體育館', nameEn: 'Test Sports Hall', type: 'SPORTSCULTURALRECREATIONAL', code }, { size: 'a4', date: new Date(2026, 10, 28) });
    const pdf = printToPdf(html, 'a4');
    const info = execFileSync('pdfinfo', [pdf]).toString();
    expect(info).toMatch(/Pages:\s+1\b/);
    expect(info).toMatch(/\(A4\)/);
    expect(qrOf(pdf)).toBe(code);
    expect(execFileSync('pdffonts', [pdf]).toString()).toMatch(/NotoSansHK\S*\s+CID TrueType\s+Identity-H\s+yes/);
    const text = execFileSync('pdftotext', [pdf, '-']).toString();
    for (const s of ['測試體育館', 'Test Sports Hall', '2026-11-28', '安心出行']) expect(text).toContain(s);
  });

  it('escapes whatever a venue code carries and fetches nothing', async () => {
    const nasty = '<img src=x onerror=alert(1)>&"\'';
    const code = encodeVenueCode({ venueId: 'TEST0102', nameZh: '甲', nameEn: nasty, type: 'X' });
    const d = decodeVenueCode(code);
    expect(d.ok).toBe(true);
    const html = await renderPosterHtml({ nameZh: '甲', nameEn: nasty, type: 'X', code }, { size: 'a5', date: new Date(2026, 0, 1) });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/(src|href)=["']?(https?:|file:|\/\/)/);
  });
});
