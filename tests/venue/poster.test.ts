// Poster round trip: render the PDF, rasterise it with poppler's pdftoppm, read the QR back from the pixels, and
// check the embedded fonts and text with pdffonts / pdftotext.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeQrFromImageFile } from '../../main/qr/decode-image.ts';
import { DEMO_VENUE_CODE } from '../../main/venue/demo.ts';
import { decodeVenueCode, encodeVenueCode } from '../../main/venue/hken.ts';
import { posterMissingGlyphs, renderPosterPdf, type PosterVenue } from '../../main/venue/poster.ts';

const SAMPLE =
  'HKEN:0gxr8l5A6eyJtZXRhZGF0YSI6bnVsbCwibmFtZVpoIjoi6Imv55Sw6auU6IKy6aSoIiwibmFtZUVuIjoiTGV1bmcgVGluIFNwb3J0cyBDZW50cmUiLCJ0eXBlIjoiU1BPUlRTQ1VMVFVSQUxSRUNSRUFUSU9OQUwiLCJoYXNoIjoiZTczODE4YjFjN2U4MDUzM2E4MjI3NjE5NzZhMmMwNTJmMWUwNTQzZTQ2ODM0MDk1ODZmZDg5OTRhM2MxZmU3NiJ9';
const dir = mkdtempSync(join(tmpdir(), 'poster-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function venueOf(code: string): PosterVenue {
  const d = decodeVenueCode(code);
  if (!d.ok) throw new Error(d.error);
  return { nameZh: d.venue.nameZh, nameEn: d.venue.nameEn, type: d.venue.type, code };
}

/** pdftoppm's greyscale PGM (P5) into the RGBA jsQR reads */
function qrFromPdf(pdf: Uint8Array, name: string, dpi = 100): string | null {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const pgm = execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-singlefile', file]);
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('unexpected pdftoppm output');
  const [w, h] = [Number(header[1]), Number(header[2])];
  const grey = pgm.subarray(header[0].length);
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) rgba.set([grey[i]!, grey[i]!, grey[i]!, 255], i * 4);
  return jsQR(rgba, w, h)?.data ?? null;
}

const fontsOf = (file: string): string[][] =>
  execFileSync('pdffonts', [file]).toString().split('\n').slice(2).filter(Boolean).map((l) => l.trim().split(/\s+/));
const textOf = (file: string): string => execFileSync('pdftotext', ['-layout', file, '-']).toString();

