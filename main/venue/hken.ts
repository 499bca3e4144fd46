// LeaveHomeSafe venue QR ("HKEN:"): "HKEN:" + venueCode (1 char) + venueId (8 chars) + base64(UTF-8 JSON),
// JSON keys in the order metadata, nameZh, nameEn, type, hash; hash = hex SHA-256 of "HKEN" + venueId + "2020".
// Pure (no Node globals) so that the renderer can decode a venue code it scanned too.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export const HKEN_PREFIX = 'HKEN:';
/** Real codes are a few hundred characters; anything far past that is not a venue code. */
export const HKEN_MAX_LENGTH = 4000;
const NAME_MAX = 200;
const TYPE_MAX = 100;
const ID_RE = /^[A-Za-z0-9]{8}$/;
const CODE_RE = /^[A-Za-z0-9]$/;
const BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/;
const HASH_RE = /^[0-9a-f]{64}$/;
const KEYS = ['metadata', 'nameZh', 'nameEn', 'type', 'hash'] as const;

export interface VenueMetadata {
  typeEn: string;
  typeZh: string;
}

export interface HkenVenue {
  venueCode: string;
  venueId: string;
  nameZh: string;
  nameEn: string;
  type: string;
  metadata: VenueMetadata | null;
  /** the hash carried in the code (checked against the venue id: see hashValid) */
  hash: string;
}

export type DecodeResult =
  | { ok: true; venue: HkenVenue; hashValid: boolean }
  | { ok: false; error: string; problem?: VenueProblem };

/** What the operator is told (a message key on the screen): the detail in `error` is for logs and tests. */
export type VenueProblem = 'not-hken' | 'bad-base64' | 'too-long' | 'bad-fields';

export function venueProblem(error: string): VenueProblem {
  if (/^longer than/.test(error)) return 'too-long';
  if (/^(not text|does not start|bad venue code character|venue id is not|not a readable)/.test(error)) return 'not-hken';
  if (/base64|UTF-8|not JSON|no venue data/.test(error)) return 'bad-base64';
  return 'bad-fields';
}

export interface EncodeInput {
  venueId: string;
  nameZh: string;
  nameEn: string;
  type: string;
  metadata?: VenueMetadata | null;
  /** one character; "0" in every known real code */
  venueCode?: string;
}

