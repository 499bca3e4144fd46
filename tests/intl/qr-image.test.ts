// QR decoding of image files (the path `kiosk verify @image.png` uses): real PNGs written to a temp dir,
// size limit checked before reading, anything that is not a PNG/JPEG with a QR gives null.
import { mkdtempSync, openSync, closeSync, ftruncateSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeQrFromImageBytes, decodeQrFromImageFile, MAX_IMAGE_BYTES } from '../../main/qr/decode-image.ts';
import { launchBrowser } from '../support/browser.ts';

const dir = mkdtempSync(join(tmpdir(), 'qr-image-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decodeQrFromImageFile', () => {
  it('reads back the exact text of generated QR PNGs', async () => {
    const hc1 = JSON.parse(readFileSync('../shared/testdata/eu-dcc/DE/2DCode/raw/1.json', 'utf8')).PREFIX as string;
    const shc = readFileSync('../shared/testdata/shc/example-00-f-qr-code-numeric-value-0.txt', 'utf8').trim();
    for (const [name, text] of [['hc1.png', hc1], ['shc.png', shc], ['plain.png', 'HKEN:demo venue']] as const) {
      const file = join(dir, name);
      await QRCode.toFile(file, text, { type: 'png', errorCorrectionLevel: 'L' });
      expect(await decodeQrFromImageFile(file)).toBe(text);
      expect(await decodeQrFromImageBytes(readFileSync(file))).toBe(text);
    }
  });

  it('reads a JPEG (a photo-like lossy encoding made by Chromium)', async () => {
    const text = JSON.parse(readFileSync('../shared/testdata/eu-dcc/CH/2DCode/raw/2.json', 'utf8')).PREFIX as string;
    const png = await QRCode.toDataURL(text, { errorCorrectionLevel: 'M', scale: 4 });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
      await page.setContent(`<body style="margin:0;background:#fff"><img id="q" src="${png}" style="margin:40px"></body>`);
      await page.locator('#q').waitFor();
      const jpeg = await page.screenshot({ type: 'jpeg', quality: 80 });
      expect([jpeg[0], jpeg[1], jpeg[2]]).toEqual([0xff, 0xd8, 0xff]);
      const file = join(dir, 'photo.jpg');
      writeFileSync(file, jpeg);
      expect(await decodeQrFromImageFile(file)).toBe(text);
    } finally {
      await browser.close();
    }
  });

  it('refuses files over the size limit without reading them', async () => {
    const big = join(dir, 'big.png');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, MAX_IMAGE_BYTES + 1); // sparse: cheap to make, would be slow to decode
    closeSync(fd);
    expect(await decodeQrFromImageFile(big)).toBeNull();
    expect(await decodeQrFromImageBytes(new Uint8Array(MAX_IMAGE_BYTES + 1))).toBeNull();
  });

  it('gives null for missing files, directories, non-images and images without a QR', async () => {
    expect(await decodeQrFromImageFile(join(dir, 'missing.png'))).toBeNull();
    mkdirSync(join(dir, 'sub'));
    expect(await decodeQrFromImageFile(join(dir, 'sub'))).toBeNull();
    writeFileSync(join(dir, 'text.png'), 'HC1:not an image');
    expect(await decodeQrFromImageFile(join(dir, 'text.png'))).toBeNull();
    const png = readFileSync(join(dir, 'plain.png'));
    expect(await decodeQrFromImageBytes(png.subarray(0, 60))).toBeNull(); // truncated PNG
    const blank = join(dir, 'blank.png');
    await QRCode.toFile(blank, 'x', { type: 'png' });
    const bytes = readFileSync(blank);
    // same header, garbage body: still a clean null
    const garbled = Uint8Array.from(bytes, (b, i) => (i > 40 ? (b * 7 + i) & 0xff : b));
    expect(await decodeQrFromImageBytes(garbled)).toBeNull();
  });
});
