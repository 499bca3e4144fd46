// Realistic camera frames of a phone showing a pass QR, for the camera tests and the camera grid bench: the code at
// a given share of the frame height, drawn through a perspective tilt, area-sampled, then blurred (Gaussian), with
// a dim or glaring screen, sensor noise and the hand's sub-pixel jitter from frame to frame. Frames are grey luma.
import { readFileSync, writeFileSync } from 'node:fs';
import QRCode from 'qrcode';
import { makeVac } from '../fixtures/hk/sign.ts';
import { y4mLuma } from './frames.ts';

export interface SceneOptions {
  width: number;
  height: number;
  /** share of the frame height the symbol (without its quiet zone) covers */
  symbolShare: number;
  blurSigma: number;
  /** standard deviation of the sensor noise, in grey levels */
  noise: number;
  /** normal: dark 30 / light 220; dim: dark 95 / light 165; glare: normal with a bright spot over part of the code */
  screen: 'normal' | 'dim' | 'glare';
  /** the phone turned away from the camera about its vertical axis, degrees */
  tiltDeg: number;
  /** in-plane rotation, degrees */
  rotateDeg?: number;
  ecl?: 'L' | 'M' | 'Q' | 'H';
  /** hand jitter: largest shift between frames, pixels */
  jitterPx?: number;
  seed?: number;
}

export type PayloadKind = 'hk-vac' | 'eu-dcc' | 'shc';

/** Real payloads of each format, at the sizes a door sees (HK VAC ~233 chars / QR v11, EU DCC 549 / v15, SHC 2,199 digits / v21). */
export function payload(kind: PayloadKind, reference = 'DEMO0000000070'): { text: string; ecl: 'L' | 'M' } {
  if (kind === 'hk-vac') return { text: makeVac({ reference }), ecl: 'M' };
  if (kind === 'eu-dcc') {
    const v = JSON.parse(readFileSync('../shared/testdata/eu-dcc/AT/2DCode/raw/2.json', 'utf8')) as { PREFIX: string };
    return { text: v.PREFIX, ecl: 'M' };
  }
  // one part of a three-part card, as a phone shows it
  return { text: readFileSync('../shared/testdata/shc/example-02-f-qr-code-numeric-value-0.txt', 'utf8').trim(), ecl: 'L' };
}

export function qrVersion(text: string, ecl: SceneOptions['ecl'] = 'M'): number {
  return QRCode.create(text, { errorCorrectionLevel: ecl }).version;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function gaussianKernel(sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(sigma * 3));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i]! /= sum;
  return k;
}

function blur(src: Float32Array, W: number, H: number, sigma: number): Float32Array {
  if (sigma <= 0) return src;
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) / 2;
  const tmp = new Float32Array(W * H);
  const out = new Float32Array(W * H);
  for (let y = 0; y < H; y++) {
    const row = y * W;
    for (let x = 0; x < W; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) s += k[i + r]! * src[row + Math.min(W - 1, Math.max(0, x + i))]!;
      tmp[row + x] = s;
    }
  }
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) s += k[i + r]! * tmp[Math.min(H - 1, Math.max(0, y + i)) * W + x]!;
      out[y * W + x] = s;
    }
  }
  return out;
}

