// Applies a code-colour / revocation answer to a verdict. Pure: the answer was looked up elsewhere.
// Only admitting outcomes (valid, exempt) are downgraded; a verdict already refused for another reason keeps
// that reason as its outcome, but always carries the colour so the screen can show it.
import type { Verdict } from '../../api/verdict.ts';
import type { ApplyStatus } from '../../kiosk/ports.ts';

const MAX_REASONS = 32;

function addReason(reasons: string[], reason: string): void {
  if (!reasons.includes(reason) && reasons.length < MAX_REASONS) reasons.push(reason);
}

export const applyStatus: ApplyStatus = (verdict, lookup, opts) => {
  const reasons = [...verdict.reasons];
  const out: Verdict = { ...verdict, reasons, stages: { ...verdict.stages }, colour: { ...lookup.colour } };
  // a colour from a demo authority's list is as unreal as a demo issuer key: say so on screen
  if (lookup.demo) out.demo = true;
  const admitting = verdict.outcome === 'valid' || verdict.outcome === 'exempt';
  if (!admitting) return out;

  let refusedBy: 'revoked' | 'red' | 'amber' | 'unknown' | null = null;
  if (lookup.revoked) {
    out.outcome = 'invalid';
    addReason(reasons, 'revoked');
    refusedBy = 'revoked';
  } else if (lookup.colour.value === 'red') {
    out.outcome = 'red';
    addReason(reasons, 'colour-red');
    refusedBy = 'red';
  } else if (lookup.colour.value === 'amber') {
    // Amber holders were under medical surveillance: only active-checking premises turn them away.
    if (opts.venue === 'active') {
      out.outcome = 'amber';
      addReason(reasons, 'colour-amber');
      refusedBy = 'amber';
    }
  } else if (lookup.colour.value === 'unknown') {
    addReason(reasons, 'colour-unknown');
    if (opts.unknownColourPolicy === 'refuse') {
      out.outcome = 'invalid';
      refusedBy = 'unknown';
    }
  }
  out.stages.status = refusedBy === null;
  return out;
};
