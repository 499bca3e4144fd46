// Messages between camera.ts (page) and camera-worker.ts (decoder). Frames travel as transferred ImageBitmaps.
export type WorkerRequest = { type: 'frame'; id: number; bitmap: ImageBitmap; mirror: boolean };

export type WorkerReply =
  | { type: 'ready'; engine: 'zxing' | 'jsqr' }
  | { type: 'result'; id: number; text: string | null; ms: number };
