// BASELINE (bench only): the camera pipeline exactly as it was before issue 14, kept runnable so that
// `npm run bench -- camera` measures the new path against it in the same run. Not shipped.
// The camera's decoder, off the main thread: one frame at a time (the page sends the next only after the reply).
// zxing-wasm is loaded from the app's own copy of its .wasm (Vite ?url import); if that fails, jsQR decodes.
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import type { WorkerReply, WorkerRequest } from './camera-protocol.ts';
import { decodeFrame, loadZxing, type Engine } from './qr-decode.ts';

interface WorkerScope {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(m: WorkerReply): void;
  location: { href: string };
}
const scope = self as unknown as WorkerScope;

let engine: Engine = 'jsqr';
const ready = loadZxing({ wasmUrl: new URL(wasmUrl, scope.location.href).href })
  .then(
    () => {
      engine = 'zxing';
    },
    () => {
      engine = 'jsqr';
    },
  )
  .then(() => scope.postMessage({ type: 'ready', engine }));

let canvas: OffscreenCanvas | undefined;

async function decode(m: WorkerRequest): Promise<string | null> {
  const { bitmap } = m;
  const w = bitmap.width;
  const h = bitmap.height;
  if (!canvas || canvas.width !== w || canvas.height !== h) canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  // a mirrored camera image is flipped back, so that the code reads the way it was printed
  ctx.setTransform(m.mirror ? -1 : 1, 0, 0, 1, m.mirror ? w : 0, 0);
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const img = ctx.getImageData(0, 0, w, h);
  try {
    return await decodeFrame(img, engine);
  } catch {
    // a zxing failure on one frame: jsQR still gets a go at it
    return engine === 'zxing' ? decodeFrame(img, 'jsqr') : null;
  }
}

scope.onmessage = (e) => {
  const m = e.data;
  if (!m || m.type !== 'frame') return;
  const t0 = performance.now();
  void ready
    .then(() => decode(m))
    .catch(() => null)
    .then((text) => scope.postMessage({ type: 'result', id: m.id, text, ms: performance.now() - t0 }));
};
