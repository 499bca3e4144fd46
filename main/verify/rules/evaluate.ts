// Runs a stage's clauses over a normalised credential: the first clause whose `when` is truthy decides.
import { CertLogicDateTime, evaluate, isTruthy } from './certlogic.ts';
import type { ClauseOutcome, RuleData, RuleSet } from './types.ts';

/** HK rule files may use the calendar-month operation (certlogic.ts plusCalendar). */
export const HK = { calendar: true } as const;

export type RuleResult =
  | { ok: true; outcome: ClauseOutcome; reasons: string[]; clause: string; validUntil?: string }
  | { ok: false; reason: 'rules-error' | 'rules-no-match' };

export function applyRuleSet(set: RuleSet, data: RuleData): RuleResult {
  const clauses = data.record.type === 'MEC' ? set.mec : set.vac;
  try {
    for (const c of clauses) {
      if (!isTruthy(evaluate(c.when, data, HK))) continue;
      let validUntil: string | undefined;
      if (c.validUntil !== undefined) {
        const v = evaluate(c.validUntil, data, HK);
        if (v instanceof CertLogicDateTime) validUntil = v.toISOString().slice(0, 10);
      }
      return { ok: true, outcome: c.outcome, reasons: [...c.reasons], clause: c.name, ...(validUntil ? { validUntil } : {}) };
    }
    return { ok: false, reason: 'rules-no-match' };
  } catch {
    return { ok: false, reason: 'rules-error' };
  }
}
