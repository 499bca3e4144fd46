// Image work on a candidate region before it is decoded: cut it out at the camera's resolution, estimate the size
// of a module, enlarge it when modules are too small for the decoder's binarizer (under ~3 px), sharpen a
// blurred region, and average the same region over several frames of a steady hand (aligned to the sub-pixel
// shift between them) to cut the sensor noise. All on grey (luma) pixels.
import type { Luma } from './qr-regions.ts';

export function crop(p: Luma, x: number, y: number, w: number, h: number): Luma {
  const out = new Uint8Array(w * h);
  for (let r = 0; r < h; r++) out.set(p.data.subarray((y + r) * p.width + x, (y + r) * p.width + x + w), r * w);
  return { data: out, width: w, height: h };
}

/**
 * Typical module size in pixels, from the run lengths of a thresholded copy (a QR code's runs of equal modules
 * average about 2 modules for random data). Rows and columns through the middle half; the threshold is the
 * region's mean, after a 3-tap smoothing so that sensor noise does not cut runs.
 */
export function moduleSize(p: Luma): number {
  const { data, width: w, height: h } = p;
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i]!;
  const t = sum / data.length;
  let runs = 0;
  let length = 0;
  const line = (get: (i: number) => number, n: number) => {
    let prev = -1;
    let start = 0;
    for (let i = 1; i < n - 1; i++) {
      const v = (get(i - 1) + 2 * get(i) + get(i + 1)) / 4 < t ? 1 : 0;
      if (v !== prev) {
        if (prev !== -1 && start > 0) {
          runs++;
          length += i - start;
        }
        prev = v;
        start = i;
      }
    }
  };
  for (let k = 1; k <= 9; k++) {
    const y = Math.floor((h * (k + 4)) / 18);
    line((i) => data[y * w + i]!, w);
    const x = Math.floor((w * (k + 4)) / 18);
    line((i) => data[i * w + x]!, h);
  }
  return runs > 0 ? length / runs / 2 : 0;
}

