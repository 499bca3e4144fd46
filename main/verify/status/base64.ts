// Base64 without Node's Buffer (main/verify/ must run anywhere). Fast enough for a 33 MB list body:
// one table lookup per character, written straight into the output array.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const TABLE = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) TABLE[ALPHABET.charCodeAt(i)] = i;
// base64url too, so that either alphabet decodes
TABLE['-'.charCodeAt(0)] = 62;
TABLE['_'.charCodeAt(0)] = 63;

/** Decodes standard or URL-safe base64 (padding optional, no whitespace). Returns null on any bad character. */
export function decodeBase64(text: string): Uint8Array | null {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  if (text.length - end > 2 || end % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let o = 0;
  let i = 0;
  const full = end - (end % 4);
  for (; i < full; i += 4) {
    const a = TABLE[text.charCodeAt(i) & 0xff]!;
    const b = TABLE[text.charCodeAt(i + 1) & 0xff]!;
    const c = TABLE[text.charCodeAt(i + 2) & 0xff]!;
    const d = TABLE[text.charCodeAt(i + 3) & 0xff]!;
    if ((a | b | c | d) < 0 || text.charCodeAt(i) > 0xff || text.charCodeAt(i + 1) > 0xff
      || text.charCodeAt(i + 2) > 0xff || text.charCodeAt(i + 3) > 0xff) return null;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  const rest = end - full;
  if (rest > 0) {
    let n = 0;
    for (let k = 0; k < rest; k++) {
      const code = text.charCodeAt(i + k);
      const v = code > 0xff ? -1 : TABLE[code]!;
      if (v < 0) return null;
      n |= v << (18 - 6 * k);
    }
    out[o++] = n >>> 16;
    if (rest === 3) out[o++] = (n >>> 8) & 0xff;
  }
  return out;
}

export function encodeBase64(bytes: Uint8Array): string {
  let s = '';
  const chunk: string[] = [];
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    chunk.push(ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + ALPHABET[n & 63]!);
    if (chunk.length >= 4096) { s += chunk.join(''); chunk.length = 0; }
  }
  s += chunk.join('');
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    s += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    s += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + '=';
  }
  return s;
}
