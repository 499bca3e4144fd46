// The identity hashes a status list is keyed on, one definition per credential family (see docs/status-lists.md).
// Every hash is SHA-256 truncated to its first 16 bytes (128 bits). The EU DCC hashes follow the EU revocation
// specification byte for byte so that national revocation lists can be carried over unchanged; the Hong Kong and
// SMART Health Card hashes carry a versioned prefix so that they can never collide with another family's.
import { sha256 } from '@noble/hashes/sha2.js';
import type { CredentialIdentity } from '../types.ts';

export const HASH_BYTES = 16;

export type IdentityHashKind =
  | 'hk-person' // code colour of a Hong Kong record holder
  | 'hk-ref' // revocation of one Hong Kong exemption certificate (MEC) by its reference number
  | 'eu-uci'
  | 'eu-countryuci'
  | 'eu-signature'
  | 'shc-rid';

export interface IdentityHash {
  kind: IdentityHashKind;
  hash: Uint8Array;
}

const utf8 = new TextEncoder();

export function truncatedSha256(bytes: Uint8Array): Uint8Array {
  return sha256(bytes).subarray(0, HASH_BYTES);
}

function hashText(text: string): Uint8Array {
  return truncatedSha256(utf8.encode(text));
}

/** Hong Kong records write dates dd-MM-yyyy; the hash uses yyyy-MM-dd so that either spelling gives one hash. */
export function normaliseDob(dob: string): string {
  const t = dob.trim();
  const dmy = /^(\d{2})-(\d{2})-(\d{4})$/.exec(t);
  if (dmy) return `${dmy[3]}-${dmy[2]}-${dmy[1]}`;
  return t;
}

/** Masked fields as printed on the record: trimmed, runs of spaces collapsed, upper case. */
export function normaliseMasked(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toUpperCase();
}

export function hkPersonHashInput(i: { recordType: string; maskedId: string; maskedName: string; dob: string }): string {
  return `hk-person/1|${i.recordType.trim().toUpperCase()}|${normaliseMasked(i.maskedId)}|${normaliseMasked(i.maskedName)}|${normaliseDob(i.dob)}`;
}

export function hkRefHashInput(i: { recordType: string; reference: string }): string {
  return `hk-ref/1|${i.recordType.trim().toUpperCase()}|${i.reference.trim()}`;
}

export function shcHashInput(i: { iss: string; rid: string }): string {
  return `shc-rid/1|${i.iss.trim()}|${i.rid.trim()}`;
}

/** EU DCC SIGNATURE hash: for ECDSA (raw r||s, 64 bytes) only r is hashed, as the EU specification says. */
export function euSignatureHash(signature: Uint8Array): Uint8Array {
  const bytes = signature.length === 64 ? signature.subarray(0, 32) : signature;
  return truncatedSha256(bytes);
}

/** All the hashes one credential can be listed under. Empty when the identity carries nothing to hash. */
export function identityHashes(identity: CredentialIdentity): IdentityHash[] {
  const out: IdentityHash[] = [];
  switch (identity.family) {
    case 'hk':
      if (identity.maskedId || identity.maskedName || identity.dob) {
        out.push({ kind: 'hk-person', hash: hashText(hkPersonHashInput(identity)) });
      }
      // revocation by reference applies to exemption certificates (the Nov 2022 invalidations); vaccination
      // records are not revoked one by one, so a VAC scan does not pay for a second hash
      if (identity.recordType === 'MEC' && identity.reference && identity.reference.trim()) {
        out.push({ kind: 'hk-ref', hash: hashText(hkRefHashInput(identity)) });
      }
      break;
    case 'eudcc':
      if (identity.uci) {
        out.push({ kind: 'eu-uci', hash: hashText(identity.uci) });
        if (identity.country) out.push({ kind: 'eu-countryuci', hash: hashText(identity.country + identity.uci) });
      }
      if (identity.signature && identity.signature.length > 0) {
        out.push({ kind: 'eu-signature', hash: euSignatureHash(identity.signature) });
      }
      break;
    case 'shc':
      if (identity.rid) out.push({ kind: 'shc-rid', hash: hashText(shcHashInput({ iss: identity.iss, rid: identity.rid })) });
      break;
  }
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += bytes[i]!.toString(16).padStart(2, '0');
  return s;
}

export function fromHex(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