/** `frames` grey frames (luma, 0-255) of one steady hand holding a phone with `text` on its screen. */
export function sceneFrames(text: string, o: SceneOptions, frames: number): Uint8Array[] {
  const { width: W, height: H } = o;
  const qr = QRCode.create(text, { errorCorrectionLevel: o.ecl ?? 'M' });
  const size = qr.modules.size;
  const mods = qr.modules as unknown as { get(r: number, c: number): number };
  const quiet = 4;
  const [dark, light] = o.screen === 'dim' ? [95, 165] : [30, 220];
  const side = o.symbolShare * H; // symbol side in pixels, on the frame, before the tilt
  const unit = side / size; // pixels per module at the centre
  const rand = rng(o.seed ?? 1);
  const tilt = (o.tiltDeg * Math.PI) / 180;
  const rot = ((o.rotateDeg ?? 0) * Math.PI) / 180;
  const f = 1.4 * W; // focal length in pixels: a webcam's ~50 degree field of view
  const [ct, st, cr, sr] = [Math.cos(tilt), Math.sin(tilt), Math.cos(rot), Math.sin(rot)];
  const out: Uint8Array[] = [];
  const ss = 2; // 2x2 samples per pixel: area sampling, as a sensor integrates
  // the background (a table top, a coat: not a flat frame) does not move between frames: computed once
  const background = new Float32Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let acc = 0;
      for (let sy = 0; sy < ss; sy++) for (let sx = 0; sx < ss; sx++) acc += 140 + 35 * Math.sin((x + 40) / 57) * Math.cos(y / 83);
      background[y * W + x] = acc / (ss * ss);
    }
  }
  for (let n = 0; n < frames; n++) {
    const jx = ((o.jitterPx ?? 0.8) * (rand() - 0.5)) * 2;
    const jy = ((o.jitterPx ?? 0.8) * (rand() - 0.5)) * 2;
    const cx = W / 2 + jx;
    const cy = H / 2 + jy;
    const img = new Float32Array(background);
    const phoneHalfW = (size / 2 + quiet + 3) * unit;
    const phoneHalfH = (size / 2 + quiet + 10) * unit;
    // only the pixels the phone can cover are traced: the box around its four corners projected into the frame
    let bx0 = W;
    let by0 = H;
    let bx1 = 0;
    let by1 = 0;
    for (const [ur, vr] of [[-phoneHalfW, -phoneHalfH], [phoneHalfW, -phoneHalfH], [-phoneHalfW, phoneHalfH], [phoneHalfW, phoneHalfH]] as const) {
      const u = cr * ur - sr * vr;
      const v = sr * ur + cr * vr;
      const d = f + u * st;
      const px = (u * f * ct) / d + cx;
      const py = (v * f) / d + cy;
      bx0 = Math.min(bx0, px);
      bx1 = Math.max(bx1, px);
      by0 = Math.min(by0, py);
      by1 = Math.max(by1, py);
    }
    const xs = Math.max(0, Math.floor(bx0) - 2);
    const xe = Math.min(W, Math.ceil(bx1) + 2);
    const ys = Math.max(0, Math.floor(by0) - 2);
    const ye = Math.min(H, Math.ceil(by1) + 2);
    for (let y = ys; y < ye; y++) {
      for (let x = xs; x < xe; x++) {
        let acc = 0;
        for (let sy = 0; sy < ss; sy++) {
          for (let sx = 0; sx < ss; sx++) {
            // ray through the sample, intersected with the phone's plane (turned by `tilt` about the vertical axis)
            const px = x + (sx + 0.5) / ss - cx;
            const py = y + (sy + 0.5) / ss - cy;
            // plane point (u, v) maps to image (f*u*cos / (f + u*sin), f*v / (f + u*sin)) around the centre
            const u = (f * px) / (f * ct - px * st);
            const v = (py * (f + u * st)) / f;
            // in-plane rotation
            const ur = cr * u + sr * v;
            const vr = -sr * u + cr * v;
            let g: number;
            if (Math.abs(ur) < phoneHalfW && Math.abs(vr) < phoneHalfH) {
              const c = Math.floor(ur / unit + size / 2);
              const r = Math.floor(vr / unit + size / 2);
              const isDark = c >= 0 && r >= 0 && c < size && r < size && mods.get(r, c) === 1;
              const inScreen = Math.abs(ur) < (size / 2 + quiet + 1.5) * unit && Math.abs(vr) < (size / 2 + quiet + 8) * unit;
              g = inScreen ? (isDark ? dark : light) : 18; // the phone's black bezel around its screen
            } else {
              g = 140 + 35 * Math.sin((x + 40) / 57) * Math.cos(y / 83);
            }
            acc += g;
          }
        }
        img[y * W + x] = acc / (ss * ss);
      }
    }
    if (o.screen === 'glare') {
      // a ceiling light reflected on the glass, over the upper right of the code
      const gx = cx + side * 0.22;
      const gy = cy - side * 0.18;
      const gr = side * 0.22;
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const d2 = ((x - gx) ** 2 + (y - gy) ** 2) / (gr * gr);
          if (d2 < 4) img[y * W + x] = img[y * W + x]! + 150 * Math.exp(-d2 * 1.5);
        }
      }
    }
    const b = blur(img, W, H, o.blurSigma);
    const frame = new Uint8Array(W * H);
    for (let i = 0; i < W * H; i++) {
      // Box-Muller noise, one sample per pixel
      const z = Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
      frame[i] = Math.max(0, Math.min(255, Math.round(b[i]! + o.noise * z)));
    }
    out.push(frame);
  }
  return out;
}

/** Grey luma frames into RGBA pixels (for decoding in Node). */
export function lumaToRgba(y: Uint8Array, width: number, height: number): { data: Uint8ClampedArray; width: number; height: number } {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const v = y[i]!;
    data[i * 4] = v;
    data[i * 4 + 1] = v;
    data[i * 4 + 2] = v;
    data[i * 4 + 3] = 255;
  }
  return { data, width, height };
}

/**
 * A grey frame as a camera that stretches its levels delivers it: what Chromium's fake camera did with a Y4M file
 * written full range (it reads luma as BT.601 limited range, 16-235, and stretches it to 0-255), so contrast and
 * sensor noise grow by 255/219 and the extremes clip (measured in the camera Worker: 30 -> 16, 100 -> 98,
 * 140 -> 144, 220 -> 237, 235 and above -> 255, no chroma, no scaling; a residual of 0.25 grey levels to this
 * formula). writeLumaY4m now writes limited range, so the grid's frames arrive at their own levels; the tests keep
 * this harsher camera.
 */
export function asChromiumDelivers(y: Uint8Array): Uint8Array {
  return y.map((v) => Math.max(0, Math.min(255, Math.round(((v - 16) * 255) / 219))));
}

/** Grey frames as a 4:2:0 Y4M file for Chromium's fake camera (limited-range luma, y4mLuma; neutral chroma). */
export function writeLumaY4m(path: string, frames: Uint8Array[], width: number, height: number, fps = 15): void {
  const chroma = Buffer.alloc((width >> 1) * (height >> 1) * 2, 128);
  const levels = Uint8Array.from({ length: 256 }, (_, v) => y4mLuma(v));
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`, 'latin1')];
  for (const f of frames) parts.push(Buffer.from('FRAME\n', 'latin1'), Buffer.from(f.map((v) => levels[v]!)), chroma);
  writeFileSync(path, Buffer.concat(parts));
}
