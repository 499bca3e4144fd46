// Where in a camera frame a QR code may be, found cheaply so that only that part is decoded, at the camera's own
// resolution. A QR symbol is a dense checkerboard of edges: on a half-resolution copy (which averages the sensor
// noise away) the gradient energy of 8x8 blocks is high over a code and low on skin, a coat or a table. Blocks
// well above the frame's typical level are joined into connected groups; each group's box, grown by a quiet zone,
// is a candidate. Work: one pass over the frame at half resolution (~1 ms for 1280x720).
export interface Luma {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface Candidate {
  x: number;
  y: number;
  w: number;
  h: number;
  /** summed gradient energy of the group: the likelier regions first */
  score: number;
}

const BLOCK = 8; // on the half-resolution copy: 16x16 camera pixels

/** Half-resolution copy (2x2 box average). */
export function halfSize(p: Luma): Luma {
  const w = p.width >> 1;
  const h = p.height >> 1;
  const out = new Uint8Array(w * h);
  const src = p.data;
  const W = p.width;
  for (let y = 0; y < h; y++) {
    const r0 = 2 * y * W;
    const r1 = r0 + W;
    for (let x = 0; x < w; x++) {
      const i = 2 * x;
      out[y * w + x] = (src[r0 + i]! + src[r0 + i + 1]! + src[r1 + i]! + src[r1 + i + 1]! + 2) >> 2;
    }
  }
  return { data: out, width: w, height: h };
}

/**
 * Candidate regions in camera pixels, best first, at most `max`. `minSide` (camera pixels) drops specks smaller
 * than the smallest readable code.
 */
export function findCandidates(frame: Luma, max = 3, minSide = 48): Candidate[] {
  const half = halfSize(frame);
  const { width: w, height: h, data } = half;
  const bw = Math.floor(w / BLOCK);
  const bh = Math.floor(h / BLOCK);
  if (bw < 2 || bh < 2) return [];
  const energy = new Float32Array(bw * bh);
  /** every block's gradient energy, before the dark-and-light test: the frame's noise floor is read from these */
  const raw = new Float32Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let e = 0;
      let lo = 255;
      let hi = 0;
      for (let y = by * BLOCK; y < (by + 1) * BLOCK; y++) {
        const row = y * w;
        for (let x = bx * BLOCK; x < (bx + 1) * BLOCK; x++) {
          const v = data[row + x]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
          if (x + 1 < w) e += Math.abs(v - data[row + x + 1]!);
          if (y + 1 < h) e += Math.abs(v - data[row + w + x]!);
        }
      }
      raw[by * bw + bx] = e;
      // a block must hold both dark and light (a code's modules), not only noise on a flat surface
      energy[by * bw + bx] = hi - lo >= 28 ? e : 0;
    }
  }
  // the typical block's energy before the dark-and-light test: on a noisy sensor many plain blocks pass that test,
  // and a median taken after it (most blocks zeroed) would put the threshold under the noise itself, joining the
  // noise blocks of the whole frame into one group (Chromium's fake camera stretches the bench's noise 9 by 1.16)
  const sorted = Array.from(raw).sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1]!;
  const p90 = sorted[Math.floor(sorted.length * 0.9)]!;
  // a code covers at most a third of the frame: its blocks are in the top tail, well above the typical block
  const threshold = Math.max(median * 2.2, p90 * 0.55, BLOCK * BLOCK * 6);
  const on = new Uint8Array(bw * bh);
  for (let i = 0; i < on.length; i++) on[i] = energy[i]! >= threshold ? 1 : 0;
  // close one-block gaps (a blurred module edge, the glare spot) so a code is one group
  const closed = new Uint8Array(on);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      if (on[by * bw + bx]) continue;
      const l = bx > 0 && on[by * bw + bx - 1];
      const r = bx + 1 < bw && on[by * bw + bx + 1];
      const u = by > 0 && on[(by - 1) * bw + bx];
      const d = by + 1 < bh && on[(by + 1) * bw + bx];
      if ((l && r) || (u && d)) closed[by * bw + bx] = 1;
    }
  }
  const label = new Int32Array(bw * bh).fill(-1);
  const groups: Candidate[] = [];
  const stack: number[] = [];
  for (let start = 0; start < closed.length; start++) {
    if (!closed[start] || label[start] !== -1) continue;
    const id = groups.length;
    let x0 = bw;
    let y0 = bh;
    let x1 = -1;
    let y1 = -1;
    let score = 0;
    let count = 0;
    label[start] = id;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      const bx = i % bw;
      const by = (i - bx) / bw;
      x0 = Math.min(x0, bx);
      x1 = Math.max(x1, bx);
      y0 = Math.min(y0, by);
      y1 = Math.max(y1, by);
      score += energy[i]!;
      count++;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = bx + dx;
          const ny = by + dy;
          if (nx < 0 || ny < 0 || nx >= bw || ny >= bh) continue;
          const j = ny * bw + nx;
          if (closed[j] && label[j] === -1) {
            label[j] = id;
            stack.push(j);
          }
        }
      }
    }
    const gw = x1 - x0 + 1;
    const gh = y1 - y0 + 1;
    // a code's group is roughly square and mostly filled; a long thin edge (a sleeve, a shelf) is not
    const aspect = Math.max(gw, gh) / Math.min(gw, gh);
    const fill = count / (gw * gh);
    if (aspect > 3 || fill < 0.35) {
      groups.push({ x: 0, y: 0, w: 0, h: 0, score: -1 });
      continue;
    }
    // back to camera pixels, grown by 1.5 blocks (the quiet zone and the blocks the threshold missed at the rim)
    const scale = 2 * BLOCK;
    const grow = 1.5 * scale;
    const x = Math.max(0, Math.floor(x0 * scale - grow));
    const y = Math.max(0, Math.floor(y0 * scale - grow));
    const xe = Math.min(frame.width, Math.ceil((x1 + 1) * scale + grow));
    const ye = Math.min(frame.height, Math.ceil((y1 + 1) * scale + grow));
    groups.push({ x, y, w: xe - x, h: ye - y, score });
  }
  return groups
    .filter((g) => g.score > 0 && g.w >= minSide && g.h >= minSide)
    .sort((a, b) => b.score - a.score)
    .slice(0, max);
}
