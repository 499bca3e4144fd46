// The `shc:/` numeric QR encoding: every two digits are one character, code = value + 45 ('-' .. 'z').
// Also the deprecated chunked form `shc:/C/N/<digits>` (chunk C of N), assembled in order.

/** 3 chunks of at most 1191 JWS characters each; anything longer is no health card. */
export const MAX_SHC_TEXT = 3 * (2 * 1195 + 16);
export const MAX_CHUNKS = 10;

export interface ShcChunk {
  index: number;
  total: number;
  digits: string;
}

const SINGLE = /^shc:\/(\d+)$/;
const CHUNK = /^shc:\/([1-9]\d?)\/([1-9]\d?)\/(\d+)$/;

/** One scanned `shc:/` text as a chunk (single QRs are chunk 1 of 1); null when it is not one. */
export function parseChunk(text: string): ShcChunk | null {
  const c = CHUNK.exec(text);
  if (c) {
    const index = Number(c[1]);
    const total = Number(c[2]);
    if (total < 2 || total > MAX_CHUNKS || index > total) return null;
    return { index, total, digits: c[3]! };
  }
  const s = SINGLE.exec(text);
  return s ? { index: 1, total: 1, digits: s[1]! } : null;
}

/** Decodes digit pairs to the JWS text; null when the length is odd or a pair is out of range (> 77). */
export function digitsToJws(digits: string): string | null {
  if (digits.length % 2 !== 0) return null;
  let out = '';
  for (let i = 0; i < digits.length; i += 2) {
    const v = (digits.charCodeAt(i) - 48) * 10 + (digits.charCodeAt(i + 1) - 48);
    if (v > 77) return null;
    out += String.fromCharCode(v + 45);
  }
  return out;
}

export type Assembly = { ok: true; digits: string } | { ok: false; reason: 'decode:numeric' | 'decode:chunks-incomplete' | 'decode:chunks-inconsistent' };

/** Orders the chunks of one card (any scan order) and joins their digits; all N must be present exactly once. */
export function assembleChunks(chunks: readonly ShcChunk[]): Assembly {
  if (chunks.length === 0) return { ok: false, reason: 'decode:numeric' };
  const total = chunks[0]!.total;
  if (chunks.some((c) => c.total !== total)) return { ok: false, reason: 'decode:chunks-inconsistent' };
  const byIndex = new Map<number, string>();
  for (const c of chunks) {
    const seen = byIndex.get(c.index);
    if (seen !== undefined && seen !== c.digits) return { ok: false, reason: 'decode:chunks-inconsistent' };
    byIndex.set(c.index, c.digits);
  }
  if (byIndex.size !== total) return { ok: false, reason: 'decode:chunks-incomplete' };
  let digits = '';
  for (let i = 1; i <= total; i++) digits += byIndex.get(i)!;
  return { ok: true, digits };
}
