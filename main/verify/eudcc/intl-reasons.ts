// Every reason code the EU DCC and SMART Health Card verifiers emit (docs/international.md gives each an English
// and a Traditional Chinese line; tests keep code, list and table in step). A code's first token names the stage
// (decode:, signature:, validity:, issuer:, format:), so the verdict screen can word codes it has no line for.
export const INTL_REASONS = [
  // unreadable: prefix and decoding
  'unsupported', 'too-large', 'decode:base45', 'decode:inflate', 'decode:inflate-too-large', 'decode:cose', 'decode:cwt',
  'decode:numeric', 'decode:chunks-incomplete', 'decode:chunks-inconsistent', 'decode:jws', 'decode:jws-header',
  'decode:payload', 'internal-error',
  // refused: signature and signer
  'issuer-unknown', 'signature-invalid', 'signature:kid-missing', 'signature:algorithm-unsupported', 'issuer:key-usage',
  // refused: time and status
  'not-yet-valid', 'expired', 'validity:claims-missing', 'validity:signer-certificate', 'revoked',
  // refused: content
  'format:schema', 'format:schema-version', 'format:multiple-certificates', 'rules-failed',
  // verified, but not a pass at this venue
  'testing-record', 'not-a-pass',
  // the Hong Kong rule profile says no pass is required at the scan time (codes shared with the HK core)
  'vaccine-pass-scrapped', 'vaccine-pass-not-in-force',
] as const;
export type IntlReason = (typeof INTL_REASONS)[number];

/** A failed EU rule: `rules-failed:<rule identifier>` (catalogued as `rules-failed`). */
export function ruleFailed(identifier: string): string {
  return `rules-failed:${identifier}`.slice(0, 80);
}

/** The catalogue entry a reason belongs to (rule failures carry the rule's identifier). */
export function catalogued(reason: string): boolean {
  const base = reason.startsWith('rules-failed:') ? 'rules-failed' : reason;
  return (INTL_REASONS as readonly string[]).includes(base);
}
