// EU DCC business rules: gateway-format rules (Identifier, Type, CertificateType, ValidFrom/ValidTo, Logic)
// evaluated with the shared CertLogic evaluator on the data context { payload, external }.
import { z } from 'zod';
import { CertLogicError, evaluate } from '../rules/certlogic.ts';
import type { DccType } from './signing-cert.ts';

const CERT_TYPES = { General: null, Vaccination: 'v', Test: 't', Recovery: 'r' } as const;

export const EuRule = z.looseObject({
  Identifier: z.string().min(1).max(80),
  Type: z.string().max(40).optional(),
  CertificateType: z.enum(['General', 'Vaccination', 'Test', 'Recovery']),
  ValidFrom: z.string().max(40).optional(),
  ValidTo: z.string().max(40).optional(),
  Logic: z.unknown(),
});
export type EuRule = z.infer<typeof EuRule>;

/** A venue's EU DCC rule set (resources/rules/eu/*.json). */
export const EuRuleSet = z.strictObject({
  id: z.string().min(1).max(80),
  description: z.string().max(2000).optional(),
  /** certificate types the venue admits at all; others are `not-applicable` (e.g. a test result at a Vaccine Pass venue) */
  accept: z.array(z.enum(['v', 't', 'r'])).min(1).max(3),
  /** optional value sets exposed to the rules as external.valueSets */
  valueSets: z.record(z.string(), z.array(z.string().max(100)).max(10_000)).optional(),
  rules: z.array(EuRule).max(500),
});
export type EuRuleSet = z.infer<typeof EuRuleSet>;

export type RuleSetLoad = { ok: true; ruleSet: EuRuleSet } | { ok: false; error: string };

export function loadEuRuleSet(json: unknown): RuleSetLoad {
  const r = EuRuleSet.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    return { ok: false, error: i ? `${i.path.join('.') || 'rule set'}: ${i.message}` : 'invalid rule set' };
  }
  return { ok: true, ruleSet: r.data };
}

/** CertLogic's data context: the payload plus what the verifier knows about the certificate and the moment. */
export interface RuleExternal {
  validationClock: string;
  valueSets: Record<string, string[]>;
  countryCode?: string;
  issuerCountryCode?: string;
  exp?: string;
  iat?: string;
  kid?: string;
}

/** Evaluates one rule; a rule passes only when its logic yields exactly `true` (the gateway's semantics). */
export function runRule(rule: { Logic: unknown }, data: { payload: unknown; external: unknown }): boolean {
  try {
    return evaluate(rule.Logic, data) === true;
  } catch (e) {
    if (e instanceof CertLogicError) return false;
    return false;
  }
}

function applies(rule: EuRule, type: DccType, clockMs: number): boolean {
  const t = CERT_TYPES[rule.CertificateType];
  if (t !== null && t !== type) return false;
  if (rule.ValidFrom && Date.parse(rule.ValidFrom) > clockMs) return false;
  if (rule.ValidTo && Date.parse(rule.ValidTo) < clockMs) return false;
  return true;
}

export type RulesResult = { ok: true; failed: [] } | { ok: false; failed: string[] };

/** Runs every applicable rule of the set; returns the identifiers of those that failed. */
export function runRuleSet(set: EuRuleSet, type: DccType, payload: unknown, external: RuleExternal): RulesResult {
  const clockMs = Date.parse(external.validationClock);
  const data = { payload, external };
  const failed: string[] = [];
  for (const rule of set.rules) {
    if (!applies(rule, type, clockMs)) continue;
    if (!runRule(rule, data)) failed.push(rule.Identifier);
  }
  return failed.length === 0 ? { ok: true, failed: [] } : { ok: false, failed };
}
