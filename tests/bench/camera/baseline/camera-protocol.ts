// BASELINE (bench only): the camera pipeline exactly as it was before issue 14, kept runnable so that
// `npm run bench -- camera` measures the new path against it in the same run. Not shipped.
// Messages between camera.ts (page) and camera-worker.ts (decoder). Frames travel as transferred ImageBitmaps.
export type WorkerRequest = { type: 'frame'; id: number; bitmap: ImageBitmap; mirror: boolean };

export type WorkerReply =
  | { type: 'ready'; engine: 'zxing' | 'jsqr' }
  | { type: 'result'; id: number; text: string | null; ms: number };
