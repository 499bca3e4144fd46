// The status-list authorities the kiosk trusts, as the trust store carries them ("status": [{ "id", "spki" }]).
// Written structurally so that any trust store object with a `status` section fits.
import { decodeBase64 } from './base64.ts';

export interface StatusAuthority {
  id: string;
  /** DER SubjectPublicKeyInfo of the P-256 key, as bytes or base64 text */
  spki: Uint8Array | string;
  /** true for test / demo authorities */
  demo?: boolean;
}

export interface StatusTrust {
  status?: readonly StatusAuthority[] | undefined;
}

/** Every trusted key under this authority id (merged trust stores may hold more than one, e.g. during a key change). */
export function findAuthorities(trust: StatusTrust, id: string): { id: string; spki: Uint8Array; demo: boolean }[] {
  const out: { id: string; spki: Uint8Array; demo: boolean }[] = [];
  for (const a of trust.status ?? []) {
    if (!a || a.id !== id) continue;
    const spki = typeof a.spki === 'string' ? decodeBase64(a.spki) : a.spki;
    if (spki && spki.length > 0) out.push({ id: a.id, spki, demo: a.demo === true });
  }
  return out;
}
