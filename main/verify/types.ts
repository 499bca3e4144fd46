// Contracts of the pure verification core. No Node built-ins, no I/O, no clock reads: everything comes in here.
import type { Verdict } from '../api/verdict.ts';

/** Signature checks are injected so that the core runs anywhere (WebCrypto by default, node:crypto in the kiosk). */
export interface SignatureVerifier {
  verify(req: {
    alg: 'ES256' | 'PS256';
    /** DER SubjectPublicKeyInfo */
    spki: Uint8Array;
    data: Uint8Array;
    signature: Uint8Array;
    /** ECDSA signatures arrive DER-encoded (HK records) or raw r||s (COSE, JWS) */
    encoding: 'der' | 'raw';
  }): Promise<boolean>;
}

/**
 * The identity fields a code-colour / revocation status list is keyed on (hashed by main/verify/status).
 * Produced by each format after its signature check; never stored.
 */
export type CredentialIdentity =
  | { family: 'hk'; recordType: 'VAC' | 'MEC' | 'EVT'; maskedId: string; maskedName: string; dob: string; reference: string }
  | { family: 'eudcc'; uci: string; country: string; signature: Uint8Array }
  | { family: 'shc'; iss: string; kid: string; rid?: string };

/** What verify() returns: the verdict before the code colour is applied, and the identity to look the colour up by. */
export interface VerifyOutput {
  verdict: Verdict;
  identity?: CredentialIdentity;
}
