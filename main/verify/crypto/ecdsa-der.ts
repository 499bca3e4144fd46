// ECDSA signature encodings: HK records carry DER (SEQUENCE of two INTEGERs); WebCrypto wants raw r||s.

/** Strict DER ECDSA-Sig-Value -> raw r||s of 2*size bytes; null when not well-formed. */
export function derToRaw(der: Uint8Array, size = 32): Uint8Array | null {
  if (der.length < 8 || der.length > 2 + 2 * (size + 3) || der[0] !== 0x30) return null;
  let pos = 2;
  let seqLen = der[1]!;
  if (seqLen === 0x81) {
    seqLen = der[2]!;
    pos = 3;
    if (seqLen < 0x80) return null; // long form only where needed (DER)
  } else if (seqLen > 0x80) return null;
  if (pos + seqLen !== der.length) return null;
  const out = new Uint8Array(2 * size);
  for (let k = 0; k < 2; k++) {
    if (der[pos] !== 0x02) return null;
    const len = der[pos + 1]!;
    if (len === 0 || len > size + 1 || pos + 2 + len > der.length) return null;
    let start = pos + 2;
    let n = len;
    if (der[start]! & 0x80) return null; // negative integers are not signatures
    if (der[start] === 0 && n > 1) {
      if (!(der[start + 1]! & 0x80)) return null; // non-minimal padding
      start++;
      n--;
    }
    if (n > size) return null;
    out.set(der.subarray(start, start + n), k * size + (size - n));
    pos += 2 + len;
  }
  return pos === der.length ? out : null;
}
