// Encoders the fuzz targets use to wrap mutated inner layers back into scannable text, written from the specs
// (RFC 9285 Base45; SMART Health Cards numeric mode) rather than taken from the code under test.
import { deflateRawSync, deflateSync, inflateRawSync, inflateSync } from 'node:zlib';

export const BASE45_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

export function base45Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    let n = bytes[i]! * 256 + bytes[i + 1]!;
    const c = n % 45; n = (n - c) / 45;
    const d = n % 45; const e = (n - d) / 45;
    out += BASE45_ALPHABET[c]! + BASE45_ALPHABET[d]! + BASE45_ALPHABET[e]!;
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1]!;
    out += BASE45_ALPHABET[n % 45]! + BASE45_ALPHABET[Math.floor(n / 45)]!;
  }
  return out;
}

export function base45Decode(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 3) {
    const v = [...text.slice(i, i + 3)].map((ch) => BASE45_ALPHABET.indexOf(ch));
    const n = v[0]! + v[1]! * 45 + (v.length === 3 ? v[2]! * 2025 : 0);
    if (v.length === 3) out.push(n >> 8, n & 0xff);
    else out.push(n);
  }
  return Uint8Array.from(out);
}

/** HC1 text -> the COSE bytes inside (null when the vector is not a plain zlib HC1). */
export function hc1ToCose(text: string): Uint8Array | null {
  try {
    return new Uint8Array(inflateSync(base45Decode(text.slice(4))));
  } catch {
    return null;
  }
}

export function coseToHc1(cose: Uint8Array): string {
  return 'HC1:' + base45Encode(new Uint8Array(deflateSync(cose)));
}

export const SHC_JWS_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';

export function jwsToNumeric(jws: string): string {
  let digits = '';
  for (const ch of jws) digits += String(Math.max(0, ch.charCodeAt(0) - 45)).padStart(2, '0').slice(-2);
  return 'shc:/' + digits;
}

export function numericToJws(text: string): string {
  const digits = text.replace(/^shc:\//, '');
  let out = '';
  for (let i = 0; i + 1 < digits.length; i += 2) out += String.fromCharCode(Number(digits.slice(i, i + 2)) + 45);
  return out;
}

export const b64url = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
export const fromB64url = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64url'));
export const deflateRaw = (b: Uint8Array): Uint8Array => new Uint8Array(deflateRawSync(b));
export const inflateRaw = (b: Uint8Array): Uint8Array => new Uint8Array(inflateRawSync(b));
export const zlib = (b: Uint8Array, level = 6): Uint8Array => new Uint8Array(deflateSync(b, { level }));
