// Every reason code the HK verification core and its rule files emit (docs/rules.md gives each an English and a
// Traditional Chinese line; a test keeps the two in step). Codes are stable: screens, counts and scripts key on them.
export const CORE_REASONS = [
  // unreadable
  'empty', 'too-large', 'unknown-format', 'unknown-record-type', 'malformed', 'field-count', 'signature-encoding',
  'control-characters', 'version', 'clock-invalid', 'internal-error',
  // refused before the rules
  'issuer-unknown', 'key-version-unknown', 'signature-invalid', 'record-outdated',
  // rules
  'doses-insufficient', 'dose-window-expired', 'needs-1-dose', 'needs-2-doses', 'needs-3-doses',
  'recovery-date-unknown', 'age-not-on-record', 'exemption-expired', 'rules-error', 'rules-no-match',
  // admitted, with a note
  'age-exempt', 'recovered',
  // not applicable
  'not-a-pass', 'hk-record-unchecked', 'venue-code', 'vaccine-pass-scrapped', 'vaccine-pass-not-in-force',
  // kiosk verify only
  'no-qr-code', 'batch-line-invalid',
] as const;
export type CoreReason = (typeof CORE_REASONS)[number];
