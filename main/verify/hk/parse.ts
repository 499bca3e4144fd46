// Structure of HKSARG records (../shared/docs/hk-formats.md section 1): split, find the signed part and the
// signature, and read the header fields that choose the issuer key. Field meanings are read after the signature.
import { base64ToBytes } from '../bytes.ts';

export const HK_PREFIX = 'HKSARG|';
/** Real records are well under 1 KB; anything past this is refused before splitting. */
export const HK_MAX_LENGTH = 8192;

export type HkType = 'VAC' | 'MEC' | 'EVT';

export interface HkEnvelope {
  type: HkType;
  fields: string[];
  /** every byte the signature covers: the text up to and including the last `|` */
  signed: string;
  /** DER ECDSA signature */
  signature: Uint8Array;
  /** VAC/MEC: major digit of the QR version (selects the issuer); EVT: null */
  versionMajor: number | null;
  /** VAC/MEC key version field; EVT: null */
  keyVersion: string | null;
}

export type EnvelopeResult =
  | { ok: true; env: HkEnvelope }
  | { ok: false; reasons: string[]; type?: HkType }
  /** a signed-looking record of a type whose layout is not public (Recovery Record, Provisional Pass...) */
  | { ok: false; reasons: ['hk-record-unchecked']; uncheckedType: string };

// Field counts: VAC 19 (the April-2022 layout and the 2021 one alike), MEC 20, EVT 12 or 13. Any other count is a
// damaged record (malformed), never an "outdated" one: that reason would send the holder to download what they have.
const TYPE_CODE = /^[A-Z][A-Z0-9]{1,11}$/;

function signatureOf(text: string): Uint8Array | null {
  const b = base64ToBytes(text);
  return b && b.length >= 8 && b.length <= 80 ? b : null;
}

export function parseEnvelope(text: string): EnvelopeResult {
  if (text.length > HK_MAX_LENGTH) return { ok: false, reasons: ['too-large'] };
  const fields = text.split('|');
  const t = fields[1];
  const n = fields.length;
  if (t !== 'VAC' && t !== 'MEC' && t !== 'EVT') {
    // HKSARG|<type>|...|<signature>: a Hong Kong record the kiosk cannot check, which the guard checks by eye
    if (t !== undefined && TYPE_CODE.test(t) && n >= 4 && signatureOf(fields[n - 1]!) && !/[\u0000-\u001f\u007f]/.test(text)) {
      return { ok: false, reasons: ['hk-record-unchecked'], uncheckedType: t };
    }
    return { ok: false, reasons: ['unknown-record-type'] };
  }
  const countOk = t === 'VAC' ? n === 19 : t === 'MEC' ? n === 20 : n === 12 || n === 13;
  if (!countOk) return { ok: false, reasons: ['malformed', 'field-count'], type: t };
  const sigText = fields[n - 1]!;
  const signature = signatureOf(sigText);
  if (!signature) return { ok: false, reasons: ['malformed', 'signature-encoding'], type: t };
  const signed = text.slice(0, text.length - sigText.length);
  // no control characters anywhere: a scanner artefact inside a record means it was misread
  if (/[\u0000-\u001f\u007f]/.test(signed)) return { ok: false, reasons: ['malformed', 'control-characters'], type: t };
  if (t === 'EVT') return { ok: true, env: { type: t, fields, signed, signature, versionMajor: null, keyVersion: null } };
  const version = /^(\d)(?:\.\d{1,3})?$/.exec(fields[2]!);
  const keyVersion = fields[3]!;
  if (!version || !/^[A-Za-z0-9.]{1,20}$/.test(keyVersion)) return { ok: false, reasons: ['malformed', 'version'], type: t };
  return { ok: true, env: { type: t, fields, signed, signature, versionMajor: Number(version[1]), keyVersion } };
}
