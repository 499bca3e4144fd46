// BASELINE (bench only): the camera pipeline exactly as it was before issue 14, kept runnable so that
// `npm run bench -- camera` measures the new path against it in the same run. Not shipped.
// Which part of a camera frame to decode, and at what size. A pass is usually held in the middle: even frames
// decode the central square (cheap, and the code fills more of it); odd frames the whole picture (a pass held
// off-centre). Both are downscaled so that decode time stays flat whatever the camera's resolution.
export interface Region {
  sx: number;
  sy: number;
  sw: number;
  sh: number;
  /** size the region is scaled to before decoding */
  dw: number;
  dh: number;
}

export const ROI_MAX_SIDE = 720;
export const FULL_MAX_WIDTH = 1280;

export function frameRegion(width: number, height: number, frameNo: number): Region {
  const w = Math.max(1, Math.floor(width));
  const h = Math.max(1, Math.floor(height));
  if (frameNo % 2 === 0) {
    const side = Math.min(w, h);
    const d = Math.min(side, ROI_MAX_SIDE);
    return { sx: Math.floor((w - side) / 2), sy: Math.floor((h - side) / 2), sw: side, sh: side, dw: d, dh: d };
  }
  const scale = Math.min(1, FULL_MAX_WIDTH / w);
  return { sx: 0, sy: 0, sw: w, sh: h, dw: Math.max(1, Math.round(w * scale)), dh: Math.max(1, Math.round(h * scale)) };
}
