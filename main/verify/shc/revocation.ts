// Card revocation by `vc.rid` against the issuer's CRLs held in the trust store (documents as published at
// .well-known/crl/<kid>.json; never fetched at scan time). Spec rule: a card is revoked when its rid is listed
// and, if the entry carries a `.timestamp` suffix, the card's nbf is before that timestamp.
import type { ShcIssuer } from '../trust/types.ts';

export type RevocationResult = { revoked: false } | { revoked: true };

export function checkRevocation(issuer: ShcIssuer, kid: string, rid: string | undefined, nbfSeconds: number): RevocationResult {
  if (rid === undefined) return { revoked: false };
  for (const crl of issuer.crls) {
    if (!crl || crl.kid !== kid || crl.method !== 'rid' || !Array.isArray(crl.rids)) continue;
    for (const entry of crl.rids as unknown[]) {
      if (typeof entry !== 'string') continue;
      const dot = entry.indexOf('.');
      const id = dot < 0 ? entry : entry.slice(0, dot);
      if (id !== rid) continue;
      if (dot < 0) return { revoked: true };
      const ts = Number(entry.slice(dot + 1));
      // an unreadable timestamp cannot narrow the revocation, so the listing stands
      if (!Number.isFinite(ts) || nbfSeconds < ts) return { revoked: true };
    }
  }
  return { revoked: false };
}