/** Bilinear enlargement by `s` (s >= 1). */
export function upscale(p: Luma, s: number): Luma {
  if (s <= 1) return p;
  const w = Math.round(p.width * s);
  const h = Math.round(p.height * s);
  const out = new Uint8Array(w * h);
  const src = p.data;
  const W = p.width;
  const H = p.height;
  for (let y = 0; y < h; y++) {
    const fy = Math.min(H - 1, Math.max(0, (y + 0.5) / s - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(H - 1, y0 + 1);
    const ay = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(W - 1, Math.max(0, (x + 0.5) / s - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(W - 1, x0 + 1);
      const ax = fx - x0;
      const top = src[y0 * W + x0]! * (1 - ax) + src[y0 * W + x1]! * ax;
      const bottom = src[y1 * W + x0]! * (1 - ax) + src[y1 * W + x1]! * ax;
      out[y * w + x] = top * (1 - ay) + bottom * ay + 0.5;
    }
  }
  return { data: out, width: w, height: h };
}

/**
 * `toRgba(upscale(p, s))`, computed separably: each source row is enlarged across once, then each output row is
 * the blend of two of those (the same arithmetic as upscale(), so the same pixels, with ~1/3 of the work). The
 * enlarged region is the largest image the decoder gets, on most frames.
 */
export function upscaleRgba(p: Luma, s: number): { data: Uint8ClampedArray; width: number; height: number } {
  if (s <= 1) return toRgba(p);
  const w = Math.round(p.width * s);
  const h = Math.round(p.height * s);
  const src = p.data;
  const W = p.width;
  const H = p.height;
  const cx0 = new Int32Array(w);
  const cx1 = new Int32Array(w);
  const cax = new Float64Array(w);
  for (let x = 0; x < w; x++) {
    const fx = Math.min(W - 1, Math.max(0, (x + 0.5) / s - 0.5));
    cx0[x] = Math.floor(fx);
    cx1[x] = Math.min(W - 1, cx0[x]! + 1);
    cax[x] = fx - cx0[x]!;
  }
  const across = new Float64Array(H * w);
  for (let y = 0, r = 0, o = 0; y < H; y++, r += W, o += w) {
    for (let x = 0; x < w; x++) {
      const ax = cax[x]!;
      across[o + x] = src[r + cx0[x]!]! * (1 - ax) + src[r + cx1[x]!]! * ax;
    }
  }
  const data = new Uint8ClampedArray(w * h * 4);
  const px = new Uint32Array(data.buffer);
  for (let y = 0; y < h; y++) {
    const fy = Math.min(H - 1, Math.max(0, (y + 0.5) / s - 0.5));
    const y0 = Math.floor(fy);
    const r0 = y0 * w;
    const r1 = Math.min(H - 1, y0 + 1) * w;
    const ay = fy - y0;
    const by = 1 - ay;
    const row = y * w;
    for (let x = 0; x < w; x++) px[row + x] = 0xff000000 | (((across[r0 + x]! * by + across[r1 + x]! * ay + 0.5) | 0) * 0x010101);
  }
  return { data, width: w, height: h };
}

/** Box blur of radius 1 in both directions (a cheap Gaussian stand-in for the unsharp mask). */
function soften(p: Luma): Float32Array {
  const { data, width: w, height: h } = p;
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      tmp[i] = (data[x > 0 ? i - 1 : i]! + data[i]! + data[x + 1 < w ? i + 1 : i]!) / 3;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      out[i] = (tmp[y > 0 ? i - w : i]! + tmp[i]! + tmp[y + 1 < h ? i + w : i]!) / 3;
    }
  }
  return out;
}

/** Unsharp mask: p + amount * (p - blurred p). */
export function sharpen(p: Luma, amount = 1): Luma {
  const b = soften(p);
  const out = new Uint8Array(p.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = p.data[i]! + amount * (p.data[i]! - b[i]!);
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return { data: out, width: p.width, height: p.height };
}

/**
 * Shift of `b` against `a` (same size), to a quarter pixel: sum of absolute differences over integer shifts up to
 * `range` on the middle of the region, refined by a parabola through the best and its neighbours.
 */
export function shiftBetween(a: Luma, b: Luma, range = 3): { dx: number; dy: number; sad: number } {
  const { width: w, height: h } = a;
  const m = range + 1;
  const step = Math.max(1, Math.floor(Math.min(w, h) / 96)); // sample a grid, not every pixel: ~10k samples
  const sadAt = (dx: number, dy: number): number => {
    let s = 0;
    let n = 0;
    for (let y = m; y < h - m; y += step) {
      for (let x = m; x < w - m; x += step) {
        s += Math.abs(a.data[y * w + x]! - b.data[(y + dy) * w + x + dx]!);
        n++;
      }
    }
    return n ? s / n : Infinity;
  };
  const table = new Map<string, number>();
  let best = { dx: 0, dy: 0, sad: Infinity };
  for (let dy = -range; dy <= range; dy++) {
    for (let dx = -range; dx <= range; dx++) {
      const s = sadAt(dx, dy);
      table.set(`${dx},${dy}`, s);
      if (s < best.sad) best = { dx, dy, sad: s };
    }
  }
  const refine = (l: number | undefined, c: number, r: number | undefined): number => {
    if (l === undefined || r === undefined) return 0;
    const d = l - 2 * c + r;
    return d > 0 ? Math.max(-0.5, Math.min(0.5, (l - r) / (2 * d))) : 0;
  };
  const fx = refine(table.get(`${best.dx - 1},${best.dy}`), best.sad, table.get(`${best.dx + 1},${best.dy}`));
  const fy = refine(table.get(`${best.dx},${best.dy - 1}`), best.sad, table.get(`${best.dx},${best.dy + 1}`));
  return { dx: best.dx + fx, dy: best.dy + fy, sad: best.sad };
}

/**
 * Average of same-size regions from consecutive frames, each resampled onto the first by its measured shift,
 * enlarged by `s` on the way (the sub-pixel shifts between frames add real detail at the finer grid).
 * Regions that do not match (the phone moved, another code) are left out.
 */
export function fuse(regions: Luma[], s: number): Luma {
  const ref = regions[0]!;
  const w = Math.round(ref.width * s);
  const h = Math.round(ref.height * s);
  const acc = new Float32Array(w * h);
  let used = 0;
  for (const r of regions) {
    if (r.width !== ref.width || r.height !== ref.height) continue;
    const sh = r === ref ? { dx: 0, dy: 0, sad: 0 } : shiftBetween(ref, r);
    if (sh.sad > 40) continue;
    used++;
    const W = r.width;
    const H = r.height;
    for (let y = 0; y < h; y++) {
      const fy = Math.min(H - 1, Math.max(0, (y + 0.5) / s - 0.5 + sh.dy));
      const y0 = Math.floor(fy);
      const y1 = Math.min(H - 1, y0 + 1);
      const ay = fy - y0;
      for (let x = 0; x < w; x++) {
        const fx = Math.min(W - 1, Math.max(0, (x + 0.5) / s - 0.5 + sh.dx));
        const x0 = Math.floor(fx);
        const x1 = Math.min(W - 1, x0 + 1);
        const ax = fx - x0;
        const top = r.data[y0 * W + x0]! * (1 - ax) + r.data[y0 * W + x1]! * ax;
        const bottom = r.data[y1 * W + x0]! * (1 - ax) + r.data[y1 * W + x1]! * ax;
        acc[y * w + x]! += top * (1 - ay) + bottom * ay;
      }
    }
  }
  const out = new Uint8Array(w * h);
  for (let i = 0; i < out.length; i++) out[i] = acc[i]! / Math.max(1, used) + 0.5;
  return { data: out, width: w, height: h };
}

/** Grey pixels as RGBA, the layout the decoder takes (one 32-bit write a pixel). */
export function toRgba(p: Luma): { data: Uint8ClampedArray; width: number; height: number } {
  const out = new Uint8ClampedArray(p.width * p.height * 4);
  const px = new Uint32Array(out.buffer);
  const src = p.data;
  for (let i = 0; i < src.length; i++) px[i] = 0xff000000 | (src[i]! * 0x010101);
  return { data: out, width: p.width, height: p.height };
}

/** Luma (BT.601) of RGBA pixels. */
export function toLuma(data: Uint8ClampedArray, width: number, height: number): Luma {
  const out = new Uint8Array(width * height);
  if (data.byteOffset % 4 === 0) {
    // one 32-bit read a pixel (little-endian: red in the low byte, as every platform Chromium runs on)
    const px = new Uint32Array(data.buffer, data.byteOffset, out.length);
    for (let i = 0; i < out.length; i++) {
      const c = px[i]!;
      out[i] = (77 * (c & 255) + 150 * ((c >>> 8) & 255) + 29 * ((c >>> 16) & 255) + 128) >> 8;
    }
    return { data: out, width, height };
  }
  for (let i = 0, j = 0; i < out.length; i++, j += 4) out[i] = (77 * data[j]! + 150 * data[j + 1]! + 29 * data[j + 2]! + 128) >> 8;
  return { data: out, width, height };
}
