// The camera's decoding strategy, frame after frame (runs in the camera Worker; also in Node for tests).
// Each frame: find candidate regions cheaply, cut the best one out at the camera's own resolution and decode it
// as it is (a sharp code reads in a few ms), then sharpened and enlarged so that modules are ~3+ px for zxing's
// binarizer. What else is tried rotates from
// frame to frame, because a steady phone gives many frames of nearly the same picture: on three frames in four
// the region averaged over the last frames (aligned; cuts sensor noise) at one of three sharpening strengths
// (a stronger sharpening of the frame alone while there is no history yet), and on the fourth the second
// candidate and zxing's own whole-frame search (a code so large or so odd that the region finder missed it).
// Every step was kept because it raised the share of frames read in the camera bench (docs/benchmarks.md).
import type { ReaderOptions } from 'zxing-wasm/reader';
import { crop, fuse, sharpen, toRgba, upscaleRgba } from './qr-enhance.ts';
import { FULL_FRAME_OPTIONS, MAX_PIXELS, type Pixels } from './qr-decode.ts';
import { findCandidates, type Candidate, type Luma } from './qr-regions.ts';

export type Reader = (p: Pixels, options: ReaderOptions) => Promise<string | null>;

const REGION_OPTIONS: ReaderOptions = {
  formats: ['QRCode'],
  maxNumberOfSymbols: 1,
  tryHarder: true,
  tryRotate: true,
  tryInvert: false,
  tryDownscale: false, // the region was enlarged on purpose
};

/** Largest side a region is enlarged to: decode time grows with the area. */
const MAX_SCALED_SIDE = 1100;
/** Frames of the same region kept for averaging. */
const HISTORY = 4;

/** Enlargement for a region of this size: small regions hold small modules (a phone's code is v10-v25). */
export function scaleFor(side: number): number {
  const s = side < 260 ? 3.5 : side < 420 ? 3 : side < 640 ? 2 : 1;
  return Math.max(1, Math.min(s, MAX_SCALED_SIDE / side));
}

export interface FrameResult {
  text: string | null;
  /** what read it (for the bench and the tests): region, fused, whole */
  how?: string;
  attempts: number;
}

export class FrameDecoder {
  private frameNo = 0;
  /** the last frames while the best box stayed put (the phone held still), newest last */
  private history: { box: Candidate; frame: Luma }[] = [];

  constructor(private readonly read: Reader) {}

  /** `rgba`: the same frame as RGBA, when the caller has it (saves a conversion for the whole-frame read) */
  async decode(frame: Luma, rgba?: Pixels): Promise<FrameResult> {
    const n = this.frameNo++;
    let attempts = 0;
    const tryRead = async (p: Luma | Pixels, how: string, options = REGION_OPTIONS): Promise<FrameResult | null> => {
      attempts++;
      const rgba = p.data instanceof Uint8ClampedArray ? (p as Pixels) : toRgba(p as Luma);
      const text = await this.read(rgba, options);
      return text ? { text, how, attempts } : null;
    };
    const candidates = findCandidates(frame, 2);
    const best = candidates[0];
    if (best) {
      const region = crop(frame, best.x, best.y, best.w, best.h);
      this.remember(best, frame);
      const s = scaleFor(Math.max(best.w, best.h));
      // as it is first: a sharp code with big enough modules reads in a few ms
      const plain = await tryRead(region, 'region-native');
      if (plain) return plain;
      const hit = await tryRead(upscaleRgba(sharpen(region, 2), s), 'region');
      if (hit) return hit;
      const phase = n % 4;
      if (phase !== 0 && this.history.length >= 2) {
        // the same region over the last 2-4 frames, aligned and averaged: noise down by up to ~2, then sharpened,
        // three strengths in turn (strong for blur, gentle for noise). On three frames in four: in the bench's Node
        // replay (dim, noise 9, sigma 1.6) it read more frames, and sooner, than on two in four; from the second
        // frame on, not the third: in the replay of 12 cells x 3 seeds, 472 frames read instead of 455
        const regions = this.history.map((h) => (h.frame === frame ? region : crop(h.frame, best.x, best.y, best.w, best.h))).reverse();
        const fused = fuse(regions, 1);
        // at least 3x, but never past what readQr accepts: a larger image (a 1280x720 box at 3x is 3840x2160) was
        // built for ~0.4 s and then refused unread
        const fs = Math.min(Math.max(s, 3), Math.sqrt(MAX_PIXELS / ((best.w + 1) * (best.h + 1))));
        const hit2 = await tryRead(upscaleRgba(sharpen(fused, phase === 1 ? 4 : phase === 2 ? 3 : 2), fs), 'fused');
        if (hit2) return hit2;
      } else if (phase === 2) {
        // no history yet (the phone just moved): the frame alone, sharpened harder and enlarged more
        const hit2 = await tryRead(upscaleRgba(sharpen(region, 3), Math.min(4, s + 1, MAX_SCALED_SIDE / Math.max(best.w, best.h))), 'region-strong');
        if (hit2) return hit2;
      }
      const second = candidates[1];
      if (second && phase === 0) {
        const r2 = crop(frame, second.x, second.y, second.w, second.h);
        const hit3 = await tryRead(upscaleRgba(sharpen(r2, 2), scaleFor(Math.max(second.w, second.h))), 'second');
        if (hit3) return hit3;
      }
    } else {
      this.history = [];
    }
    if (!best || n % 4 === 0) {
      const hit = await tryRead(rgba ?? frame, 'whole', FULL_FRAME_OPTIONS);
      if (hit) return hit;
    }
    return { text: null, attempts };
  }

  private remember(box: Candidate, frame: Luma): void {
    const last = this.history[this.history.length - 1];
    // the box's centre, not its corners: on a noisy frame the region finder's box can grow or shrink by a block
    // from frame to frame around a code that stays put, and `fuse` itself drops any frame that does not line up
    const tolerance = Math.max(24, 0.15 * Math.max(box.w, box.h));
    const dx = last ? Math.abs(last.box.x + last.box.w / 2 - (box.x + box.w / 2)) : 0;
    const dy = last ? Math.abs(last.box.y + last.box.h / 2 - (box.y + box.h / 2)) : 0;
    const moved = last && (dx > tolerance || dy > tolerance || last.frame.width !== frame.width || last.frame.height !== frame.height);
    if (moved) this.history = [];
    this.history.push({ box, frame });
    if (this.history.length > HISTORY) this.history.shift();
  }
}

/**
 * Runs every step of the decoder a few times on a made-up frame (a checkerboard patch on noise), so that the
 * JavaScript engine has compiled the pixel loops before the first real frame: the first pass at the door is then
 * as fast as the later ones. Uses its own FrameDecoder; returns nothing.
 */
export async function warmUp(read: Reader): Promise<void> {
  const w = 640;
  const h = 360;
  const data = new Uint8Array(w * h);
  let seed = 12345;
  for (let i = 0; i < data.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    data[i] = 120 + (seed >>> 27);
  }
  for (let y = 120; y < 240; y++) for (let x = 260; x < 380; x++) data[y * w + x] = ((x >> 2) + (y >> 2)) % 2 ? 30 : 220;
  const d = new FrameDecoder(read);
  for (let i = 0; i < 4; i++) await d.decode({ data, width: w, height: h });
}
