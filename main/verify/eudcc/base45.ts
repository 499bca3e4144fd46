// Strict Base45 (RFC 9285) decoding. The `base45` package decodes, but silently accepts characters outside the
// alphabet, a dangling single character and triplets over 65535 (RFC 9285 section 6 requires rejecting all three),
// so every input is checked here first and only well-formed text reaches it.
import base45 from 'base45';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

function val(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? VALUE[c]! : -1;
}

/** Decoded bytes, or null when the text is not strict Base45. */
export function decodeBase45Strict(text: string): Uint8Array | null {
  const n = text.length;
  if (n % 3 === 1) return null;
  for (let i = 0; i < n; i += 3) {
    const c = val(text, i);
    const d = val(text, i + 1);
    if (c < 0 || d < 0) return null;
    if (i + 2 < n) {
      const e = val(text, i + 2);
      if (e < 0 || c + d * 45 + e * 2025 > 0xffff) return null;
    } else if (c + d * 45 > 0xff) {
      return null;
    }
  }
  const out: Uint8Array = base45.decode(text);
  // copy out of the package's Buffer so callers get a plain Uint8Array
  return new Uint8Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength));
}
