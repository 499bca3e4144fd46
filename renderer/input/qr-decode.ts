// QR decoding of pixels with zxing-wasm, in the camera Worker and in Node (tests, benchmark). The .wasm is always
// the app's own copy, never a CDN. There is no second engine: jsQR, the old fallback, read none of the realistic
// camera frames of the camera bench and cost 50-550 ms a frame; a camera without zxing reports a decoder error.
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';

export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** A frame larger than this is refused (a 4K frame is 33 MB of RGBA; the camera path never sends one). */
export const MAX_PIXELS = 1920 * 1080;

/** Whole-frame options: zxing searches the frame itself (its own downscaled pass finds large codes quickly). */
export const FULL_FRAME_OPTIONS: ReaderOptions = {
  formats: ['QRCode'],
  maxNumberOfSymbols: 1,
  tryHarder: true,
  tryRotate: true,
  tryInvert: false,
  tryDownscale: true,
};

let zxingReady: Promise<void> | undefined;

/** Loads zxing-wasm from a URL the app serves (browser) or from bytes (Node). Rejects when it cannot. */
export function loadZxing(source: { wasmUrl: string } | { wasmBinary: ArrayBuffer }): Promise<void> {
  zxingReady ??= (async () => {
    const overrides =
      'wasmUrl' in source
        ? { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? source.wasmUrl : prefix + path) }
        : { wasmBinary: source.wasmBinary };
    await prepareZXingModule({ overrides, fireImmediately: true });
  })().catch((e: unknown) => {
    zxingReady = undefined;
    throw e;
  });
  return zxingReady;
}

function sane(p: Pixels): boolean {
  return p.width > 0 && p.height > 0 && p.width * p.height <= MAX_PIXELS && p.data.length === p.width * p.height * 4;
}

/** The first valid QR text in the pixels, or null. Refuses absurd sizes before decoding; never throws. */
export async function readQr(p: Pixels, options: ReaderOptions = FULL_FRAME_OPTIONS): Promise<string | null> {
  if (!sane(p)) return null;
  try {
    const results = await readBarcodes({ data: p.data, width: p.width, height: p.height } as ImageData, options);
    const hit = results.find((r) => r.isValid && r.text.length > 0);
    return hit ? hit.text : null;
  } catch {
    return null;
  }
}

/** Whole-frame decode with the kiosk's whole-frame options. */
export function decodeWithZxing(p: Pixels): Promise<string | null> {
  return readQr(p, FULL_FRAME_OPTIONS);
}
