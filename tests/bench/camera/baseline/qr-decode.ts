// BASELINE (bench only): the camera pipeline exactly as it was before issue 14, kept runnable so that
// `npm run bench -- camera` measures the new path against it in the same run. Not shipped.
// QR decoding of one camera frame (RGBA pixels), in the camera Worker and in Node (tests, benchmark).
// zxing-wasm is the main decoder (faster and more tolerant, see the hardware benchmark); jsQR is the fallback
// when the WebAssembly module cannot be loaded. The .wasm is always the app's own copy, never a CDN.
import jsQR from 'jsqr';
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';

export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export type Engine = 'zxing' | 'jsqr';

/** A frame larger than this is refused (a 4K frame is 33 MB of RGBA; the camera path never sends one). */
export const MAX_PIXELS = 1920 * 1080;

const ZXING_OPTIONS: ReaderOptions = {
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

export async function decodeWithZxing(p: Pixels): Promise<string | null> {
  if (!sane(p)) return null;
  const results = await readBarcodes({ data: p.data, width: p.width, height: p.height } as ImageData, ZXING_OPTIONS);
  const hit = results.find((r) => r.isValid && r.text.length > 0);
  return hit ? hit.text : null;
}

export function decodeWithJsqr(p: Pixels): string | null {
  if (!sane(p)) return null;
  const r = jsQR(p.data, p.width, p.height, { inversionAttempts: 'dontInvert' });
  return r && r.data.length > 0 ? r.data : null;
}

/** Left-right flip: a pass seen in a mirror, or a camera that mirrors its image. */
export function mirrorPixels(p: Pixels): Pixels {
  const out = new Uint8ClampedArray(p.data.length);
  const row = p.width * 4;
  for (let y = 0; y < p.height; y++) {
    const base = y * row;
    for (let x = 0; x < p.width; x++) {
      const s = base + x * 4;
      const d = base + (p.width - 1 - x) * 4;
      out[d] = p.data[s]!;
      out[d + 1] = p.data[s + 1]!;
      out[d + 2] = p.data[s + 2]!;
      out[d + 3] = p.data[s + 3]!;
    }
  }
  return { data: out, width: p.width, height: p.height };
}

/** Decodes with the given engine. Both read mirrored codes themselves (they retry the transposed matrix). */
export async function decodeFrame(p: Pixels, engine: Engine): Promise<string | null> {
  return engine === 'zxing' ? decodeWithZxing(p) : decodeWithJsqr(p);
}
