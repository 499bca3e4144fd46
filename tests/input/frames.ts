// Synthetic camera frames showing a real pass QR (drawn from the `qrcode` package's module matrix), with the
// distortions a kiosk camera sees: rotation, dim light, a mirrored image. Also a YUV4MPEG2 writer for Chromium's
// fake camera (--use-file-for-fake-video-capture).
import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';
import type { Pixels } from '../../renderer/input/qr-decode.ts';

export interface FrameOptions {
  width: number;
  height: number;
  /** share of the frame height the code (with quiet zone) covers */
  coverage?: number;
  rotateDeg?: number;
  /** 1 = full contrast; 0.3 = a dim room */
  contrast?: number;
  mirror?: boolean;
  /** horizontal offset of the code's centre from the frame centre, as a share of the width */
  offsetX?: number;
}

/** RGBA frame with `text` as a QR code (or an empty scene when text is null). */
export function qrFrame(text: string | null, o: FrameOptions): Pixels {
  const { width: W, height: H } = o;
  const data = new Uint8ClampedArray(W * H * 4);
  const contrast = o.contrast ?? 1;
  // a grey table top with a soft gradient: no code, but not a flat frame either
  const bg = (x: number, y: number) => 150 + Math.round(40 * Math.sin(x / 53) * Math.cos(y / 71));
  let size = 0;
  let modules: { get(r: number, c: number): number } | undefined;
  if (text !== null) {
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    size = qr.modules.size;
    modules = qr.modules as unknown as { get(r: number, c: number): number };
  }
  const quiet = 4;
  const total = size + 2 * quiet;
  const side = Math.floor(H * (o.coverage ?? 0.85));
  const cx = W / 2 + (o.offsetX ?? 0) * W;
  const cy = H / 2;
  const a = ((o.rotateDeg ?? 0) * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let v = bg(x, y);
      if (modules) {
        // inverse-rotate the pixel into the code's square
        const dx = x - cx;
        const dy = y - cy;
        const u = cos * dx + sin * dy;
        const w = -sin * dx + cos * dy;
        const mx = ((u + side / 2) / side) * total;
        const my = ((w + side / 2) / side) * total;
        if (mx >= 0 && my >= 0 && mx < total && my < total) {
          const c = Math.floor(mx) - quiet;
          const r = Math.floor(my) - quiet;
          const dark = c >= 0 && r >= 0 && c < size && r < size && modules.get(r, c) === 1;
          v = dark ? 25 : 235;
        }
      }
      v = Math.round(128 + (v - 128) * contrast - (1 - contrast) * 60);
      const i = (y * W + (o.mirror ? W - 1 - x : x)) * 4;
      data[i] = v;
      data[i + 1] = v;
      data[i + 2] = v;
      data[i + 3] = 255;
    }
  }
  return { data, width: W, height: H };
}

/**
 * A grey level as a Y4M file must hold it for Chromium's fake camera to deliver that level: Chromium reads the
 * file's luma as BT.601 limited range (16-235, whatever the header says) and stretches it to 0-255 (measured in the
 * camera Worker: docs/benchmarks.md, the camera grid). Written full range, every frame reached the decoder with
 * 255/219 of its contrast and noise, clipped at both ends.
 */
export const y4mLuma = (v: number): number => Math.round(16 + (v * 219) / 255);

/** Writes frames as a 4:2:0 Y4M file (limited-range luma, y4mLuma; the frames are grey so chroma is neutral). */
export function writeY4m(path: string, frames: Pixels[], fps = 10): void {
  const { width: W, height: H } = frames[0]!;
  const header = Buffer.from(`YUV4MPEG2 W${W} H${H} F${fps}:1 Ip A1:1 C420jpeg\n`, 'latin1');
  const cw = W >> 1;
  const ch = H >> 1;
  const parts: Buffer[] = [header];
  for (const f of frames) {
    const y = Buffer.alloc(W * H);
    for (let i = 0; i < W * H; i++) {
      const r = f.data[i * 4]!;
      const g = f.data[i * 4 + 1]!;
      const b = f.data[i * 4 + 2]!;
      y[i] = y4mLuma(0.299 * r + 0.587 * g + 0.114 * b);
    }
    parts.push(Buffer.from('FRAME\n', 'latin1'), y, Buffer.alloc(cw * ch, 128), Buffer.alloc(cw * ch, 128));
  }
  writeFileSync(path, Buffer.concat(parts));
}
