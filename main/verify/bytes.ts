// Byte helpers for the pure core: strict base64 and UTF-8 without Node's Buffer.
const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Strict, canonical standard base64 (padding required, no whitespace, unused bits zero). Returns null otherwise:
 * two different texts must never decode to the same signature.
 */
export function base64ToBytes(text: string): Uint8Array | null {
  if (!B64.test(text)) return null;
  if (text.endsWith('==')) {
    if (ALPHABET.indexOf(text[text.length - 3]!) & 0x0f) return null;
  } else if (text.endsWith('=')) {
    if (ALPHABET.indexOf(text[text.length - 2]!) & 0x03) return null;
  }
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
  return btoa(bin);
}

const encoder = new TextEncoder();
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** A cache key for byte strings (SPKIs are ~91 bytes; latin1 keeps it cheap). */
export function bytesKey(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}
