// Rule sets as data (docs/rules.md): one file per Vaccine Pass stage, clauses in CertLogic, first match decides.
export type ClauseOutcome = 'valid' | 'exempt' | 'invalid' | 'not-applicable';

export interface RuleClause {
  name: string;
  note?: string;
  /** CertLogic over the normalised credential; truthy = this clause decides */
  when: unknown;
  outcome: ClauseOutcome;
  reasons: string[];
  /** CertLogic evaluating to a date-time shown as "valid until" */
  validUntil?: unknown;
}

export interface RuleSet {
  version: 1;
  id: string;
  label: { en: string; zh: string };
  /** ISO 8601 instant the stage came into force */
  validFrom: string;
  validFromMs: number;
  scrapped: boolean;
  vac: RuleClause[];
  mec: RuleClause[];
}

export interface RuleProfile {
  /** 'by-date' or the pinned stage id */
  id: string;
  label: { en: string; zh: string };
  /** every known stage, oldest first */
  stages: RuleSet[];
  /** set when one stage applies regardless of the scan date */
  pinned: RuleSet | null;
}

/** The normalised credential the clauses read (documented in docs/rules.md). */
export interface RuleData {
  external: {
    /** scan instant, ISO 8601 UTC */
    now: string;
    /** scan date in Hong Kong (UTC+8), YYYY-MM-DD */
    today: string;
    venue: 'active' | 'passive';
  };
  record: {
    type: 'VAC' | 'MEC';
    /** 'current' (April-2022 layout) or '2021' (older VAC layout: no date of birth, no dose count) */
    layout: 'current' | '2021';
    /** YYYY-MM-DD, or YYYY-MM / YYYY when the record gives only month / year (see docs/rules.md); null in the 2021 layout */
    dob: string | null;
    /** total doses received (VAC) */
    doses: number;
    lastDose: string | null;
    secondLastDose: string | null;
    thirdLastDose: string | null;
    recovered: boolean;
    /** MEC: last day of validity, YYYY-MM-DD */
    validUntil: string | null;
  };
}
