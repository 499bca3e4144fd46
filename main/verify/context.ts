// Everything verify() needs arrives here: no clock reads, no I/O.
import type { RuleProfile } from './rules/types.ts';
import type { TrustStore } from './trust/types.ts';
import type { SignatureVerifier } from './types.ts';

export interface VerifyContext {
  /** the scan instant */
  now: Date;
  /** active-checking premises refuse amber; passive ones admit it (applied by the status step) */
  venue: 'active' | 'passive';
  trust: TrustStore;
  rules: RuleProfile;
  crypto: SignatureVerifier;
}
