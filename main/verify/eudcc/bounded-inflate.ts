// Bounded DEFLATE decompression (fflate). DEFLATE expands at most 1032:1, so a small input (every real QR) is
// inflated in one synchronous call into a reused scratch buffer that can hold its worst case (no allocation, no
// overrun, at most ~1 MiB of work for a bomb); a larger input is fed in small slices with the output counted, so
// that a bomb is refused after at most one slice's worth of expansion instead of being inflated in full.
import { Inflate, inflateSync } from 'fflate';

/** The bound: no genuine DCC or SMART Health Card payload comes near it. */
export const MAX_INFLATED_BYTES = 64 * 1024;
/** DEFLATE expands at most ~1032:1, so one slice can overshoot the limit by at most ~260 KiB before we stop. */
const SLICE = 256;

export type InflateResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'decode:inflate' | 'decode:inflate-too-large' };

/** DEFLATE's worst-case expansion (zlib technical details: 258 bytes from 2 bits). */
const MAX_RATIO = 1032;
const FAST_MAX_INPUT = 1024;
let scratch: Uint8Array | null = null;

function inflateSmall(data: Uint8Array, limit: number): InflateResult {
  scratch ??= new Uint8Array(FAST_MAX_INPUT * MAX_RATIO + 1024);
  let out: Uint8Array;
  try {
    out = inflateSync(data, { out: scratch });
  } catch {
    return { ok: false, reason: 'decode:inflate' };
  }
  if (out.length > limit) return { ok: false, reason: 'decode:inflate-too-large' };
  return { ok: true, bytes: out.slice() }; // the scratch buffer is reused by the next call
}

/** Raw DEFLATE (RFC 1951), as in SMART Health Cards (JWS `zip: DEF`). */
export function inflateRawBounded(data: Uint8Array, limit = MAX_INFLATED_BYTES): InflateResult {
  if (data.length === 0) return { ok: false, reason: 'decode:inflate' };
  if (data.length <= FAST_MAX_INPUT) return inflateSmall(data, limit);
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooLarge = false;
  let ended = false;
  const stream = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > limit) tooLarge = true;
    else chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let i = 0; i < data.length && !tooLarge; i += SLICE) {
      const end = Math.min(data.length, i + SLICE);
      stream.push(data.subarray(i, end), end === data.length);
    }
  } catch {
    return { ok: false, reason: tooLarge ? 'decode:inflate-too-large' : 'decode:inflate' };
  }
  if (tooLarge) return { ok: false, reason: 'decode:inflate-too-large' };
  if (!ended) return { ok: false, reason: 'decode:inflate' };
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return { ok: true, bytes: out };
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; ) {
    const end = Math.min(bytes.length, i + 3800); // keeps the sums below 2^31 between reductions
    for (; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** zlib (RFC 1950) as in EU DCC: header checked, DEFLATE body bounded, Adler-32 trailer verified. */
export function unzlibBounded(data: Uint8Array, limit = MAX_INFLATED_BYTES): InflateResult {
  if (data.length < 6) return { ok: false, reason: 'decode:inflate' };
  const cmf = data[0]!;
  const flg = data[1]!;
  // CM 8 = deflate, window <= 32 KiB, header checksum, and no preset dictionary (FDICT) since none is defined
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0 || flg & 0x20) {
    return { ok: false, reason: 'decode:inflate' };
  }
  const body = inflateRawBounded(data.subarray(2, data.length - 4), limit);
  if (!body.ok) return body;
  const t = data.length - 4;
  const expected = ((data[t]! << 24) | (data[t + 1]! << 16) | (data[t + 2]! << 8) | data[t + 3]!) >>> 0;
  if (adler32(body.bytes) !== expected) return { ok: false, reason: 'decode:inflate' };
  return { ok: true, bytes: body.bytes };
}
