// The camera's decoder, off the main thread: one frame at a time, at the camera's resolution. zxing-wasm is loaded
// from the app's own copy of its .wasm (Vite ?url import). If it cannot be loaded the Worker says so and the
// camera reports a decoder error: there is no slower second engine to fall back on (see qr-decode.ts).
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import type { Pipeline, WorkerReply, WorkerRequest } from './camera-protocol.ts';
import { FrameDecoder, warmUp } from './frame-decoder.ts';
import { toLuma } from './qr-enhance.ts';
import { loadZxing, MAX_PIXELS, readQr } from './qr-decode.ts';

interface WorkerScope {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(m: WorkerReply): void;
  location: { href: string };
}
const scope = self as unknown as WorkerScope;

let pipeline: Pipeline = 'regions';
const decoder = new FrameDecoder(readQr);
let loaded = false;
const ready = loadZxing({ wasmUrl: new URL(wasmUrl, scope.location.href).href }).then(
  async () => {
    loaded = true;
    // compile the pixel loops now, not on the first pass shown at the door
    await warmUp(readQr).catch(() => {});
    scope.postMessage({ type: 'ready' });
  },
  (e: unknown) => scope.postMessage({ type: 'failed', error: `QR decoder failed to load: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300) }),
);

let canvas: OffscreenCanvas | undefined;

async function decode(bitmap: ImageBitmap): Promise<{ text: string | null; how?: string }> {
  const w = bitmap.width;
  const h = bitmap.height;
  if (w * h > MAX_PIXELS || w === 0 || h === 0 || !loaded) {
    bitmap.close();
    return { text: null };
  }
  if (!canvas || canvas.width !== w || canvas.height !== h) canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return { text: null };
  // the camera's own frame, never mirrored: QR decoders read mirrored codes themselves
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const img = ctx.getImageData(0, 0, w, h);
  if (pipeline === 'single') return { text: await readQr(img, { formats: ['QRCode'] }), how: 'single' };
  const r = await decoder.decode(toLuma(img.data, w, h), img);
  return r.how ? { text: r.text, how: r.how } : { text: r.text };
}

scope.onmessage = (e) => {
  const m = e.data;
  if (m?.type === 'config') {
    pipeline = m.pipeline === 'single' ? 'single' : 'regions';
    return;
  }
  if (!m || m.type !== 'frame') return;
  const t0 = performance.now();
  void ready
    .then(() => decode(m.bitmap))
    .catch(() => ({ text: null }))
    .then((r: { text: string | null; how?: string }) =>
      scope.postMessage({ type: 'result', id: m.id, text: r.text, ms: performance.now() - t0, ...(r.how ? { how: r.how } : {}) }),
    );
};
