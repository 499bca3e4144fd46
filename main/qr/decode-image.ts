// Decodes a QR code from a PNG/JPEG image (kiosk verify @image.png, the EU DCC 2DCODE conformance images).
// zxing-wasm decodes the image format itself inside WebAssembly; its .wasm is read from node_modules, never a CDN.
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

/** Larger files are refused before reading: a QR photo never needs more. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

let prepared: Promise<void> | null = null;

function prepare(): Promise<void> {
  prepared ??= (async () => {
    // the package exports no package.json; its CJS entry sits at dist/cjs/reader/index.js, the binary at dist/reader/
    const entry = createRequire(import.meta.url).resolve('zxing-wasm/reader');
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

/** The text of the first QR code in the image, or null when there is none (or the bytes are no PNG/JPEG). */
export async function decodeQrFromImageBytes(bytes: Uint8Array): Promise<string | null> {
  if (bytes.length > MAX_IMAGE_BYTES || !(isPng(bytes) || isJpeg(bytes))) return null;
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
