// Messages between camera.ts (page) and camera-worker.ts (decoder). Frames travel as transferred ImageBitmaps at
// the camera's own resolution; one is in flight at a time (the page skips frames while the Worker is busy).
/** regions: the kiosk's decoder (frame-decoder.ts); single: zxing-wasm's defaults on each whole frame (the bench's peer) */
export type Pipeline = 'regions' | 'single';

export type WorkerRequest = { type: 'config'; pipeline: Pipeline } | { type: 'frame'; id: number; bitmap: ImageBitmap };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'failed'; error: string }
  | { type: 'result'; id: number; text: string | null; ms: number; how?: string };
