// Issuer keys from the trust store's `shc` entries: P-256 JWKs turned into DER SPKI for the injected verifier,
// found by kid, where the kid must be the key's RFC 7638 SHA-256 thumbprint (the SMART Health Cards rule).
import { sha256 } from '@noble/hashes/sha2.js';
import type { ShcIssuer } from '../trust/types.ts';
import { base64UrlToBytes, bytesToBase64Url } from './base64url.ts';

const P256_SPKI_PREFIX = Uint8Array.from([
  0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
  0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04,
]);

export interface IssuerKey {
  kid: string;
  spki: Uint8Array;
  /** the JWK's crlVersion, when the issuer publishes revocation lists for it */
  crlVersion?: number;
}

/** RFC 7638 thumbprint of an EC key: SHA-256 over {"crv","kty","x","y"} in that order, base64url. */
export function ecThumbprint(crv: string, x: string, y: string): string {
  const canonical = JSON.stringify({ crv, kty: 'EC', x, y });
  return bytesToBase64Url(sha256(new TextEncoder().encode(canonical)));
}

function keyOf(jwk: Record<string, unknown>): IssuerKey | null {
  const { kty, crv, x, y, kid, alg, use } = jwk;
  if (kty !== 'EC' || crv !== 'P-256' || typeof x !== 'string' || typeof y !== 'string' || typeof kid !== 'string') return null;
  if (alg !== undefined && alg !== 'ES256') return null;
  if (use !== undefined && use !== 'sig') return null;
  const xb = base64UrlToBytes(x);
  const yb = base64UrlToBytes(y);
  if (!xb || !yb || xb.length !== 32 || yb.length !== 32) return null;
  if (ecThumbprint(crv, x, y) !== kid) return null;
  const spki = new Uint8Array(91);
  spki.set(P256_SPKI_PREFIX, 0);
  spki.set(xb, 27);
  spki.set(yb, 59);
  const crlVersion = typeof jwk.crlVersion === 'number' && Number.isInteger(jwk.crlVersion) ? jwk.crlVersion : undefined;
  return { kid, spki, ...(crlVersion !== undefined ? { crlVersion } : {}) };
}

// per trust entry: kid -> key (trust entries live as long as their store)
const cache = new WeakMap<ShcIssuer, Map<string, IssuerKey>>();

export function keysOf(issuer: ShcIssuer): Map<string, IssuerKey> {
  let keys = cache.get(issuer);
  if (!keys) {
    keys = new Map();
    for (const jwk of issuer.jwks.keys ?? []) {
      const k = jwk && typeof jwk === 'object' ? keyOf(jwk) : null;
      if (k && !keys.has(k.kid)) keys.set(k.kid, k);
    }
    cache.set(issuer, keys);
  }
  return keys;
}

/** Every trust entry for the issuer URL holding the kid (several stores may list the same issuer). */
export function findIssuerKeys(issuers: readonly ShcIssuer[], iss: string, kid: string): { issuer: ShcIssuer; key: IssuerKey }[] {
  const out: { issuer: ShcIssuer; key: IssuerKey }[] = [];
  for (const issuer of issuers) {
    if (issuer.iss !== iss) continue;
    const key = keysOf(issuer).get(kid);
    if (key) out.push({ issuer, key });
  }
  return out;
}