export function venueHash(venueId: string): string {
  return bytesToHex(sha256(new TextEncoder().encode(`HKEN${venueId}2020`)));
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function fromBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function checkText(value: unknown, what: string, max: number): string | null {
  if (typeof value !== 'string') return `${what} is not a string`;
  if (value.length > max) return `${what} is longer than ${max} characters`;
  // control characters have no place in a name printed on a poster
  if (/[\u0000-\u001f\u007f]/.test(value)) return `${what} contains control characters`;
  return null;
}

/** Builds the code exactly as the official generator did (key order included). Throws on invalid input. */
export function encodeVenueCode(input: EncodeInput): string {
  const venueCode = input.venueCode ?? '0';
  if (!CODE_RE.test(venueCode)) throw new RangeError('venueCode must be one letter or digit');
  if (!ID_RE.test(input.venueId)) throw new RangeError('venueId must be 8 letters or digits');
  for (const [v, what, max] of [
    [input.nameZh, 'nameZh', NAME_MAX],
    [input.nameEn, 'nameEn', NAME_MAX],
    [input.type, 'type', TYPE_MAX],
    [input.metadata?.typeEn ?? '', 'metadata.typeEn', TYPE_MAX],
    [input.metadata?.typeZh ?? '', 'metadata.typeZh', TYPE_MAX],
  ] as const) {
    const err = checkText(v, what, max);
    if (err) throw new RangeError(err);
  }
  if (input.nameZh.trim() === '' && input.nameEn.trim() === '') throw new RangeError('a venue needs a name');
  const json = {
    metadata: input.metadata ? { typeEn: input.metadata.typeEn, typeZh: input.metadata.typeZh } : null,
    nameZh: input.nameZh,
    nameEn: input.nameEn,
    type: input.type,
    hash: venueHash(input.venueId),
  };
  const code = HKEN_PREFIX + venueCode + input.venueId + toBase64(new TextEncoder().encode(JSON.stringify(json)));
  if (code.length > HKEN_MAX_LENGTH) throw new RangeError(`venue code would exceed ${HKEN_MAX_LENGTH} characters`);
  return code;
}

/** Strict decode of a scanned or pasted venue code. Never throws. */
export function decodeVenueCode(text: unknown): DecodeResult {
  try {
    const r = decodeStrict(text);
    return r.ok ? r : { ...r, problem: venueProblem(r.error) };
  } catch {
    return { ok: false, error: 'not a readable venue code', problem: 'not-hken' };
  }
}

function decodeStrict(text: unknown): DecodeResult {
  if (typeof text !== 'string') return { ok: false, error: 'not text' };
  if (text.length > HKEN_MAX_LENGTH + 2) return { ok: false, error: `longer than ${HKEN_MAX_LENGTH} characters` };
  // scanners end a read with CR and/or LF; nothing else around the code is tolerated
  const s = text.replace(/\r?\n$|\r$/, '');
  if (!s.startsWith(HKEN_PREFIX)) return { ok: false, error: 'does not start with HKEN:' };
  const venueCode = s.slice(5, 6);
  const venueId = s.slice(6, 14);
  const payload = s.slice(14);
  if (!CODE_RE.test(venueCode)) return { ok: false, error: 'bad venue code character' };
  if (!ID_RE.test(venueId)) return { ok: false, error: 'venue id is not 8 letters or digits' };
  if (payload.length === 0) return { ok: false, error: 'no venue data' };
  if (!BASE64_RE.test(payload) || payload.length % 4 === 1) return { ok: false, error: 'venue data is not base64' };
  const bytes = fromBase64(payload);
  // canonical base64 only: re-encoding must give the same text (padding aside)
  if (toBase64(bytes).replace(/=+$/, '') !== payload.replace(/=+$/, '')) {
    return { ok: false, error: 'venue data is not canonical base64' };
  }
  let jsonText: string;
  try {
    jsonText = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: 'venue data is not UTF-8' };
  }
  let json: unknown;
  try {
    json = JSON.parse(jsonText);
  } catch {
    return { ok: false, error: 'venue data is not JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, error: 'venue data is not an object' };
  const obj = json as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    if (!(KEYS as readonly string[]).includes(k)) return { ok: false, error: `unexpected field ${k.slice(0, 40)}` };
  }
  for (const k of KEYS) if (!(k in obj)) return { ok: false, error: `missing field ${k}` };
  let metadata: VenueMetadata | null = null;
  if (obj.metadata !== null) {
    const m = obj.metadata;
    if (typeof m !== 'object' || m === null || Array.isArray(m)) return { ok: false, error: 'metadata is not an object' };
    const mo = m as Record<string, unknown>;
    for (const k of Object.keys(mo)) if (k !== 'typeEn' && k !== 'typeZh') return { ok: false, error: `unexpected metadata field ${k.slice(0, 40)}` };
    const e1 = checkText(mo.typeEn, 'metadata.typeEn', TYPE_MAX) ?? checkText(mo.typeZh, 'metadata.typeZh', TYPE_MAX);
    if (e1) return { ok: false, error: e1 };
    metadata = { typeEn: mo.typeEn as string, typeZh: mo.typeZh as string };
  }
  const e2 =
    checkText(obj.nameZh, 'nameZh', NAME_MAX) ?? checkText(obj.nameEn, 'nameEn', NAME_MAX) ?? checkText(obj.type, 'type', TYPE_MAX);
  if (e2) return { ok: false, error: e2 };
  const nameZh = obj.nameZh as string;
  const nameEn = obj.nameEn as string;
  if (nameZh.trim() === '' && nameEn.trim() === '') return { ok: false, error: 'venue has no name' };
  if (typeof obj.hash !== 'string' || !HASH_RE.test(obj.hash)) return { ok: false, error: 'hash is not 64 lowercase hex digits' };
  const venue: HkenVenue = { venueCode, venueId, nameZh, nameEn, type: obj.type as string, metadata, hash: obj.hash };
  return { ok: true, venue, hashValid: obj.hash === venueHash(venueId) };
}
