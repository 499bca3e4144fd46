// The camera bench's page: one of three pipelines on the fake camera, chosen by ?impl=: the kiosk's decoder
// (renderer/input/camera.ts), zxing-wasm's defaults on whole frames through the same capture (single), and the
// pipeline as it was before issue 14 (baseline/). Records every decoded frame and every text passed on.
import { startCamera } from '../../../../renderer/input/camera.ts';
import { startCamera as startBaseline } from '../baseline/camera.ts';

interface Frame {
  text: string | null;
  ms: number;
  grabbedAt: number;
  /** when the page had the frame's result */
  doneAt: number;
  how?: string;
}
interface BenchWindow {
  frames: Frame[];
  texts: { text: string; at: number }[];
  /** first frame grabbed once the decoder was ready: the bench's time zero */
  t0?: number;
}
const w = window as unknown as { bench: BenchWindow };
const params = new URLSearchParams(location.search);
w.bench = { frames: [], texts: [] };
const impl = params.get('impl') ?? 'regions';
const onText = (text: string) => w.bench.texts.push({ text, at: performance.now() });
const record = (f: { text: string | null; ms: number; grabbedAt: number; how?: string }) => {
  w.bench.t0 ??= f.grabbedAt;
  w.bench.frames.push({ ...f, doneAt: performance.now() });
};
if (impl === 'baseline') {
  void startBaseline({ mirror: false, onText, onFrame: (f) => (f.afterReady ? record(f) : undefined) });
} else {
  void startCamera({ mirror: false, pipeline: impl === 'single' ? 'single' : 'regions', onText, onFrame: record });
}
