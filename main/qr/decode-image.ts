// Decodes a QR code from a PNG/JPEG image (kiosk verify @image.png, the EU DCC 2DCODE conformance images).
// zxing-wasm decodes the image format itself inside WebAssembly; its .wasm is read from node_modules, never a CDN.
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { projectRoot } from '../paths.ts';

/** Larger files are refused before reading: a QR photo never needs more. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

let prepared: Promise<void> | null = null;

function prepare(): Promise<void> {
  prepared ??= (async () => {
    // the package exports no package.json; its CJS entry sits at dist/cjs/reader/index.js, the binary at dist/reader/
    const entry = createRequire(join(projectRoot(), 'package.json')).resolve('zxing-wasm/reader');
    const wasmBinary = await readFile(join(dirname(entry), '..', '..', 'reader', 'zxing_reader.wasm'));
    await prepareZXingModule({
      overrides: { wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) },
      fireImmediately: true,
    });
  })().catch((err: unknown) => {
    prepared = null; // a failed load (e.g. missing file) may be retried later
    throw err;
  });
  return prepared;
}

function isPng(b: Uint8Array): boolean {
  return b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
}
function isJpeg(b: Uint8Array): boolean {
  return b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

/** A few hundred KB of PNG can declare gigapixels; decoding is refused above this from the header alone. */
export const MAX_IMAGE_PIXELS = 16_000_000;

/** Width x height as the image header declares it (PNG IHDR, JPEG SOFn), or null when it cannot be read. */
export function declaredPixels(b: Uint8Array): number | null {
  const u16 = (i: number) => (b[i]! << 8) | b[i + 1]!;
  const u32 = (i: number) => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
  if (isPng(b)) {
    // signature (8), IHDR length (4), "IHDR" (4), then width and height
    if (b.length < 24 || String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!) !== 'IHDR') return null;
    return u32(16) * u32(20);
  }
  if (isJpeg(b)) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const m = b[i + 1]!;
      if (m === 0xff) { i++; continue; } // fill byte
      if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) { i += 2; continue; } // markers without a length
      if (m === 0xd9 || m === 0xda) return null; // end of image / start of scan before any frame header
      if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) return u16(i + 5) * u16(i + 7);
      i += 2 + u16(i + 2);
    }
  }
  return null;
}

/** The text of the first QR code in the image, or null when there is none (or the bytes are no PNG/JPEG). */
export async function decodeQrFromImageBytes(bytes: Uint8Array): Promise<string | null> {
  if (bytes.length > MAX_IMAGE_BYTES || !(isPng(bytes) || isJpeg(bytes))) return null;
  const pixels = declaredPixels(bytes);
  if (pixels === null || pixels === 0 || pixels > MAX_IMAGE_PIXELS) return null;
  try {
    await prepare();
    const results = await readBarcodes(bytes, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 1 });
    const hit = results.find((r) => r.isValid && r.text.length > 0);
    return hit ? hit.text : null;
  } catch {
    return null;
  }
}

/** Same, from a file; files over MAX_IMAGE_BYTES are refused without being read. */
export async function decodeQrFromImageFile(path: string): Promise<string | null> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) return null;
    size = s.size;
  } catch {
    return null;
  }
  if (size > MAX_IMAGE_BYTES) return null;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch {
    return null;
  }
  return decodeQrFromImageBytes(bytes);
}
