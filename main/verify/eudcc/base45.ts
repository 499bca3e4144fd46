// Strict Base45 (RFC 9285). The `base45` npm package was checked and is not strict: it maps characters outside the
// alphabet to -1 and decodes on, accepts a dangling single character, and lets triplets over 65535 (and final
// pairs over 255) wrap (RFC 9285 section 6 requires rejecting all of these); it also returns Node's Buffer, which
// the pure core must not depend on. Wrapping it meant a second full pass (about half the DCC decode time), so the
// strict pass below produces the bytes itself.
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

function val(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? VALUE[c]! : -1;
}

/** Decoded bytes, or null when the text is not strict Base45. `start` skips a prefix without copying the text. */
export function decodeBase45Strict(text: string, start = 0): Uint8Array | null {
  const n = text.length - start;
  if (n < 0 || n % 3 === 1) return null;
  const out = new Uint8Array(Math.floor(n / 3) * 2 + (n % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = start; i < text.length; i += 3) {
    const c = val(text, i);
    const d = val(text, i + 1);
    if (c < 0 || d < 0) return null;
    if (i + 2 < text.length) {
      const e = val(text, i + 2);
      if (e < 0) return null;
      const v = c + d * 45 + e * 2025;
      if (v > 0xffff) return null;
      out[o++] = v >> 8;
      out[o++] = v & 0xff;
    } else {
      const v = c + d * 45;
      if (v > 0xff) return null;
      out[o++] = v;
    }
  }
  return out;
}
