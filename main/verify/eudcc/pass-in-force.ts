// Whether the HK Vaccine Pass applies at the scan time, from the venue's HK rule profile: outside a Vaccine Pass
// period no credential is a pass, so fully verified international passes are `not-applicable`, as HK records are.
import { selectRuleSet } from '../rules/load.ts';
import type { RuleProfile } from '../rules/types.ts';

export type PassInForce = 'in-force' | 'scrapped' | 'not-in-force';

export function passInForce(profile: RuleProfile | undefined, nowMs: number): PassInForce {
  if (!profile || !Array.isArray(profile.stages)) return 'in-force';
  const set = selectRuleSet(profile, nowMs);
  return !set ? 'not-in-force' : set.scrapped ? 'scrapped' : 'in-force';
}

export function passReason(p: PassInForce): 'vaccine-pass-scrapped' | 'vaccine-pass-not-in-force' {
  return p === 'scrapped' ? 'vaccine-pass-scrapped' : 'vaccine-pass-not-in-force';
}