describe('venue poster', () => {
  it('A4: the QR read back from the printed pixels is exactly the venue code, with a valid hash', async () => {
    const v = venueOf(SAMPLE);
    const pdf = await renderPosterPdf(v, { size: 'a4', date: new Date(2026, 10, 28, 9) });
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const read = qrFromPdf(pdf, 'sample-a4');
    expect(read).toBe(SAMPLE);
    const d = decodeVenueCode(read);
    expect(d.ok && d.hashValid).toBe(true);
    expect(d.ok && [d.venue.nameZh, d.venue.nameEn, d.venue.type]).toEqual(['良田體育館', 'Leung Tin Sports Centre', 'SPORTSCULTURALRECREATIONAL']);
    // A4 page size in points
    const info = execFileSync('pdfinfo', [join(dir, 'sample-a4.pdf')]).toString();
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(info).toMatch(/Pages:\s+1\b/);
  });

  it('embeds a Chinese font and prints the names, type, instructions and date in both languages', async () => {
    const v = venueOf(SAMPLE);
    const file = join(dir, 'text.pdf');
    writeFileSync(file, await renderPosterPdf(v, { size: 'a4', date: new Date(2026, 10, 28, 9) }));
    const fonts = fontsOf(file);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) {
      expect(f[0]).toMatch(/^[A-Z]{6}\+NotoSansHK/); // a subset of the shipped CJK font...
      expect(f.slice(-5, -3)).toEqual(['yes', 'yes']); // ...embedded and subsetted
    }
    const text = textOf(file).replace(/[ \t]+/g, ' ');
    for (const s of ['良田體育館', 'Leung Tin Sports Centre', '體育、文化及康樂場所', '安心出行', 'LeaveHomeSafe', '2026-11-28', '掃描']) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('DEMO');
  });

  it('A5: smaller page, still read back exactly (by a second, independent decoder)', async () => {
    const pdf = await renderPosterPdf(venueOf(DEMO_VENUE_CODE), { size: 'a5', date: new Date(2026, 0, 2) });
    const file = join(dir, 'demo-a5.pdf');
    writeFileSync(file, pdf);
    expect(execFileSync('pdfinfo', [file]).toString()).toMatch(/Page size:\s+419\.5\d* x 595\.2\d* pts/);
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', file, join(dir, 'demo-a5')]);
    expect(await decodeQrFromImageFile(join(dir, 'demo-a5.png'))).toBe(DEMO_VENUE_CODE);
    // the demo poster says so, in both languages
    const text = textOf(file);
    expect(text).toContain('示範場所');
    expect(text).toContain('DEMO venue, not a real venue');
    expect(text).toContain('2026-01-02');
  });

  it('fits a long bilingual name and keeps the QR readable', async () => {
    const code = encodeVenueCode({
      venueId: 'TEST0042',
      nameZh: '新界西貢區將軍澳唐德街九號將軍澳中心地下至三樓大型綜合體育館暨多用途活動中心（測試）',
      nameEn: 'Tseung Kwan O Sports Centre and Multi-purpose Activities Complex, Ground to Third Floors (TEST)',
      type: 'SPORTSCULTURALRECREATIONAL',
    });
    const v = venueOf(code);
    expect(posterMissingGlyphs(v)).toEqual([]);
    const pdf = await renderPosterPdf(v, { size: 'a4', date: new Date(2026, 10, 28) });
    expect(qrFromPdf(pdf, 'long')).toBe(code);
    const text = textOf(join(dir, 'long.pdf')).replace(/\s+/g, '');
    expect(text).toContain('綜合體育館');
    expect(text).toContain('Multi-purposeActivities');
  });

  it('covers Hong Kong characters and names the ones it cannot print', () => {
    const base = venueOf(SAMPLE);
    // 𨋢 (lift) and 啱 are Hong Kong usage; the private-use character is in no font
    expect(posterMissingGlyphs({ ...base, nameZh: '𨋢啱嘢餐廳' })).toEqual([]);
    expect(posterMissingGlyphs({ ...base, nameZh: '餐廳\ue000' })).toEqual(['\ue000']);
  });

  it('prints the same pixels with no system fonts at all (everything it needs is embedded)', async () => {
    const file = join(dir, 'nofonts.pdf');
    writeFileSync(file, await renderPosterPdf(venueOf(SAMPLE), { size: 'a4', date: new Date(2026, 10, 28) }));
    // fontconfig given an empty configuration: poppler has no system font to substitute with
    const conf = join(dir, 'fonts.conf');
    writeFileSync(conf, '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig></fontconfig>');
    const raster = (env: NodeJS.ProcessEnv): Buffer => execFileSync('pdftoppm', ['-r', '40', '-gray', '-singlefile', file], { env });
    const bare = raster({ ...process.env, FONTCONFIG_FILE: conf });
    expect(bare.equals(raster(process.env))).toBe(true);
    // and the Chinese name is not blank: its band (below the header, above the QR) has ink
    const [w, h] = /^P5\s+(\d+)\s+(\d+)/.exec(bare.subarray(0, 20).toString('latin1'))!.slice(1).map(Number) as [number, number];
    const px = bare.subarray(bare.length - w * h);
    let ink = 0;
    for (let y = Math.round(h * 0.1); y < Math.round(h * 0.15); y++) for (let x = 0; x < w; x++) if (px[y * w + x]! < 128) ink++;
    expect(ink).toBeGreaterThan(50);
    expect(readFileSync(file).length).toBeLessThan(400_000);
  });
});
