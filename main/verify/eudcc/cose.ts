// COSE_Sign1 (RFC 8152) carrying a CWT (RFC 8392) with the EU DCC claim hcert (-260) -> 1.
// Accepts tag 18, tag 61 around tag 18 (CWT + COSE), or no tag; anything else is refused.
import { Decoder, Tag } from 'cbor-x';

const decoder = new Decoder({ mapsAsObjects: false, useRecords: false, bundleStrings: false });

export interface CoseSign1 {
  /** the protected header exactly as serialised (it is signed) */
  protectedBytes: Uint8Array;
  protectedHeader: Map<unknown, unknown>;
  unprotectedHeader: Map<unknown, unknown>;
  payloadBytes: Uint8Array;
  signature: Uint8Array;
}

export interface DccClaims {
  iss?: string;
  iat?: number;
  exp?: number;
  /** hcert[-260][1] converted to JSON-like values (maps -> objects, dates -> ISO strings) */
  hcert: unknown;
}

function isBytes(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array;
}

/** CBOR decode of exactly one item; trailing bytes or malformed input throw. */
function decodeOne(bytes: Uint8Array): unknown {
  return decoder.decode(bytes);
}

export function parseCoseSign1(bytes: Uint8Array): CoseSign1 | null {
  let item: unknown;
  try {
    item = decodeOne(bytes);
  } catch {
    return null;
  }
  if (item instanceof Tag && item.tag === 61) item = item.value;
  if (item instanceof Tag && item.tag === 18) item = item.value;
  if (!Array.isArray(item) || item.length !== 4) return null;
  const [p, u, payload, sig] = item as unknown[];
  if (!isBytes(p) || !(u instanceof Map) || !isBytes(payload) || !isBytes(sig)) return null;
  let protectedHeader: unknown = new Map();
  if (p.length > 0) {
    try {
      protectedHeader = decodeOne(p);
    } catch {
      return null;
    }
  }
  if (!(protectedHeader instanceof Map)) return null;
  return { protectedBytes: p, protectedHeader, unprotectedHeader: u, payloadBytes: payload, signature: sig };
}

/** JSON-like view of a CBOR value: the DCC schema and CertLogic work on JSON. */
function toJson(x: unknown, depth = 0): unknown {
  if (depth > 32) throw new Error('too deep');
  if (x instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of x) {
      if (typeof k !== 'string') throw new Error('non-string key');
      o[k] = toJson(v, depth + 1);
    }
    return o;
  }
  if (Array.isArray(x)) return x.map((v) => toJson(v, depth + 1));
  if (x instanceof Date) return Number.isNaN(x.getTime()) ? null : x.toISOString().replace('.000Z', 'Z');
  if (x instanceof Tag) return toJson(x.value, depth + 1);
  if (x === undefined) throw new Error('undefined value');
  return x;
}

export function parseClaims(payloadBytes: Uint8Array): DccClaims | null {
  let claims: unknown;
  try {
    claims = decodeOne(payloadBytes);
  } catch {
    return null;
  }
  if (!(claims instanceof Map)) return null;
  const hcert = claims.get(-260);
  if (!(hcert instanceof Map)) return null;
  const dcc = hcert.get(1);
  if (!(dcc instanceof Map)) return null;
  let json: unknown;
  try {
    json = toJson(dcc);
  } catch {
    return null;
  }
  const iss = claims.get(1);
  const iat = claims.get(6);
  const exp = claims.get(4);
  return {
    iss: typeof iss === 'string' ? iss : undefined,
    iat: typeof iat === 'number' && Number.isFinite(iat) ? iat : undefined,
    exp: typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined,
    hcert: json,
  };
}

function bstrHeader(len: number): number[] {
  if (len < 24) return [0x40 | len];
  if (len < 0x100) return [0x58, len];
  if (len < 0x10000) return [0x59, len >> 8, len & 0xff];
  return [0x5a, (len >>> 24) & 0xff, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff];
}

const SIGNATURE1 = [0x6a, ...Array.from('Signature1', (c) => c.charCodeAt(0))];

/** Sig_structure = ["Signature1", protected, external_aad = h'', payload], CBOR-encoded (RFC 8152 section 4.4). */
export function sigStructure(cose: CoseSign1): Uint8Array {
  const ph = bstrHeader(cose.protectedBytes.length);
  const pl = bstrHeader(cose.payloadBytes.length);
  const out = new Uint8Array(1 + SIGNATURE1.length + ph.length + cose.protectedBytes.length + 1 + pl.length + cose.payloadBytes.length);
  let o = 0;
  out[o++] = 0x84;
  out.set(SIGNATURE1, o);
  o += SIGNATURE1.length;
  out.set(ph, o);
  o += ph.length;
  out.set(cose.protectedBytes, o);
  o += cose.protectedBytes.length;
  out[o++] = 0x40;
  out.set(pl, o);
  o += pl.length;
  out.set(cose.payloadBytes, o);
  return out;
}

/** Header parameter: the protected bucket wins (RFC 8152 section 3: it is the one covered by the signature). */
export function headerParam(cose: CoseSign1, label: number): unknown {
  return cose.protectedHeader.has(label) ? cose.protectedHeader.get(label) : cose.unprotectedHeader.get(label);
}
