// Small constructors so that every early exit produces a complete, schema-valid verdict.
import type { Credential, Verdict } from '../api/verdict.ts';

export function unreadable(credential: Credential, reasons: string[], stages: Record<string, boolean> = {}): Verdict {
  return { outcome: 'unreadable', credential, reasons, stages, display: {}, demo: false };
}

export function refused(credential: Credential, reasons: string[], stages: Record<string, boolean>, extra: Partial<Verdict> = {}): Verdict {
  return { outcome: 'invalid', credential, reasons, stages, display: {}, demo: false, ...extra };
}
