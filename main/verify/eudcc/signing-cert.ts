// The document signer certificate (DSC) facts the DCC stages need, parsed once per certificate with
// @peculiar/asn1-x509 (pure JS ASN.1, no Node built-ins) and cached by its DER.
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, ExtendedKeyUsage, id_ce_extKeyUsage } from '@peculiar/asn1-x509';
import { sha256 } from '@noble/hashes/sha2.js';

export type DccType = 'v' | 't' | 'r';

export interface SigningCert {
  /** first 8 bytes of SHA-256 over the DER (the DCC key identifier) */
  kid: Uint8Array;
  spki: Uint8Array;
  keyType: 'EC' | 'RSA' | 'other';
  notBefore: number;
  notAfter: number;
  /** the DCC types this certificate may sign; all three when it carries none of the DGC key usage OIDs */
  allowed: ReadonlySet<DccType>;
}

// The DGC extended key usage OIDs, in the specified spelling and the one with a stray `.0` that several
// countries' certificates carry (seen in the DK and common test vectors).
const EKU: Record<string, DccType> = {
  '1.3.6.1.4.1.1847.2021.1.1': 't',
  '1.3.6.1.4.1.1847.2021.1.2': 'v',
  '1.3.6.1.4.1.1847.2021.1.3': 'r',
  '1.3.6.1.4.1.0.1847.2021.1.1': 't',
  '1.3.6.1.4.1.0.1847.2021.1.2': 'v',
  '1.3.6.1.4.1.0.1847.2021.1.3': 'r',
};
const ALL: ReadonlySet<DccType> = new Set<DccType>(['v', 't', 'r']);

const OID_EC = '1.2.840.10045.2.1';
const OID_RSA = '1.2.840.113549.1.1.1';
const OID_RSA_PSS = '1.2.840.113549.1.1.10';

/** A cache keyed by the DER bytes as text (certificates are a few hundred bytes; trust stores hold a few hundred). */
const cache = new Map<string, SigningCert | null>();
const CACHE_MAX = 4096;

function keyOf(der: Uint8Array): string {
  let s = '';
  for (let i = 0; i < der.length; i++) s += String.fromCharCode(der[i]!);
  return s;
}

export function parseSigningCert(der: Uint8Array): SigningCert | null {
  const key = keyOf(der);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let parsed: SigningCert | null;
  try {
    const cert = AsnConvert.parse(der, Certificate);
    const tbs = cert.tbsCertificate;
    const alg = tbs.subjectPublicKeyInfo.algorithm.algorithm;
    const ext = tbs.extensions?.find((e) => e.extnID === id_ce_extKeyUsage);
    let allowed = ALL;
    if (ext) {
      const usages = AsnConvert.parse(ext.extnValue, ExtendedKeyUsage);
      const dgc = new Set<DccType>();
      for (const oid of usages) {
        const t = EKU[oid];
        if (t) dgc.add(t);
      }
      if (dgc.size > 0) allowed = dgc;
    }
    parsed = {
      kid: sha256(der).subarray(0, 8),
      spki: new Uint8Array(AsnConvert.serialize(tbs.subjectPublicKeyInfo)),
      keyType: alg === OID_EC ? 'EC' : alg === OID_RSA || alg === OID_RSA_PSS ? 'RSA' : 'other',
      notBefore: tbs.validity.notBefore.getTime().getTime(),
      notAfter: tbs.validity.notAfter.getTime().getTime(),
      allowed,
    };
  } catch {
    parsed = null;
  }
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, parsed);
  return parsed;
}
